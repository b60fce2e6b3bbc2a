import { lstat, stat } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../../domain/errors.js";
import type { TicketFormat } from "../../domain/tickets/formats.js";

/**
 * Where `haco plan` writes, checked before Claude is asked: a plan that
 * cannot be written there is not worth paying for. The extension picks the
 * format, so the file is read back the way it was written (`haco run --plan`
 * goes by the extension too).
 */

export type PlanFileFormat = Extract<TicketFormat, "planmd" | "juniorspec">;

const FORMAT_BY_EXTENSION: Readonly<Record<string, PlanFileFormat>> = {
  ".md": "planmd",
  ".markdown": "planmd",
  ".yaml": "juniorspec",
  ".yml": "juniorspec",
};

export const PLAN_OUT_EXTENSIONS = ".md (PLAN.md format) or .yaml/.yml (JuniorSpec YAML)";

/** The format `out`'s extension names; any other extension is a UsageError naming the path. */
export function planFormatFor(out: string, shown: string): PlanFileFormat {
  const format = FORMAT_BY_EXTENSION[path.extname(out).toLowerCase()];
  if (!format) {
    throw new UsageError(`--out ${shown}: a plan is written as ${PLAN_OUT_EXTENSIONS}, and the extension picks which — name the file e.g. PLAN.md or plan.yaml`);
  }
  return format;
}

export interface PlanOutCheck {
  /** False: an existing file there is an error (no --force). */
  replace: boolean;
  /** For messages: paths are shown relative to it. */
  cwd: string;
}

/** The plan's format, once `out` is known to be writable as a file: not a directory, under directories only. */
export async function checkPlanOut(out: string, shown: string, options: PlanOutCheck): Promise<PlanFileFormat> {
  const existing = await lstatOrNull(out, shown);
  // Before the extension: "src is a directory" says more than "src has no extension".
  if (existing?.isDirectory()) {
    throw new UsageError(`--out ${shown} is a directory — give the plan file's path, e.g. --out ${path.join(shown, "PLAN.md")}`);
  }
  const format = planFormatFor(out, shown);
  if (existing && !existing.isFile() && !existing.isSymbolicLink()) {
    throw new UsageError(`--out ${shown} is not a regular file — pick another --out`);
  }
  if (existing && !options.replace) throw new UsageError(`${shown} exists — pass --force to replace it, or --out to write the plan elsewhere`);

  // The nearest part of the path that exists must be a directory; the rest is created.
  let ancestor = path.dirname(out);
  for (;;) {
    const found = await statOrNull(ancestor, shown);
    if (found) {
      if (!found.isDirectory()) {
        const where = path.relative(options.cwd, ancestor) || ancestor;
        throw new UsageError(`--out ${shown}: ${where} is a file, not a directory, so the plan cannot go there — pick another --out`);
      }
      return format;
    }
    const parent = path.dirname(ancestor);
    if (parent === ancestor) return format;
    ancestor = parent;
  }
}

async function lstatOrNull(file: string, shown: string) {
  try {
    return await lstat(file);
  } catch (err) {
    if (isMissing(err)) return null;
    throw unreadable(err, shown);
  }
}

async function statOrNull(file: string, shown: string) {
  try {
    return await stat(file);
  } catch (err) {
    if (isMissing(err)) return null;
    throw unreadable(err, shown);
  }
}

function unreadable(err: unknown, shown: string): UsageError {
  const code = (err as NodeJS.ErrnoException).code ?? "error";
  return new UsageError(`--out ${shown}: its folder cannot be looked at (${code}) — check its permissions, or pick another --out`);
}

/** ENOTDIR: a part of the path is a file; the walk up finds which. */
function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR";
}
