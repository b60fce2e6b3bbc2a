import path from "node:path";
import type { Ticket } from "./tickets/ticket.js";

/**
 * A Conventional Commit message for a ticket's change: `type(scope): subject
 * (ID)`, then a `Haco-Ticket:` trailer that lets haco (and `git log --grep`)
 * find which tickets are already done.
 */

const CONVENTIONAL = /^(feat|fix|docs|test|refactor|perf|chore|build|ci|style)(\(([^)]+)\))?!?:\s*(.+)$/i;
const HEADER_LIMIT = 72;

export const TICKET_TRAILER = "Haco-Ticket";

export function conventionalCommitMessage(ticket: Ticket, changedFiles: string[]): string {
  const stated = CONVENTIONAL.exec(ticket.title.trim());
  const type = stated ? stated[1]!.toLowerCase() : inferType(ticket, changedFiles);
  const scope = stated?.[3] ?? inferScope(changedFiles);
  const rawSubject = stated ? stated[4]! : ticket.title;
  const prefix = `${type}${scope ? `(${scope})` : ""}: `;
  const suffix = ` (${ticket.id})`;
  const subject = shorten(tidySubject(rawSubject), HEADER_LIMIT - prefix.length - suffix.length);
  return `${prefix}${subject}${suffix}\n\n${TICKET_TRAILER}: ${ticket.id}\n`;
}

function inferType(ticket: Ticket, files: string[]): string {
  if (ticket.kind === "test" || (files.length > 0 && files.every(isTestFile))) return "test";
  if (ticket.kind === "doc" || (files.length > 0 && files.every((f) => /\.(md|mdx|rst|txt)$/i.test(f)))) return "docs";
  if (ticket.kind === "refactor") return "refactor";
  if (/^(fix|bug|repair|correct)/i.test(ticket.title.trim())) return "fix";
  return "feat";
}

function isTestFile(file: string): boolean {
  return /(^|\/)(test|tests|__tests__)\//.test(file) || /\.(test|spec)\.[a-z]+$/i.test(file);
}

/** The directory the files share (its last part), else the single file's stem. */
function inferScope(files: string[]): string | null {
  if (files.length === 0) return null;
  const dirs = files.map((f) => path.posix.dirname(f));
  const shared = dirs.every((d) => d === dirs[0]) ? dirs[0]! : "";
  const candidate =
    shared && shared !== "." && !["src", "lib", "test", "tests", "docs", "app", "pkg"].includes(path.posix.basename(shared))
      ? path.posix.basename(shared)
      : files.length === 1
        ? path.posix.basename(files[0]!).replace(/(\.(test|spec))?\.[^.]+$/, "")
        : "";
  const clean = candidate.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-|-$/g, "");
  return clean || null;
}

function tidySubject(subject: string): string {
  const oneLine = subject.replace(/\s+/g, " ").trim().replace(/\.$/, "");
  return oneLine.charAt(0).toLowerCase() + oneLine.slice(1);
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(10, max - 1));
  const space = cut.lastIndexOf(" ");
  return `${space > 20 ? cut.slice(0, space) : cut}…`;
}
