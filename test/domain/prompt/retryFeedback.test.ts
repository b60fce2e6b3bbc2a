import { describe, expect, it } from "vitest";
import { FEEDBACK_HEADING, retryFeedback, trimFeedback, type RetryFeedbackInput } from "../../../src/domain/prompt/retryFeedback.js";

const failure = (outputTail: string[], extra: Partial<RetryFeedbackInput["failures"][number]> = {}) => ({
  command: "npm test",
  exitCode: 1,
  timedOut: false,
  outputTail,
  ...extra,
});
const input = (extra: Partial<RetryFeedbackInput> = {}): RetryFeedbackInput => ({
  attempt: 1,
  failures: [failure(["FAIL test/math.test.js", "expected 2, got -2"])],
  rejectedHunks: [],
  refusals: [],
  ...extra,
});

describe("retryFeedback", () => {
  it("names the failing command and shows its output, then says what to do", () => {
    const text = retryFeedback(input());
    expect(text.startsWith(`${FEEDBACK_HEADING}\n`)).toBe(true);
    expect(text).toContain("Your attempt 1 at this ticket did not work.");
    expect(text).toContain("### `npm test` exited with code 1");
    expect(text).toContain("```output\nFAIL test/math.test.js\nexpected 2, got -2\n```");
    expect(text).toContain("### What to do now");
    expect(text).toContain("Draft the whole ticket again");
    expect(text).toContain("same output format");
    expect(text).toContain("Do not weaken, skip or delete tests");
    expect(text).not.toContain("rejected");
  });

  it("keeps only the last 40 lines, and says how many were left out", () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`);
    const text = retryFeedback(input({ failures: [failure(lines)] }));
    expect(text).toContain("The last 40 lines of its output (60 earlier lines not shown):");
    expect(text).toContain("line 61\n");
    expect(text).toContain("line 100\n```");
    expect(text).not.toContain("line 60\n");
  });

  it("says when a command timed out, was stopped or printed nothing", () => {
    expect(retryFeedback(input({ failures: [failure([], { timedOut: true, exitCode: null })] }))).toContain("`npm test` timed out\n\nIt printed nothing.");
    expect(retryFeedback(input({ failures: [failure(["x"], { exitCode: null })] }))).toContain("`npm test` was stopped before it finished");
  });

  it("sanitizes and clips the output, and fences it so it cannot close the fence", () => {
    const text = retryFeedback(
      input({ failures: [failure(["\u001b[31mred\u001b[0m \u001b]0;title\u0007done", "```", "x".repeat(500)])] }),
    );
    expect(text).toContain("````output\nred done\n```\n");
    expect(text).toContain(`${"x".repeat(239)}…\n${"`".repeat(4)}\n`);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it("shows the rejected hunks, capped, so the worker does not propose them again", () => {
    const hunk = (n: number) => ({ file: `src/f${n}.js`, header: "@@ -1,2 +1,2 @@", lines: [" keep", `-old ${n}`, `+new ${n}`] });
    const text = retryFeedback(input({ failures: [], rejectedHunks: Array.from({ length: 8 }, (_, i) => hunk(i + 1)) }));
    expect(text).toContain("### Changes the reviewer rejected\n\nDo not propose these again");
    expect(text).toContain("In `src/f1.js`:\n\n```diff\n@@ -1,2 +1,2 @@\n keep\n-old 1\n+new 1\n```");
    expect(text).toContain("src/f6.js");
    expect(text).not.toContain("src/f7.js");
    expect(text).toContain("(2 more rejected changes not shown.)");
    expect(text).toContain("- Leave out the rejected changes.");
    expect(text).not.toContain("Do not weaken");
  });

  it("cuts a long rejected hunk to its first lines", () => {
    const lines = Array.from({ length: 50 }, (_, i) => `+line ${i}`);
    const text = retryFeedback(input({ rejectedHunks: [{ file: "a.js", lines }] }));
    expect(text).toContain("In `a.js` (first 30 of 50 lines):");
    expect(text).toContain("+line 29\n```");
    expect(text).not.toContain("+line 30");
  });

  it("lists the edit engine's refusals, multi-line reasons indented under their item", () => {
    const text = retryFeedback(
      input({
        refusals: [
          { file: "src/a.js", reason: "hunk 1 was not found; the closest lines are:\n  return a + b;" },
          { file: null, reason: "the answer held no edit" },
        ],
      }),
    );
    expect(text).toContain("### Parts of your answer haco could not apply\n\n- `src/a.js`: hunk 1 was not found; the closest lines are:\n    return a + b;\n- the answer held no edit");
  });
});

describe("trimFeedback", () => {
  const lines = Array.from({ length: 40 }, (_, i) => `output line ${i + 1}`);
  const full = retryFeedback(
    input({
      failures: [failure(lines)],
      rejectedHunks: [{ file: "a.js", lines: Array.from({ length: 30 }, (_, i) => `+added ${i + 1}`) }],
    }),
  );

  it("returns the text untouched when it fits", () => {
    expect(trimFeedback(full, () => true)).toBe(full);
  });

  it("cuts the oldest output lines first, keeping the rejected hunk whole", () => {
    const trimmed = trimFeedback(full, (text) => text.length <= full.length - 200)!;
    expect(trimmed.length).toBeLessThanOrEqual(full.length - 200);
    expect(trimmed).toMatch(/```output\n\[… \d+ earlier lines cut to fit the prompt\]\n/);
    expect(trimmed).toContain("output line 40\n```");
    expect(trimmed).not.toContain("output line 1\n");
    expect(trimmed).toContain("+added 30");
    expect(trimmed).toContain("### What to do now");
  });

  it("counts earlier cuts when it cuts again, then shortens hunks, and never loses the section", () => {
    const bare = full.length - 40 * 16 - 30 * 10;
    const trimmed = trimFeedback(full, (text) => text.length <= bare + 150)!;
    expect(trimmed).toContain("[… 40 earlier lines cut to fit the prompt]");
    expect(trimmed).toMatch(/\[… \d+ more lines cut to fit the prompt\]\n```/);
    expect(trimmed).toContain("`npm test` exited with code 1");
    expect(trimmed).toContain("### What to do now");
  });

  it("returns null when not even the bare section fits", () => {
    expect(trimFeedback(full, (text) => text.length < 100)).toBeNull();
  });
});
