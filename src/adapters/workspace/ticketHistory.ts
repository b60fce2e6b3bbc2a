import { TICKET_TRAILER } from "../../domain/commitMessage.js";
import { git, headCommit } from "./git.js";

/** Ids of tickets that already have a haco commit in HEAD's history (by their trailer). */
export async function committedTicketIds(repoRoot: string): Promise<Set<string>> {
  if (!(await headCommit(repoRoot))) return new Set();
  const out = await git(["log", "--format=%(trailers:key=" + TICKET_TRAILER + ",valueonly)", "HEAD"], { cwd: repoRoot });
  return new Set(out.stdout.split("\n").map((line) => line.trim()).filter(Boolean));
}
