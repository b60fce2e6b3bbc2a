import { z } from "zod";

/**
 * The one ticket schema every input format (JuniorSpec YAML, task-spec JSON,
 * PLAN.md) is normalised into. Loaders map their own field names onto this
 * shape and then validate with `ticketSchema`, so every format gets the same
 * error messages for the same mistakes.
 */

export const OWNERS = ["worker", "supervisor"] as const;
export type Owner = (typeof OWNERS)[number];

export const FILE_INTENTS = ["create", "edit", "delete"] as const;
export type FileIntent = (typeof FILE_INTENTS)[number];

/** Ticket ids become file names and commit trailers: keep them plain. */
export const TICKET_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const nonEmpty = z.string().trim().min(1, "expected a non-empty string");

export const ticketFileSchema = z.object({
  path: nonEmpty,
  intent: z.enum(FILE_INTENTS).default("edit"),
  /** True when the ticket wrote the intent out: an (edit) of a file that is not there is then a mistake, not a new file. */
  intentStated: z.boolean().default(false),
  anchors: z.array(nonEmpty).default([]),
  outline: z.string().default(""),
  codeContext: z.string().default(""),
});

export const ticketSchema = z.object({
  id: z
    .string()
    .regex(TICKET_ID_PATTERN, "expected letters, digits, '.', '_' or '-' (at most 64), e.g. T-001"),
  title: nonEmpty,
  description: z.string().default(""),
  owner: z.enum(OWNERS).default("worker"),
  files: z.array(ticketFileSchema).default([]),
  contextFiles: z.array(nonEmpty).default([]),
  acceptanceCriteria: z.array(nonEmpty).default([]),
  constraints: z.array(nonEmpty).default([]),
  steps: z.array(nonEmpty).default([]),
  testCommand: z.string().trim().min(1).optional(),
  /** Prompt template kind (code, test, refactor, doc); the prompt builder picks a template by it. */
  kind: z.enum(["code", "test", "refactor", "doc"]).default("code"),
});

export type TicketFile = z.infer<typeof ticketFileSchema>;
export type Ticket = z.infer<typeof ticketSchema>;
export type TicketInput = z.input<typeof ticketSchema>;

/** Where a ticket came from, for error messages and the run log. */
export interface TicketSource {
  file: string;
  format: "juniorspec" | "taskspec" | "planmd";
}

export interface LoadedTicket extends Ticket {
  source: TicketSource;
}

/** The id a ticket gets when its file does not name one: T-001, T-002… in file order. */
export function defaultTicketId(index: number): string {
  return `T-${String(index + 1).padStart(3, "0")}`;
}
