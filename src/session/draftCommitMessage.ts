import type { FileChange } from "../domain/edits/index.js";
import { DEFAULT_MAX_ANSWER_BYTES } from "../domain/edits/index.js";
import { conventionalCommitMessage } from "../domain/commitMessage.js";
import { commitMessageFromAnswer } from "../domain/commitMessageFromAnswer.js";
import { HacoError } from "../domain/errors.js";
import { renderTemplate } from "../domain/prompt/template.js";
import { estimateTokens, pickNumCtx } from "../domain/prompt/tokens.js";
import type { Ticket } from "../domain/tickets/ticket.js";
import { loadCommitTemplate } from "../adapters/prompt/loadTemplates.js";
import type { WorkerProvider } from "../adapters/worker/provider.js";
import { isWorkerError } from "../adapters/worker/workerError.js";

/**
 * The worker writes the commit message for what the human accepted (seed
 * 000: the junior writes the Conventional Commit). Only accepted hunks go
 * into the prompt, so the message never describes a rejected change. This
 * runs after the change was applied and tested, so nothing the worker does
 * here may fail the ticket: any worker failure, a stop, or an answer that is
 * not a Conventional Commit falls back to haco's own message, with the reason.
 */

export interface CommitTemplate {
  name: string;
  text: string;
}

export interface DraftCommitDeps {
  worker: WorkerProvider;
  model: string;
  ticket: Ticket;
  /** The changes as reviewed; only the hunks in `accepted` are described. */
  changes: readonly FileChange[];
  accepted: ReadonlySet<string>;
  /** The prompt; default `commit.md` from `<repoRoot>/.haco/prompts/`, else the built-in one. */
  template?: CommitTemplate;
  /** Where to look for a user's `.haco/prompts/commit.md` when no template is given. */
  repoRoot?: string | null;
  /** The message to fall back to; default conventionalCommitMessage for the changed files. */
  fallback?: string;
  signal?: AbortSignal;
  /** The draft's num_ctx, reused when the commit prompt fits so that Ollama does not reload the model. */
  numCtx?: number;
  /** The most num_ctx to ask for when the commit prompt needs a larger one. Default 32768. */
  maxContextTokens?: number;
  temperature?: number;
  /** Token limit of the answer. Default 200: a header and a few lines. */
  numPredict?: number;
  firstTokenTimeoutMs?: number;
  stallTimeoutMs?: number;
}

export interface DraftedCommitMessage {
  message: string;
  by: "worker" | "template";
  /** Why the template's message was used. */
  reason?: string;
}

/** Characters of diff sent at most: the message needs the gist, not every line. */
export const COMMIT_DIFF_BUDGET = 12_000;
const DESCRIPTION_BUDGET = 2_000;
const SYSTEM = "You write git commit messages in the Conventional Commits format. Output only the message.";

