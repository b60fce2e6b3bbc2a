import type { Proposal } from "../domain/edits/index.js";
import { buildPrompt, PromptTooLargeError, type ContextFile, type PromptFile, type Templates } from "../domain/prompt/buildPrompt.js";
import { conventionalCommitMessage } from "../domain/commitMessage.js";
import type { Ticket } from "../domain/tickets/ticket.js";
import { HacoError } from "../domain/errors.js";
import type { HacoConfig } from "../adapters/config/config.js";
import type { ModelInfo, WorkerProvider } from "../adapters/worker/provider.js";
import { WorkerError } from "../adapters/worker/workerError.js";
import type { SendPolicy } from "../adapters/workspace/sendPolicy.js";
import { Journal } from "../adapters/workspace/journal.js";
import { commitChanges } from "../adapters/workspace/commitChanges.js";
import { runCommand } from "../adapters/testing/runCommand.js";
import { applyAccepted } from "./applyAccepted.js";
import { WorkspaceSnapshot } from "./workspaceSnapshot.js";
import { proposeEdits } from "./proposeEdits.js";
import { describeRefusals, emitProposal } from "./proposalEvents.js";
import type { EventInput, TicketStatus } from "./events.js";

/**
 * The loop of one ticket, free of any UI: prompt → draft → hunks → decisions
 * → apply → test → commit. It reports only through `emit`; the cockpit,
 * `--json` and the run log all consume the same events.
 */

export interface TicketDeps {
  repoRoot: string;
  config: HacoConfig;
  worker: WorkerProvider;
  model: string;
  modelInfo: ModelInfo;
  /** Prompt templates for a ticket kind (code, test, refactor, doc). */
  templatesFor: (kind: string) => Promise<Templates>;
  sendPolicy: SendPolicy;
  emit: (event: EventInput) => void;
  /** Which hunks to accept: the reviewer, or a headless policy (--accept all|none). */
  decide: (ticket: Ticket, proposal: Proposal) => Promise<ReadonlySet<string>>;
  commit: boolean;
  keepFailed: boolean;
  signal?: AbortSignal;
}

