import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTwoFilesPatch } from "diff";
import { readModes, readTree } from "./tree.js";

/**
 * The crash bench's fixture: a repository with one ticket over 20 files and
 * the user's own work in progress around it. Everything about it is decided
 * here, so that the checks (check.ts) know exactly what "before", "after" and
 * "the user's work" are.
 */

export const TICKET = "T-001";
export const TICKET_FILE_COUNT = 20;

/** The ticket's files: 19 modules and one executable script (its mode must survive too). */
export const TICKET_FILES: string[] = [
  ...Array.from({ length: TICKET_FILE_COUNT - 1 }, (_, i) => `src/mod${String(i + 1).padStart(2, "0")}.js`),
  "scripts/build.sh",
];

/** The ticket file the user has a staged change in (on a line far from the ticket's hunk). */
export const STAGED_TICKET_FILE = "src/mod01.js";
/** The ticket file the user has an unstaged change in (on a line far from the ticket's hunk). */
export const UNSTAGED_TICKET_FILE = "src/mod02.js";
/** A file outside the ticket the user staged a change in, then changed again without staging. */
export const STAGED_OTHER_FILE = "README.md";
/** A new file the user added to the index. */
export const STAGED_NEW_FILE = "docs/user-new.md";
/** Files git does not track. */
export const UNTRACKED_FILES = ["notes.txt", "src/scratch.local.js"];

/** The user's staged edit of STAGED_TICKET_FILE: one line, replaced. */
export const STAGED_EDIT = { from: "  return x + 1;\n", to: "  return x + 1 + 0; // staged by the user\n" };
/** The user's unstaged edit of UNSTAGED_TICKET_FILE. */
export const UNSTAGED_EDIT = { from: "  return x + 2;\n", to: "  return x + 2 - 0; // unstaged work of the user\n" };

const README_COMMITTED = "# crash fixture\n\nA repository for haco's crash bench.\n";
const README_STAGED = `${README_COMMITTED}\nStaged by the user.\n`;
const README_WORKTREE = `${README_STAGED}And more, not staged.\n`;
const STAGED_NEW_CONTENT = "# A page the user added to the index\n";

/** The work the test command does (rounds of hashing every ticket file), so that kills land in it too. */
const TEST_ROUNDS = 2500;

function moduleText(n: number): string {
  const id = String(n).padStart(2, "0");
  const lines = [`// module ${id}: helpers of area ${id}`, `export const NAME_${id} = "mod-${id}";`, `export const VERSION_${id} = 1;`, ""];
  for (let f = 1; f <= 8; f++) {
    lines.push(`/** Helper ${f} of module ${id}. */`, `export function helper${f}_${id}(x) {`, `  const y = x * ${f};`, `  return y + ${n};`, "}", "");
  }
  lines.push(`export function last_${id}(x) {`, `  return x + ${n};`, "}", "");
  return lines.join("\n");
}

function scriptText(): string {
  return ["#!/bin/sh", "# builds the fixture (it does nothing)", "VERSION_20=1", 'echo "build $VERSION_20"', "", ...Array.from({ length: 30 }, (_, i) => `# step ${i + 1}`), ""].join("\n");
}

/** The ticket's change to one file, as the worker answers it: near the top, far from the user's lines. */
export function ticketChange(file: string, text: string): string {
  if (file.endsWith(".sh")) {
    return text.replace("VERSION_20=1\n", 'VERSION_20=2\ncrash_probe_20() { echo "probe 20"; }\n');
  }
  const id = /mod(\d\d)/.exec(file)![1]!;
  return text.replace(`export const VERSION_${id} = 1;\n`, `export const VERSION_${id} = 2;\nexport function crashProbe_${id}() {\n  return "probe ${id}";\n}\n`);
}

function checkScript(): string {
  return `// The ticket's test: every file carries the change; then some real work, so that the test takes a while.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
const files = ${JSON.stringify(TICKET_FILES)};
const texts = files.map((f) => readFileSync(f));
for (const [i, text] of texts.entries()) {
  const id = String(i + 1).padStart(2, "0");
  if (!text.toString().includes(files[i].endsWith(".sh") ? "VERSION_20=2" : \`VERSION_\${id} = 2\`)) {
    console.error(\`\${files[i]} lacks the change\`);
    process.exit(1);
  }
}
let digest = Buffer.alloc(0);
for (let round = 0; round < ${TEST_ROUNDS}; round++) {
  for (const text of texts) digest = createHash("sha256").update(digest).update(text).digest();
}
console.log("all " + files.length + " files changed; digest " + digest.toString("hex").slice(0, 12));
`;
}

const CONFIG = `# The crash bench's settings: no worker-written commit message (one chat per run), no retries.
review:
  retries: 0
  commitMessage: template
`;

function planText(): string {
  const files = TICKET_FILES.map((f) => `      - path: "${f}"\n        intent: edit`).join("\n");
  return `tickets:
  - id: ${TICKET}
    title: "Bump every module's version and add a probe"
    owner: worker
    kind: code
    description: "In each file, set the VERSION constant to 2 and add a probe function right after it."
    files:
${files}
    test_command: "node check.mjs"
`;
}

