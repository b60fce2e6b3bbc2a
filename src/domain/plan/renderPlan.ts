import { stringify } from "yaml";
import { defaultTicketId } from "../tickets/ticket.js";
import type { PlanInput, PlannedTicket } from "./planTool.js";
import { limitBreaches } from "./planTool.js";

/**
 * A supervisor's plan as a file haco and people read: PLAN.md (seed 001's
 * format, see docs/ticket-formats.md) or JuniorSpec YAML for a `.yaml` path.
 * Each ticket says who owns it and why; a ticket over the limits carries
 * that in its constraints, so it is flagged where people read it and in the
 * prompt the worker gets, never silently accepted.
 */

export interface PlanMeta {
  request: string;
  model: string;
}

/**
 * Ids in order (T-001…) where the plan gave none, gave one twice, or gave
 * one the repository already used (`taken`: committed tickets, tickets in
 * the cockpit), so a second plan never collides with the first.
 */
export function withIds(plan: PlanInput, taken: ReadonlySet<string> = new Set()): PlannedTicket[] {
  const seen = new Set<string>(taken);
  let next = 0;
  return plan.tickets.map((ticket) => {
    let id = ticket.id && !seen.has(ticket.id) ? ticket.id : "";
    while (!id || seen.has(id)) id = defaultTicketId(next++);
    seen.add(id);
    return { ...ticket, id };
  });
}

export function renderPlanMarkdown(plan: PlanInput, meta: PlanMeta, taken: ReadonlySet<string> = new Set()): string {
  const out: string[] = [`# Plan: ${oneLine(meta.request)}`, ""];
  if (plan.summary.trim()) out.push(plan.summary.trim(), "");
  out.push(`Planned by ${meta.model} with haco. Edit freely: haco reads this file as it is.`, "");
  for (const ticket of withIds(plan, taken)) {
    out.push(`## ${ticket.id}: ${oneLine(ticket.title)}`);
    out.push(`- owner: ${ticket.owner}`);
    out.push(`- kind: ${ticket.kind}`);
    out.push(`- files: ${ticket.files.map((f) => `${f.path} (${f.intent})`).join(", ")}`);
    if (ticket.context_files.length) out.push(`- context: ${ticket.context_files.join(", ")}`);
    if (ticket.test_command) out.push(`- test: \`${ticket.test_command.replaceAll("`", "'")}\``);
    out.push("");
    if (ticket.description.trim()) out.push(ticket.description.trim(), "");
    // No "key: value" shape here: right under the fields it would read as one.
    out.push(`Owned by the ${ticket.owner} — ${oneLine(ticket.owner_reason)}${ticket.category ? ` (${ticket.category})` : ""}.`, "");
    out.push("### Acceptance criteria", ...ticket.acceptance_criteria.map((c) => `- [ ] ${oneLine(c)}`), "");
    const constraints = constraintsOf(ticket);
    if (constraints.length) out.push("### Constraints", ...constraints.map((c) => `- ${oneLine(c)}`), "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

export function renderPlanYaml(plan: PlanInput, meta: PlanMeta, taken: ReadonlySet<string> = new Set()): string {
  const tickets = withIds(plan, taken).map((t) => ({
    id: t.id,
    title: t.title,
    description: [t.description.trim(), `Owned by the ${t.owner} — ${t.owner_reason}`].filter(Boolean).join("\n\n"),
    owner: t.owner,
    kind: t.kind,
    files: t.files.map((f) => ({ path: f.path, intent: f.intent })),
    ...(t.context_files.length ? { context_files: t.context_files } : {}),
    acceptance_criteria: t.acceptance_criteria,
    ...(constraintsOf(t).length ? { constraints: constraintsOf(t) } : {}),
    ...(t.test_command ? { test_command: t.test_command } : {}),
  }));
  return `# Plan: ${oneLine(meta.request)} — planned by ${meta.model} with haco\n${stringify({ tickets }, { lineWidth: 0 })}`;
}

function constraintsOf(ticket: PlannedTicket): string[] {
  const breaches = limitBreaches(ticket).map((b) => `FLAGGED: this ticket ${b}; split it before running`);
  const deps = ticket.new_dependencies.map((d) => `new dependency allowed: ${d}`);
  return [...breaches, ...ticket.constraints, ...deps];
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
