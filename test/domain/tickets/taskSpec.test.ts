import { describe, expect, it } from "vitest";
import { parseTaskSpec } from "../../../src/domain/tickets/taskSpec.js";
import { expectInputError, fixture } from "./expectInputError.js";

describe("parseTaskSpec: seed-002 task specs", () => {
  it("maps one object: task_id, description, output_file, context, constraints, test", () => {
    const [ticket, ...rest] = parseTaskSpec(fixture("taskspec-object.json"), "task.json");
    expect(rest).toHaveLength(0);
    expect(ticket).toEqual({
      id: "T-001",
      title: "Create utility function",
      description: "Create utility function. It formats a number of chips as a currency string.",
      owner: "worker",
      kind: "code",
      // Seed 002 does not say whether output_file exists: the disk decides, so the intent is not "stated".
      files: [{ path: "src/utils/myUtil.js", intent: "edit", intentStated: false, anchors: [], outline: "", codeContext: "" }],
      contextFiles: ["src/constants/gameConstants.js"],
      acceptanceCriteria: [],
      constraints: ["Export named function", "Include JSDoc", "No dependencies"],
      steps: [],
      testCommand: "npx vitest run src/utils/__tests__/myUtil.test.js",
      source: { file: "task.json", format: "taskspec" },
    });
  });

  it("reads an array: null means absent, titles come from descriptions unless given", () => {
    const tickets = parseTaskSpec(fixture("taskspec-array.json"), "tasks.json");
    expect(tickets.map((t) => t.id)).toEqual(["T-001", "T-002", "T-003"]);
    expect(tickets[0]!.title).toBe("Create src/constants/themeConstants.js (colors, spacing)");
    expect(tickets[0]!.testCommand).toBeUndefined();
    // Longer than 72 characters: cut at a word and marked.
    expect(tickets[1]!.title).toBe("Create src/utils/themeUtils.js with toggleTheme and…");
    expect(tickets[1]!.title.length).toBeLessThanOrEqual(72);
    expect(tickets[2]).toMatchObject({ title: "Tests for themeUtils", kind: "test", owner: "worker" });
  });

  it('reads { "tickets": [...] } with dotted ids', () => {
    const tickets = parseTaskSpec(fixture("taskspec-tickets.json"), "plan.json");
    expect(tickets.map((t) => [t.id, t.title, t.files[0]!.path])).toEqual([
      ["1.1", "Create execute-local-task.sh", "scripts/execute-local-task.sh"],
      ["1.2", "Add JSON output parsing", "scripts/parse-output.sh"],
    ]);
  });

  it("reads a file saved with a byte-order mark", () => {
    expect(parseTaskSpec('\uFEFF{"description": "With BOM"}', "t.json")[0]!.title).toBe("With BOM");
  });

  it("accepts id as well as task_id when only one is given", () => {
    expect(parseTaskSpec('{"id": "X-1", "description": "Do it"}', "t.json")[0]!.id).toBe("X-1");
  });
});

describe("parseTaskSpec: errors name the file, the field and the expectation", () => {
  it("a bad owner, with the line it is on", () => {
    expectInputError(() => parseTaskSpec('{\n  "description": "x",\n  "owner": "bot"\n}', "t.json"), {
      file: "t.json",
      field: "owner (line 3)",
      problem: 'expected "worker" or "supervisor", got "bot"',
    });
  });

  it("a wrong type inside an array", () => {
    expectInputError(() => parseTaskSpec('[\n {"description": "a"},\n {"description": "b", "context_files": "src/a.ts"}\n]', "t.json"), {
      file: "t.json",
      field: "[1].context_files (line 3)",
      problem: 'expected a list, got "src/a.ts"',
    });
  });

  it("an empty output_file", () => {
    expectInputError(() => parseTaskSpec('{"description": "a", "output_file": " "}', "t.json"), {
      file: "t.json",
      field: "output_file (line 1)",
      problem: 'expected a non-empty string, got ""',
    });
  });

  it("no description and no title", () => {
    expectInputError(() => parseTaskSpec('{"task_id": "T-9", "output_file": "a.js"}', "t.json"), {
      file: "t.json",
      field: "description (line 1)",
      problem: "missing; expected a description (or a title)",
    });
  });

  it("task_id and id that disagree", () => {
    expectInputError(() => parseTaskSpec('{"task_id": "T-1", "id": "T-2", "description": "a"}', "t.json"), {
      file: "t.json",
      field: "id (line 1)",
      problem: 'task_id is "T-1" but id is "T-2"; give only one of them',
    });
  });

  it("an id that cannot be a file name", () => {
    expectInputError(() => parseTaskSpec('{"task_id": "T 1", "description": "a"}', "t.json"), {
      file: "t.json",
      field: "task_id (line 1)",
      problem: `expected letters, digits, '.', '_' or '-' (at most 64), e.g. T-001, got "T 1"`,
    });
  });

  it("duplicate task ids name both places", () => {
    expectInputError(() => parseTaskSpec('[\n{"task_id": "T-1", "description": "a"},\n{"task_id": "T-1", "description": "b"}\n]', "t.json"), {
      file: "t.json",
      field: "[1].task_id (line 3)",
      problem: 'duplicate id "T-1": [0].task_id (line 2) already uses it; every ticket in a file needs its own id',
    });
  });

  it("JSON syntax errors give the line and column", () => {
    expectInputError(() => parseTaskSpec('{\n  "description": "a",\n}', "t.json"), {
      file: "t.json",
      field: "line 3, column 1",
      problem: "invalid JSON: Expected double-quoted property name",
    });
  });

  it("an empty file, an empty array, and a value that is not a task", () => {
    expectInputError(() => parseTaskSpec("", "t.json"), { file: "t.json", field: null, problem: /^the file is empty; expected a task spec/ });
    expectInputError(() => parseTaskSpec("[]", "t.json"), { file: "t.json", field: null, problem: /^no tickets found; expected a task spec/ });
    expectInputError(() => parseTaskSpec('"hello"', "t.json"), {
      file: "t.json",
      field: "line 1",
      problem: 'expected a ticket (an object), a list of tickets or { tickets: [...] }, got "hello"',
    });
    expectInputError(() => parseTaskSpec("[1]", "t.json"), {
      file: "t.json",
      field: "[0] (line 1)",
      problem: "expected an object, got the number 1",
    });
  });
});
