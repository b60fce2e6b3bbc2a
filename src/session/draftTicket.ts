import { DEFAULT_MAX_ANSWER_BYTES, readmeSections } from "../domain/edits/index.js";
import { buildPrompt, PromptTooLargeError, type BuiltPrompt, type ContextFile, type PromptFile } from "../domain/prompt/buildPrompt.js";
import { reconcileTicketFiles } from "../domain/prompt/ticketFiles.js";
import type { Ticket } from "../domain/tickets/ticket.js";
import { HacoError } from "../domain/errors.js";
import { WorkerError } from "../adapters/worker/workerError.js";
import type { SendPolicy } from "../adapters/workspace/sendPolicy.js";
import { WorkspaceSnapshot } from "./workspaceSnapshot.js";
import { proposeEdits, type EditProposal } from "./proposeEdits.js";
import { emitProposal } from "./proposalEvents.js";
import type { TicketDeps } from "./ticketDeps.js";
import type { EndpointPool } from "./endpointPool.js";
import { routeModel } from "../domain/routing.js";
import type { Drafter } from "../domain/events/events.js";

/**
 * One draft of a ticket: prompt → streamed answer → proposed hunks against
 * the files as the worker saw them. Returns the proposal with the snapshot
 * it was made against, or why the ticket cannot go on.
 */

export type DraftResult =
  | { ok: true; proposal: EditProposal; snapshot: WorkspaceSnapshot }
  | { ok: false; status: "refused" | "failed"; reason: string };

/** A worker's answer before it is read as edits: what look-ahead keeps until the ticket's turn. */
export type GeneratedDraft =
  | {
      ok: true;
      text: string;
      doneReason: string | null;
      singleFile: string | undefined;
      snapshot: WorkspaceSnapshot;
      /** Every file the prompt showed, with the content it showed (null: absent), to tell a stale draft. */
      seen: ReadonlyMap<string, string | null>;
    }
  | { ok: false; status: "refused" | "failed"; reason: string };

/**
 * `deps.worker`, `model` and `modelInfo` are the drafter's: the local worker, or the supervisor for `drafter: "supervisor"`.
 * A draft made ahead (`prefetched`) is used only if every file its prompt showed is still as it
 * was; when an earlier ticket changed one, or the draft failed, the ticket is drafted again now.
 */
export async function draftTicket(
  ticket: Ticket,
  deps: TicketDeps,
  feedback: string | undefined,
  drafter: Drafter = "worker",
  prefetched?: Promise<GeneratedDraft>,
): Promise<DraftResult> {
  const ahead = prefetched ? await prefetched.catch(() => null) : null;
  const usable = ahead?.ok && (await stillAsSeen(deps.repoRoot, ahead.seen)) ? ahead : null;
  if (ahead && !usable) {
    deps.emit({ type: "warning", code: "draft_ahead_stale", ticket: ticket.id, message: `the draft made ahead for ${ticket.id} ${ahead.ok ? "saw files that have changed since" : "did not succeed"}; drafting it again` });
  }
  const generated = usable ?? (await generateDraft(ticket, deps, feedback, drafter));
  if (!generated.ok) return generated;
  const snapshot = generated.snapshot;
  const proposal = await proposeEdits(
    generated.text,
    {
      singleFile: generated.singleFile,
      // An answer cut at the token limit may end inside an unfenced edit that looks complete.
      truncated: generated.doneReason === "length",
    },
    snapshot,
    (path) => deps.sendPolicy.refusal(path),
  );
  emitProposal(ticket.id, proposal, deps.emit);
  return { ok: true, proposal, snapshot };
}

