import { sanitizeForTerminal } from "../../domain/text/sanitize.js";

/**
 * A non-negative number from a tool's field, or null for anything else:
 * `[N/A]`, `[Not Supported]`, `N/A`, `ERR!`, empty. Unit suffixes (` MiB`,
 * ` %`) are dropped, since nvidia-smi adds them when run without `nounits`.
 */
export function readNumber(field: unknown): number | null {
  if (typeof field === "number") return Number.isFinite(field) && field >= 0 ? field : null;
  if (typeof field !== "string") return null;
  const bare = field.trim().replace(/\s*(?:MiB|GiB|B|%)$/i, "");
  return /^\d+(?:\.\d+)?$/.test(bare) ? Number(bare) : null;
}

/** A device name as the tool printed it, made safe to show: it ends up on the cockpit's status line. */
export function cleanName(field: unknown): string {
  return typeof field === "string" ? sanitizeForTerminal(field).replace(/\s+/g, " ").trim() : "";
}
