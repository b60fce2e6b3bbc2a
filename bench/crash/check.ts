import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { TICKET_FILES, UNSTAGED_EDIT, UNSTAGED_TICKET_FILE, STAGED_EDIT, STAGED_TICKET_FILE, USER_STAGED_PATHS, gitIn, readModes, readTree, userStaged, type Fixture } from "./fixture.js";

/**
 * The invariants a trial must hold once recovery is over, and the verdict.
 * Every reason is worded without per-trial numbers, so that the same fault in
 * many trials counts as one reason; the per-trial specifics go to `details`.
 */

export type Outcome = "ok-before" | "ok-after" | "corrupt";

export interface Reference {
  /** The ticket files as an uncrashed run leaves them. */
  after: Map<string, Buffer>;
  /** The tree of the uncrashed run's commit. */
  tree: string;
}

export interface Verdict {
  outcome: Outcome;
  reasons: string[];
  details: string[];
  /** Things left behind that are not the user's data (haco's scratch directories in .git/): reported, not counted as corruption. */
  notes: string[];
}

const TMP = /\.haco-[0-9a-f]+\.tmp$/;

interface IndexEntry {
  mode: string;
  blob: string;
  stage: string;
}

function lsFiles(root: string): Map<string, IndexEntry[]> {
  const entries = new Map<string, IndexEntry[]>();
  for (const record of gitIn(root, ["ls-files", "-s", "-z"]).split("\0")) {
    if (!record) continue;
    const tab = record.indexOf("\t");
    const [mode, blob, stage] = record.slice(0, tab).split(" ");
    const file = record.slice(tab + 1);
    entries.set(file, [...(entries.get(file) ?? []), { mode: mode!, blob: blob!, stage: stage! }]);
  }
  return entries;
}

function lsTree(root: string, commit: string): Map<string, { mode: string; blob: string }> {
  const entries = new Map<string, { mode: string; blob: string }>();
  for (const record of gitIn(root, ["ls-tree", "-r", "-z", commit]).split("\0")) {
    if (!record) continue;
    const tab = record.indexOf("\t");
    const [mode, , blob] = record.slice(0, tab).split(" ");
    entries.set(record.slice(tab + 1), { mode: mode!, blob: blob! });
  }
  return entries;
}

/** The index the user should have with `head` checked out: HEAD's tree with the user's own staged work on top. */
function expectedIndex(root: string, head: string): Map<string, { mode: string; blob: string }> | string {
  const expected = lsTree(root, head);
  for (const file of USER_STAGED_PATHS) {
    const inHead = expected.get(file);
    const headText = inHead ? gitIn(root, ["cat-file", "blob", inHead.blob]) : null;
    const staged = userStaged(file, headText);
    if (staged === null) return `the user's staged change to ${file} cannot be laid over HEAD's version`;
    expected.set(file, { mode: inHead?.mode ?? "100644", blob: gitIn(root, ["hash-object", "--stdin"], staged).trim() });
  }
  return expected;
}

