/**
 * The appliers compared by the bench. Each one gets the case's scratch
 * repository and either the raw reply (haco) or the unified diff extracted
 * from it (everyone else), and may write to the repository; the caller judges
 * the result by the files alone.
 */

import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { applyHunks, proposeFromAnswer, type ReadFile } from "../../src/domain/edits/index.js";
import type { BenchCase } from "./corpus.js";
import type { ExtractedDiff } from "./extract.js";
import { resolveInJail, toolEnv, type Sandbox } from "./sandbox.js";

/** A tool that has not exited after this long is killed; its tree is still judged. */
export const TIMEOUT_MS = 10_000;

export interface ToolRun {
  /** The tool could not read the reply's format at all, so it was not run. */
  cannotRead: boolean;
  /** Wall time of the apply step in milliseconds; null when the tool was not run. */
  ms: number | null;
  timedOut: boolean;
  /** Short account for the per-case view: exit status, first message, refusal codes. */
  note: string;
}

export interface Tool {
  name: string;
  /** Null when usable; otherwise why not (shown as "not installed"). */
  missing: string | null;
  /** Whether the tool runs in-process (and so gets an untimed warm-up first). */
  inProcess: boolean;
  run(c: BenchCase, box: Sandbox, diff: ExtractedDiff | null): ToolRun;
}

const CANNOT_READ: ToolRun = { cannotRead: true, ms: null, timedOut: false, note: "no unified diff with a file header" };

// ---------------------------------------------------------------- haco

/** Refusal codes that mean "found nothing it could read", haco's analogue of "can't read". */
const HACO_UNREADABLE = new Set(["no-edit", "malformed"]);

export function hacoTool(): Tool {
  return {
    name: "haco",
    missing: null,
    inProcess: true,
    run(c, box) {
      const start = performance.now();
      const read: ReadFile = (p) => readText(resolveInJail(box, p));
      const proposal = proposeFromAnswer(c.worker, parseOptions(c), read);
      if (proposal.refusals.length > 0) {
        // All or nothing: any refusal and the session writes no file of the answer.
        const ms = performance.now() - start;
        const codes = proposal.refusals.map((r) => r.code ?? "?");
        return { cannotRead: codes.every((code) => HACO_UNREADABLE.has(code)), ms, timedOut: false, note: `refused: ${codes.join(", ")}` };
      }
      for (const change of proposal.changes) {
        const content = applyHunks(change, new Set(change.hunks.map((h) => h.id)));
        const target = resolveInJail(box, change.path);
        if (content === null) rmSync(target, { force: true });
        else writeText(target, content);
      }
      const ms = performance.now() - start;
      return { cannotRead: false, ms, timedOut: false, note: `${proposal.changes.length} file(s) written` };
    },
  };
}

/** Runs haco's pure engine over every case in memory, untimed, so that ms/case is not JIT warm-up. */
export function warmUpHaco(cases: readonly BenchCase[]): void {
  for (const c of cases) {
    const read: ReadFile = (p) => c.before.get(p)?.toString("utf8") ?? null;
    const proposal = proposeFromAnswer(c.worker, parseOptions(c), read);
    for (const change of proposal.changes) applyHunks(change, new Set(change.hunks.map((h) => h.id)));
  }
}

// ---------------------------------------------------------------- git apply, GNU patch

function probe(cmd: string, args: string[], expect: RegExp): string | null {
  const r = spawnSync(cmd, args, { encoding: "utf8", env: toolEnv() });
  if (r.error !== undefined || r.status !== 0) return `${cmd} not found`;
  return expect.test(r.stdout) ? null : `${cmd} is not the expected tool: ${r.stdout.split("\n")[0] ?? ""}`;
}

export function gitAvailable(): boolean {
  return probe("git", ["--version"], /^git version/) === null;
}

function runExternal(cmd: string, args: string[], box: Sandbox, diff: ExtractedDiff | null): ToolRun {
  if (diff === null) return CANNOT_READ;
  writeFileSync(box.patchFile, diff.text);
  const start = performance.now();
  const r = spawnSync(cmd, args, {
    cwd: box.repo,
    env: { ...toolEnv(), GIT_CEILING_DIRECTORIES: box.dir },
    input: "",
    encoding: "utf8",
    timeout: TIMEOUT_MS,
    killSignal: "SIGKILL",
  });
  const ms = performance.now() - start;
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT";
  const message = `${r.stderr ?? ""}\n${r.stdout ?? ""}`
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("|") && !/^-+$/.test(l));
  const status = timedOut ? "timed out" : `exit ${String(r.status)}`;
  return { cannotRead: false, ms, timedOut, note: [status, ...message.slice(0, 2)].join("; ") };
}

export function gitApplyTool(): Tool {
  return {
    name: "git apply",
    missing: probe("git", ["--version"], /^git version/),
    inProcess: false,
    run: (_c, box, diff) => runExternal("git", ["apply", `-p${diff?.strip ?? 1}`, box.patchFile], box, diff),
  };
}

