import type { ReactElement } from "react";
import type { HacoConfig } from "../adapters/config/config.js";
import type { WorkerProvider } from "../adapters/worker/provider.js";
import type { SendPolicy } from "../adapters/workspace/sendPolicy.js";
import type { Templates } from "../domain/prompt/buildPrompt.js";
import type { Ticket } from "../domain/tickets/ticket.js";
import { stamp, type HacoEvent } from "../domain/events/events.js";
import type { Theme } from "../../themes/theme.js";
import { Cockpit, type CockpitControls } from "../../components/Cockpit.js";
import { ThemeProvider } from "../../components/ThemeContext.js";
import { cockpitReducer, initialCockpitState, type CockpitAction, type CockpitState, type ReviewFile } from "./cockpitState.js";
import { CockpitController } from "./controller.js";
import { routeEvents } from "./eventRouter.js";
import type { Timers } from "./frameScheduler.js";
import { ReducerStore } from "./reducerStore.js";
import { HunkReviewer } from "./reviewGate.js";
import type { Planner } from "../adapters/supervisor/planToFile.js";
import type { SupervisorDrafter } from "../adapters/supervisor/supervisorDrafter.js";
import type { EndpointPool } from "../session/endpointPool.js";
import { TicketResults, type TicketResult } from "../session/ticketResults.js";
import { SessionFigures } from "./sessionFigures.js";
import { editResult, hunkEditText, type RefusedEdit } from "./hunkEditText.js";
import { commitEditText, readCommitEdit } from "./commitMessageEdit.js";
import type { EditOutcome } from "./externalEditor.js";
import { selectedHunk } from "../domain/review/index.js";
import { TestLogStore } from "./testLog.js";
import type { PaneId } from "./uiState.js";
import { WorkerStreamStore } from "./workerStream.js";

/**
 * Wires one cockpit: stores, event router, reviewer, controller and the root
 * element, with no terminal attached. runCockpit puts it on a real terminal;
 * tests render the element with ink-testing-library against a fake Ollama.
 */

export interface CockpitSetup {
  repoRoot: string;
  repoName: string;
  branch: string | null;
  config: HacoConfig;
  worker: WorkerProvider;
  model: string;
  tickets: readonly Ticket[];
  committed?: ReadonlySet<string>;
  hasPlan: boolean;
  planNote: string;
  theme: Theme;
  templatesFor: (kind: string) => Promise<Templates>;
  sendPolicy: SendPolicy;
  /** q or Ctrl+C. */
  onQuit(): void;
  onEvent?: (event: HacoEvent) => void;
  /** Claude as a second drafter (supervisor tickets, escalations); null without a key. */
  supervisor?: SupervisorDrafter | null;
  /** Several worker endpoints (worker.endpoints); null: `worker` drafts everything. */
  pool?: EndpointPool | null;
  /** p: plans a request with Claude; null without a key (p then says how to set one). */
  planner?: Planner | null;
  /** Every prompt sent to a drafter (the run log keeps them). */
  onPrompt?: (ticket: Ticket, system: string, prompt: string) => void;
  /** Each finished ticket's result (the queue writes .haco/queue/done/<id>.json from it). */
  onTicketResult?: (result: TicketResult) => void;
  /** `e`: hands the terminal to $EDITOR with `text` in a file named like `fileName`; runCockpit provides it. */
  editText?: (text: string, fileName: string) => Promise<EditOutcome>;
  timers?: Timers;
  loadProbeIntervalMs?: number;
  onPaneRender?: (pane: PaneId | "status") => void;
}

export interface CockpitApp {
  element: ReactElement;
  /** Feeds one session event to the cockpit, as the controller does (demos and benchmarks can drive it directly). */
  emit: (event: HacoEvent) => void;
  controller: CockpitController;
  reviewer: HunkReviewer;
  session: ReducerStore<CockpitState, CockpitAction>;
  stream: WorkerStreamStore;
  tests: TestLogStore;
  dispose(): void;
}

