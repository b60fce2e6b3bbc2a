import { execa } from "execa";

/** Options every GPU probe takes. */
export interface ProbeOptions {
  /**
   * Extra environment for the tool, merged over process.env. Its PATH decides
   * which executable runs, which is how tests point a probe at fake tools.
   */
  env?: NodeJS.ProcessEnv;
  /** Default 2 s: a wedged driver can hang nvidia-smi, and the cockpit only wants a readout line. */
  timeoutMs?: number;
  /** Called when the tool is not installed (see GpuProbeContext). */
  onToolMissing?: () => void;
}

export type ToolRun =
  | { kind: "output"; stdout: string }
  | { kind: "missing" }
  /** Installed but no answer: non-zero exit (e.g. no driver), timeout, signal, not executable. */
  | { kind: "failed"; reason: string };

export const DEFAULT_PROBE_TIMEOUT_MS = 2000;

/** Runs a GPU tool once and sorts the outcome into the three cases a probe cares about. */
export async function runTool(command: string, args: readonly string[], options: ProbeOptions = {}): Promise<ToolRun> {
  const result = await execa(command, args, {
    env: options.env,
    timeout: options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
    // A tool stuck in the driver may ignore SIGTERM; don't let it outlive the probe by long.
    forceKillAfterDelay: 500,
    reject: false,
    stdin: "ignore",
  });
  if (result.code === "ENOENT") {
    options.onToolMissing?.();
    return { kind: "missing" };
  }
  if (result.failed) {
    const said = (result.stderr || result.stdout).trim().split("\n")[0] ?? "";
    return { kind: "failed", reason: said || result.shortMessage || `${command} failed` };
  }
  return { kind: "output", stdout: result.stdout };
}
