/**
 * What the human is looking at: the focused pane, the selected ticket, how
 * far each pane is scrolled, the help screen. Pure, and separate from the
 * session state so that a key press never touches what the session reported.
 */

export const PANES = ["tickets", "worker", "review", "tests"] as const;
export type PaneId = (typeof PANES)[number];

export const PANE_TITLES: Record<PaneId, string> = {
  tickets: "Tickets",
  worker: "Worker",
  review: "Review",
  tests: "Tests",
};

/** Panes whose content scrolls (Tickets moves a selection instead). */
export type ScrollPane = Exclude<PaneId, "tickets">;

/** Where a pane's scroll offset counts from: the live panes follow their tail, the review reads from its top. */
export const SCROLL_FROM: Record<ScrollPane, "start" | "end"> = { worker: "end", tests: "end", review: "start" };

export interface UiState {
  focus: PaneId;
  selected: number;
  /** Rows scrolled away from the pane's anchor (SCROLL_FROM); 0 follows a live pane's tail. */
  scroll: Record<ScrollPane, number>;
  help: boolean;
  /** Rows scrolled down from the top of the help screen. */
  helpScroll: number;
  /** A one-shot message for the status bar (why a key did nothing); cleared by the next key. */
  notice: string | null;
  /** A line of text being typed for the reviewer: `g` (a hunk number) or `/` (a search). */
  input: InputKind | null;
  /** Text that arrived in the same read as the key that opened the field ("g3"): the field starts with it. */
  inputTyped: string;
  /** A question the next key answers (y / n). */
  confirm: "undoCommit" | null;
}

export type InputKind = "goto" | "search" | "plan";

export type UiAction =
  | { type: "focus"; pane: PaneId }
  | { type: "focus.cycle"; delta: 1 | -1 }
  | { type: "select"; delta: number; count: number }
  | { type: "select.to"; index: number; count: number }
  | { type: "scroll"; pane: ScrollPane; delta: number; max: number }
  | { type: "scroll.reset"; pane: ScrollPane }
  | { type: "help.toggle" }
  | { type: "help.close" }
  | { type: "help.scroll"; delta: number; max: number }
  | { type: "notice"; text: string | null }
  /** Opens or closes the text field; a function keeps or drops the one that is open. */
  | { type: "input"; kind: InputKind | null | ((open: InputKind | null) => InputKind | null) }
  | { type: "input.typed"; text: string }
  | { type: "confirm"; question: "undoCommit" | null };

export function initialUiState(): UiState {
  return { focus: "tickets", selected: 0, scroll: { worker: 0, review: 0, tests: 0 }, help: false, helpScroll: 0, notice: null, input: null, inputTyped: "", confirm: null };
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case "focus":
      return state.focus === action.pane ? state : { ...state, focus: action.pane };
    case "focus.cycle": {
      const at = PANES.indexOf(state.focus);
      return { ...state, focus: PANES[(at + action.delta + PANES.length) % PANES.length]! };
    }
    case "select": {
      const selected = clamp(state.selected + action.delta, 0, Math.max(0, action.count - 1));
      return selected === state.selected ? state : { ...state, selected };
    }
    case "select.to": {
      const selected = clamp(action.index, 0, Math.max(0, action.count - 1));
      return selected === state.selected ? state : { ...state, selected };
    }
    case "scroll": {
      // Positive delta moves away from the anchor.
      const offset = clamp(state.scroll[action.pane] + action.delta, 0, Math.max(0, action.max));
      return offset === state.scroll[action.pane] ? state : { ...state, scroll: { ...state.scroll, [action.pane]: offset } };
    }
    case "scroll.reset":
      return state.scroll[action.pane] === 0 ? state : { ...state, scroll: { ...state.scroll, [action.pane]: 0 } };
    case "help.toggle":
      return { ...state, help: !state.help, helpScroll: 0 };
    case "help.close":
      return state.help ? { ...state, help: false, helpScroll: 0 } : state;
    case "help.scroll": {
      const helpScroll = clamp(state.helpScroll + action.delta, 0, Math.max(0, action.max));
      return helpScroll === state.helpScroll ? state : { ...state, helpScroll };
    }
    case "notice":
      return state.notice === action.text ? state : { ...state, notice: action.text };
    case "input": {
      const input = typeof action.kind === "function" ? action.kind(state.input) : action.kind;
      return state.input === input ? state : { ...state, input, inputTyped: "" };
    }
    case "input.typed":
      return state.input === null ? state : { ...state, inputTyped: action.text };
    case "confirm":
      return state.confirm === action.question ? state : { ...state, confirm: action.question };
  }
}