export function createCockpit(setup: CockpitSetup): CockpitApp {
  const session = new ReducerStore(cockpitReducer, initialCockpitState(setup.tickets, setup.committed));
  const stream = new WorkerStreamStore(setup.timers);
  const tests = new TestLogStore(setup.timers);
  const results = new TicketResults();
  const figures = new SessionFigures();
  const observe = (event: HacoEvent) => {
    setup.onEvent?.(event);
    figures.observe(event);
    const result = results.observe(event);
    if (result) setup.onTicketResult?.(result);
  };
  const route = routeEvents({ session: session.dispatch, stream, tests, observe });
  // A ticket marked for the supervisor that the worker drafts after all: said once its start is
  // on screen, since a ticket's start clears the words about the ticket before it.
  let workerDraftsEscalated: string | null = null;
  const emit = (event: HacoEvent) => {
    route(event);
    if (event.type === "ticket.start" && event.ticket === workerDraftsEscalated) {
      workerDraftsEscalated = null;
      route(stamp({ type: "warning", code: "escalated_to_worker", message: `${event.ticket} was marked for the supervisor, but no Anthropic API key is set: the local worker drafts it again (set ANTHROPIC_API_KEY for Claude)` }));
    }
  };
  const open = (ticket: string, files: ReviewFile[]) => session.dispatch({ type: "review.open", ticket, files });
  const reviewer = new HunkReviewer(open, (ticket, files) => session.dispatch({ type: "review.files", ticket, files }));
  const controller = new CockpitController({
    repoRoot: setup.repoRoot,
    config: setup.config,
    worker: setup.worker,
    model: setup.model,
    tickets: setup.tickets,
    templatesFor: setup.templatesFor,
    sendPolicy: setup.sendPolicy,
    reviewer,
    emit,
    raise: session.dispatch,
    supervisor: setup.supervisor ?? null,
    pool: setup.pool ?? null,
    onPrompt: setup.onPrompt,
    planner: setup.planner ?? null,
    onLoadProbe: (vram) => stream.setLoadProbe(vram),
    loadProbeIntervalMs: setup.loadProbeIntervalMs,
  });
  controller.pendingIds = (id) => session.getSnapshot().tickets.find((t) => t.id === id)?.status === "pending";
  // Edits the reviewer refused, by hunk: the next e on that hunk reopens what was typed.
  const refusedEdits = new WeakMap<object, RefusedEdit>();
  const controls: CockpitControls = {
    start: (id) => {
      const escalated = session.getSnapshot().tickets.find((t) => t.id === id)?.status === "escalated";
      // Marked for the supervisor, but there is no Claude to hand it to: say who drafts it instead.
      workerDraftsEscalated = escalated && !setup.supervisor ? id : null;
      const why = controller.start(id);
      if (why) workerDraftsEscalated = null;
      return why;
    },
    abort: () => controller.abort(),
    review: (action) => reviewer.dispatch(action),
    reviewRemaining: (accept) => reviewer.decideRemaining(accept),
    applyReview: () => void reviewer.apply(),
    editHunk: () => editSelectedHunk(reviewer, setup.editText, refusedEdits),
    afterFailure: (choice) => void controller.chooseAfterFailure(choice),
    commit: (message) => void controller.commit(message),
    editCommitMessage: (message) => editCommitMessage(message, session, setup.editText),
    undoCommit: () => void controller.undoLastCommit(),
    plan: (request) => controller.plan(request),
    quit: () => setup.onQuit(),
  };
  const info = {
    repo: setup.repoName,
    branch: setup.branch,
    model: setup.model,
    host: setup.worker.host,
    planNote: setup.planNote,
    hasPlan: setup.hasPlan,
    canPlan: setup.planner != null,
  };
  const element = (
    <ThemeProvider theme={setup.theme}>
      <Cockpit session={session} stream={stream} tests={tests} controls={controls} reviewer={reviewer} figures={figures} info={info} onPaneRender={setup.onPaneRender} />
    </ThemeProvider>
  );
  return {
    element,
    emit,
    controller,
    reviewer,
    session,
    stream,
    tests,
    dispose() {
      stream.dispose();
      tests.dispose();
    },
  };
}

/** Tab in the commit box: the whole message in the editor; what comes back fills the box (Enter still commits). */
async function editCommitMessage(message: string, session: CockpitApp["session"], editText: CockpitSetup["editText"]): Promise<string | null> {
  const box = session.getSnapshot().commitBox;
  if (!box || box.phase !== "editing") return null;
  if (!editText) return "no editor is available here";
  const outcome = await editText(commitEditText(message, box.ticket), "COMMIT_EDITMSG");
  if (!outcome.ok) return outcome.reason;
  const edited = readCommitEdit(outcome.text);
  if (edited === null) return "the editor saved an empty message: the box keeps the one it had";
  // The box may have closed while the editor was open (quit).
  if (session.getSnapshot().commitBox !== box) return "the commit box closed while the editor was open; the message was dropped";
  session.dispatch({ type: "commit.edited", ticket: box.ticket, message: edited });
  return null;
}

/** e: the selected hunk in the editor; what comes back replaces it if it still applies (the reviewer says why not). */
async function editSelectedHunk(reviewer: HunkReviewer, editText: CockpitSetup["editText"], refused: WeakMap<object, RefusedEdit>): Promise<string | null> {
  const live = reviewer.getSnapshot();
  const hunk = live && selectedHunk(live.state);
  if (!live || !hunk) return null;
  if (!editText) return "no editor is available here";
  const path = live.state.files[hunk.file]!.change.path;
  const outcome = await editText(hunkEditText(hunk, path, refused.get(hunk.hunk)), `${path.replaceAll("/", "_")}.hunk.diff`);
  if (!outcome.ok) return outcome.reason;
  // The review may have ended while the editor was open (quit, abort).
  if (reviewer.getSnapshot() !== live) return "the review changed while the editor was open; the edit was dropped";
  const result = editResult(outcome.text, hunk);
  if (result.kind === "cancelled") return "edit cancelled: the hunk was left as it was";
  if (result.kind === "unchanged") return "the hunk was saved unchanged";
  reviewer.dispatch({ type: "setLines", lines: result.lines });
  // Refused: what was typed is kept for the next `e` on this hunk, with the reason.
  const notice = reviewer.getSnapshot()?.state.notice;
  if (notice?.kind === "refused") refused.set(hunk.hunk, { lines: result.lines, reason: notice.text });
  else refused.delete(hunk.hunk);
  return null;
}
