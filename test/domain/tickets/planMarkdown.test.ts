import { describe, expect, it } from "vitest";
import { parsePlanMarkdown } from "../../../src/domain/tickets/planMarkdown.js";
import { expectInputError, fixture, inputErrorOf } from "./expectInputError.js";

describe("parsePlanMarkdown: a plan with three tickets", () => {
  const tickets = parsePlanMarkdown(fixture("plan-three.md"), "PLAN.md");
  const [first, second, third] = tickets;

  it("finds the three tickets, not the summary sections or the heading in the code block", () => {
    expect(tickets.map((t) => [t.id, t.title])).toEqual([
      ["T-001", "Add slugify helper"],
      ["T-002", "Use slugify in the articles route"],
      ["3", "Document slugs in the README"],
    ]);
    expect(tickets.every((t) => t.source.format === "planmd" && t.source.file === "PLAN.md")).toBe(true);
  });

  it("reads the field lines under the heading", () => {
    expect(first).toMatchObject({
      owner: "worker",
      kind: "code",
      files: [
        { path: "src/slugify.ts", intent: "create" },
        { path: "src/slugify.test.ts", intent: "create" },
      ],
      contextFiles: ["src/strings.ts"],
      testCommand: "npx vitest run src/slugify.test.ts",
    });
  });

  it("keeps prose and fenced code as the description", () => {
    expect(first!.description).toBe(
      [
        "Add a pure `slugify(input: string): string` to the strings package.",
        "",
        "```ts",
        "// Usage, for the worker's reference:",
        "## not a heading: this line is inside a code block",
        'slugify("Hello, World!"); // "hello-world"',
        "```",
      ].join("\n"),
    );
  });

  it("reads acceptance criteria (checkboxes stripped, wrapped lines joined), constraints and steps", () => {
    expect(first!.acceptanceCriteria).toEqual([
      "lowercases and joins words with dashes",
      "strips accents, punctuation and repeated spaces",
      'returns "" for ""',
    ]);
    expect(first!.constraints).toEqual(["no new dependencies", "at most 50 changed lines"]);
    expect(first!.steps).toEqual([
      "Write the tests first.",
      "Implement slugify:\n   ```ts\n   export function slugify(input: string): string\n   ```",
      "Run the tests.",
    ]);
  });

  it("reads fields after a blank line, list-valued fields, unknown subsections and a test-command block", () => {
    expect(second).toMatchObject({
      owner: "supervisor",
      files: [
        { path: "src/routes/articles.ts", intent: "edit" },
        { path: "src/routes/articles.test.ts", intent: "edit" },
      ],
      acceptanceCriteria: ["The stored slug equals slugify(title) for every new article."],
      testCommand: "npx vitest run src/routes",
    });
    expect(second!.description).toBe(
      "Replace the inline slug code in `POST /articles`.\n\n### Notes\nThe route is hot; keep it allocation-free.",
    );
  });

  it("takes the id from a `Ticket 3:` heading and accepts `file:` for files", () => {
    expect(third).toMatchObject({ kind: "doc", files: [{ path: "README.md" }], description: 'One paragraph under "URLs".' });
  });
});

describe("parsePlanMarkdown: shapes people write by hand", () => {
  it("numbers tickets without ids by position, and accepts undashed fields", () => {
    const text = "## First\nowner: supervisor\ntest: npm test\n\n## Second\nGoal: make slugs stable\n";
    const tickets = parsePlanMarkdown(text, "p.md");
    expect(tickets.map((t) => [t.id, t.owner, t.testCommand ?? null])).toEqual([
      ["T-001", "supervisor", "npm test"],
      ["T-002", "worker", null],
    ]);
    // "Goal: …" alone is prose, not an unknown field.
    expect(tickets[1]!.description).toBe("Goal: make slugs stable");
  });

  it("ignores YAML front matter and text after a new # heading", () => {
    const text = "---\nstatus: draft\n---\n## T-1: A\nBody\n# Appendix\n- owner: nobody\n";
    const [ticket] = parsePlanMarkdown(text, "p.md");
    expect(ticket).toMatchObject({ id: "T-1", description: "Body" });
  });

  it("accepts id/title separators and synonyms for sections", () => {
    const text = "## HACO-12 — Title one\n### Done when:\n1. it works\n### Rules\n* be nice\n## 2. Title two\n";
    const tickets = parsePlanMarkdown(text, "p.md");
    expect(tickets.map((t) => [t.id, t.title])).toEqual([
      ["HACO-12", "Title one"],
      ["2", "Title two"],
    ]);
    expect(tickets[0]).toMatchObject({ acceptanceCriteria: ["it works"], constraints: ["be nice"] });
  });

  it("drops --- separators between tickets and inside lists", () => {
    const text = "## A\n- owner: worker\nNote: prose after the fields.\n### Steps\n- one\n\n---\n\n## B\nBody\n\n***\n";
    const [a, b] = parsePlanMarkdown(text, "p.md");
    expect(a).toMatchObject({ description: "Note: prose after the fields.", steps: ["one"] });
    expect(b!.description).toBe("Body");
  });

  it("drops empty checklist items and keeps nested bullets inside their item", () => {
    const [ticket] = parsePlanMarkdown("## A\n### Acceptance criteria\n- [ ] works\n  - even nested\n- [ ]\n", "p.md");
    expect(ticket!.acceptanceCriteria).toEqual(["works\n- even nested"]);
  });

  it("keeps an id field when the heading has none", () => {
    expect(parsePlanMarkdown("## Title\n- id: X-9\n", "p.md")[0]!.id).toBe("X-9");
  });
});

