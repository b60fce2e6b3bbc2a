import { describe, expect, it } from "vitest";
import { parseJuniorSpec } from "../../../src/domain/tickets/juniorSpec.js";
import { expectInputError, fixture, inputErrorOf } from "./expectInputError.js";

describe("parseJuniorSpec: a full seed-000 JuniorSpec", () => {
  const [ticket, ...rest] = parseJuniorSpec(fixture("juniorspec-full.yaml"), "spec.yaml");

  it("gives one ticket, numbered T-001, owned by the worker", () => {
    expect(rest).toHaveLength(0);
    expect(ticket).toMatchObject({
      id: "T-001",
      title: "Add slugify helper for article URLs",
      owner: "worker",
      kind: "code",
      source: { file: "spec.yaml", format: "juniorspec" },
    });
  });

  it("maps files with intent, anchors, outline and code_context", () => {
    expect(ticket!.files).toEqual([
      {
        path: "packages/contracts/src/slugify.ts",
        intent: "create",
        intentStated: true,
        anchors: [],
        outline:
          "Export slugify(input: string): string. Lowercase, strip accents,\ncollapse non-alphanumerics into single dashes, trim dashes.\n",
        codeContext: "",
      },
      {
        path: "apps/backend/src/routes/articles.ts",
        intent: "edit",
        intentStated: true,
        anchors: ["// ROUTE: POST /articles"],
        outline: "Replace the inline slug code with slugify(body.title).\n",
        codeContext: '// ROUTE: POST /articles\nconst slug = body.title.toLowerCase().replace(/ /g, "-");\n',
      },
    ]);
  });

  it("renders rationale, functions and test plan into the description", () => {
    expect(ticket!.description).toBe(
      [
        "Why:",
        "- Article URLs are built by hand in three places and disagree on casing.",
        "- A single helper makes slugs stable before the Postgres migration.",
        "",
        "Functions:",
        "- export function slugify(input: string): string — Turns a title into a URL-safe slug.",
        "  Inputs:",
        "    - input (string): may contain accents, punctuation and repeated spaces",
        "  Returns: string (matches /^[a-z0-9]+(-[a-z0-9]+)*$/ or is empty)",
        "  Edge cases:",
        "    - empty string returns an empty string",
        "    - accented letters are transliterated (é → e)",
        "  Examples:",
        "    - Hello, World! → hello-world",
        "",
        "Test plan:",
        "Unit tests:",
        "- slugify lowercases and dashes words: import slugify; call slugify('Hello, World!'); expect 'hello-world'",
        "Notes: no fixtures needed; pure function",
      ].join("\n"),
    );
  });

  it("turns constraints and standards into readable constraint strings", () => {
    expect(ticket!.constraints).toEqual([
      "change at most 150 lines",
      "avoid breaking public API",
      "avoid editing more than 2 files",
      "language: TypeScript (strict)",
      "style: ESLint + Prettier",
      "error handling: No silent failures; typed errors",
    ]);
  });

  it("keeps acceptance criteria and the junior's steps", () => {
    expect(ticket!.acceptanceCriteria).toEqual([
      "slugify('Hello, World!') returns 'hello-world'",
      "POST /articles stores the slugified title",
    ]);
    expect(ticket!.steps).toHaveLength(3);
    expect(ticket!.steps[0]).toBe("Create packages/contracts/src/slugify.ts with slugify.");
    expect(ticket!.testCommand).toBeUndefined();
  });
});

