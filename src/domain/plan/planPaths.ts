import { normalizeRepoPath } from "../edits/paths.js";
import type { PlannedTicket } from "./planTool.js";

/**
 * Paths in a plan from Claude name files of this repository, relative to its
 * root. One that is absolute, starts at a home directory or has a `..`
 * segment points elsewhere (or says the same thing a harder way): the run
 * would refuse the ticket, so the plan says so where people read it. A file
 * to edit must also be one a worker may write (not .git/, not haco's own).
 */
export function pathBreaches(ticket: PlannedTicket): string[] {
  const out: string[] = [];
  for (const file of ticket.files) {
    const problem = outsideProblem(file.path) ?? refusedEdit(file.path);
    if (problem) out.push(`names ${problem}`);
  }
  for (const name of ticket.context_files) {
    const problem = outsideProblem(name);
    if (problem) out.push(`names the context file ${problem}`);
  }
  return out;
}

function outsideProblem(raw: string): string | null {
  const slashed = raw.trim().replace(/\\/g, "/");
  const shown = JSON.stringify(raw);
  if (slashed.startsWith("/") || /^[A-Za-z]:/.test(slashed)) return `${shown}, an absolute path (paths are relative to the repository root)`;
  if (slashed === "~" || slashed.startsWith("~/")) return `${shown}, in a home directory (paths are relative to the repository root)`;
  if (slashed.split("/").includes("..")) return `${shown}, which has a '..' segment (paths stay inside the repository, written without '..')`;
  return null;
}

function refusedEdit(raw: string): string | null {
  const normalized = normalizeRepoPath(raw);
  return normalized.ok ? null : `a file a worker may not edit (${normalized.reason})`;
}
