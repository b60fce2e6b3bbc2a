import type { HacoEvent, TicketStatus } from "../domain/events/events.js";
import { sanitizeForTerminal } from "../domain/text/sanitize.js";

/**
 * Everything the cockpit shows except the live stream, as a pure reducer
 * over the session's events (plus two the cockpit itself raises). The same
 * events feed `--json`, so the cockpit cannot disagree with a headless run.
 * Text that came from a worker or a file is sanitised here, once.
 */

export const TICKET_STATES = [
  "pending",
  "drafting",
  "review",
  "testing",
  // Enter in the commit box: the repository's hooks and the commit run.
  "committing",
  "committed",
  "applied",
  "rejected",
  "failed",
  "refused",
  // The tests failed and the human handed the ticket to the supervisor (E).
  "escalated",
] as const;
export type TicketState = (typeof TICKET_STATES)[number];

export interface TicketRow {
  id: string;
  title: string;
  owner: string;
  status: TicketState;
  /** Why it ended as it did (ticket.done's reason), or null. */
  reason: string | null;
  /** Who drafts it now: Claude for a supervisor ticket or an escalated one. */
  drafter: "worker" | "supervisor";
}

/** What the prompt.built event says, kept for the Worker pane's context gauge. */
export type PromptInfo = Omit<Extract<HacoEvent, { type: "prompt.built" }>, "type" | "ts">;

export interface Note {
  level: "info" | "warn" | "error";
  code: string;
  text: string;
}

export interface ReviewHunk {
  id: string;
  header: string;
  added: number;
  removed: number;
  /** ' ', '-', '+' prefixed lines; empty until the reviewer opens (events carry only summaries). */
  lines: readonly string[];
}

export interface ReviewFile {
  path: string;
  kind: "edit" | "create" | "delete";
  hunks: ReviewHunk[];
}

export interface ReviewState {
  ticket: string;
  files: ReviewFile[];
  refusals: { file: string | null; reason: string }[];
  /** A decision is awaited from the human. */
  awaiting: boolean;
  decisions: Record<string, boolean>;
}

export interface TestRun {
  command: string;
  passed: boolean | null;
  exitCode: number | null;
  durationMs: number | null;
}

export interface TestsState {
  ticket: string;
  runs: TestRun[];
  applied: string[];
  restored: string[];
  commit: { sha: string; message: string } | null;
}

/** The tests failed and the human chooses: r retry, x roll back, k keep, E escalate. */
export interface FailureQuestion {
  ticket: string;
  command: string;
  retriesLeft: number;
  /** E hands the ticket to Claude, who drafts it next (else E only marks it). */
  canEscalate: boolean;
}

/** The tests passed: the commit message box. */
export interface CommitBox {
  ticket: string;
  /** "drafting" while the worker writes the message; "editing" once the box holds it. */
  phase: "drafting" | "editing";
  message: string;
  by: "worker" | "template" | null;
  /** Why the worker's message was not used, when it was not. */
  reason: string | null;
  /** How often the whole message came back from the editor (Tab): the box shows each new one afresh. */
  revision: number;
}

export interface CockpitState {
  tickets: TicketRow[];
  /** The ticket being worked on, or null when none runs. */
  active: string | null;
  /** Between worker.start and the draft's end: the Worker pane follows the tail. */
  streaming: boolean;
  prompt: PromptInfo | null;
  /** Warnings and errors about the current ticket. */
  notes: Note[];
  review: ReviewState | null;
  tests: TestsState | null;
  /** The latest warning or error that belongs to no ticket (an interrupted run, an unreachable worker). */
  notice: Note | null;
  /** Quit was asked; the running ticket is being stopped. */
  quitting: boolean;
  failure: FailureQuestion | null;
  commitBox: CommitBox | null;
  /** The last commit haco made in this cockpit, which U may undo. */
  lastCommit: { ticket: string; sha: string; message: string } | null;
  /** What Claude's planning (p) is doing, while it runs. */
  planning: string | null;
}

