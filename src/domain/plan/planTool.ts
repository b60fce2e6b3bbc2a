import { z } from "zod";
import { TICKET_ID_PATTERN } from "../tickets/ticket.js";

/**
 * The plan as Claude returns it: the input of a forced `emit_plan` tool call
 * whose JSON schema is the ticket schema plus what the limits need (seed
 * 000: at most 2 files, 150 changed lines and 1 new dependency per ticket;
 * seed 002: worker tickets of at most 50 lines, owner chosen by delegable
 * category). The zod schema checks what came back; nothing from the model is
 * trusted before it passes.
 */

export const PLAN_TOOL_NAME = "emit_plan";

export const DELEGABLE_CATEGORIES = ["boilerplate", "tests", "docs", "refactor", "simple-feature", "data-transform", "config"] as const;
export const SUPERVISOR_CATEGORIES = ["architecture", "security", "complex-logic", "cross-cutting", "debugging", "ambiguous"] as const;

export const LIMITS = { files: 2, changedLines: 150, newDependencies: 1, workerLines: 50 } as const;

const text = z.string().trim().min(1);

export const plannedTicketSchema = z.object({
  id: z.string().regex(TICKET_ID_PATTERN).optional(),
  title: text,
  description: z.string().default(""),
  kind: z.enum(["code", "test", "refactor", "doc"]).default("code"),
  owner: z.enum(["worker", "supervisor"]),
  owner_reason: text,
  category: z.string().trim().default(""),
  files: z.array(z.object({ path: text, intent: z.enum(["create", "edit", "delete"]).default("edit") })).min(1),
  context_files: z.array(text).default([]),
  acceptance_criteria: z.array(text).min(1),
  constraints: z.array(text).default([]),
  test_command: z.string().trim().optional(),
  estimated_changed_lines: z.number().int().min(0),
  new_dependencies: z.array(text).default([]),
});

export const planInputSchema = z.object({
  summary: z.string().default(""),
  tickets: z.array(plannedTicketSchema).min(1),
});

export type PlannedTicket = z.infer<typeof plannedTicketSchema>;
export type PlanInput = z.infer<typeof planInputSchema>;

/** The tool's input_schema: what Claude is told to fill in. */
export const PLAN_TOOL = {
  name: PLAN_TOOL_NAME,
  description: "Return the plan: small atomic tickets, each within the limits, with an owner and a reason.",
  input_schema: {
    type: "object" as const,
    properties: {
      summary: { type: "string", description: "One or two sentences: what the plan achieves." },
      tickets: {
        type: "array",
        items: {
          type: "object",
          properties: {
            id: { type: "string", description: "T-001, T-002… in order" },
            title: { type: "string", description: "Imperative, under 72 characters; may be a Conventional Commit header" },
            description: { type: "string" },
            kind: { type: "string", enum: ["code", "test", "refactor", "doc"] },
            owner: { type: "string", enum: ["worker", "supervisor"] },
            owner_reason: { type: "string", description: "Why this owner: the delegable category, or why it needs the supervisor" },
            category: { type: "string", enum: [...DELEGABLE_CATEGORIES, ...SUPERVISOR_CATEGORIES] },
            files: {
              type: "array",
              maxItems: LIMITS.files,
              items: {
                type: "object",
                properties: { path: { type: "string" }, intent: { type: "string", enum: ["create", "edit", "delete"] } },
                required: ["path", "intent"],
              },
            },
            context_files: { type: "array", items: { type: "string" } },
            acceptance_criteria: { type: "array", items: { type: "string" }, minItems: 1 },
            constraints: { type: "array", items: { type: "string" } },
            test_command: { type: "string", description: "A shell command that passes only when the ticket is done" },
            estimated_changed_lines: { type: "integer", minimum: 0, maximum: LIMITS.changedLines },
            new_dependencies: { type: "array", items: { type: "string" }, maxItems: LIMITS.newDependencies },
          },
          required: ["title", "kind", "owner", "owner_reason", "files", "acceptance_criteria", "estimated_changed_lines"],
        },
      },
    },
    required: ["tickets"],
  },
};

/** What breaks the limits in a ticket, as sentences; empty when it is within them. */
export function limitBreaches(ticket: PlannedTicket): string[] {
  const out: string[] = [];
  if (ticket.files.length > LIMITS.files) out.push(`touches ${ticket.files.length} files (at most ${LIMITS.files})`);
  if (ticket.estimated_changed_lines > LIMITS.changedLines) out.push(`changes about ${ticket.estimated_changed_lines} lines (at most ${LIMITS.changedLines})`);
  if (ticket.new_dependencies.length > LIMITS.newDependencies) out.push(`adds ${ticket.new_dependencies.length} dependencies (at most ${LIMITS.newDependencies})`);
  if (ticket.owner === "worker" && ticket.estimated_changed_lines > LIMITS.workerLines) {
    out.push(`is a worker ticket of about ${ticket.estimated_changed_lines} lines (worker tickets stay under ${LIMITS.workerLines})`);
  }
  return out;
}
