import { describe, expect, it } from "vitest";
import { parseJuniorSpec } from "../../../src/domain/tickets/juniorSpec.js";
import { parsePlanMarkdown } from "../../../src/domain/tickets/planMarkdown.js";
import { parseTaskSpec } from "../../../src/domain/tickets/taskSpec.js";
import { inputErrorOf } from "./expectInputError.js";

/**
 * The promise of one ticket schema: whichever format a mistake is made in,
 * the problem reads the same (only the field's name and place differ).
 */
const mistakes = [
  {
    name: "an unknown owner",
    yaml: "title: A\nowner: bot\n",
    json: '{"description": "A", "owner": "bot"}',
    md: "## A\n- owner: bot\n",
    problem: 'expected "worker" or "supervisor", got "bot"',
  },
  {
    name: "an unknown kind",
    yaml: "title: A\nkind: poem\n",
    json: '{"description": "A", "kind": "poem"}',
    md: "## A\n- kind: poem\n",
    problem: 'expected "code", "test", "refactor" or "doc", got "poem"',
  },
  {
    name: "an id with a space",
    yaml: "id: T 1\ntitle: A\n",
    json: '{"task_id": "T 1", "description": "A"}',
    md: "## A\n- id: T 1\n",
    problem: `expected letters, digits, '.', '_' or '-' (at most 64), e.g. T-001, got "T 1"`,
  },
  {
    name: "a blank test command",
    yaml: "title: A\ntest_command: ' '\n",
    json: '{"description": "A", "test_command": " "}',
    md: "## A\n- test: `  `\n",
    problem: 'expected a non-empty string, got ""',
  },
];

describe("the same mistake gets the same message in every format", () => {
  for (const mistake of mistakes) {
    it(mistake.name, () => {
      const problems = [
        inputErrorOf(() => parseJuniorSpec(mistake.yaml, "a.yaml")).problem,
        inputErrorOf(() => parseTaskSpec(mistake.json, "a.json")).problem,
        inputErrorOf(() => parsePlanMarkdown(mistake.md, "a.md")).problem,
      ];
      expect(problems).toEqual([mistake.problem, mistake.problem, mistake.problem]);
    });
  }
});
