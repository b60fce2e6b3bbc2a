import { describe, expect, it } from "vitest";
import { commitMessageFromAnswer } from "../../src/domain/commitMessageFromAnswer.js";
import { conventionalCommitMessage } from "../../src/domain/commitMessage.js";
import { ticketSchema } from "../../src/domain/tickets/ticket.js";

const ticket = ticketSchema.parse({ id: "T-001", title: "Add slugify helper" });
const parse = (answer: string, options?: { truncated?: boolean }) => commitMessageFromAnswer(answer, ticket, options);
const header = (message: string | null) => message?.split("\n")[0];

describe("commitMessageFromAnswer", () => {
  it("keeps a clean message as it is, adding the id and the trailer the way conventionalCommitMessage does", () => {
    expect(parse("feat(utils): add slugify helper")).toBe("feat(utils): add slugify helper (T-001)\n\nHaco-Ticket: T-001\n");
    expect(header(parse("feat(utils): add slugify helper"))).toBe(header(conventionalCommitMessage(ticket, ["src/utils/slugify.ts"])));
  });

  it("takes the message out of prose and a fence, tidying the subject and wrapping the body", () => {
    const answer = [
      "Here is the commit message for your change:",
      "",
      "```",
      "feat(utils): Add slugify helper.",
      "",
      "Adds slugify() which lowercases a title, replaces every run of non-alphanumeric characters with one dash and trims dashes at both ends.",
      "```",
      "",
      "This follows the Conventional Commits format. Let me know if you want changes!",
    ].join("\n");
    const message = parse(answer)!;
    expect(message).toBe(
      [
        "feat(utils): add slugify helper (T-001)",
        "",
        "Adds slugify() which lowercases a title, replaces every run of",
        "non-alphanumeric characters with one dash and trims dashes at both ends.",
        "",
        "Haco-Ticket: T-001",
        "",
      ].join("\n"),
    );
    for (const line of message.split("\n")) expect(line.length).toBeLessThanOrEqual(72);
    expect(message).not.toContain("```");
  });

  it.each([
    ["a label", "Commit message: fix: handle empty input"],
    ["a bold label and backticks", "**Commit message:** `fix: handle empty input`"],
    ["quotes", '"fix: handle empty input"'],
    ["a label on its own line", "Suggested commit message:\n\nfix: handle empty input"],
    ["a list item", "- fix: handle empty input"],
    ["a JSON object", '{"commit_message": "fix: handle empty input"}'],
    ["a git command", 'git commit -m "fix: handle empty input"'],
    ["a capitalised type and a period", "Fix: Handle empty input."],
  ])("reads the header through %s", (_label, answer) => {
    expect(header(parse(answer))).toBe("fix: handle empty input (T-001)");
  });

  it("turns an escaped one-line string into lines", () => {
    expect(parse('"feat(api): add slug endpoint\\n\\nExposes GET /slug for titles."')).toBe(
      "feat(api): add slug endpoint (T-001)\n\nExposes GET /slug for titles.\n\nHaco-Ticket: T-001\n",
    );
  });

  it("takes further -m arguments of a git command as the body", () => {
    expect(parse(`git commit -m "feat: add slugify" -m "It handles unicode titles."`)).toBe(
      "feat: add slugify (T-001)\n\nIt handles unicode titles.\n\nHaco-Ticket: T-001\n",
    );
  });

  it("strips terminal escapes, control and bidi characters, real or spelled out", () => {
    const message = parse("\u001b[31mfeat\u001b[0m: add \u202ecolours\u0007\n\nWith \\x1b[1mbold\\x1b[0m text.\u001b]0;pwned\u0007")!;
    expect(message).toBe("feat: add colours (T-001)\n\nWith bold text.\n\nHaco-Ticket: T-001\n");
    // eslint-disable-next-line no-control-regex
    expect(message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
  });

  it("keeps the header within 72 characters, cutting at a clause when one reads well", () => {
    const long = parse("feat(utils): add a slugify helper for titles and headings, so that every generated url stays readable")!;
    expect(header(long)).toBe("feat(utils): add a slugify helper for titles and headings (T-001)");
    const noClause = header(parse("feat(utils): add a slugify helper that turns arbitrary titles into url safe identifiers quickly"))!;
    expect(noClause.length).toBeLessThanOrEqual(72);
    expect(noClause).toMatch(/^feat\(utils\): add a slugify helper that turns arbitrary titles… \(T-001\)$/);
  });

  it("does not repeat an id the header already names, and moves a bracketed one to the end", () => {
    expect(header(parse("feat: implement T-001 slugify"))).toBe("feat: implement T-001 slugify");
    expect(header(parse("feat: [T-001] add slugify"))).toBe("feat: add slugify (T-001)");
    expect(header(parse("feat: T-001: add slugify"))).toBe("feat: add slugify (T-001)");
    expect(header(parse("feat: add slugify for T-0012"))).toBe("feat: add slugify for T-0012 (T-001)");
  });

  it("keeps a breaking-change mark and an acronym, drops a placeholder or overlong scope", () => {
    expect(header(parse("refactor(api)!: API paths are versioned"))).toBe("refactor(api)!: API paths are versioned (T-001)");
    expect(header(parse("chore(scope): bump dependencies"))).toBe("chore: bump dependencies (T-001)");
    expect(header(parse("chore(all the dependencies of the project): bump"))).toBe("chore: bump (T-001)");
  });

  it("keeps a short list body and drops the model's own trailers and extra sections", () => {
    const answer = [
      "feat: add slugify",
      "",
      "* lowercases the title",
      "* replaces spaces with dashes",
      "",
      "Haco-Ticket: T-999",
      "Signed-off-by: Model <m@example.com>",
      "",
      "README delta:",
      "Use `slugify(title)`.",
    ].join("\n");
    expect(parse(answer)).toBe("feat: add slugify (T-001)\n\n- lowercases the title\n- replaces spaces with dashes\n\nHaco-Ticket: T-001\n");
  });

  it("never carries diff text or code into the body", () => {
    const answer = "feat: add slugify\n\nAdds the helper.\n\n```diff\n+export function slugify() {}\n```\n";
    expect(parse(answer)).toBe("feat: add slugify (T-001)\n\nAdds the helper.\n\nHaco-Ticket: T-001\n");
    expect(parse("feat: add slugify\n--- a/src/x.ts\n+++ b/src/x.ts\n@@ -1 +1 @@")).toBe("feat: add slugify (T-001)\n\nHaco-Ticket: T-001\n");
  });

  it("keeps the body to a few lines, whole sentences first", () => {
    const sentence = "This sentence explains one more detail of the change at some length.";
    const message = parse(`fix: trim dashes\n\n${Array.from({ length: 12 }, () => sentence).join(" ")}`)!;
    const body = message.split("\n\n")[1]!;
    expect(body.split("\n").length).toBeLessThanOrEqual(6);
    expect(body.endsWith(".")).toBe(true);
  });

  it("keeps only the header of an answer cut at its token limit", () => {
    expect(parse("feat: add slugify\n\nAdds the helper and some", { truncated: true })).toBe("feat: add slugify (T-001)\n\nHaco-Ticket: T-001\n");
  });

  it.each([
    ["no header at all", "I could not determine a good commit message."],
    ["a header inside a code block", "```ts\nconst x = {\n  test: 'value',\n}\n```"],
    ["an indented code line", "    fix: 1,"],
    ["an unknown type", "feature: add slugify"],
    ["an empty subject", "feat: "],
    ["a placeholder subject", "feat(utils): <subject>"],
    ["only whitespace", "  \n\n "],
  ])("returns null for %s", (_label, answer) => {
    expect(parse(answer)).toBeNull();
  });
});
