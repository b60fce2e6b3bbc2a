import { Profiler, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useSyncExternalStore, type ReactNode } from "react";
import { Box } from "ink";
import type { ReviewAction } from "../src/domain/review/index.js";
import type { FailureChoice } from "../src/session/ticketDeps.js";
import type { LiveReview } from "../src/tui/reviewGate.js";
import { activeState, type CockpitAction, type CockpitState } from "../src/tui/cockpitState.js";
import { COMMANDS, dispatchKey, type CockpitActions, type Command, type CommandContext } from "../src/tui/commands.js";
import { helpRows, helpSections, statusHints } from "../src/tui/commandViews.js";
import { computeLayout, innerHeight, innerWidth, type PaneBox } from "../src/tui/layout.js";
import type { ReducerStore } from "../src/tui/reducerStore.js";
import { reviewRows } from "../src/tui/reviewRows.js";
import { liveReviewRows } from "../src/tui/liveReviewRows.js";
import { countHunks, REVIEW_KEYS } from "../src/domain/review/index.js";
import { scrollMax } from "../src/tui/scrolling.js";
import type { TestLogStore } from "../src/tui/testLog.js";
import { initialUiState, uiReducer, type InputKind, type PaneId, type ScrollPane } from "../src/tui/uiState.js";
import { useKeypress } from "../src/tui/useKeypress.js";
import { useReducerStore } from "../src/tui/useStores.js";
import { useTerminalSize } from "../src/tui/useTerminalSize.js";
import { workerPaneRows } from "../src/tui/workerStats.js";
import type { WorkerStreamStore } from "../src/tui/workerStream.js";
import { CommitBox, COMMIT_BOX_ROWS } from "./CommitBox.js";
import { HelpScreen } from "./HelpScreen.js";
import { InputBar } from "./InputBar.js";
import { ReviewPane } from "./ReviewPane.js";
import { StatusBar } from "./StatusBar.js";
import { TestsPane } from "./TestsPane.js";
import { TicketsPane } from "./TicketsPane.js";
import { TooSmall } from "./TooSmall.js";
import { WorkerPane } from "./WorkerPane.js";

/** What the cockpit can ask of the outside world (the controller and the app's exit). */
export interface CockpitControls {
  start(ticketId: string): string | null;
  abort(): void;
  review(action: ReviewAction): void;
  reviewRemaining(accept: boolean): void;
  applyReview(): void;
  /** e; resolves with a note for the status bar (a cancelled edit, a missing editor), or null. */
  editHunk(): Promise<string | null>;
  afterFailure(choice: FailureChoice): void;
  /** The commit box's Enter (the message) or Esc (null). */
  commit(message: string | null): void;
  /** Tab in the commit box: the whole message in the editor; resolves with a note for the status bar, or null. */
  editCommitMessage(message: string): Promise<string | null>;
  undoCommit(): void;
  /** p: Claude plans the request; returns why it cannot, or null. */
  plan(request: string): string | null;
  quit(): void;
}

/** The draft under review, read as an external store (it changes per reviewer key, not per session event). */
export interface ReviewSource {
  subscribe(listener: () => void): () => void;
  getSnapshot(): LiveReview | null;
}

const COMMIT_BOX_HINTS = [
  { keys: "Enter", label: "commit" },
  { keys: "Esc", label: "leave uncommitted" },
  // Last but quit: on a narrow screen the hints that do not fit are dropped from the end.
  { keys: "Tab", label: "whole message in $EDITOR" },
  { keys: "^C", label: "quit" },
];

const REVIEWER_KEYS: ReadonlySet<string> = new Set(REVIEW_KEYS.map((k) => k.key));

const NO_FIGURES = { subscribe: () => () => undefined, getSnapshot: (): string | null => null };

const NO_REVIEW: ReviewSource = { subscribe: () => () => undefined, getSnapshot: () => null };

export interface CockpitInfo {
  repo: string;
  branch: string | null;
  model: string;
  host: string;
  /** The plan's name, or how to write one. */
  planNote: string;
  hasPlan: boolean;
  /** False without an Anthropic API key: p says so before anything is typed. */
  canPlan?: boolean;
}

