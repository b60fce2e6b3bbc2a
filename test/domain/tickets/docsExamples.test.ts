import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseJuniorSpec } from "../../../src/domain/tickets/juniorSpec.js";
import { parsePlanMarkdown } from "../../../src/domain/tickets/planMarkdown.js";
import { parseTaskSpec } from "../../../src/domain/tickets/taskSpec.js";

/** The examples in the user doc must stay valid: parse them. */
const doc = readFileSync(new URL("../../../docs/ticket-formats.md", import.meta.url), "utf8");
const example = (lang: string): string => {
  const match = new RegExp("```" + lang + "\\n([\\s\\S]*?)\\n```").exec(doc);
  if (!match) throw new Error(`no ${lang} example in docs/ticket-formats.md`);
  return match[1]!;
};

describe("docs/ticket-formats.md examples", () => {
  it("the JuniorSpec example is one valid ticket", () => {
    const [ticket] = parseJuniorSpec(example("yaml"), "example.yaml");
    expect(ticket).toMatchObject({ id: "T-001", title: "Add slugify helper", testCommand: "npx vitest run src/slugify.test.ts" });
    expect(ticket!.constraints).toContain("change at most 150 lines");
  });

  it("the task-spec example is one valid ticket titled by its first sentence", () => {
    expect(parseTaskSpec(example("json"), "example.json")[0]!.title).toBe("Create utility function");
  });

  it("the PLAN.md example is two tickets, the second numbered by position", () => {
    const tickets = parsePlanMarkdown(example("markdown"), "PLAN.md");
    expect(tickets.map((t) => [t.id, t.title])).toEqual([
      ["T-001", "Add slugify helper"],
      ["T-002", "Document slugs in the README"],
    ]);
    expect(tickets[0]).toMatchObject({
      acceptanceCriteria: ["lowercases and joins words with dashes", 'returns "" for ""'],
      steps: ["Write the tests.", "Implement slugify."],
      testCommand: "npx vitest run src/slugify.test.ts",
    });
  });
});
