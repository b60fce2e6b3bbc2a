import { countUndecided, REVIEW_KEYS, whyDisabled, type ReviewAction, type ReviewKey } from "../domain/review/index.js";
import type { FailureChoice } from "../session/ticketDeps.js";
import type { CockpitState } from "./cockpitState.js";
import { activeState } from "./cockpitState.js";
import type { LiveReview } from "./reviewGate.js";
import type { Layout } from "./layout.js";
import { innerHeight } from "./layout.js";
import { PANE_TITLES, PANES, SCROLL_FROM, type PaneId, type ScrollPane, type UiAction, type UiState } from "./uiState.js";

/**
 * Every command of the cockpit as data: id, default keys, what it does, the
 * panes it works in and why it is off right now. The one keypress
 * dispatcher, the status bar and the `?` help all read this list, so a key
 * cannot work without being listed, nor be listed without working.
 */

/** Where a key is looked up: the focused pane, the help screen while it is open, or a y/n question. */
export type Scope = PaneId | "help" | "confirm";
/** "global" = in every pane (not on the help screen, which lists its own). */
export type Where = Scope | "global";

export interface CockpitActions {
  ui(action: UiAction): void;
  /** Starts a ticket; returns why it could not, or null. */
  start(ticketId: string): string | null;
  abort(): void;
  /** One hunk-reviewer key (y, n, a, d, j, k, J, K, s, u; g and / once their text is typed). */
  review(action: ReviewAction): void;
  /** A / X: every undecided hunk. */
  reviewRemaining(accept: boolean): void;
  /** Enter with every hunk decided: write the accepted ones. */
  applyReview(): void;
  /** e: the selected hunk in $EDITOR. */
  editHunk(): void;
  /** r, x, k, E after failing tests. */
  afterFailure(choice: FailureChoice): void;
  /** U, confirmed. */
  undoCommit(): void;
  /** p, once the request is typed. */
  plan(request: string): void;
  quit(): void;
}

export interface CommandContext {
  ui: UiState;
  session: CockpitState;
  /** The draft under review, while it waits for decisions. */
  review: LiveReview | null;
  layout: Layout;
  /** How far each scrolling pane can move away from its anchor (SCROLL_FROM) now. */
  scrollMax(pane: ScrollPane): number;
  /** How far the help screen can scroll. */
  helpMax(): number;
  actions: CockpitActions;
  /** False when Claude cannot plan here (no API key): p says so before a request is typed. */
  canPlan?: boolean;
}

export interface Command {
  id: string;
  keys: readonly string[];
  description: string;
  /** One or two words for the status bar. */
  label: string;
  where: readonly Where[];
  /** Listed in help only: the status bar has room for the common keys. */
  helpOnly?: boolean;
  /** Works only in a mode (a draft under review, failed tests waiting); otherwise its key falls to the next command that has it. */
  modal?: boolean;
  /** Why the command does nothing now, or null when it works. */
  disabled?: (ctx: CommandContext) => string | null;
  run(ctx: CommandContext): void;
}

const SCROLLING: readonly Where[] = ["worker", "review", "tests"];

const scrollPane = (ctx: CommandContext): ScrollPane => ctx.ui.focus as ScrollPane;
const pageOf = (ctx: CommandContext): number => Math.max(1, innerHeight(ctx.layout.panes[ctx.ui.focus]) - 1);

// Not "off when everything is in view": the status bar is drawn per session change, not per token, and would lag.
function scrollOff(ctx: CommandContext): string | null {
  return ctx.ui.focus === "worker" && ctx.session.streaming ? "the draft follows its tail while it streams" : null;
}

/** Scrolls `rows` towards the end (negative: towards the start), whichever end the pane counts from. */
const scroll = (rows: (ctx: CommandContext) => number) => (ctx: CommandContext) => {
  const pane = scrollPane(ctx);
  const towardsEnd = rows(ctx);
  const delta = SCROLL_FROM[pane] === "end" ? -towardsEnd : towardsEnd;
  ctx.actions.ui({ type: "scroll", pane, delta, max: ctx.scrollMax(pane) });
};
const all = (ctx: CommandContext) => ctx.scrollMax(scrollPane(ctx));

const noTickets = (ctx: CommandContext) => (ctx.session.tickets.length === 0 ? "the plan has no tickets" : null);
const select = (delta: (ctx: CommandContext) => number) => (ctx: CommandContext) =>
  ctx.actions.ui({ type: "select", delta: delta(ctx), count: ctx.session.tickets.length });

/** What the open ticket needs before another can start: the user's word, or time (Esc stops it). */
function whatItWaitsFor(ctx: CommandContext): string {
  if (ctx.review) return "decide its hunks first (X rejects the rest, then Enter)";
  if (ctx.session.failure) return "its tests failed: r, x, k or E first";
  if (ctx.session.commitBox) return "commit it (Enter) or leave it uncommitted (Esc) first";
  return "wait for it, or Esc to abort it";
}