export type CockpitAction =
  | HacoEvent
  /** The reviewer has the draft's full hunks and waits for a decision. */
  | { type: "review.open"; ticket: string; files: ReviewFile[] }
  | { type: "failure.open"; ticket: string; command: string; retriesLeft: number; canEscalate: boolean }
  /** Tickets that arrived while the cockpit runs (the queue, a plan made with p). */
  | { type: "tickets.add"; tickets: PlannedTicket[] }
  /** p: Claude is planning; null when it is over. */
  | { type: "planning"; status: string | null }
  | { type: "failure.close"; ticket: string }
  | { type: "commit.drafting"; ticket: string }
  | { type: "commit.open"; ticket: string; message: string; by: "worker" | "template"; reason: string | null }
  /** The box closed: on Enter (`committing`) the commit runs now, on Esc the change stays uncommitted. */
  | { type: "commit.close"; ticket: string; committing?: boolean }
  /** Tab: the message as it came back from the editor. */
  | { type: "commit.edited"; ticket: string; message: string }
  /** U failed: what moved since means haco cannot undo that commit any more. */
  | { type: "commit.forget" }
  /** The review is over: the hunks as reviewed (split parts, edited lines) replace the drafted ones in the summary. */
  | { type: "review.files"; ticket: string; files: ReviewFile[] }
  | { type: "cockpit.quitting" };

export interface PlannedTicket {
  id: string;
  title: string;
  owner: string;
}

export function initialCockpitState(tickets: readonly PlannedTicket[], committed: ReadonlySet<string> = new Set()): CockpitState {
  return {
    tickets: tickets.map((t) => rowOf(t, committed)),
    active: null,
    streaming: false,
    prompt: null,
    notes: [],
    review: null,
    tests: null,
    notice: null,
    quitting: false,
    failure: null,
    commitBox: null,
    lastCommit: null,
    planning: null,
  };
}

const FINAL: Record<TicketStatus, TicketState> = {
  committed: "committed",
  applied: "applied",
  rejected: "rejected",
  refused: "refused",
  failed: "failed",
  escalated: "escalated",
};

