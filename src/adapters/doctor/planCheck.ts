import { stat } from "node:fs/promises";
import path from "node:path";
import { HacoError } from "../../domain/errors.js";
import type { LoadedTicket } from "../../domain/tickets/ticket.js";
import { DEFAULT_PLAN_FILES, findDefaultPlan, loadTicketsFromFile } from "../tickets/loadTickets.js";
import { fail, messageOf, ok, warn, type DoctorCheck } from "./check.js";

export interface PlanFindings {
  check: DoctorCheck;
  /** The plan's tickets when it parsed; empty otherwise. */
  tickets: LoadedTicket[];
}

const FORMATS_DOC = "docs/ticket-formats.md";
const WRITE_ONE = `haco plan "<what you want done>" (needs ANTHROPIC_API_KEY), or write PLAN.md by hand (see ${FORMATS_DOC})`;

/** The plan `haco run` would read (--plan, else .haco/plan.yaml, else PLAN.md), parsed as it would parse it. */
export async function checkPlan(repoRoot: string | null, planFile: string | undefined, cwd: string): Promise<PlanFindings> {
  const file = planFile ? path.resolve(cwd, planFile) : repoRoot ? findDefaultPlan(repoRoot) : null;
  if (file === null) {
    const detail = repoRoot
      ? `no plan: neither ${DEFAULT_PLAN_FILES.join(" nor ")} exists (the cockpit starts empty; haco run has nothing to do)`
      : "not in a git repository, so no plan to look for";
    return { check: warn("plan", detail, repoRoot ? WRITE_ONE : undefined), tickets: [] };
  }
  const shown = path.relative(repoRoot ?? cwd, file) || file;
  try {
    const tickets = await loadTicketsFromFile(file, shown);
    if (tickets.length === 0) return { check: warn("plan", `${shown} has no tickets`, WRITE_ONE), tickets };
    const supervisor = tickets.filter((t) => t.owner === "supervisor").length;
    const owners = supervisor > 0 ? ` (${tickets.length - supervisor} worker, ${supervisor} supervisor)` : "";
    return { check: ok("plan", `${shown}: ${tickets.length} ticket${tickets.length === 1 ? "" : "s"}${owners}`), tickets };
  } catch (err) {
    // InputError's message already names the file and the field.
    const detail = err instanceof HacoError ? err.message : `${shown}: ${messageOf(err)}`;
    return { check: fail("plan", detail, await fixFor(file, shown)), tickets: [] };
  }
}

/** What to do about a plan that could not be read: it depends on whether there is a file to fix at all. */
async function fixFor(file: string, shown: string): Promise<string> {
  const found = await stat(file).then(
    (s) => s,
    (err: NodeJS.ErrnoException) => err.code ?? "error",
  );
  if (found === "ENOENT" || found === "ENOTDIR") {
    // Only --plan can name a file that is not there: the default plans are looked for, not assumed.
    return `create it with haco plan "<what you want done>" --out ${shown} (needs ANTHROPIC_API_KEY) or by hand (${FORMATS_DOC}), or point --plan at an existing plan file`;
  }
  if (typeof found === "string") return `make ${shown} readable (check its permissions and those of its folders)`;
  if (found.isDirectory()) return `point --plan at a plan file in that folder (.yaml, .json or .md), not at the folder`;
  return `fix ${shown} (formats: ${FORMATS_DOC})`;
}