export interface CockpitProps {
  session: ReducerStore<CockpitState, CockpitAction>;
  stream: WorkerStreamStore;
  tests: TestLogStore;
  controls: CockpitControls;
  reviewer?: ReviewSource;
  /** The session's figures for the status bar (haco stats over this session). */
  figures?: { subscribe(listener: () => void): () => void; getSnapshot(): string | null };
  info: CockpitInfo;
  registry?: readonly Command[];
  /** Called whenever a pane's subtree re-renders (React Profiler): tests and benchmarks count renders with it. */
  onPaneRender?: (pane: PaneId | "status") => void;
}

/**
 * The root: lays the panes out for the terminal's size, owns the UI state
 * (focus, selection, scroll, help) and the one keypress dispatcher. It reads
 * the session store but not the token stream, so it and the memoised panes
 * other than Worker stay still while tokens arrive.
 */
export function Cockpit({ session: sessionStore, stream, tests, controls, reviewer = NO_REVIEW, figures = NO_FIGURES, info, registry = COMMANDS, onPaneRender }: CockpitProps) {
  const figuresLine = useSyncExternalStore(figures.subscribe, figures.getSnapshot);
  const { columns, rows } = useTerminalSize();
  const session = useReducerStore(sessionStore);
  const live = useSyncExternalStore(reviewer.subscribe, reviewer.getSnapshot);
  const [ui, dispatchUi] = useReducer(uiReducer, undefined, initialUiState);
  const commitBox = session.commitBox;
  const reserved = commitBox ? COMMIT_BOX_ROWS : 0;
  const layout = useMemo(() => computeLayout(columns, rows, ui.focus, reserved), [columns, rows, ui.focus, reserved]);
  const helpBox: PaneBox = useMemo(() => ({ width: columns, height: layout.bodyHeight, collapsed: false }), [columns, layout.bodyHeight]);

  // Follow the work: a started ticket shows its stream, a draft awaiting a decision shows its hunks.
  // Layout effects, so the focus moves in the same frame as the change rather than one frame later.
  useLayoutEffect(() => {
    if (!session.active) return;
    dispatchUi({ type: "focus", pane: "worker" });
    dispatchUi({ type: "scroll.reset", pane: "worker" });
    dispatchUi({ type: "scroll.reset", pane: "tests" });
  }, [session.active]);
  const awaiting = session.review?.awaiting ?? false;
  useLayoutEffect(() => {
    if (!awaiting) return;
    dispatchUi({ type: "focus", pane: "review" });
    dispatchUi({ type: "scroll.reset", pane: "review" });
  }, [awaiting]);
  // A new selected hunk is read from its top.
  const selectedHunk = live?.state.selected ?? -1;
  useLayoutEffect(() => dispatchUi({ type: "scroll.reset", pane: "review" }), [selectedHunk]);
  // Failed tests ask r / x / k / E in the Tests pane, next to their output.
  const failed = session.failure !== null;
  useLayoutEffect(() => {
    if (failed) dispatchUi({ type: "focus", pane: "tests" });
  }, [failed]);
  // The commit box takes the keyboard: the help screen would otherwise swallow what is typed.
  const boxEditing = commitBox?.phase === "editing";
  useLayoutEffect(() => {
    if (boxEditing) dispatchUi({ type: "help.close" });
  }, [boxEditing]);
  // A question closed by the session (a quit, an abort) takes its text field with it.
  useLayoutEffect(() => {
    if (!live) dispatchUi({ type: "input", kind: (k) => (k === "plan" ? k : null) });
  }, [live]);

  // A text field that g, / or p opened and that is not drawn yet: keys typed fast ("g3⏎", in one
  // read or a few) reach the cockpit before the field can take them, and are its text.
  const opening = useRef<{ kind: InputKind; text: string } | null>(null);
  // After any commit the field is drawn (or closed) and reads the keyboard itself. A passive
  // effect, after every render: Ink subscribes the field's key reader in one, and React runs a
  // legacy root's passive effects later than its render, so keys can come in between.
  useEffect(() => {
    opening.current = null;
  });
  const actions: CockpitActions = useMemo(
    () => ({
      ui: (action) => {
        if (action.type === "input" && typeof action.kind === "string") opening.current = { kind: action.kind, text: "" };
        dispatchUi(action);
      },
      start: (id) => {
        const why = controls.start(id);
        if (why) dispatchUi({ type: "notice", text: why });
        return why;
      },
      abort: () => controls.abort(),
      review: (action) => controls.review(action),
      reviewRemaining: (accept) => controls.reviewRemaining(accept),
      applyReview: () => controls.applyReview(),
      editHunk: () => void controls.editHunk().then((note) => note && dispatchUi({ type: "notice", text: note })),
      afterFailure: (choice) => controls.afterFailure(choice),
      undoCommit: () => controls.undoCommit(),
      plan: (request) => {
        const why = controls.plan(request);
        if (why) dispatchUi({ type: "notice", text: why });
      },
      quit: () => controls.quit(),
    }),
    [controls],
  );

  const ctx: CommandContext = {
    ui,
    session,
    // Read at key-press time: keys typed ahead in one chunk each see the review the key before left.
    get review() {
      return reviewer.getSnapshot();
    },
    layout,
    actions,
    // Read at key-press time from the stores, so scrolling knows the draft's length without re-rendering per token.
    scrollMax: (pane: ScrollPane) => {
      const box = layout.panes[pane];
      if (pane === "worker") {
        const snapshot = stream.getSnapshot();
        const { draftHeight } = workerPaneRows(
          { stream: snapshot, prompt: session.prompt, notes: session.notes, model: info.model, host: info.host, width: innerWidth(box) },
          innerHeight(box),
        );
        return scrollMax(snapshot.rowCount, draftHeight);
      }
      if (pane === "review") {
        if (live) return Math.max(0, liveReviewRows(live, innerWidth(box), innerHeight(box), 0).selectedRows - 1);
        return scrollMax(reviewRows(session.review, innerWidth(box)).length, innerHeight(box));
      }
      return scrollMax(tests.getSnapshot().lines.length, innerHeight(box));
    },
    helpMax: () => scrollMax(helpRows(helpSections(registry, ctx), innerWidth(helpBox)).length, innerHeight(helpBox)),
    canPlan: info.canPlan,
  };

  // While a text field is open it takes the keys; Esc closes it and Ctrl+C still quits.
  const typing = ui.input !== null || commitBox?.phase === "editing";
  // The commit message as the box holds it now (its header as typed so far), for Tab.
  const commitDraft = useRef<string | null>(null);
  useLayoutEffect(() => {
    commitDraft.current = null;
  }, [commitBox?.ticket, commitBox?.revision]);
  useKeypress((key) => {
    // Nothing to see on a screen too small to draw: only quitting works, nothing acts unseen.
    if (layout.mode === "too-small" && key !== "q" && key !== "ctrl+c") return;
    if (opening.current) return typeIntoOpening(opening.current, key);
    if (typing) {
      if (key === "ctrl+c") controls.quit();
      else if (key === "esc" && ui.input) dispatchUi({ type: "input", kind: null });
      else if (key === "esc") controls.commit(null);
      else if (key === "tab" && !ui.input && commitBox) {
        void controls.editCommitMessage(commitDraft.current ?? commitBox.message).then((note) => note && dispatchUi({ type: "notice", text: note }));
      }
      return;
    }
    // A key clears the last notice first, so that one the command itself raises (a refused start) stays.
    dispatchUi({ type: "notice", text: null });
    const result = dispatchKey(registry, key, ctx);
    if (result && !result.ran) dispatchUi({ type: "notice", text: result.reason });
    // A reviewer's key pressed in another pane: say where it works rather than do nothing.
    else if (!result && live && !ui.help && !ui.confirm && ui.focus !== "review" && REVIEWER_KEYS.has(key)) {
      dispatchUi({ type: "notice", text: `${key} works in the Review pane: press 3 there, then ${key}` });
    }
  });
  function typeIntoOpening(field: { kind: InputKind; text: string }, key: string) {
    if (key === "ctrl+c") return controls.quit();
    if (key === "enter" || key === "esc") {
      opening.current = null;
      if (key === "enter") submitInput(field.text, field.kind);
      else dispatchUi({ type: "input", kind: null });
      return;
    }
    if (key === "backspace" || key === "delete") field.text = [...field.text].slice(0, -1).join("");
    else if (key === "space") field.text += " ";
    else if ([...key].length === 1) field.text += key;
    else return;
    dispatchUi({ type: "input.typed", text: field.text });
  }

  // While the commit box has the keyboard, only its own keys work.
  const hints = commitBox?.phase === "editing" ? COMMIT_BOX_HINTS : statusHints(registry, ctx);
  const notice = ui.confirm
    ? { text: `Undo commit ${session.lastCommit?.sha.slice(0, 7) ?? "?"}? y yes, n no — its files go back as they were: “${session.lastCommit?.message.split("\n")[0] ?? ""}”`, level: "warn" as const }
    : ui.notice
    ? { text: ui.notice, level: "warn" as const }
    : session.quitting
      ? { text: "quitting: stopping the running ticket and restoring its files…", level: "info" as const }
      : session.planning
        ? { text: session.planning, level: "info" as const }
        : session.notice
          ? { text: session.notice.text, level: session.notice.level }
          : null;

  const profile = (id: PaneId | "status", node: ReactNode) =>
    onPaneRender ? (
      <Profiler key={id} id={id} onRender={() => onPaneRender(id)}>
        {node}
      </Profiler>
    ) : (
      node
    );

  const pane = (id: PaneId): ReactNode => {
    const box = layout.panes[id];
    const focused = ui.focus === id;
    switch (id) {
      case "tickets":
        return profile(id, <TicketsPane key={id} tickets={session.tickets} selected={ui.selected} focused={focused} box={box} planNote={info.planNote} hasPlan={info.hasPlan} />);
      case "worker":
        return profile(id, <WorkerPane key={id} store={stream} prompt={session.prompt} notes={session.notes} model={info.model} host={info.host} focused={focused} box={box} scroll={ui.scroll.worker} />);
      case "review":
        return profile(
          id,
          <ReviewPane key={id} review={session.review} live={live} focused={focused} box={box} scroll={ui.scroll.review} drafting={activeState(session) === "drafting" ? session.active : null} />,
        );
      case "tests":
        return profile(id, <TestsPane key={id} store={tests} tests={session.tests} failure={session.failure} focused={focused} box={box} scroll={ui.scroll.tests} />);
    }
  };

  if (layout.mode === "too-small") return <TooSmall columns={columns} rows={rows} />;

  const body = ui.help ? (
    <HelpScreen sections={helpSections(registry, ctx)} box={helpBox} scroll={ui.helpScroll} />
  ) : (
    <Box flexDirection="row" height={layout.bodyHeight} flexShrink={0}>
      {layout.stacks.map((stack, i) => (
        <Box key={i} flexDirection="column" width={layout.stackWidths[i]} height={layout.bodyHeight} flexShrink={0}>
          {stack.map(pane)}
        </Box>
      ))}
    </Box>
  );
  function submitInput(value: string, kind: InputKind | null = ui.input) {
    dispatchUi({ type: "input", kind: null });
    if (kind === "plan") {
      if (value.trim()) actions.plan(value.trim());
      return;
    }
    if (!live) return;
    if (kind === "search") return controls.review({ type: "search", query: value });
    const n = Number(value.trim());
    const count = countHunks(live.state);
    if (Number.isInteger(n) && n >= 1 && n <= count) controls.review({ type: "goto", index: n - 1 });
    else dispatchUi({ type: "notice", text: `“${value.trim()}” is not a hunk number — type one from 1 to ${count}` });
  }
  const bottom = ui.input ? (
    <InputBar
      key={`${ui.input}:${ui.inputTyped}`}
      width={columns}
      initial={ui.inputTyped}
      label={ui.input === "plan" ? "plan with Claude:" : ui.input === "goto" ? `go to hunk (1–${live ? countHunks(live.state) : 0}):` : "search hunks for:"}
      onSubmit={(value) => submitInput(value)}
    />
  ) : (
    profile("status", <StatusBar width={columns} repo={info.repo} branch={info.branch} model={info.model} figures={figuresLine} hints={hints} notice={notice} />)
  );
  return (
    <Box flexDirection="column" width={columns} height={rows} overflow="hidden">
      {body}
      {commitBox ? (
        <CommitBox
          key={`${commitBox.ticket}:${commitBox.phase}:${commitBox.revision}`}
          width={columns}
          box={commitBox}
          onSubmit={(message) => controls.commit(message)}
          onChange={(message) => (commitDraft.current = message)}
        />
      ) : null}
      {bottom}
    </Box>
  );
}