/** Prompt → streamed answer, on the drafter (or, for the worker, on a free endpoint of the pool). */
export async function generateDraft(ticket: Ticket, deps: TicketDeps, feedback: string | undefined, drafter: Drafter = "worker"): Promise<GeneratedDraft> {
  const { emit } = deps;
  const refused = (reason: string): GeneratedDraft => ({ ok: false, status: "refused", reason });

  // 1. Prompt: only files that may leave the machine, inside the budget.
  const snapshot = new WorkspaceSnapshot(deps.repoRoot);
  const listedFiles: PromptFile[] = [];
  const listedContext: ContextFile[] = [];
  for (const file of ticket.files) {
    const loaded = await loadSendable(snapshot, deps.sendPolicy, file.path, "files");
    if (!loaded.ok) return refused(loaded.reason);
    listedFiles.push({ ...file, path: loaded.path, content: loaded.content });
  }
  for (const name of ticket.contextFiles) {
    const loaded = await loadSendable(snapshot, deps.sendPolicy, name, "context files");
    if (!loaded.ok) return refused(loaded.reason);
    if (loaded.content === null) return refused(`context file ${loaded.path} does not exist — fix the ticket's context_files`);
    listedContext.push({ path: loaded.path, content: loaded.content });
  }
  const reconciled = reconcileTicketFiles(listedFiles, listedContext);
  if (!reconciled.ok) return refused(reconciled.reason);
  const { files: promptFiles, context: contextFiles } = reconciled;
  const templates = await deps.templatesFor(ticket.kind);
  const readme = await readmeSectionsFor(snapshot, deps.sendPolicy);
  const build = (contextLength: number | null): BuiltPrompt =>
    buildPrompt(
      ticket,
      promptFiles,
      contextFiles,
      templates,
      { contextLength, maxContextTokens: deps.config.worker.maxContextTokens, replyTokens: deps.config.worker.replyTokens },
      feedback,
      readme,
    );
  // The model: the run's, or the one a routing rule picks for this ticket's kind and size. The size is
  // that of the prompt the ticket asks for (up to haco's ceiling), not of one already cut down to fit
  // the run model's window, and the prompt is then sized for the window of the model that drafts it.
  let model = deps.model;
  let contextLength = deps.modelInfo.contextLength;
  let prompt: BuiltPrompt;
  try {
    if (drafter === "worker" && deps.config.worker.routes.length > 0) {
      model = routeModel(ticket, build(null).estimatedTokens, deps.config.worker.routes, deps.model);
      // One server: ask it for the routed model now (one it lacks fails here, by name). A pool's lease says.
      if (model !== deps.model && !deps.pool) contextLength = (await deps.worker.preflight(model)).contextLength;
    }
    prompt = build(contextLength);
  } catch (err) {
    if (err instanceof PromptTooLargeError) return refused(err.message);
    throw err;
  }
  let announced = false;
  const announce = (): void => {
    if (announced) return;
    announced = true;
    deps.onPrompt?.(ticket, prompt.system, prompt.prompt);
    emit({
      type: "prompt.built",
      ticket: ticket.id,
      estimatedTokens: prompt.estimatedTokens,
      numCtx: prompt.numCtx,
      contextLength,
      files: prompt.included,
      omitted: prompt.omitted,
    });
  };

  // 2. Draft, streamed: on the drafter, or on the pool's endpoints one after another until one finishes it.
  let draft;
  let worker = deps.worker;
  // Each endpoint gets one go at this draft; the last one's error is the ticket's.
  const tried = new Set<string>();
  let lastError: WorkerError | null = null;
  for (;;) {
    const lease = drafter === "worker" && deps.pool ? await acquire(deps.pool, model, deps.signal, tried) : null;
    if (lease && "error" in lease) {
      const error = lastError ?? lease.error;
      // No server can take it (all down, or none has the model): as with one server, that ends the run.
      if (error.exitCode === 3) throw error;
      emit({ type: "error", code: error.code, message: error.message, ticket: ticket.id });
      return { ok: false, status: "failed", reason: error.message };
    }
    if (lease) tried.add(lease.endpoint.name);
    if (lease && lease.modelInfo.contextLength !== contextLength) {
      // This endpoint runs the model with another window than the prompt was sized for.
      contextLength = lease.modelInfo.contextLength;
      try {
        prompt = build(contextLength);
      } catch (err) {
        lease.release();
        if (err instanceof PromptTooLargeError) return refused(err.message);
        throw err;
      }
      announced = false;
    }
    announce();
    worker = lease ? lease.endpoint.provider : deps.worker;
    emit({
      type: "worker.start",
      ticket: ticket.id,
      model,
      host: worker.host,
      ...(drafter === "supervisor" ? { drafter } : {}),
      ...(lease ? { endpoint: lease.endpoint.name } : {}),
    });
    try {
      draft = await worker.generate({
        model,
        system: prompt.system,
        prompt: prompt.prompt,
        numCtx: prompt.numCtx,
        temperature: deps.config.worker.temperature,
        numPredict: deps.config.worker.replyTokens,
        signal: deps.signal,
        firstTokenTimeoutMs: deps.config.worker.firstTokenTimeoutMs,
        stallTimeoutMs: deps.config.worker.stallTimeoutMs,
        // The limit the answer would be refused by once read: enforced while it streams, so a model
        // in a loop is stopped at the server instead of filling memory, stdout and the run log.
        maxAnswerBytes: DEFAULT_MAX_ANSWER_BYTES,
        onToken: (text) => emit({ type: "worker.token", ticket: ticket.id, text }),
      });
      lease?.release();
      break;
    } catch (err) {
      // An answer too large is the model's doing, not the endpoint's: another one would only repeat it.
      if (err instanceof WorkerError && err.code === "answer_too_large") {
        lease?.release();
        emit({ type: "error", code: err.code, message: err.message, ticket: ticket.id });
        return refused(err.message);
      }
      // Another endpoint drafts the ticket again. Only one that went away (unreachable, silent, its
      // connection cut) is marked down; one that answered with an error may serve the next ticket.
      if (lease && err instanceof WorkerError && err.code !== "worker_aborted" && !deps.signal?.aborted) {
        lastError = err;
        if (endpointWentAway(err)) {
          lease.markDown();
          emit({ type: "endpoint.down", endpoint: lease.endpoint.name, reason: err.message, ticket: ticket.id });
        } else {
          lease.release();
        }
        continue;
      }
      lease?.release();
      if (err instanceof WorkerError && err.exitCode === 3) throw err;
      if (err instanceof HacoError) {
        emit({ type: "error", code: err.code, message: err.message, ticket: ticket.id });
        return { ok: false, status: "failed", reason: err.message };
      }
      throw err;
    }
  }
  if (drafter === "supervisor") {
    emit({ type: "supervisor.usage", purpose: "draft", ticket: ticket.id, model: draft.model, inputTokens: draft.promptTokens ?? 0, outputTokens: draft.tokens });
  }
  const vram = await worker.vram(model).catch(() => null);
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

  const seen = new Map<string, string | null>([...promptFiles.map((f) => [f.path, f.content] as const), ...contextFiles.map((f) => [f.path, f.content] as const)]);
  return { ok: true, text: draft.text, doneReason: draft.doneReason, singleFile: promptFiles.length === 1 ? promptFiles[0]!.path : undefined, snapshot, seen };
}