export function cockpitReducer(state: CockpitState, action: CockpitAction): CockpitState {
  switch (action.type) {
    case "ticket.start":
      return {
        ...state,
        tickets: setStatus(state.tickets, action.ticket, "drafting", null),
        active: action.ticket,
        prompt: null,
        notes: [],
        review: null,
        tests: null,
        // A new ticket got going: an error about the worker (unreachable, model missing) or a word
        // about another ticket is stale; a warning about the repository (a journal left) is not.
        notice: state.notice && (state.notice.level === "error" || ABOUT_ANOTHER_TICKET.has(state.notice.code)) ? null : state.notice,
      };
    case "worker.start":
      return {
        ...state,
        streaming: true,
        tickets: action.drafter === "supervisor" ? state.tickets.map((t) => (t.id === action.ticket ? { ...t, drafter: "supervisor" } : t)) : state.tickets,
      };
    case "worker.done":
      return { ...state, streaming: false };
    case "prompt.built": {
      const { type: _type, ts: _ts, ...prompt } = action;
      return { ...state, prompt };
    }
    case "edit.proposed": {
      const review = reviewFor(state, action.ticket);
      const file: ReviewFile = {
        path: clean(action.file),
        kind: action.kind,
        hunks: action.hunks.map((h) => ({ ...h, header: clean(h.header), lines: [] })),
      };
      return { ...state, review: { ...review, files: [...review.files, file] } };
    }
    case "edit.refused": {
      const review = reviewFor(state, action.ticket);
      const refusal = { file: action.file === null ? null : clean(action.file), reason: clean(action.reason) };
      return { ...state, review: { ...review, refusals: [...review.refusals, refusal] } };
    }
    case "review.open": {
      const review = reviewFor(state, action.ticket);
      const files = action.files.map((f) => ({
        ...f,
        path: clean(f.path),
        hunks: f.hunks.map((h) => ({ ...h, header: clean(h.header), lines: h.lines.map(clean) })),
      }));
      return {
        ...state,
        tickets: setStatus(state.tickets, action.ticket, "review", null),
        review: { ...review, files, awaiting: true },
      };
    }
    case "hunk.decision": {
      const review = reviewFor(state, action.ticket);
      return { ...state, review: { ...review, awaiting: false, decisions: { ...review.decisions, [action.hunk]: action.accepted } } };
    }
    case "apply.done":
      return { ...state, tests: { ...testsFor(state, action.ticket), applied: action.files } };
    case "test.start": {
      const tests = testsFor(state, action.ticket);
      const run: TestRun = { command: action.command, passed: null, exitCode: null, durationMs: null };
      return { ...state, tickets: setStatus(state.tickets, action.ticket, "testing", null), tests: { ...tests, runs: [...tests.runs, run] } };
    }
    case "test.done": {
      const tests = testsFor(state, action.ticket);
      const runs = tests.runs.slice();
      const at = runs.map((r) => r.command).lastIndexOf(action.command);
      const done: TestRun = { command: action.command, passed: action.passed, exitCode: action.exitCode, durationMs: action.durationMs };
      if (at >= 0) runs[at] = done;
      else runs.push(done);
      return { ...state, tests: { ...tests, runs } };
    }
    case "rollback.done":
      return { ...state, tests: { ...testsFor(state, action.ticket), restored: action.files } };
    case "commit.done": {
      const commit = { sha: action.sha, message: clean(action.message) };
      return { ...state, tests: { ...testsFor(state, action.ticket), commit }, lastCommit: { ticket: action.ticket, ...commit } };
    }
    case "commit.undone":
      return {
        ...state,
        tickets: setStatus(state.tickets, action.ticket, "pending", `commit ${action.sha.slice(0, 7)} was undone; its files are as before the ticket`),
        lastCommit: null,
        // Its tests' "passed · committed" no longer holds.
        tests: state.tests?.ticket === action.ticket ? null : state.tests,
      };
    case "ticket.retry":
      return {
        ...state,
        tickets: setStatus(state.tickets, action.ticket, "drafting", null),
        prompt: null,
        review: null,
        tests: null,
        notes: [{ level: "info", code: "retry", text: `attempt ${action.attempt}: drafting again, told that ${clean(action.reason)}` }],
      };
    case "failure.open":
      return {
        ...state,
        // The ticket waits for the user now, not for its tests.
        tickets: setStatus(state.tickets, action.ticket, "review", "its tests failed: r retry, x roll back, k keep, E escalate"),
        failure: { ticket: action.ticket, command: clean(action.command), retriesLeft: action.retriesLeft, canEscalate: action.canEscalate },
      };
    case "tickets.add": {
      const known = new Set(state.tickets.map((t) => t.id));
      const added = action.tickets.filter((t) => !known.has(t.id)).map((t) => rowOf(t, new Set()));
      return added.length ? { ...state, tickets: [...state.tickets, ...added] } : state;
    }
    case "endpoint.down":
      return {
        ...state,
        notice: { level: "warn", code: "endpoint_down", text: `worker endpoint ${clean(action.endpoint)} is down (${clean(action.reason)}) — drafts move to the others` },
      };
    case "planning":
      return { ...state, planning: action.status === null ? null : clean(action.status) };
    case "ticket.escalated":
      return {
        ...state,
        tickets: state.tickets.map((t) => (t.id === action.ticket ? { ...t, drafter: "supervisor" } : t)),
        notes: [...state.notes, { level: "info", code: "escalated", text: `escalated: Claude drafts ${action.ticket} now (${clean(action.reason)})` }],
      };
    case "failure.close":
      return state.failure?.ticket === action.ticket ? { ...state, failure: null } : state;
    case "commit.drafting":
      return { ...state, tickets: setStatus(state.tickets, action.ticket, "review", "its tests passed: the commit message is being drafted"), commitBox: { ticket: action.ticket, phase: "drafting", message: "", by: null, reason: null, revision: 0 } };
    case "commit.open":
      return {
        ...state,
        // The box has the keyboard now: a notice from before would hide its keys.
        notice: null,
        tickets: setStatus(state.tickets, action.ticket, "review", "its tests passed: Enter commits, Esc leaves it uncommitted"),
        commitBox: {
          ticket: action.ticket,
          phase: "editing",
          message: clean(action.message),
          by: action.by,
          reason: action.reason === null ? null : clean(action.reason),
          revision: 0,
        },
      };
    case "commit.edited": {
      const box = state.commitBox;
      if (box?.ticket !== action.ticket || box.phase !== "editing") return state;
      return { ...state, commitBox: { ...box, message: clean(action.message), reason: null, revision: box.revision + 1 } };
    }
    case "commit.close": {
      if (state.commitBox?.ticket !== action.ticket) return state;
      const tickets = action.committing ? setStatus(state.tickets, action.ticket, "committing", "the repository's commit hooks run, then the commit") : state.tickets;
      return { ...state, commitBox: null, tickets };
    }
    case "commit.forget":
      return { ...state, lastCommit: null };
    case "review.files": {
      if (state.review?.ticket !== action.ticket) return state;
      const files = action.files.map((f) => ({
        ...f,
        path: clean(f.path),
        hunks: f.hunks.map((h) => ({ ...h, header: clean(h.header), lines: h.lines.map(clean) })),
      }));
      return { ...state, review: { ...state.review, files } };
    }
    case "ticket.done": {
      const reason = action.reason ? clean(action.reason) : null;
      const review = state.review && state.review.ticket === action.ticket ? { ...state.review, awaiting: false } : state.review;
      return {
        ...state,
        tickets: setStatus(state.tickets, action.ticket, FINAL[action.status], reason),
        active: state.active === action.ticket ? null : state.active,
        streaming: state.active === action.ticket ? false : state.streaming,
        review,
      };
    }
    case "warning":
    case "error": {
      const note: Note = { level: action.type === "error" ? "error" : "warn", code: action.code, text: clean(action.message) };
      if (action.ticket === undefined) return { ...state, notice: note };
      if (action.ticket !== state.active) return state;
      return { ...state, notes: [...state.notes, note] };
    }
    case "cockpit.quitting":
      return { ...state, quitting: true };
    default:
      // run.start, worker.token, test.output, run.done: the stores or nobody.
      return state;
  }
}