export async function runTicket(ticket: Ticket, deps: TicketDeps): Promise<TicketStatus> {
  const { emit } = deps;
  const done = (status: TicketStatus, reason?: string): TicketStatus => {
    emit({ type: "ticket.done", ticket: ticket.id, status, ...(reason ? { reason } : {}) });
    return status;
  };
  emit({ type: "ticket.start", ticket: ticket.id, title: ticket.title, owner: ticket.owner });

  // 1. Prompt: only files that may leave the machine, inside the budget.
  const snapshot = new WorkspaceSnapshot(deps.repoRoot);
  const promptFiles: PromptFile[] = [];
  const contextFiles: ContextFile[] = [];
  for (const file of ticket.files) {
    const loaded = await loadSendable(snapshot, deps.sendPolicy, file.path);
    if (!loaded.ok) return done("refused", loaded.reason);
    promptFiles.push({ ...file, path: loaded.path, content: loaded.content });
  }
  for (const name of ticket.contextFiles) {
    const loaded = await loadSendable(snapshot, deps.sendPolicy, name);
    if (!loaded.ok) return done("refused", loaded.reason);
    if (loaded.content === null) return done("refused", `context file ${loaded.path} does not exist — fix the ticket's context_files`);
    contextFiles.push({ path: loaded.path, content: loaded.content });
  }
  let prompt;
  try {
    prompt = buildPrompt(ticket, promptFiles, contextFiles, await deps.templatesFor(ticket.kind), {
      contextLength: deps.modelInfo.contextLength,
      maxContextTokens: deps.config.worker.maxContextTokens,
      replyTokens: deps.config.worker.replyTokens,
    });
  } catch (err) {
    if (err instanceof PromptTooLargeError) return done("refused", err.message);
    throw err;
  }
  emit({
    type: "prompt.built",
    ticket: ticket.id,
    estimatedTokens: prompt.estimatedTokens,
    numCtx: prompt.numCtx,
    contextLength: deps.modelInfo.contextLength,
    files: prompt.included,
    omitted: prompt.omitted,
  });

  // 2. Draft, streamed.
  emit({ type: "worker.start", ticket: ticket.id, model: deps.model, host: deps.worker.host });
  let draft;
  try {
    draft = await deps.worker.generate({
      model: deps.model,
      system: prompt.system,
      prompt: prompt.prompt,
      numCtx: prompt.numCtx,
      temperature: deps.config.worker.temperature,
      numPredict: deps.config.worker.replyTokens,
      signal: deps.signal,
      firstTokenTimeoutMs: deps.config.worker.firstTokenTimeoutMs,
      stallTimeoutMs: deps.config.worker.stallTimeoutMs,
      onToken: (text) => emit({ type: "worker.token", ticket: ticket.id, text }),
    });
  } catch (err) {
    if (err instanceof WorkerError && err.exitCode === 3) throw err;
    if (err instanceof HacoError) {
      emit({ type: "error", code: err.code, message: err.message, ticket: ticket.id });
      return done("failed", err.message);
    }
    throw err;
  }
  const vram = await deps.worker.vram(deps.model).catch(() => null);
  emit({
    type: "worker.done",
    ticket: ticket.id,
    model: draft.model,
    tokens: draft.tokens,
    tokensPerSec: draft.tokensPerSec,
    ttftMs: draft.ttftMs,
    totalMs: draft.totalMs,
    promptTokens: draft.promptTokens,
    loadMs: draft.loadMs,
    doneReason: draft.doneReason,
    vram,
  });
  // Ollama cuts an over-long prompt without saying so; a prompt count at the window's edge is the only sign.
  if (draft.promptTokens !== null && draft.promptTokens >= prompt.numCtx - 1) {
    emit({
      type: "warning",
      code: "prompt_truncated",
      ticket: ticket.id,
      message: `the worker read ${draft.promptTokens} prompt tokens with num_ctx ${prompt.numCtx}: Ollama probably cut the prompt — shorten the ticket's context or raise worker.maxContextTokens`,
    });
  }
  if (draft.doneReason === "length") {
    emit({
      type: "warning",
      code: "answer_truncated",
      ticket: ticket.id,
      message: `the answer stopped at the ${deps.config.worker.replyTokens}-token limit and may be cut off — raise worker.replyTokens or split the ticket`,
    });
  }

  // 3. Edits → true hunks against the files as the worker saw them.
  const proposal = await proposeEdits(
    draft.text,
    {
      singleFile: promptFiles.length === 1 ? promptFiles[0]!.path : undefined,
      // An answer cut at the token limit may end inside an unfenced edit that looks complete.
      truncated: draft.doneReason === "length",
    },
    snapshot,
    (path) => deps.sendPolicy.refusal(path),
  );
  emitProposal(ticket.id, proposal, emit);
  if (proposal.blocking.length > 0) return done("refused", describeRefusals(proposal.blocking));
  if (proposal.changes.length === 0) return done("refused", `nothing to change: ${describeRefusals(proposal.refusals)}`);

  // 4. Decisions. A run stopped meanwhile (Esc, quit) must not open a review nobody will answer,
  // nor write what was decided after the user left.
  if (deps.signal?.aborted) return done("failed", "stopped before review");
  const accepted = await deps.decide(ticket, proposal);
  if (deps.signal?.aborted) return done("failed", "stopped during review; nothing was written");
  for (const change of proposal.changes) {
    for (const hunk of change.hunks) emit({ type: "hunk.decision", ticket: ticket.id, hunk: hunk.id, accepted: accepted.has(hunk.id) });
  }
  if (accepted.size === 0) return done("rejected", "no hunk was accepted");

  // 5. Apply, journalled.
  const journal = await Journal.open(deps.repoRoot, ticket.id);
  const applied = await applyAccepted(deps.repoRoot, proposal.changes, accepted, snapshot, journal);
  if (!applied.ok) {
    await journal.discard();
    emit({ type: "error", code: "changed_on_disk", message: applied.reason, ticket: ticket.id });
    return done("failed", applied.reason);
  }
  const files = applied.files.map((f) => f.path);
  emit({ type: "apply.done", ticket: ticket.id, files });

  // 6. Test: the ticket's command, then the configured verify commands.
  const commands = [...(ticket.testCommand ? [ticket.testCommand] : []), ...deps.config.verify];
  for (const command of commands) {
    emit({ type: "test.start", ticket: ticket.id, command });
    const result = await runCommand(command, {
      cwd: deps.repoRoot,
      timeoutMs: deps.config.test.timeoutMs,
      signal: deps.signal,
      onLine: (stream, line) => emit({ type: "test.output", ticket: ticket.id, stream, line }),
    });
    const passed = result.exitCode === 0 && !result.timedOut;
    emit({ type: "test.done", ticket: ticket.id, command, exitCode: result.exitCode, durationMs: result.durationMs, passed });
    if (!passed) {
      const why = result.timedOut ? `timed out after ${deps.config.test.timeoutMs} ms` : `exited with ${result.exitCode}`;
      if (deps.keepFailed) {
        await journal.discard();
        return done("failed", `'${command}' ${why}; the changes were kept (--keep-failed)`);
      }
      const restored = await journal.rollback();
      emit({ type: "rollback.done", ticket: ticket.id, files: restored });
      return done("failed", `'${command}' ${why}; the files were restored`);
    }
  }

  // 7. Commit exactly what was applied.
  if (!deps.commit) {
    await journal.discard();
    return done("applied");
  }
  const message = conventionalCommitMessage(ticket, files);
  try {
    const result = await commitChanges(deps.repoRoot, applied.files, message);
    await journal.discard();
    for (const warning of result.warnings) emit({ type: "warning", code: "index_kept", ticket: ticket.id, message: warning });
    emit({ type: "commit.done", ticket: ticket.id, sha: result.sha, message, files });
    return done("committed");
  } catch (err) {
    if (!(err instanceof HacoError)) throw err;
    await journal.discard();
    emit({ type: "error", code: err.code, message: err.message, ticket: ticket.id });
    return done("applied", err.message);
  }
}

async function loadSendable(snapshot: WorkspaceSnapshot, policy: SendPolicy, name: string) {
  const loaded = await snapshot.load(name);
  if (!loaded.ok) return { ok: false as const, reason: `${name}: ${loaded.reason}` };
  const refusal = await policy.refusal(loaded.path);
  if (refusal) return { ok: false as const, reason: `${refusal} — haco never sends it to a model; remove it from the ticket` };
  return loaded;
}