export async function draftCommitMessage(deps: DraftCommitDeps): Promise<DraftedCommitMessage> {
  const { ticket } = deps;
  const described = deps.changes
    .map((change) => ({ change, hunks: change.hunks.filter((hunk) => deps.accepted.has(hunk.id)) }))
    .filter((entry) => entry.hunks.length > 0);
  const files = described.map((entry) => entry.change.path);
  const fallback = (reason: string): DraftedCommitMessage => ({
    message: deps.fallback ?? conventionalCommitMessage(ticket, files),
    by: "template",
    reason,
  });
  if (described.length === 0) return fallback("no accepted change to describe");
  if (deps.signal?.aborted) return fallback("stopped");

  let prompt: string;
  try {
    const template = deps.template ?? (await loadCommitTemplate(deps.repoRoot ?? null));
    prompt = renderTemplate(
      template.text,
      {
        id: ticket.id,
        title: ticket.title,
        description: clipText(ticket.description.trim(), DESCRIPTION_BUDGET),
        kind: ticket.kind,
        files: described.map(({ change, hunks }) => fileLine(change, hunks)).join("\n"),
        diff: fenceDiff(acceptedDiff(described, COMMIT_DIFF_BUDGET)),
      },
      template.name,
    );
  } catch (err) {
    // A user's template with an unknown placeholder: say so, and commit with haco's message.
    if (err instanceof HacoError) return fallback(err.message);
    throw err;
  }

  const numPredict = deps.numPredict ?? 200;
  const needed = estimateTokens(SYSTEM) + estimateTokens(prompt) + numPredict;
  const numCtx = deps.numCtx !== undefined && deps.numCtx >= needed ? deps.numCtx : pickNumCtx(needed, deps.maxContextTokens ?? 32_768);
  let answer;
  try {
    answer = await deps.worker.generate({
      model: deps.model,
      system: SYSTEM,
      prompt,
      numCtx,
      temperature: deps.temperature ?? 0.2,
      numPredict,
      signal: deps.signal,
      // Over the answer limit, the stream is cut off at the server rather than read to its end.
      maxAnswerBytes: DEFAULT_MAX_ANSWER_BYTES,
      firstTokenTimeoutMs: deps.firstTokenTimeoutMs ?? 300_000,
      stallTimeoutMs: deps.stallTimeoutMs ?? 60_000,
    });
  } catch (err) {
    if (deps.signal?.aborted || isWorkerError(err, "worker_aborted")) return fallback("stopped");
    if (err instanceof HacoError) return fallback(`the worker could not draft it: ${err.message}`);
    throw err;
  }

  const truncated = answer.doneReason === "length";
  const message = commitMessageFromAnswer(answer.text, ticket, { truncated });
  if (message !== null) return { message, by: "worker" };
  if (!answer.text.trim()) return fallback("the worker's answer was empty");
  return fallback(
    `the worker's answer held no Conventional Commit header (type(scope): subject)${truncated ? `; it stopped at the ${numPredict}-token limit` : ""}`,
  );
}

function fileLine(change: FileChange, hunks: readonly FileChange["hunks"][number][]): string {
  const added = hunks.reduce((sum, hunk) => sum + hunk.added, 0);
  const removed = hunks.reduce((sum, hunk) => sum + hunk.removed, 0);
  const what = change.renamedFrom
    ? `renamed from ${change.renamedFrom}`
    : change.kind === "create"
      ? "new file"
      : change.kind === "delete"
        ? "deleted"
        : "edited";
  return `- ${change.path} (${what}, +${added} -${removed})`;
}

/** The accepted hunks as a unified diff, cut at `budget` characters with a note saying how much is missing. */
function acceptedDiff(described: readonly { change: FileChange; hunks: readonly FileChange["hunks"][number][] }[], budget: number): string {
  const out: string[] = [];
  let used = 0;
  let full = true;
  let hiddenLines = 0;
  let hiddenHunks = 0;
  const take = (line: string): boolean => {
    if (!full || used + line.length + 1 > budget) return (full = false);
    out.push(line);
    used += line.length + 1;
    return true;
  };
  for (const { change, hunks } of described) {
    const from = change.kind === "create" && !change.renamedFrom ? "/dev/null" : `a/${change.renamedFrom ?? change.path}`;
    const to = change.kind === "delete" ? "/dev/null" : `b/${change.path}`;
    const mark = { lines: out.length, used };
    // Both file headers or neither.
    if (full && !(take(`--- ${from}`) && take(`+++ ${to}`))) {
      out.length = mark.lines;
      used = mark.used;
    }
    for (const hunk of hunks) {
      const lines = [hunk.header, ...hunk.lines];
      const shown = lines.findIndex((line) => !take(line));
      if (shown === -1) continue;
      hiddenLines += lines.length - shown;
      hiddenHunks += 1;
    }
  }
  if (hiddenLines > 0) {
    out.push(`[… ${hiddenLines} more diff lines (in ${hiddenHunks} ${hiddenHunks === 1 ? "hunk" : "hunks"}) not shown: the diff was cut to ${budget} characters]`);
  }
  return out.join("\n");
}

/** A fence longer than any backtick run inside, so the diff can never close it early. */
function fenceDiff(diff: string): string {
  const longest = Math.max(2, ...[...diff.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}diff\n${diff}\n${ticks}`;
}

function clipText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n[… description cut]`;
}