/** True when every file is as the draft's prompt showed it. */
async function stillAsSeen(repoRoot: string, seen: ReadonlyMap<string, string | null>): Promise<boolean> {
  const now = new WorkspaceSnapshot(repoRoot);
  for (const [file, content] of seen) {
    const loaded = await now.load(file);
    if (!loaded.ok || loaded.content !== content) return false;
  }
  return true;
}

/** A lease, or the error that says why no endpoint can draft (every one down or tried, or none has the model). */
async function acquire(pool: EndpointPool, model: string, signal: AbortSignal | undefined, skip: ReadonlySet<string>) {
  try {
    return await pool.acquire(model, signal, skip);
  } catch (err) {
    if (err instanceof WorkerError) return { error: err };
    throw err;
  }
}

function endpointWentAway(err: WorkerError): boolean {
  return err.code === "worker_unreachable" || err.code === "worker_stalled" || /connection|socket|dropped|reset|terminated|closed/i.test(err.message);
}

/** README.md's headings, when it exists and may be sent: where a README delta may go. */
async function readmeSectionsFor(snapshot: WorkspaceSnapshot, policy: SendPolicy): Promise<string[]> {
  const loaded = await snapshot.load("README.md");
  if (!loaded.ok || loaded.content === null || (await policy.refusal(loaded.path))) return [];
  return readmeSections(loaded.content).slice(0, 30);
}

/** `field` is where the ticket names the file ("files", "context files"), for the refusal. */
async function loadSendable(snapshot: WorkspaceSnapshot, policy: SendPolicy, name: string, field: string) {
  const loaded = await snapshot.load(name);
  // Every refusal of the snapshot names the path already; say where the ticket has it.
  if (!loaded.ok) return { ok: false as const, reason: `the ticket's ${field}: ${loaded.reason}` };
  const refusal = await policy.refusal(loaded.path);
  if (refusal) return { ok: false as const, reason: `${refusal} — haco never sends it to a model; remove it from the ticket` };
  return loaded;
}
