import { Profiler, useLayoutEffect, useMemo, useReducer, type ReactNode } from "react";
import { Box } from "ink";
import type { CockpitAction, CockpitState } from "../src/tui/cockpitState.js";
import { COMMANDS, dispatchKey, type CockpitActions, type Command, type CommandContext } from "../src/tui/commands.js";
import { helpRows, helpSections, statusHints } from "../src/tui/commandViews.js";
import { computeLayout, innerHeight, innerWidth, type PaneBox } from "../src/tui/layout.js";
import type { ReducerStore } from "../src/tui/reducerStore.js";
import { reviewRows } from "../src/tui/reviewRows.js";
import { scrollMax } from "../src/tui/scrolling.js";
import type { TestLogStore } from "../src/tui/testLog.js";
import { initialUiState, uiReducer, type PaneId, type ScrollPane } from "../src/tui/uiState.js";
import { useKeypress } from "../src/tui/useKeypress.js";
import { useReducerStore } from "../src/tui/useStores.js";
import { useTerminalSize } from "../src/tui/useTerminalSize.js";
import { workerPaneRows } from "../src/tui/workerStats.js";
import type { WorkerStreamStore } from "../src/tui/workerStream.js";
import { HelpScreen } from "./HelpScreen.js";
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
  decideAll(accept: boolean): void;
  quit(): void;
}

export interface CockpitInfo {
  repo: string;
  branch: string | null;
  model: string;
  host: string;
  /** The plan's name, or how to write one. */
  planNote: string;
  hasPlan: boolean;
}

export interface CockpitProps {
  session: ReducerStore<CockpitState, CockpitAction>;
  stream: WorkerStreamStore;
  tests: TestLogStore;
  controls: CockpitControls;
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
export function Cockpit({ session: sessionStore, stream, tests, controls, info, registry = COMMANDS, onPaneRender }: CockpitProps) {
  const { columns, rows } = useTerminalSize();
  const session = useReducerStore(sessionStore);
  const [ui, dispatchUi] = useReducer(uiReducer, undefined, initialUiState);
  const layout = useMemo(() => computeLayout(columns, rows, ui.focus), [columns, rows, ui.focus]);
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

  const actions: CockpitActions = useMemo(
    () => ({
      ui: dispatchUi,
      start: (id) => {
        const why = controls.start(id);
        if (why) dispatchUi({ type: "notice", text: why });
        return why;
      },
      abort: () => controls.abort(),
      decideAll: (accept) => controls.decideAll(accept),
      quit: () => controls.quit(),
    }),
    [controls],
  );

  const ctx: CommandContext = {
    ui,
    session,
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
      if (pane === "review") return scrollMax(reviewRows(session.review, innerWidth(box)).length, innerHeight(box));
      return scrollMax(tests.getSnapshot().lines.length, innerHeight(box));
    },
    helpMax: () => scrollMax(helpRows(helpSections(registry, ctx)).length, innerHeight(helpBox)),
  };

  useKeypress((key) => {
    // A key clears the last notice first, so that one the command itself raises (a refused start) stays.
    dispatchUi({ type: "notice", text: null });
    const result = dispatchKey(registry, key, ctx);
    if (result && !result.ran) dispatchUi({ type: "notice", text: result.reason });
  });

  const hints = statusHints(registry, ctx);
  const notice = ui.notice
    ? { text: ui.notice, level: "warn" as const }
    : session.quitting
      ? { text: "quitting: stopping the running ticket and restoring its files…", level: "info" as const }
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
        return profile(id, <ReviewPane key={id} review={session.review} focused={focused} box={box} scroll={ui.scroll.review} />);
      case "tests":
        return profile(id, <TestsPane key={id} store={tests} tests={session.tests} focused={focused} box={box} scroll={ui.scroll.tests} />);
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
  return (
    <Box flexDirection="column" width={columns} height={rows} overflow="hidden">
      {body}
      {profile("status", <StatusBar width={columns} repo={info.repo} branch={info.branch} model={info.model} hints={hints} notice={notice} />)}
    </Box>
  );
}
