import type Anthropic from "@anthropic-ai/sdk";
import { EXIT } from "../../domain/errors.js";
import { sanitizeForTerminal } from "../../domain/text/sanitize.js";
import { DELEGABLE_CATEGORIES, LIMITS, limitBreaches, PLAN_TOOL, PLAN_TOOL_NAME, planInputSchema, SUPERVISOR_CATEGORIES, type PlanInput } from "../../domain/plan/planTool.js";
import { pathBreaches } from "../../domain/plan/planPaths.js";
import { withIds } from "../../domain/plan/renderPlan.js";
import { titledTickets } from "./planProgress.js";
import type { SupervisorUsage } from "./claudeWorker.js";
import { describeSupervisorError, SupervisorError } from "./supervisorError.js";

/**
 * `haco plan`: Claude turns a request into tickets through a forced tool
 * call whose input schema is the ticket schema. The answer is checked; a
 * plan that does not fit the schema, or has tickets over the limits, goes
 * back once with what is wrong (as the tool's error result) so Claude can
 * split or fix them. What is still over the limits, or still names a path
 * outside the repository, after that is returned flagged (in the plan's
 * constraints too), never silently accepted. Progress streams while Claude writes.
 */

export interface PlanProgress {
  /** Tickets whose title has arrived so far, and those titles, whole (see titledTickets). */
  tickets: number;
  titles: string[];
  chars: number;
}

export interface PlanResult {
  plan: PlanInput;
  flagged: { id: string; breaches: string[] }[];
  usage: SupervisorUsage[];
}

export interface PlanRequest {
  client: Anthropic;
  baseURL: string;
  model: string;
  request: string;
  /** The repository context (describeContext). */
  context: string;
  onProgress?: (progress: PlanProgress) => void;
  onUsage?: (usage: SupervisorUsage) => void;
  signal?: AbortSignal;
  maxTokens?: number;
  /** Ids the plan's tickets must not take (see withIds). */
  takenIds?: ReadonlySet<string>;
}

const SYSTEM = `You are the supervisor in haco, a hybrid coding setup: you plan, a small local model (the worker) implements.
Split the request into small atomic tickets, in the order they should be done. Limits for every ticket: at most ${LIMITS.files} files, about ${LIMITS.changedLines} changed lines, ${LIMITS.newDependencies} new dependency. Worker tickets stay under ${LIMITS.workerLines} changed lines.
Give each ticket an owner with a reason. The worker takes delegable work: ${DELEGABLE_CATEGORIES.join(", ")}. The supervisor keeps ${SUPERVISOR_CATEGORIES.join(", ")}.
Every ticket has acceptance criteria someone can check, and a test_command (a shell command run in the repository root that passes only when the ticket is done) whenever the project can run one. Name only files that exist in the repository or that the ticket creates.
Answer only by calling ${PLAN_TOOL_NAME}.`;

export async function planWithClaude(req: PlanRequest): Promise<PlanResult> {
  const usage: SupervisorUsage[] = [];
  const messages: Anthropic.MessageParam[] = [{ role: "user", content: `${req.request.trim()}\n\n${req.context}` }];
  let first = await ask(req, messages, usage);
  let problems = problemsOf(first.input);
  if (problems.length > 0) {
    // One round of corrections: Claude sees exactly what was wrong, as the tool's error result.
    messages.push({ role: "assistant", content: first.content });
    messages.push({
      role: "user",
      content: [{ type: "tool_result", tool_use_id: first.toolUseId, is_error: true, content: `Fix these and call ${PLAN_TOOL_NAME} again with the whole plan:\n- ${problems.join("\n- ")}` }],
    });
    first = await ask(req, messages, usage);
    problems = problemsOf(first.input);
  }
  const parsed = planInputSchema.safeParse(first.input);
  if (!parsed.success) {
    const why = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "plan"}: ${i.message}`).join("; ");
    throw new SupervisorError("supervisor_bad_plan", `Claude's plan does not fit the ticket schema even after one correction (${sanitizeForTerminal(why)}) — try again, or rephrase the request`, EXIT.ticketFailed);
  }
  const plan = withPathFlags(parsed.data);
  const flagged = withIds(plan, req.takenIds)
    .map((t) => ({ id: t.id!, breaches: [...limitBreaches(t), ...pathBreaches(t)] }))
    .filter((f) => f.breaches.length > 0);
  return { plan, flagged, usage };
}

/** A path outside the repository is written into the ticket's constraints, where people and the worker read it. */
function withPathFlags(plan: PlanInput): PlanInput {
  return {
    ...plan,
    tickets: plan.tickets.map((t) => {
      const breaches = pathBreaches(t);
      if (breaches.length === 0) return t;
      return { ...t, constraints: [...breaches.map((b) => `FLAGGED: this ticket ${b}; fix the path before running`), ...t.constraints] };
    }),
  };
}

interface ToolAnswer {
  input: unknown;
  toolUseId: string;
  content: Anthropic.ContentBlock[];
}

async function ask(req: PlanRequest, messages: Anthropic.MessageParam[], usage: SupervisorUsage[]): Promise<ToolAnswer> {
  try {
    const stream = req.client.messages.stream(
      {
        model: req.model,
        max_tokens: req.maxTokens ?? 8192,
        system: SYSTEM,
        tools: [PLAN_TOOL],
        tool_choice: { type: "tool", name: PLAN_TOOL_NAME, disable_parallel_tool_use: true },
        messages,
      },
      { signal: req.signal },
    );
    let chars = 0;
    stream.on("inputJson", (partial, snapshot) => {
      chars += partial.length;
      const titles = titledTickets(snapshot);
      req.onProgress?.({ tickets: titles.length, titles, chars });
    });
    const message = await stream.finalMessage();
    const used = { model: message.model, inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens };
    usage.push(used);
    req.onUsage?.(used);
    if (message.stop_reason === "max_tokens") {
      throw new SupervisorError("supervisor_bad_plan", "Claude's plan was cut off at the token limit — ask for a smaller piece of work", EXIT.ticketFailed);
    }
    const call = message.content.find((b): b is Anthropic.ToolUseBlock => b.type === "tool_use" && b.name === PLAN_TOOL_NAME);
    if (!call) throw new SupervisorError("supervisor_bad_plan", "Claude answered without calling the plan tool — try again", EXIT.ticketFailed);
    return { input: call.input, toolUseId: call.id, content: message.content };
  } catch (err) {
    throw describeSupervisorError(err, req.baseURL);
  }
}

/** Schema errors and limit breaches, as sentences Claude can act on. */
function problemsOf(input: unknown): string[] {
  const parsed = planInputSchema.safeParse(input);
  if (!parsed.success) return parsed.error.issues.slice(0, 10).map((i) => `${i.path.join(".") || "plan"}: ${i.message}`);
  return withIds(parsed.data).flatMap((t) => [
    ...limitBreaches(t).map((b) => `${t.id} ${b} — split it into smaller tickets`),
    ...pathBreaches(t).map((b) => `${t.id} ${b} — name files by their path from the repository root`),
  ]);
}