function startOff(ctx: CommandContext): string | null {
  if (ctx.session.quitting) return "haco is quitting";
  if (ctx.session.tickets.length === 0) return "the plan has no tickets";
  if (ctx.session.active) return `${ctx.session.active} is still open — ${whatItWaitsFor(ctx)}`;
  return null;
}

function abortOff(ctx: CommandContext): string | null {
  // Failed tests wait for r / x / k / E; Esc would pick the roll-back without saying so.
  if (ctx.session.failure) return "the tests failed: r retries, x rolls back, k keeps the changes, E escalates";
  const state = activeState(ctx.session);
  return state === "drafting" || state === "testing" ? null : "no draft or test is running";
}

const liveOff = (ctx: CommandContext) => (ctx.review ? null : "no draft is waiting for a decision");
const noneUndecided = (ctx: CommandContext) => (countUndecided(ctx.review!.state) === 0 ? "every hunk is decided — Enter applies" : null);
function undecidedLeft(ctx: CommandContext): string | null {
  const left = countUndecided(ctx.review!.state);
  return left === 0 ? null : `${left} hunk${left === 1 ? " is" : "s are"} still undecided — y accepts, n rejects (a / d: the rest of the file)`;
}
const failureOff = (ctx: CommandContext) => (ctx.session.failure ? null : "no failed test is waiting for a decision");

/** The status bar has room for the keys of a decision; the moves are in `?`. */
const REVIEW_STATUS_KEYS = new Set(["y", "n", "a", "d", "s", "e", "u"]);

function reviewCommand(key: ReviewKey): Command {
  const run = (ctx: CommandContext): void => {
    if (key.action === "goto" || key.action === "search") ctx.actions.ui({ type: "input", kind: key.action });
    else if (key.action === "setLines") ctx.actions.editHunk();
    else ctx.actions.review({ type: key.action } as ReviewAction);
  };
  return {
    id: `review.${key.action}`,
    keys: [key.key],
    description: key.description.charAt(0).toUpperCase() + key.description.slice(1),
    label: key.label,
    where: ["review"],
    modal: true,
    helpOnly: !REVIEW_STATUS_KEYS.has(key.key),
    disabled: (ctx) => liveOff(ctx) ?? whyDisabled(ctx.review!.state, key.action),
    run,
  };
}

const focusPane = (pane: PaneId, n: number): Command => ({
  id: `pane.${pane}`,
  keys: [String(n)],
  description: `Focus the ${PANE_TITLES[pane]} pane`,
  label: PANE_TITLES[pane].toLowerCase(),
  where: ["global"],
  helpOnly: true,
  run: (ctx) => ctx.actions.ui({ type: "focus", pane }),
});

