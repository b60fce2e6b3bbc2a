import { describe, expect, it } from "vitest";
import type { Key } from "ink";
import { stamp } from "../../src/domain/events/events.js";
import { cockpitReducer, initialCockpitState, type CockpitState } from "../../src/tui/cockpitState.js";
import { COMMANDS, dispatchKey, findCommand, type CockpitActions, type CommandContext } from "../../src/tui/commands.js";
import { helpRows, helpSections, keyConflicts, statusHints, TEXT_FIELD_SECTIONS } from "../../src/tui/commandViews.js";
import { displayKey, keyName } from "../../src/tui/keys.js";
import { computeLayout } from "../../src/tui/layout.js";
import { initialUiState, uiReducer, type PaneId, type UiAction, type UiState } from "../../src/tui/uiState.js";
import type { LiveReview } from "../../src/tui/reviewGate.js";
import { press, twoFiles } from "../domain/review/reviewHelpers.js";

const tickets = [
  { id: "T-001", title: "One", owner: "worker" },
  { id: "T-002", title: "Two", owner: "worker" },
];

/** A context whose actions record what they were asked, and apply UI actions to its own state. */
function context(overrides: { ui?: Partial<UiState>; session?: CockpitState; scrollMax?: number; review?: LiveReview } = {}) {
  const calls: string[] = [];
  const ctx: CommandContext & { calls: string[] } = {
    calls,
    ui: { ...initialUiState(), ...overrides.ui },
    session: overrides.session ?? initialCockpitState(tickets),
    review: overrides.review ?? null,
    layout: computeLayout(100, 30, overrides.ui?.focus ?? "tickets"),
    scrollMax: () => overrides.scrollMax ?? 40,
    helpMax: () => 10,
    actions: {
      ui: (action: UiAction) => {
        calls.push(`ui:${action.type}`);
        ctx.ui = uiReducer(ctx.ui, action);
      },
      start: (id) => (calls.push(`start:${id}`), null),
      abort: () => void calls.push("abort"),
      review: (action) => void calls.push(`review:${action.type}`),
      reviewRemaining: (accept) => void calls.push(`remaining:${accept}`),
      applyReview: () => void calls.push("apply"),
      editHunk: () => void calls.push("edit"),
      afterFailure: (choice) => void calls.push(`failure:${choice}`),
      undoCommit: () => void calls.push("undoCommit"),
      plan: (request) => void calls.push(`plan:${request}`),
      quit: () => void calls.push("quit"),
    } satisfies CockpitActions,
  };
  return ctx;
}

const drafting = () =>
  [
    stamp({ type: "ticket.start", ticket: "T-001", title: "One", owner: "worker" }),
    stamp({ type: "worker.start", ticket: "T-001", model: "m", host: "http://h" }),
  ].reduce(cockpitReducer, initialCockpitState(tickets));

describe("the command registry", () => {
  it("binds no key twice in one place, and describes every command", () => {
    expect(keyConflicts(COMMANDS)).toEqual([]);
    expect(new Set(COMMANDS.map((c) => c.id)).size).toBe(COMMANDS.length);
    for (const command of COMMANDS) {
      expect(command.keys.length, command.id).toBeGreaterThan(0);
      expect(command.description.length, command.id).toBeGreaterThan(10);
      expect(command.label.length, command.id).toBeGreaterThan(0);
      expect(command.where.length, command.id).toBeGreaterThan(0);
    }
  });

  it("finds a pane's own command before a global one, and nothing global on the help screen", () => {
    expect(findCommand(COMMANDS, "tickets", "j")!.id).toBe("tickets.down");
    expect(findCommand(COMMANDS, "worker", "j")!.id).toBe("scroll.down");
    expect(findCommand(COMMANDS, "review", "A")!.id).toBe("review.acceptRemaining");
    expect(findCommand(COMMANDS, "tickets", "A")).toBeUndefined();
    expect(findCommand(COMMANDS, "help", "esc")!.id).toBe("help.close");
    expect(findCommand(COMMANDS, "help", "tab")).toBeUndefined();
    expect(findCommand(COMMANDS, "help", "q")!.id).toBe("app.quit");
  });
});