export function checkTrial(root: string, fixture: Fixture, reference: Reference): Verdict {
  const reasons = new Set<string>();
  const details: string[] = [];
  const notes: string[] = [];
  const fail = (reason: string, detail?: string) => {
    reasons.add(reason);
    if (detail) details.push(detail);
  };

  // git itself must still work.
  try {
    gitIn(root, ["status", "--porcelain"]);
  } catch (err) {
    fail("git status fails", (err as { stderr?: string }).stderr?.trim());
  }
  for (const lock of ["index.lock", "HEAD.lock", "refs/heads/main.lock"]) {
    if (existsSync(path.join(root, ".git", lock))) fail(`stray .git/${lock}`);
  }
  for (const name of readdirSync(path.join(root, ".git"))) {
    if (name.startsWith("haco-")) notes.push(`.git/${name.replace(/-[^-]+$/, "-*")}/ left behind (haco's scratch directory)`);
  }

  // HEAD: either the fixture's, or exactly one commit on top of it holding exactly the ticket's change.
  let state: "before" | "after" | null = null;
  try {
    const symbolic = gitIn(root, ["symbolic-ref", "-q", "HEAD"]).trim();
    if (symbolic !== "refs/heads/main") fail("HEAD no longer points at the branch", symbolic);
    const head = gitIn(root, ["rev-parse", "HEAD"]).trim();
    if (head === fixture.head) state = "before";
    else {
      const parent = gitIn(root, ["rev-parse", "-q", "--verify", `${head}^`]).trim();
      if (parent !== fixture.head) fail("HEAD is neither the old HEAD nor one commit on top of it", head);
      else {
        state = "after";
        if (gitIn(root, ["rev-parse", `${head}^{tree}`]).trim() !== reference.tree) fail("haco's commit does not hold exactly the ticket's change", head);
      }
    }
  } catch (err) {
    fail("HEAD cannot be read", (err as { stderr?: string }).stderr?.trim());
  }

  // The work tree.
  const now = readTree(root);
  const modes = readModes(root, [...now.keys()]);
  const counts = { before: 0, after: 0 };
  for (const file of TICKET_FILES) {
    const bytes = now.get(file);
    if (!bytes) {
      fail("a ticket file is missing", `${file} is missing`);
      continue;
    }
    if (bytes.equals(fixture.files.get(file)!)) counts.before++;
    else if (bytes.equals(reference.after.get(file)!)) counts.after++;
    else fail("a ticket file is neither its before nor its after bytes", `${file} is torn or foreign`);
    if (modes.get(file) !== fixture.modes.get(file)) fail("a ticket file's mode changed", `${file}: ${modes.get(file)?.toString(8)} instead of ${fixture.modes.get(file)?.toString(8)}`);
  }
  const whole = counts.before + counts.after === TICKET_FILES.length;
  if (counts.before > 0 && counts.after > 0) fail("the ticket's files are a mix of before and after (half-applied)", `${counts.before} before, ${counts.after} after`);
  else if (whole && state === "after" && counts.before > 0) fail("HEAD has haco's commit but the ticket's files are back to before (rolled back under the commit)");
  else if (whole && state === "before" && counts.after > 0) fail("the ticket's change is in the work tree, uncommitted, with no commit made (applied, not committed)");

  // Nothing of the user's lost.
  if (!now.get(UNSTAGED_TICKET_FILE)?.toString("utf8").includes(UNSTAGED_EDIT.to)) fail(`the user's unstaged change in ${UNSTAGED_TICKET_FILE} is lost`);
  if (!now.get(STAGED_TICKET_FILE)?.toString("utf8").includes(STAGED_EDIT.to)) fail(`the user's staged change in ${STAGED_TICKET_FILE} is gone from the work tree`);
  for (const [file, bytes] of fixture.files) {
    if (TICKET_FILES.includes(file)) continue;
    const current = now.get(file);
    if (!current) fail(`the user's ${file} is lost`);
    else if (!current.equals(bytes)) fail(`the user's ${file} changed`);
    else if (modes.get(file) !== fixture.modes.get(file)) fail(`the mode of the user's ${file} changed`);
  }
  for (const file of now.keys()) {
    if (fixture.files.has(file)) continue;
    if (TMP.test(file)) fail(`a *.haco-*.tmp file is left in ${path.posix.dirname(file)}/`, file);
    else if (/^\.haco\/journal\/[^/]+\.json$/.test(file)) fail("not recovered: a journal is still pending", file);
    else fail("an unexpected file appeared", file);
  }

  // The index: HEAD plus the user's staged work, nothing else.
  if (state) {
    try {
      const head = gitIn(root, ["rev-parse", "HEAD"]).trim();
      const expected = expectedIndex(root, head);
      if (typeof expected === "string") fail(expected);
      else {
        const actual = lsFiles(root);
        const oldIndex = state === "after" ? expectedIndex(root, fixture.head) : null;
        let staleCommitted = 0;
        for (const file of new Set([...expected.keys(), ...actual.keys()])) {
          const want = expected.get(file);
          const have = actual.get(file);
          if (have && (have.length > 1 || have[0]!.stage !== "0")) {
            fail("the index has unmerged entries", file);
            continue;
          }
          const got = have?.[0];
          if (want && got && want.blob === got.blob && want.mode === got.mode) continue;
          if (!got) fail("the index lost an entry", file);
          else if (!want) fail("the index has an entry HEAD and the user's staged work do not", file);
          else if (typeof oldIndex === "object" && oldIndex && oldIndex.get(file)?.blob === got.blob) {
            staleCommitted++;
            details.push(`index: ${file} stages the old HEAD's version`);
          } else if (USER_STAGED_PATHS.includes(file)) fail(`the index no longer holds the user's staged change to ${file} over HEAD`, file);
          else fail("an index entry is neither HEAD's nor the user's", file);
        }
        if (staleCommitted > 0) fail("the index stages the old HEAD's version of committed files (git diff --cached shows haco's commit reversed)");
      }
    } catch (err) {
      fail("the index cannot be read", (err as { stderr?: string }).stderr?.trim());
    }
  }

  const outcome: Outcome = reasons.size > 0 ? "corrupt" : state === "after" ? "ok-after" : "ok-before";
  return { outcome, reasons: [...reasons], details, notes };
}