export const COMMANDS: readonly Command[] = [
  // Tickets
  {
    id: "ticket.start",
    keys: ["enter"],
    description: "Start the selected ticket: draft, review, apply, test, commit",
    label: "start",
    where: ["tickets"],
    disabled: startOff,
    run: (ctx) => void ctx.actions.start(ctx.session.tickets[ctx.ui.selected]!.id),
  },
  {
    id: "tickets.down",
    keys: ["j", "down"],
    description: "Select the next ticket",
    label: "move",
    where: ["tickets"],
    disabled: noTickets,
    run: select(() => 1),
  },
  {
    id: "tickets.up",
    keys: ["k", "up"],
    description: "Select the previous ticket",
    label: "move",
    where: ["tickets"],
    disabled: noTickets,
    run: select(() => -1),
  },
  {
    id: "tickets.first",
    keys: ["g", "home"],
    description: "Select the first ticket",
    label: "first",
    where: ["tickets"],
    helpOnly: true,
    disabled: noTickets,
    run: (ctx) => ctx.actions.ui({ type: "select.to", index: 0, count: ctx.session.tickets.length }),
  },
  {
    id: "tickets.last",
    keys: ["G", "end"],
    description: "Select the last ticket",
    label: "last",
    where: ["tickets"],
    helpOnly: true,
    disabled: noTickets,
    run: (ctx) => ctx.actions.ui({ type: "select.to", index: ctx.session.tickets.length - 1, count: ctx.session.tickets.length }),
  },
  // Review: the hunk reviewer's keys come from its own list (src/domain/review/reviewKeys.ts).
  ...REVIEW_KEYS.map(reviewCommand),
  {
    id: "review.acceptRemaining",
    keys: ["A"],
    description: "Accept every undecided hunk of the draft",
    label: "accept rest",
    where: ["review"],
    modal: true,
    helpOnly: true,
    disabled: (ctx) => liveOff(ctx) ?? noneUndecided(ctx),
    run: (ctx) => ctx.actions.reviewRemaining(true),
  },
  {
    id: "review.rejectRemaining",
    keys: ["X"],
    description: "Reject every undecided hunk of the draft",
    label: "reject rest",
    where: ["review"],
    modal: true,
    helpOnly: true,
    disabled: (ctx) => liveOff(ctx) ?? noneUndecided(ctx),
    run: (ctx) => ctx.actions.reviewRemaining(false),
  },
  {
    id: "review.apply",
    keys: ["enter"],
    description: "Every hunk decided: write the accepted hunks, then run the ticket's tests",
    label: "apply",
    where: ["review"],
    modal: true,
    disabled: (ctx) => liveOff(ctx) ?? undecidedLeft(ctx),
    run: (ctx) => ctx.actions.applyReview(),
  },
  // Tests: what to do when the tests failed (before the Tests pane's own scrolling keys).
  {
    id: "failure.retry",
    keys: ["r"],
    description: "Tests failed: restore the files and let the worker draft again, told what failed and what you rejected",
    label: "retry",
    where: ["tests"],
    modal: true,
    disabled: (ctx) => failureOff(ctx) ?? (ctx.session.failure!.retriesLeft > 0 ? null : "no retry left (review.retries in .haco/config.yaml)"),
    run: (ctx) => ctx.actions.afterFailure("retry"),
  },
  {
    id: "failure.rollback",
    keys: ["x"],
    description: "Tests failed: restore the files byte for byte",
    label: "roll back",
    where: ["tests"],
    modal: true,
    disabled: failureOff,
    run: (ctx) => ctx.actions.afterFailure("rollback"),
  },
  {
    id: "failure.keep",
    keys: ["k"],
    description: "Tests failed: keep the changes on disk, uncommitted",
    label: "keep",
    where: ["tests"],
    modal: true,
    disabled: failureOff,
    run: (ctx) => ctx.actions.afterFailure("keep"),
  },
  {
    id: "failure.escalate",
    keys: ["E"],
    description: "Tests failed: restore the files and mark the ticket for the supervisor",
    label: "escalate",
    where: ["tests"],
    modal: true,
    disabled: failureOff,
    run: (ctx) => ctx.actions.afterFailure("escalate"),
  },
  // Scrolling (Worker, Review, Tests)
  {
    id: "scroll.down",
    keys: ["j", "down"],
    description: "Scroll down one row",
    label: "scroll",
    where: SCROLLING,
    disabled: scrollOff,
    run: scroll(() => 1),
  },
  {
    id: "scroll.up",
    keys: ["k", "up"],
    description: "Scroll up one row",
    label: "scroll",
    where: SCROLLING,
    disabled: scrollOff,
    run: scroll(() => -1),
  },
  {
    id: "scroll.pageDown",
    keys: ["pagedown", "ctrl+d"],
    description: "Scroll down one page",
    label: "page",
    where: SCROLLING,
    helpOnly: true,
    disabled: scrollOff,
    run: scroll((ctx) => pageOf(ctx)),
  },
  {
    id: "scroll.pageUp",
    keys: ["pageup", "ctrl+u"],
    description: "Scroll up one page",
    label: "page",
    where: SCROLLING,
    helpOnly: true,
    disabled: scrollOff,
    run: scroll((ctx) => -pageOf(ctx)),
  },
  {
    id: "scroll.top",
    keys: ["g", "home"],
    description: "Scroll to the start",
    label: "top",
    where: SCROLLING,
    helpOnly: true,
    disabled: scrollOff,
    run: scroll((ctx) => -all(ctx)),
  },
  {
    id: "scroll.bottom",
    keys: ["G", "end"],
    description: "Scroll to the end",
    label: "end",
    where: SCROLLING,
    helpOnly: true,
    disabled: scrollOff,
    run: scroll(all),
  },
  // Everywhere
  {
    id: "plan.request",
    keys: ["p"],
    description: "Plan with Claude: type a request; its tickets join the list (needs ANTHROPIC_API_KEY)",
    label: "plan",
    where: ["global"],
    helpOnly: true,
    disabled: (ctx) =>
      ctx.canPlan === false
        ? "no Anthropic API key: set ANTHROPIC_API_KEY to plan with Claude (tickets written by hand work without one)"
        : ctx.session.planning
          ? "Claude is still planning the last request"
          : null,
    run: (ctx) => ctx.actions.ui({ type: "input", kind: "plan" }),
  },
  {
    id: "commit.undo",
    keys: ["U"],
    description: "Undo the last commit haco made (asks first; only while HEAD is that commit and its files are unchanged)",
    label: "undo commit",
    where: ["global"],
    helpOnly: true,
    disabled: (ctx) => {
      if (ctx.session.active) return `${ctx.session.active} is running`;
      return ctx.session.lastCommit ? null : "haco has made no commit in this cockpit that could be undone";
    },
    run: (ctx) => ctx.actions.ui({ type: "confirm", question: "undoCommit" }),
  },
  {
    id: "ticket.abort",
    keys: ["esc"],
    description: "Abort the running draft (cancelled at the server) or test (files restored)",
    label: "abort",
    where: ["global"],
    disabled: abortOff,
    run: (ctx) => ctx.actions.abort(),
  },
  {
    id: "pane.next",
    keys: ["tab"],
    description: "Focus the next pane",
    label: "pane",
    where: ["global"],
    run: (ctx) => ctx.actions.ui({ type: "focus.cycle", delta: 1 }),
  },
  {
    id: "pane.previous",
    keys: ["shift+tab"],
    description: "Focus the previous pane",
    label: "pane",
    where: ["global"],
    helpOnly: true,
    run: (ctx) => ctx.actions.ui({ type: "focus.cycle", delta: -1 }),
  },
  ...PANES.map((pane, i) => focusPane(pane, i + 1)),
  {
    id: "app.help",
    keys: ["?"],
    description: "Show or hide every key",
    label: "help",
    where: ["global", "help"],
    run: (ctx) => ctx.actions.ui({ type: "help.toggle" }),
  },
  {
    id: "app.quit",
    keys: ["q", "ctrl+c"],
    description:
      "Quit (a running draft or test is stopped and its files restored, as are the files of failed tests still waiting for r/x/k/E; a tested change waiting for its commit message stays, uncommitted)",
    label: "quit",
    where: ["global", "help", "confirm"],
    disabled: (ctx) => (ctx.session.quitting ? "already quitting" : null),
    run: (ctx) => ctx.actions.quit(),
  },
  // A y/n question
  {
    id: "confirm.yes",
    keys: ["y"],
    description: "Yes: undo the commit",
    label: "yes",
    where: ["confirm"],
    run: (ctx) => {
      ctx.actions.ui({ type: "confirm", question: null });
      ctx.actions.undoCommit();
    },
  },
  {
    id: "confirm.no",
    keys: ["n", "esc"],
    description: "No: leave it",
    label: "no",
    where: ["confirm"],
    run: (ctx) => ctx.actions.ui({ type: "confirm", question: null }),
  },
  // Help screen
  {
    id: "help.close",
    keys: ["esc"],
    description: "Close the help",
    label: "close",
    where: ["help"],
    run: (ctx) => ctx.actions.ui({ type: "help.toggle" }),
  },
  {
    id: "help.down",
    keys: ["j", "down"],
    description: "Scroll the help down",
    label: "scroll",
    where: ["help"],
    run: (ctx) => ctx.actions.ui({ type: "help.scroll", delta: 1, max: ctx.helpMax() }),
  },
  {
    id: "help.up",
    keys: ["k", "up"],
    description: "Scroll the help up",
    label: "scroll",
    where: ["help"],
    run: (ctx) => ctx.actions.ui({ type: "help.scroll", delta: -1, max: ctx.helpMax() }),
  },
];

