import type { Ticket } from "./tickets/ticket.js";

/**
 * Which model drafts a ticket (seed 001 §13): the first rule whose
 * conditions all hold — the ticket's kind, a prompt at least this long —
 * else the run's model. A rule with no condition matches every ticket.
 */

export interface Route {
  kind?: Ticket["kind"];
  minPromptTokens?: number;
  model: string;
}

export function routeModel(ticket: Pick<Ticket, "kind">, promptTokens: number, routes: readonly Route[], fallback: string): string {
  const rule = routes.find((r) => (r.kind === undefined || r.kind === ticket.kind) && (r.minPromptTokens === undefined || promptTokens >= r.minPromptTokens));
  return rule?.model ?? fallback;
}
