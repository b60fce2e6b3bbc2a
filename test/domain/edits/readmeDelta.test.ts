import { describe, expect, it } from "vitest";
import { extractReadmeDeltas, placeReadmeDelta, readmeSections } from "../../../src/domain/edits/index.js";

const README = "# tool\n\nIntro.\n\n## Install\n\nnpm i tool\n\n## Usage\n\nRun `tool`.\n\n### Flags\n\n- `-v` verbose\n\n## License\n\nMIT\n";

describe("README deltas", () => {
  it("takes the delta out of the answer and leaves the edits around it", () => {
    const answer = "--- a/x.js\n+++ b/x.js\n@@ -1 +1 @@\n-a\n+b\n\n=== README DELTA: Usage ===\n```markdown\n- `tool --fast` skips the checks\n```\n";
    const { rest, deltas, refusals } = extractReadmeDeltas(answer);
    expect(deltas).toEqual([{ section: "Usage", lines: ["- `tool --fast` skips the checks"] }]);
    expect(refusals).toEqual([]);
    expect(rest).toContain("+b");
    expect(rest).not.toContain("README DELTA");
    expect(rest).not.toContain("--fast");
  });

  it("places the lines at the end of the named section, after its subsections, as a paragraph", () => {
    const placed = placeReadmeDelta(README, { section: "usage", lines: ["- `tool --fast` skips the checks"] });
    expect(placed).toEqual({ ok: true, content: README.replace("- `-v` verbose\n", "- `-v` verbose\n\n- `tool --fast` skips the checks\n") });
  });

  it("places a delta without a section at the end of the file, and keeps CRLF and a missing final newline", () => {
    expect(placeReadmeDelta("# t\r\n\r\nIntro.\r\n", { section: null, lines: ["More."] })).toEqual({ ok: true, content: "# t\r\n\r\nIntro.\r\n\r\nMore.\r\n" });
    expect(placeReadmeDelta("# t\n\nIntro.", { section: null, lines: ["More."] })).toEqual({ ok: true, content: "# t\n\nIntro.\n\nMore." });
  });

  it("refuses a section the README does not have, naming the ones it has", () => {
    const placed = placeReadmeDelta(README, { section: "Configuration", lines: ["x"] });
    expect(placed.ok).toBe(false);
    expect(!placed.ok && placed.reason).toContain('README.md has no section "Configuration" (its sections: "tool", "Install", "Usage", "Flags", "License")');
  });

  it("ignores headings inside code fences", () => {
    expect(readmeSections("# a\n```sh\n# not a heading\n```\n## b\n")).toEqual(["a", "b"]);
  });

  it("drops a delta that is cut off, empty, too long or has no fence, with a reason", () => {
    const cases = [
      ["=== README DELTA: Usage ===\n```\n- cut", "not closed"],
      ["=== README DELTA ===\n```\n\n```\n", "empty"],
      [`=== README DELTA ===\n\`\`\`\n${"x\n".repeat(13)}\`\`\`\n`, "at most 12"],
      ["=== README DELTA: Usage ===\n- no fence\n", "not followed by a fenced block"],
    ] as const;
    for (const [answer, why] of cases) {
      const { deltas, refusals } = extractReadmeDeltas(answer);
      expect(deltas, answer).toEqual([]);
      expect(refusals[0]!.reason, answer).toContain(why);
      expect(refusals[0]!.code).toBe("readme-delta");
    }
  });
});