export function scopeOf(ui: UiState): Scope {
  return ui.help ? "help" : ui.confirm ? "confirm" : ui.focus;
}

/** Scopes that answer only their own keys: a question or the help screen takes the keyboard. */
const CLOSED: readonly Scope[] = ["help", "confirm"];

/** Every command a key may mean in a scope, in the order they are tried: the scope's own commands, then the global ones. */
export function candidates(registry: readonly Command[], scope: Scope, key: string): Command[] {
  const own = registry.filter((c) => c.where.includes(scope) && c.keys.includes(key));
  if (CLOSED.includes(scope)) return own;
  return [...own, ...registry.filter((c) => c.where.includes("global") && c.keys.includes(key))];
}

/** The command a key means now: the first that works (k is "keep" while failed tests wait, else a scroll), else the first. */
export function findCommand(registry: readonly Command[], scope: Scope, key: string, ctx?: CommandContext): Command | undefined {
  const all = candidates(registry, scope, key);
  return (ctx && all.find((c) => !c.disabled?.(ctx))) ?? all[0];
}

export type Dispatched = { command: Command; ran: boolean; reason: string | null } | null;

/** The one keypress dispatcher: runs the key's command, or says why it is off. Unknown keys do nothing. */
export function dispatchKey(registry: readonly Command[], key: string, ctx: CommandContext): Dispatched {
  const command = findCommand(registry, scopeOf(ctx.ui), key, ctx);
  if (!command) return null;
  const reason = command.disabled?.(ctx) ?? null;
  if (reason) return { command, ran: false, reason };
  command.run(ctx);
  return { command, ran: true, reason: null };
}

