import { z } from "zod";
import { ticketFileSchema, ticketSchema } from "./ticket.js";

/**
 * Building blocks for the schemas of the structured formats (JuniorSpec YAML,
 * task-spec JSON). They reuse the leaf schemas of `ticketSchema`, so a bad
 * owner, id or path is reported with exactly the same words whichever format
 * it was written in.
 */

const T = ticketSchema.shape;
export const F = ticketFileSchema.shape;

/** A non-empty, trimmed string: the same check as a ticket's title. */
export const nonEmptyText = T.title;

/**
 * `key:` with nothing after it in YAML (or `"key": null` in JSON) means "not
 * given", not "the value null": drop such keys before validating so optional
 * fields stay optional and required ones say "missing".
 */
function dropNullValues(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

export function ignoringNulls<S extends z.ZodType>(schema: S) {
  return z.preprocess(dropNullValues, schema);
}

/** Fields haco adds to every format (seed formats have no owner/kind/test command of their own). */
export const hacoFields = {
  id: T.id.optional(),
  owner: T.owner,
  kind: T.kind,
  test_command: T.testCommand,
  context_files: T.contextFiles,
};

export const textList = T.acceptanceCriteria;
