import { stat } from "node:fs/promises";
import path from "node:path";
import { CONFIG_PATH, defaultConfig, loadConfig, type HacoConfig } from "../config/config.js";
import { HacoError } from "../../domain/errors.js";
import { checkAnthropic } from "./anthropicCheck.js";
import { DEFAULT_NETWORK_TIMEOUT_MS, fail, messageOf, ok, reportOf, type DoctorCheck, type DoctorReport } from "./check.js";
import { checkCommands } from "./commandChecks.js";
import { checkGit } from "./gitChecks.js";
import { checkGpu } from "./gpuCheck.js";
import { checkNode } from "./nodeCheck.js";
import { checkPlan } from "./planCheck.js";
import { checkTmux } from "./tmuxCheck.js";
import { checkWorkers } from "./workerChecks.js";
import { doctorEndpoints } from "./workerEndpoints.js";

export interface DoctorOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** --plan: the plan to validate instead of the default one. */
  planFile?: string;
  /** --warm: load each Ollama model with a one-token answer, then read where it runs. */
  warm?: boolean;
  /** Every network request and probe waits at most this long (default 2.5 s). */
  timeoutMs?: number;
  /** For tests: the Node version to judge instead of this process's. */
  nodeVersion?: string;
  onProgress?: (message: string) => void;
}

/**
 * Every check, in the order a new user fixes things: the repository, Node,
 * the config, the GPU and the worker servers, Claude, the plan and its test
 * programs, tmux. Nothing here throws for a problem it finds: each becomes a
 * check, so doctor reports everything in one go, even outside a repository.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const { cwd, env } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_NETWORK_TIMEOUT_MS;
  const git = await checkGit(cwd);
  const { check: configCheck, config } = await checkConfig(git.repoRoot);

  const workers = (async () => {
    const gpu = await checkGpu(env, timeoutMs);
    const endpoints = await checkWorkers(doctorEndpoints(config, env), env, {
      timeoutMs,
      warm: options.warm ?? false,
      warmTimeoutMs: config.worker.firstTokenTimeoutMs,
      maxContextTokens: config.worker.maxContextTokens,
      replyTokens: config.worker.replyTokens,
      gpu: gpu.readout,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return [gpu.check, ...endpoints];
  })();
  const planAndCommands = (async () => {
    const plan = await checkPlan(git.repoRoot, options.planFile, cwd);
    const commands = await checkCommands(plan.tickets, config.verify, { repoRoot: git.repoRoot, cwd, env });
    const supervisorTickets = plan.tickets.filter((t) => t.owner === "supervisor").length;
    return { plan: plan.check, commands, anthropic: checkAnthropic(env, config.supervisor.model, supervisorTickets) };
  })();
  const tmux = checkTmux(env, timeoutMs);

  const [workerChecks, planned, tmuxCheck] = await Promise.all([workers, planAndCommands, tmux]);
  const checks: DoctorCheck[] = [
    ...git.checks,
    checkNode(options.nodeVersion),
    configCheck,
    ...workerChecks,
    planned.anthropic,
    planned.plan,
    ...planned.commands,
    tmuxCheck,
  ];
  return reportOf(checks);
}

/** A config that does not parse fails its check; the rest of doctor goes on with the defaults. */
async function checkConfig(repoRoot: string | null): Promise<{ check: DoctorCheck; config: HacoConfig }> {
  if (repoRoot === null) return { check: ok("config", "not in a repository: haco's defaults"), config: defaultConfig() };
  try {
    const present = await stat(path.join(repoRoot, CONFIG_PATH)).then(
      () => true,
      () => false,
    );
    const config = await loadConfig(repoRoot);
    return { check: ok("config", present ? `${CONFIG_PATH} is valid` : `no ${CONFIG_PATH}: haco's defaults ('haco init' writes one with every setting)`), config };
  } catch (err) {
    const detail = err instanceof HacoError ? err.message : `${CONFIG_PATH}: ${messageOf(err)}`;
    return {
      check: fail("config", `${detail} (the checks below use haco's defaults)`, `fix ${CONFIG_PATH} (every setting is described in README.md under "Configuration")`),
      config: defaultConfig(),
    };
  }
}