/** The worker's answer: one fenced unified diff over the 20 files, made against the files as the user has them. */
export function workerAnswer(worktree: ReadonlyMap<string, string>): string {
  const parts = ["Here is the change for all twenty files:", "", "```diff"];
  for (const file of TICKET_FILES) {
    const before = worktree.get(file)!;
    const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, before, ticketChange(file, before), undefined, undefined, { context: 3 });
    // createTwoFilesPatch starts with a "====" line that is not part of a unified diff.
    parts.push(...patch.split("\n").filter((line) => line !== "" && !/^=+$/.test(line)));
  }
  parts.push("```", "");
  return parts.join("\n");
}

export interface Fixture {
  /** The template repository every trial copies. */
  root: string;
  /** Every file of the work tree (outside .git), as the user has it: path → bytes. */
  files: Map<string, Buffer>;
  /** Modes of those files (permission bits). */
  modes: Map<string, number>;
  /** The ticket files' text as the worker sees it. */
  ticketBefore: Map<string, string>;
  /** HEAD of the fixture. */
  head: string;
  /** `git ls-files -s` of the fixture: the user's index. */
  index: string;
  answer: string;
}

export const GIT_ENV = { GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_TERMINAL_PROMPT: "0" };

export function gitIn(root: string, args: string[], input?: string): string {
  return execFileSync("git", args, { cwd: root, env: { ...process.env, ...GIT_ENV }, input, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"], maxBuffer: 64 << 20 });
}

export function createFixture(parent: string): Fixture {
  const root = path.join(realpathSync(parent), "fixture");
  mkdirSync(root);
  const write = (file: string, content: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  };
  const git = (...args: string[]) => gitIn(root, args);
  git("-c", "init.defaultBranch=main", "init", "-q");
  git("config", "user.name", "haco bench");
  git("config", "user.email", "bench@haco.invalid");
  git("config", "commit.gpgsign", "false");

  for (const [i, file] of TICKET_FILES.entries()) write(file, file.endsWith(".sh") ? scriptText() : moduleText(i + 1));
  chmodSync(path.join(root, "scripts/build.sh"), 0o755);
  write(STAGED_OTHER_FILE, README_COMMITTED);
  write("package.json", '{ "name": "crash-fixture", "private": true, "type": "module" }\n');
  write("check.mjs", checkScript());
  write("docs/guide.md", "# Guide\n\nNothing to see.\n");
  write("lib/other1.js", "export const other1 = 1;\n");
  write("lib/other2.js", "export const other2 = 2;\n");
  write(".haco/config.yaml", CONFIG);
  write(".haco/plan.yaml", planText());
  write(".haco/.gitignore", "# haco's scratch space: rollback journals and run logs\njournal/\nlogs/\n");
  git("add", "-A");
  git("commit", "-q", "--no-verify", "-m", "chore: the crash fixture");

  // The user's work in progress.
  write(STAGED_TICKET_FILE, moduleText(1).replace(STAGED_EDIT.from, STAGED_EDIT.to));
  write(STAGED_OTHER_FILE, README_STAGED);
  write(STAGED_NEW_FILE, STAGED_NEW_CONTENT);
  git("add", "--", STAGED_TICKET_FILE, STAGED_OTHER_FILE, STAGED_NEW_FILE);
  write(STAGED_OTHER_FILE, README_WORKTREE);
  write(UNSTAGED_TICKET_FILE, moduleText(2).replace(UNSTAGED_EDIT.from, UNSTAGED_EDIT.to));
  write(UNTRACKED_FILES[0]!, "the user's notes, never tracked\n");
  write(UNTRACKED_FILES[1]!, "// the user's scratch file\nexport const scratch = true;\n");
  // Refresh the index's stat data now, so that no later `git status` needs to rewrite it.
  git("update-index", "-q", "--refresh");

  const files = readTree(root);
  const modes = readModes(root, [...files.keys()]);
  const ticketBefore = new Map(TICKET_FILES.map((f) => [f, files.get(f)!.toString("utf8")]));
  return {
    root,
    files,
    modes,
    ticketBefore,
    head: git("rev-parse", "HEAD").trim(),
    index: git("ls-files", "-s"),
    answer: workerAnswer(ticketBefore),
  };
}

/** The user's staged version of a path, given the content HEAD has for it (null: the path is not staged by the user). */
export function userStaged(file: string, headContent: string | null): string | null {
  if (file === STAGED_TICKET_FILE) return headContent === null ? null : replaceOnce(headContent, STAGED_EDIT.from, STAGED_EDIT.to);
  if (file === STAGED_OTHER_FILE) return README_STAGED;
  if (file === STAGED_NEW_FILE) return STAGED_NEW_CONTENT;
  return null;
}

export const USER_STAGED_PATHS = [STAGED_TICKET_FILE, STAGED_OTHER_FILE, STAGED_NEW_FILE];

function replaceOnce(text: string, from: string, to: string): string | null {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) return null;
  return text.slice(0, at) + to + text.slice(at + from.length);
}

export { readModes, readTree };

export function makeParent(): string {
  return realpathSync(mkdtempSync(path.join(tmpdir(), "haco-bench-crash-")));
}
