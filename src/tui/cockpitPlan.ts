import path from "node:path";
import type { LoadedTicket } from "../domain/tickets/ticket.js";
import { DEFAULT_PLAN_FILES, findDefaultPlan, loadTicketsFromFile } from "../adapters/tickets/loadTickets.js";
import { committedTicketIds } from "../adapters/workspace/ticketHistory.js";

export interface CockpitPlan {
  tickets: LoadedTicket[];
  /** How the plan is named on screen, or null without a plan. */
  displayName: string | null;
  /** The plan's name, or how to write one (the empty Tickets pane shows it). */
  note: string;
  /** Tickets already committed in this repository (shown as committed, as `haco run` skips them). */
  committed: Set<string>;
}

export const NO_PLAN_NOTE =
  `No plan yet. Write ${DEFAULT_PLAN_FILES.join(" or ")} (formats: docs/ticket-formats.md), ` +
  "or open the cockpit with --plan FILE; then restart haco.";

/**
 * The cockpit's tickets, found as `haco run` finds them. No plan is not an
 * error here (the cockpit opens and says how to add one); a plan that does
 * not parse, or a --plan that does not exist, is (an InputError, exit 2).
 */
export async function loadCockpitPlan(repoRoot: string, planFile?: string): Promise<CockpitPlan> {
  const file = planFile ? path.resolve(planFile) : findDefaultPlan(repoRoot);
  const committed = await committedTicketIds(repoRoot).catch(() => new Set<string>());
  if (!file) return { tickets: [], displayName: null, note: NO_PLAN_NOTE, committed };
  const displayName = path.relative(process.cwd(), file) || file;
  const tickets = await loadTicketsFromFile(file, displayName);
  return { tickets, displayName, note: displayName, committed };
}