export function gitApplyRecountTool(): Tool {
  return {
    name: "git apply --recount -C1",
    missing: probe("git", ["--version"], /^git version/),
    inProcess: false,
    run: (_c, box, diff) =>
      runExternal("git", ["apply", "--recount", "-C1", `-p${diff?.strip ?? 1}`, box.patchFile], box, diff),
  };
}

/**
 * GNU patch as asked, plus two flags that only stop it littering the tree
 * with `.orig` backups and `.rej` files (which would otherwise count as wrong
 * writes on their own): the edit it makes to the real files is unchanged.
 */
export function gnuPatchTool(): Tool {
  return {
    name: "patch --fuzz=3",
    missing: probe("patch", ["--version"], /^GNU patch/),
    inProcess: false,
    run: (_c, box, diff) =>
      runExternal(
        "patch",
        [`-p${diff?.strip ?? 1}`, "--fuzz=3", "--batch", "--forward", "--no-backup-if-mismatch", "--reject-file=-", "-i", box.patchFile],
        box,
        diff,
      ),
  };
}

// ---------------------------------------------------------------- jsdiff

type JsDiff = typeof import("diff");

/**
 * jsdiff's `applyPatch` with `fuzzFactor: 2`, driven the way its own
 * `applyPatches` is meant to be: file by file, each file whose hunks fit is
 * written, a file whose hunks do not fit is skipped. File names are stripped
 * with the same -p level the other tools get and resolved against the
 * repository like a naive integration would (kept inside the jail).
 */
export function jsdiffTool(js: JsDiff | null, why: string): Tool {
  return {
    name: "jsdiff fuzzFactor=2",
    missing: js === null ? why : null,
    inProcess: true,
    run(_c, box, diff) {
      if (diff === null) return CANNOT_READ;
      if (js === null) throw new Error("jsdiff is not installed");
      const start = performance.now();
      let patches: ReturnType<JsDiff["parsePatch"]>;
      try {
        patches = js.parsePatch(diff.text);
      } catch (error) {
        const ms = performance.now() - start;
        return { cannotRead: false, ms, timedOut: false, note: `parsePatch threw: ${error instanceof Error ? error.message : String(error)}` };
      }
      const notes: string[] = [];
      for (const p of patches) {
        const oldName = stripName(p.oldFileName, diff.strip);
        const newName = stripName(p.newFileName, diff.strip);
        const sourceName = oldName !== undefined && oldName !== DEV_NULL ? oldName : undefined;
        const targetName = newName !== undefined && newName !== DEV_NULL ? newName : sourceName;
        if (targetName === undefined) {
          notes.push("a patch names no file");
          continue;
        }
        const source = oldName === DEV_NULL ? "" : readText(resolveInJail(box, sourceName ?? targetName));
        if (source === null) {
          notes.push(`${sourceName ?? targetName}: no such file`);
          continue;
        }
        const result = js.applyPatch(source, p, { fuzzFactor: 2 });
        if (result === false) {
          notes.push(`${targetName}: hunks do not fit`);
          continue;
        }
        if (newName === DEV_NULL) {
          rmSync(resolveInJail(box, targetName), { force: true });
        } else {
          writeText(resolveInJail(box, targetName), result);
          if (p.isRename === true && sourceName !== undefined && sourceName !== targetName) {
            rmSync(resolveInJail(box, sourceName), { force: true });
          }
        }
        notes.push(result === source ? `${targetName}: applied, content unchanged` : `${targetName}: applied`);
      }
      const ms = performance.now() - start;
      return { cannotRead: false, ms, timedOut: false, note: notes.join("; ") || "no file patches" };
    },
  };
}

/** Untimed warm-up of jsdiff's parser and applier. */
export function warmUpJsdiff(js: JsDiff, diffs: readonly (ExtractedDiff | null)[]): void {
  for (const d of diffs) {
    if (d === null) continue;
    try {
      for (const p of js.parsePatch(d.text)) js.applyPatch("a\nb\nc\n", p, { fuzzFactor: 2 });
    } catch {
      // A patch jsdiff cannot parse is scored in the real run.
    }
  }
}

const DEV_NULL = "/dev/null";

function stripName(name: string | undefined, strip: 0 | 1): string | undefined {
  if (name === undefined || name === DEV_NULL || strip === 0) return name;
  const slash = name.indexOf("/");
  return slash === -1 ? name : name.slice(slash + 1);
}

// ---------------------------------------------------------------- files

function readText(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

function writeText(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** The options the corpus runner parses a case with (see test/domain/edits/corpusCases.ts). */
function parseOptions(c: { singleFile: string | undefined; maxAnswerBytes: number | undefined }) {
  return {
    ...(c.singleFile === undefined ? {} : { singleFile: c.singleFile }),
    ...(c.maxAnswerBytes === undefined ? {} : { maxAnswerBytes: c.maxAnswerBytes }),
  };
}