describe("parsePlanMarkdown: errors name the file, the line and the expectation", () => {
  it("an unknown field names the line, the key and the known keys", () => {
    expectInputError(() => parsePlanMarkdown("# Plan\n\n## T-001: A\n- ownr: worker\n", "PLAN.md"), {
      file: "PLAN.md",
      field: "line 4",
      problem: 'unknown field "ownr"; known fields: id, owner, kind, files, context, test',
    });
  });

  it("a bad owner names its line", () => {
    expectInputError(() => parsePlanMarkdown("## T-001: A\n- kind: code\n- owner: bot\n", "PLAN.md"), {
      file: "PLAN.md",
      field: "line 3 (owner)",
      problem: 'expected "worker" or "supervisor", got "bot"',
    });
  });

  it("a bad file intent names the line of the file item", () => {
    expectInputError(() => parsePlanMarkdown("## A\n- files:\n  - a.ts\n  - b.ts (rename)\n", "PLAN.md"), {
      file: "PLAN.md",
      field: "line 4 (files)",
      problem: 'expected "create", "edit" or "delete", got "rename"',
    });
  });

  it("a heading with an id but no title", () => {
    expectInputError(() => parsePlanMarkdown("## T-001:\n- owner: worker\n", "PLAN.md"), {
      file: "PLAN.md",
      field: "line 1 (title)",
      problem: 'expected a non-empty string, got ""',
    });
  });

  it("a field given twice", () => {
    expectInputError(() => parsePlanMarkdown("## A\n- test: a\n- test command: b\n", "PLAN.md"), {
      file: "PLAN.md",
      field: "line 3",
      problem: '"test command" is given twice (first on line 2); keep one',
    });
  });

  it("an id field that disagrees with the heading", () => {
    expectInputError(() => parsePlanMarkdown("## T-1: A\n- id: T-2\n", "PLAN.md"), {
      file: "PLAN.md",
      field: "line 2 (id)",
      problem: 'id "T-2" differs from "T-1" in the heading on line 1; keep one',
    });
  });

  it("duplicate ids name both lines", () => {
    expectInputError(() => parsePlanMarkdown("## T-1: A\n\n## T-1: B\n", "PLAN.md"), {
      file: "PLAN.md",
      field: "line 3 (id)",
      problem: 'duplicate id "T-1": line 1 (id) already uses it; every ticket in a file needs its own id',
    });
  });

  it("a ticket heading one level too deep", () => {
    expectInputError(() => parsePlanMarkdown("## Tickets\n### T-001: A\n- owner: worker\n", "PLAN.md"), {
      file: "PLAN.md",
      field: "line 2",
      problem: '"### T-001: A" looks like a ticket heading, but tickets start with "## "; use "## T-001: A"',
    });
  });

  it("an unclosed code block", () => {
    expectInputError(() => parsePlanMarkdown("## A\n```ts\nconst x = 1;\n## B\n", "PLAN.md"), {
      file: "PLAN.md",
      field: "line 2",
      problem: "this code block (```) is never closed; close it with ``` so the tickets after it are read",
    });
  });

  it("an empty file and a file without tickets", () => {
    expectInputError(() => parsePlanMarkdown("\n\n", "PLAN.md"), { file: "PLAN.md", field: null, problem: /^the file is empty; a ticket starts with a "## " heading/ });
    expectInputError(() => parsePlanMarkdown("# Plan\n\n## Summary\nNothing yet.\n", "PLAN.md"), {
      file: "PLAN.md",
      field: null,
      problem: 'no tickets found; a ticket starts with a "## " heading, e.g. "## T-001: Add slugify helper"',
    });
  });

  it("lists every problem in the file at once", () => {
    const error = inputErrorOf(() => parsePlanMarkdown("## A\n- color: red\n\n## B\n- kind: poem\n", "PLAN.md"));
    expect(error.problem).toBe(
      [
        "2 problems:",
        '  - line 2: unknown field "color"; known fields: id, owner, kind, files, context, test',
        '  - line 5 (kind): expected "code", "test", "refactor" or "doc", got "poem"',
      ].join("\n"),
    );
  });
});