describe("dispatchKey", () => {
  it("runs the key's command in the focused pane", () => {
    const ctx = context();
    dispatchKey(COMMANDS, "j", ctx);
    expect(ctx.ui.selected).toBe(1);
    dispatchKey(COMMANDS, "enter", ctx);
    expect(ctx.calls).toContain("start:T-002");
    dispatchKey(COMMANDS, "3", ctx);
    expect(ctx.ui.focus).toBe("review");
    dispatchKey(COMMANDS, "tab", ctx);
    expect(ctx.ui.focus).toBe("tests");
    dispatchKey(COMMANDS, "shift+tab", ctx);
    expect(ctx.ui.focus).toBe("review");
    dispatchKey(COMMANDS, "q", ctx);
    expect(ctx.calls).toContain("quit");
    expect(dispatchKey(COMMANDS, "z", ctx)).toBeNull();
  });

  it("says why a command is off instead of running it", () => {
    const ctx = context({ ui: { focus: "review" } });
    expect(dispatchKey(COMMANDS, "A", ctx)).toMatchObject({ ran: false, reason: "no draft is waiting for a decision" });
    expect(dispatchKey(COMMANDS, "esc", ctx)).toMatchObject({ ran: false, reason: "no draft or test is running" });
    const busy = context({ session: drafting() });
    expect(dispatchKey(COMMANDS, "enter", busy)).toMatchObject({ ran: false, reason: "T-001 is still open — wait for it, or Esc to abort it" });
    expect(dispatchKey(COMMANDS, "esc", busy)).toMatchObject({ ran: true });
    expect(busy.calls).toContain("abort");
    const empty = context({ session: initialCockpitState([]) });
    expect(dispatchKey(COMMANDS, "enter", empty)).toMatchObject({ ran: false, reason: "the plan has no tickets" });
  });

  it("does not scroll the draft while it streams; scrolls it back from the tail once done", () => {
    const streaming = context({ ui: { focus: "worker" }, session: drafting() });
    expect(dispatchKey(COMMANDS, "k", streaming)).toMatchObject({ ran: false, reason: "the draft follows its tail while it streams" });
    const done = context({ ui: { focus: "worker" } });
    dispatchKey(COMMANDS, "k", done);
    expect(done.ui.scroll.worker).toBe(1);
    dispatchKey(COMMANDS, "g", done);
    expect(done.ui.scroll.worker).toBe(40);
    dispatchKey(COMMANDS, "G", done);
    expect(done.ui.scroll.worker).toBe(0);
  });

  it("scrolls the review from its top", () => {
    const ctx = context({ ui: { focus: "review" } });
    dispatchKey(COMMANDS, "j", ctx);
    dispatchKey(COMMANDS, "pagedown", ctx);
    expect(ctx.ui.scroll.review).toBeGreaterThan(1);
    dispatchKey(COMMANDS, "g", ctx);
    expect(ctx.ui.scroll.review).toBe(0);
  });

  it("opens, scrolls and closes the help", () => {
    const ctx = context();
    dispatchKey(COMMANDS, "?", ctx);
    expect(ctx.ui.help).toBe(true);
    dispatchKey(COMMANDS, "j", ctx);
    expect(ctx.ui.helpScroll).toBe(1);
    expect(ctx.ui.selected).toBe(0);
    dispatchKey(COMMANDS, "esc", ctx);
    expect(ctx.ui.help).toBe(false);
  });
});