describe("parseJuniorSpec: containers", () => {
  it("reads several documents separated by ---, skipping empty ones", () => {
    const tickets = parseJuniorSpec(fixture("juniorspec-multi.yaml"), "multi.yaml");
    expect(tickets.map((t) => [t.id, t.title, t.kind])).toEqual([
      ["SLUG-1", "Add slugify helper", "code"],
      ["T-002", "Test the slugify helper", "test"],
    ]);
    expect(tickets[0]!.testCommand).toBe("npx vitest run src/slugify.test.ts");
    expect(tickets[1]!.contextFiles).toEqual(["src/slugify.ts"]);
  });

  it("reads a tickets: list, numbering tickets without an id by position", () => {
    const tickets = parseJuniorSpec(fixture("juniorspec-list.yaml"), "plan.yaml");
    expect(tickets.map((t) => t.id)).toEqual(["T-001", "T-002", "T-003"]);
    expect(tickets[0]).toMatchObject({ description: "Pure helper, no dependencies.", constraints: ["no new dependencies"] });
    expect(tickets[1]).toMatchObject({ owner: "supervisor", files: [{ intent: "edit", anchors: ["// ROUTE: POST /articles"] }] });
    expect(tickets[2]!.kind).toBe("doc");
  });

  it("unwraps a top-level JuniorSpec: key and ignores siblings like clarifications_needed", () => {
    const [ticket, ...rest] = parseJuniorSpec(fixture("juniorspec-wrapped.yaml"), "wrapped.yaml");
    expect(rest).toHaveLength(0);
    expect(ticket).toMatchObject({
      id: "T-001",
      title: "Validate the article body with zod",
      description: "Why:\n- Bodies are trusted as-is today.",
      constraints: ["change at most 60 lines"],
      steps: ["Define ArticleBody with zod.", "Parse the body before use; reply 400 on failure."],
    });
  });

  it("reads a spec still inside its ```yaml fence, keeping line numbers", () => {
    const text = "```yaml\ntitle: Fenced\nowner: bot\n```\n";
    expectInputError(() => parseJuniorSpec(text, "fenced.yaml"), {
      file: "fenced.yaml",
      field: "owner (line 3)",
      problem: 'expected "worker" or "supervisor", got "bot"',
    });
    expect(parseJuniorSpec(text.replace("bot", "worker"), "fenced.yaml")[0]!.title).toBe("Fenced");
  });

  it("reads a top-level list of tickets and list items wrapped in JuniorSpec:", () => {
    const text = "- title: One\n- JuniorSpec:\n    title: Two\n";
    expect(parseJuniorSpec(text, "list.yaml").map((t) => t.title)).toEqual(["One", "Two"]);
  });

  it("treats `key:` with no value as not given", () => {
    const [ticket] = parseJuniorSpec("title: T\nowner:\nfiles:\nacceptance_criteria:\n", "nulls.yaml");
    expect(ticket).toMatchObject({ owner: "worker", files: [], acceptanceCriteria: [] });
  });

  it("accepts constraints written as a plain list, and extra constraint keys as text", () => {
    const [listed] = parseJuniorSpec("title: T\nconstraints: [no new deps]\n", "c.yaml");
    expect(listed!.constraints).toEqual(["no new deps"]);
    const [mapped] = parseJuniorSpec("title: T\nconstraints:\n  max_new_dependencies: 1\n", "c.yaml");
    expect(mapped!.constraints).toEqual(["max new dependencies: 1"]);
  });
});

