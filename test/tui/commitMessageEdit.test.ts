import { describe, expect, it } from "vitest";
import { commitEditText, readCommitEdit } from "../../src/tui/commitMessageEdit.js";

describe("the commit message in the editor", () => {
  const message = "feat(slug): add slugify (T-001)\n\nLowercases and joins words with dashes.\n\nHaco-Ticket: T-001\n";

  it("comes back as it went when saved untouched: the instructions are dropped, the blank lines between parts kept", () => {
    const text = commitEditText(message, "T-001");
    expect(text).toContain("# The commit message for T-001");
    expect(readCommitEdit(text)).toBe(message);
  });

  it("keeps an edited body and trailer, drops comment lines and trailing spaces, collapses runs of blank lines", () => {
    const saved = "fix: a better header  \n\n\n\nA body line.\n# a note to self\nSecond line.\r\n\nHaco-Ticket: T-001\n\n\n";
    expect(readCommitEdit(saved)).toBe("fix: a better header\n\nA body line.\nSecond line.\n\nHaco-Ticket: T-001\n");
  });

  it("is null when nothing but comments and blank lines is left", () => {
    expect(readCommitEdit("\n# only a comment\n\n   \n")).toBeNull();
    expect(readCommitEdit("")).toBeNull();
  });
});
