import { z } from "zod";
import { F, hacoFields, ignoringNulls, nonEmptyText, textList } from "./rawFields.js";
import { FILE_INTENTS, ticketSchema } from "./ticket.js";

/**
 * The JuniorSpec YAML of seed 000, as users' senior models write it. Keys are
 * the seed's own (snake_case); unknown keys (clarifications_needed,
 * expected_output_from_junior, …) are dropped, but a known key with the wrong
 * type is an error.
 */

const T = ticketSchema.shape;

const juniorFile = ignoringNulls(
  z.object({
    path: F.path,
    // Without haco's default, so a spec that leaves the intent out can be told from one that says "edit".
    intent: z.enum(FILE_INTENTS).optional(),
    anchors: F.anchors,
    outline: F.outline,
    code_context: F.codeContext,
  }),
);

const functionInput = ignoringNulls(
  z.object({
    name: z.string().optional(),
    type: z.string().optional(),
    notes: z.string().optional(),
  }),
);

/** Examples are free-form in the seed (input/output may be objects); they are shown, not interpreted. */
const functionExample = ignoringNulls(z.object({ input: z.unknown(), output: z.unknown() }));

const juniorFunction = ignoringNulls(
  z.object({
    name: nonEmptyText,
    signature: z.string().optional(),
    description: z.string().optional(),
    inputs: z.array(functionInput).optional(),
    outputs: z.string().optional(),
    edge_cases: z.array(nonEmptyText).optional(),
    examples: z.array(functionExample).optional(),
  }),
);

const testCase = z.union([nonEmptyText, ignoringNulls(z.object({ name: nonEmptyText, steps: textList }))], {
  error: "expected a test name or an object with name and steps",
});

const testPlan = z.union(
  [
    nonEmptyText,
    z.array(testCase),
    ignoringNulls(
      z.object({
        unit_tests: z.array(testCase).optional(),
        integration_tests: z.array(testCase).optional(),
        e2e_tests: z.array(testCase).optional(),
        notes: z.string().optional(),
      }),
    ),
  ],
  { error: "expected text, a list of tests, or an object with unit_tests and notes" },
);

/** `standards:` and extra `constraints:` keys hold short scalars or lists of them. */
const scalarOrList = z.union([z.string(), z.number(), z.boolean(), z.array(nonEmptyText)], {
  error: "expected text, a number, true/false or a list of strings",
});

const standards = ignoringNulls(z.record(z.string(), scalarOrList));

/** Seed 000 writes constraints as a mapping; haco's own files write a plain list. Both are accepted. */
const constraints = z.union(
  [
    z.array(nonEmptyText),
    ignoringNulls(
      z
        .object({
          max_changed_lines: z.number().int().positive().optional(),
          avoid: z.array(nonEmptyText).optional(),
        })
        .catchall(scalarOrList),
    ),
  ],
  { error: "expected a list of constraints or an object with max_changed_lines and avoid" },
);

export const juniorSpecSchema = ignoringNulls(
  z.object({
    title: T.title,
    /** Not in seed 000, but haco's plan files carry a free-text description first. */
    description: z.string().optional(),
    rationale: z
      .union([nonEmptyText, z.array(nonEmptyText)], { error: "expected text or a list of strings" })
      .optional(),
    files: z.array(juniorFile).optional(),
    functions: z.array(juniorFunction).optional(),
    acceptance_criteria: textList,
    test_plan: testPlan.optional(),
    standards: standards.optional(),
    constraints: constraints.optional(),
    step_by_step_for_junior: textList,
    ...hacoFields,
  }),
);

export type JuniorSpec = z.output<typeof juniorSpecSchema>;
export type JuniorFunction = z.output<typeof juniorFunction>;
export type JuniorTestPlan = z.output<typeof testPlan>;
export type JuniorTestCase = z.output<typeof testCase>;