describe("parseJuniorSpec: errors name the file, the field and the expectation", () => {
  it("a known key of the wrong type", () => {
    expectInputError(() => parseJuniorSpec("title: T\nacceptance_criteria: all good\n", "spec.yaml"), {
      file: "spec.yaml",
      field: "acceptance_criteria (line 2)",
      problem: 'expected a list, got "all good"',
    });
  });

  it("a bad owner in the second document of several", () => {
    expectInputError(() => parseJuniorSpec(fixture("juniorspec-multi.yaml").replace("kind: test", "owner: bot"), "m.yaml"), {
      file: "m.yaml",
      field: "documents[1].owner (line 15)",
      problem: 'expected "worker" or "supervisor", got "bot"',
    });
  });

  it("a missing title inside a tickets: list", () => {
    expectInputError(() => parseJuniorSpec("tickets:\n  - title: A\n  - owner: worker\n", "plan.yaml"), {
      file: "plan.yaml",
      field: "tickets[1].title (line 3)",
      problem: "missing; expected a string",
    });
  });

  it("a bad file intent, with the intents that are allowed", () => {
    expectInputError(() => parseJuniorSpec('title: T\nfiles:\n  - path: a.ts\n    intent: "<create|edit|delete>"\n', "s.yaml"), {
      file: "s.yaml",
      field: "files[0].intent (line 4)",
      problem: 'expected "create", "edit" or "delete", got "<create|edit|delete>"',
    });
  });

  it("an unquoted number where text is expected suggests quoting it", () => {
    expectInputError(() => parseJuniorSpec("id: 7\ntitle: T\n", "s.yaml"), {
      file: "s.yaml",
      field: "id (line 1)",
      problem: 'expected a string, got the number 7 (put it in quotes: "7")',
    });
  });

  it("a union field reports the deepest problem when the shape matched", () => {
    expectInputError(() => parseJuniorSpec("title: T\ntest_plan:\n  unit_tests:\n    - steps: [a]\n", "s.yaml"), {
      file: "s.yaml",
      field: "test_plan.unit_tests[0].name (line 4)",
      problem: "missing; expected a string",
    });
    expectInputError(() => parseJuniorSpec("title: T\nrationale: 3\n", "s.yaml"), {
      file: "s.yaml",
      field: "rationale (line 2)",
      problem: "expected text or a list of strings, got the number 3",
    });
  });

  it("max_changed_lines must be a positive whole number", () => {
    expectInputError(() => parseJuniorSpec("title: T\nconstraints:\n  max_changed_lines: -5\n", "s.yaml"), {
      file: "s.yaml",
      field: "constraints.max_changed_lines (line 3)",
      problem: "expected a number greater than 0, got the number -5",
    });
  });

  it("several problems are listed together, each with its field", () => {
    const error = inputErrorOf(() => parseJuniorSpec("tickets:\n  - title: ''\n  - title: B\n    kind: poem\n", "p.yaml"));
    expect(error.file).toBe("p.yaml");
    expect(error.field).toBeNull();
    expect(error.problem).toBe(
      [
        "2 problems:",
        '  - tickets[0].title (line 2): expected a non-empty string, got ""',
        '  - tickets[1].kind (line 4): expected "code", "test", "refactor" or "doc", got "poem"',
      ].join("\n"),
    );
  });

  it("YAML syntax errors give the line and column", () => {
    const error = expectInputError(() => parseJuniorSpec('title: T\ninputs:\n  - name: "x"  type: "y"\n', "bad.yaml"), {
      file: "bad.yaml",
      field: "line 3, column 11",
      problem: /^invalid YAML: Nested mappings are not allowed in compact mappings\n/,
    });
    expect(error.problem).toContain('- name: "x"  type: "y"');
  });

  it("duplicate keys are a syntax error", () => {
    expectInputError(() => parseJuniorSpec("title: A\ntitle: B\n", "dup.yaml"), {
      file: "dup.yaml",
      field: "line 2, column 1",
      problem: /^invalid YAML: Map keys must be unique/,
    });
  });

  it("duplicate ids name both places", () => {
    expectInputError(() => parseJuniorSpec("tickets:\n  - id: A-1\n    title: A\n  - id: A-1\n    title: B\n", "d.yaml"), {
      file: "d.yaml",
      field: "tickets[1].id (line 4)",
      problem: 'duplicate id "A-1": tickets[0].id (line 2) already uses it; every ticket in a file needs its own id',
    });
  });

  it("an id given by position that collides with a written one says so", () => {
    expectInputError(() => parseJuniorSpec("tickets:\n  - title: A\n  - id: T-001\n    title: B\n", "d.yaml"), {
      file: "d.yaml",
      field: "tickets[1].id (line 3)",
      problem:
        'duplicate id "T-001": tickets[0] (line 2) (numbered T-001 by its position; it has no id) already uses it; every ticket in a file needs its own id',
    });
  });

  it("an empty file, a comment-only file, an empty list and a scalar document", () => {
    expectInputError(() => parseJuniorSpec("  \n", "e.yaml"), { file: "e.yaml", field: null, problem: /^the file is empty; expected a JuniorSpec/ });
    expectInputError(() => parseJuniorSpec("# nothing yet\n", "e.yaml"), { file: "e.yaml", field: null, problem: /^no tickets found; expected a JuniorSpec/ });
    expectInputError(() => parseJuniorSpec("tickets: []\n", "e.yaml"), { file: "e.yaml", field: null, problem: /^no tickets found/ });
    expectInputError(() => parseJuniorSpec("just some words\n", "e.yaml"), {
      file: "e.yaml",
      field: "line 1",
      problem: 'expected a ticket (an object), a list of tickets or { tickets: [...] }, got "just some words"',
    });
    expectInputError(() => parseJuniorSpec("tickets: nope\n", "e.yaml"), {
      file: "e.yaml",
      field: "tickets (line 1)",
      problem: 'expected a list of tickets, got "nope"',
    });
  });
});
