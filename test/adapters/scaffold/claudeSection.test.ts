import { describe, expect, it } from "vitest";
import { mergeClaudeSection, SECTION_BEGIN, SECTION_END, wrapSection } from "../../../src/adapters/scaffold/claudeSection.js";

const body = "## Supervising with haco\n\nPlan small tickets.\n";
const section = `${SECTION_BEGIN}\n## Supervising with haco\n\nPlan small tickets.\n${SECTION_END}`;

function textOf(merge: ReturnType<typeof mergeClaudeSection>): string {
  if (merge.action === "kept") throw new Error(`kept: ${merge.reason}`);
  return merge.text;
}

describe("mergeClaudeSection", () => {
  it("creates a file holding only the section, between its markers", () => {
    expect(mergeClaudeSection(null, body, false)).toEqual({ action: "created", text: `${section}\n` });
  });

  it("appends after the user's text, which stays an exact prefix, with one blank line between", () => {
    const mine = "# My project\n\nUse pnpm.\n";
    const merge = mergeClaudeSection(mine, body, false);
    expect(merge.action).toBe("appended");
    expect(textOf(merge)).toBe(`${mine}\n${section}\n`);
  });

  it("adds the line breaks a file without a final newline lacks, and none to one ending in a blank line", () => {
    expect(textOf(mergeClaudeSection("no newline", body, false))).toBe(`no newline\n\n${section}\n`);
    expect(textOf(mergeClaudeSection("blank\n\n", body, false))).toBe(`blank\n\n${section}\n`);
    expect(textOf(mergeClaudeSection("", body, false))).toBe(`${section}\n`);
  });

  it("appends in the file's own CRLF line endings", () => {
    const mine = "# Windows\r\nline\r\n";
    expect(textOf(mergeClaudeSection(mine, body, false))).toBe(`${mine}\r\n${section.replace(/\n/g, "\r\n")}\r\n`);
  });

  it("keeps a file that has the section already, whatever its content, without --force", () => {
    const mine = `# Mine\n\n${SECTION_BEGIN}\nold advice\n${SECTION_END}\n\nMore of mine.\n`;
    expect(mergeClaudeSection(mine, body, false)).toEqual({ action: "kept", reason: "has-section" });
  });

  it("with --force replaces only what lies between the markers", () => {
    const before = "# Mine\n\n";
    const after = "\n\nMore of mine.\n";
    const mine = `${before}${SECTION_BEGIN}\nold advice\n${SECTION_END}${after}`;
    const merge = mergeClaudeSection(mine, body, true);
    expect(merge.action).toBe("replaced");
    expect(textOf(merge)).toBe(`${before}${section}${after}`);
  });

  it("with --force keeps a section that is already current", () => {
    const mine = `# Mine\n\n${section}\n`;
    expect(mergeClaudeSection(mine, body, true)).toEqual({ action: "kept", reason: "unchanged" });
  });

  it("is idempotent: merging into its own output changes nothing", () => {
    const once = textOf(mergeClaudeSection("# Mine\n", body, false));
    expect(mergeClaudeSection(once, body, false)).toEqual({ action: "kept", reason: "has-section" });
    expect(mergeClaudeSection(once, body, true)).toEqual({ action: "kept", reason: "unchanged" });
  });

  it("touches nothing when a marker is missing, doubled or out of order, even with --force", () => {
    const broken = [
      `${SECTION_BEGIN}\nno end\n`,
      `no begin\n${SECTION_END}\n`,
      `${SECTION_END}\nreversed\n${SECTION_BEGIN}\n`,
      `${SECTION_BEGIN}\na\n${SECTION_END}\n${SECTION_BEGIN}\nb\n${SECTION_END}\n`,
    ];
    for (const text of broken) {
      expect(mergeClaudeSection(text, body, true)).toEqual({ action: "kept", reason: "unbalanced-markers" });
    }
  });

  it("counts a marker only on a line of its own, so prose quoting it is appended to", () => {
    const mine = `Markers look like \`${SECTION_BEGIN}\`.\n`;
    expect(mergeClaudeSection(mine, body, false).action).toBe("appended");
  });

  it("wraps a body with CRLF or trailing blank lines into the same section", () => {
    expect(wrapSection("## Supervising with haco\r\n\r\nPlan small tickets.\r\n\r\n")).toBe(section);
  });
});