export function ticketById(state: CockpitState, id: string | null): TicketRow | undefined {
  return id === null ? undefined : state.tickets.find((t) => t.id === id);
}

/** The active ticket's state, or null when nothing runs. */
export function activeState(state: CockpitState): TicketState | null {
  return ticketById(state, state.active)?.status ?? null;
}

function rowOf(t: PlannedTicket, committed: ReadonlySet<string>): TicketRow {
  return {
    id: t.id,
    title: clean(t.title),
    owner: t.owner,
    status: committed.has(t.id) ? "committed" : "pending",
    reason: committed.has(t.id) ? "already committed in this repository" : null,
    drafter: t.owner === "supervisor" ? "supervisor" : "worker",
  };
}

function setStatus(tickets: TicketRow[], id: string, status: TicketState, reason: string | null): TicketRow[] {
  return tickets.map((t) => (t.id === id ? { ...t, status, reason } : t));
}

function reviewFor(state: CockpitState, ticket: string): ReviewState {
  if (state.review && state.review.ticket === ticket) return state.review;
  return { ticket, files: [], refusals: [], awaiting: false, decisions: {} };
}

function testsFor(state: CockpitState, ticket: string): TestsState {
  if (state.tests && state.tests.ticket === ticket) return state.tests;
  return { ticket, runs: [], applied: [], restored: [], commit: null };
}

/** Notices about one ticket's later steps, which a new ticket's start makes stale. */
const ABOUT_ANOTHER_TICKET: ReadonlySet<string> = new Set(["left_uncommitted", "uncommitted_changed", "escalated_to_worker"]);

function clean(text: string): string {
  return sanitizeForTerminal(text);
}
