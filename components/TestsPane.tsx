import { memo } from "react";
import type { Token } from "../themes/theme.js";
import type { FailureQuestion, TestsState } from "../src/tui/cockpitState.js";
import { innerHeight, innerWidth, type PaneBox } from "../src/tui/layout.js";
import { visibleRange } from "../src/tui/scrolling.js";
import { seg } from "../src/tui/styledRow.js";
import type { TestLineKind, TestLogStore } from "../src/tui/testLog.js";
import { useTestLog } from "../src/tui/useStores.js";
import { wrapLine } from "../src/tui/wrapText.js";
import { CollapsedPane, Pane } from "./Pane.js";
import { RowText } from "./RowText.js";

export interface TestsPaneProps {
  store: TestLogStore;
  tests: TestsState | null;
  /** Failed tests waiting for r / x / k / E. */
  failure: FailureQuestion | null;
  focused: boolean;
  box: PaneBox;
  /** Rows scrolled back from the tail. */
  scroll: number;
}

const LINE_TOKENS: Record<TestLineKind, Token> = {
  command: "accent",
  stdout: "text.primary",
  stderr: "status.warn",
  passed: "status.ok",
  failed: "status.error",
  info: "text.muted",
};

/** The test commands' output as it arrives (sanitised, coalesced into frames), and how each run ended. */
export const TestsPane = memo(function TestsPane({ store, tests, failure, focused, box, scroll }: TestsPaneProps) {
  const log = useTestLog(store);
  const title = failure ? choices(failure) : summary(tests, log.running);
  if (box.collapsed) return <CollapsedPane index={4} title="Tests" width={box.width} summary={title} />;
  const fullHeight = innerHeight(box);
  // The question stays on the pane's last row, under the output it is about.
  const height = failure ? Math.max(0, fullHeight - 1) : fullHeight;
  if (log.lines.length === 0) {
    const text = "No test has run yet. After its hunks are applied, a ticket's test command and the configured verify commands run here.";
    return (
      <Pane index={4} title="Tests" focused={focused} box={box}>
        {wrapLine(text, innerWidth(box))
          .slice(0, height)
          .map((line, i) => (
            <RowText key={i} row={[seg(line, "text.muted")]} />
          ))}
      </Pane>
    );
  }
  const { start, end } = visibleRange(log.lines.length, height, scroll, "end");
  return (
    <Pane index={4} title="Tests" focused={focused} box={box} right={failure ? "failed · waiting for you" : title}>
      {log.lines.slice(start, end).map((line, i) => (
        <RowText key={start + i} row={[seg(line.text, LINE_TOKENS[line.kind], line.kind === "command")]} />
      ))}
      {failure && fullHeight > 0 ? <RowText row={[seg(choices(failure), "status.warn", true)]} /> : null}
    </Pane>
  );
});

function choices(failure: FailureQuestion): string {
  const retry = failure.retriesLeft > 0 ? `r retry (${failure.retriesLeft}) · ` : "";
  return `${retry}x roll back · k keep · E ${failure.canEscalate ? "to Claude" : "escalate"}`;
}

function summary(tests: TestsState | null, running: boolean): string {
  if (running) return "running";
  if (tests?.commit) return `${tests.runs.length > 0 ? "passed · " : ""}committed ${tests.commit.sha.slice(0, 7)}`;
  if (!tests || tests.runs.length === 0) return "no run";
  const failed = tests.runs.some((r) => r.passed === false);
  if (failed) return tests.restored.length > 0 ? "failed · files restored" : "failed";
  return "passed";
}