describe("status bar and help, generated from the registry", () => {
  const hints = (focus: PaneId, session?: CockpitState) => statusHints(COMMANDS, context({ ui: { focus }, session })).map((h) => `${h.keys} ${h.label}`);

  it("lists the keys that work in the focused pane now", () => {
    expect(hints("tickets")).toEqual(["Enter start", "j/k move", "Tab pane", "? help", "q quit"]);
    expect(hints("review")).toEqual(["j/k scroll", "Tab pane", "? help", "q quit"]);
    expect(hints("worker", drafting())).toEqual(["Esc abort", "Tab pane", "? help", "q quit"]);
  });

  it("lists the reviewer's keys while a draft waits, and Enter once every hunk is decided", () => {
    const { state } = twoFiles();
    const reviewing = (s = state) => statusHints(COMMANDS, context({ ui: { focus: "review" }, review: live(s) })).map((h) => `${h.keys} ${h.label}`);
    // These hunks have one change each: s (split) has nothing to split, so it is not offered.
    expect(reviewing()).toEqual(["y accept", "n reject", "a accept file", "d reject file", "e edit", "↓/↑ scroll", "Tab pane", "? help", "q quit"]);
    const decided = press(state, "accept", "accept", "reject", "accept", "accept");
    expect(reviewing(decided)).toContain("Enter apply");
    expect(reviewing(decided)).toContain("u undo");
  });

  it("shows every command in the help, with why it is off", () => {
    const sections = helpSections(COMMANDS, context({ ui: { focus: "review" } }));
    const entries = sections.slice(0, -TEXT_FIELD_SECTIONS.length).flatMap((s) => s.entries);
    expect(entries).toHaveLength(COMMANDS.length);
    expect(sections.map((s) => s.title)).toEqual(["Tickets", "Review", "Tests", "Worker, Review, Tests", "Everywhere", "A y/n question", "Help screen", "Commit message box", "Text fields (g, /, p)"]);
    expect(entries.find((e) => e.keys === "A")!.disabled).toBe("no draft is waiting for a decision");
    // Commands of another pane do not claim to be off here.
    expect(entries.find((e) => e.keys === "Enter")!.disabled).toBeNull();
    const text = helpRows(sections).map((row) => row.map((s) => s.text).join(""));
    for (const command of COMMANDS) expect(text.some((line) => line.includes(command.description))).toBe(true);
    // The commit box's keys, which the status bar shows only while the box is open, are in the help too.
    expect(text.some((line) => line.includes("Tab") && line.includes("in $EDITOR"))).toBe(true);
  });

  it("wraps long help entries under themselves instead of cutting them at the pane's edge", () => {
    const sections = helpSections(COMMANDS, context({ ui: { focus: "review" } }));
    const rows = helpRows(sections, 60).map((row) => row.map((s) => s.text).join(""));
    expect(Math.max(...rows.map((r) => r.length))).toBeLessThanOrEqual(60);
    // Every word of every description is still there, in order.
    const words = rows.join(" ").split(/\s+/).join(" ");
    for (const command of COMMANDS) expect(words).toContain(command.description.split(/\s+/).join(" "));
  });
});

describe("key names", () => {
  const key = (over: Partial<Key>): Key =>
    ({ upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false, ...over }) as Key;

  it("names keys the way the registry lists them", () => {
    expect(keyName("j", key({}))).toBe("j");
    expect(keyName("A", key({ shift: true }))).toBe("A");
    expect(keyName("", key({ return: true }))).toBe("enter");
    // Typed before raw mode was on: the terminal sent a newline.
    expect(keyName("\n", key({}))).toBe("enter");
    expect(keyName("", key({ escape: true }))).toBe("esc");
    expect(keyName("", key({ tab: true, shift: true }))).toBe("shift+tab");
    expect(keyName("c", key({ ctrl: true }))).toBe("ctrl+c");
    expect(keyName("", key({ downArrow: true }))).toBe("down");
    expect(keyName("pasted text", key({}))).toBeNull();
    expect(displayKey("ctrl+c")).toBe("^C");
    expect(displayKey("down")).toBe("↓");
  });
});

function live(state: LiveReview["state"]): LiveReview {
  return { ticket: "T-001", title: "One", criteria: [], state, refusals: [] };
}
