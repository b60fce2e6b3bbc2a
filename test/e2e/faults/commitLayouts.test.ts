import { existsSync } from "node:fs";
import { chmod, mkdtemp, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOllama, type FakeOllama } from "../../servers/fakeOllama.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";
import { eventsOf, parseEvents, runHaco } from "../../helpers/runHaco.js";
import { startHaco } from "../../helpers/hacoProcess.js";
import { MATH, plan, RUN, SUBTRACT_DIFF, WITH_SUBTRACT } from "./fixture.js";

/**
 * The commit step in the repository layouts git allows: a linked worktree
 * (its index in .git/worktrees/<name>/), a split index, index format 4, a
 * sparse index, an fsmonitor hook, GIT_INDEX_FILE set by the user, and an
 * unborn branch. In each, a commit (plain, and killed once HEAD moved and
 * then recovered) leaves HEAD with the change, the index HEAD plus the user's
 * own staged work, the user's unstaged work as it was, and no index.lock.
 */

let server: FakeOllama;
let repo: TempRepo;
let answer = SUBTRACT_DIFF;

beforeEach(async () => {
  answer = SUBTRACT_DIFF;
  server = await startFakeOllama({ reply: () => ({ text: answer }) });
});

afterEach(async () => {
  await server.close();
  await repo.cleanup();
});

interface Layout {
  /** Where haco runs (the repository, or a linked worktree of it). */
  cwd: string;
  env: Record<string, string>;
  /** Where git keeps this checkout's index. */
  index: string;
}

type Setup = (repo: TempRepo) => Promise<Layout>;

const sh = async (cwd: string, env: Record<string, string>, ...args: string[]) =>
  String((await execa("git", args, { cwd, env, stripFinalNewline: false })).stdout);

/** The user's own staged and unstaged work, in the checkout haco runs in. */
async function addUsersWork(layout: Layout): Promise<void> {
  await writeFile(path.join(layout.cwd, "notes.md"), "notes\nstaged by the user\n");
  await sh(layout.cwd, layout.env, "add", "notes.md");
  await writeFile(path.join(layout.cwd, "README.md"), "# demo\nunstaged by the user\n");
}

async function committedRepo(): Promise<TempRepo> {
  const r = await createTempRepo({ "src/math.js": MATH, "README.md": "# demo\n", "notes.md": "notes\n", "plan.json": plan("node -e 0") });
  await r.commitAll("initial");
  return r;
}

const plain: Setup = async (r) => ({ cwd: r.root, env: {}, index: path.join(r.root, ".git", "index") });

const layouts: [string, () => Promise<TempRepo>, Setup][] = [
  [
    "a linked worktree",
    committedRepo,
    async (r) => {
      const wt = path.join(path.dirname(r.root), "wt");
      await r.git("worktree", "add", "-q", "-b", "side", wt);
      return { cwd: wt, env: {}, index: path.join(r.root, ".git", "worktrees", "wt", "index") };
    },
  ],
  [
    "core.splitIndex=true",
    committedRepo,
    async (r) => {
      await r.git("config", "core.splitIndex", "true");
      await r.git("update-index", "--split-index");
      return plain(r);
    },
  ],
  [
    "index format 4",
    committedRepo,
    async (r) => {
      await r.git("update-index", "--index-version", "4");
      return plain(r);
    },
  ],
  [
    "a sparse index",
    async () => {
      const r = await createTempRepo({ "src/math.js": MATH, "README.md": "# demo\n", "notes.md": "notes\n", "plan.json": plan("node -e 0"), "other/far.txt": "far\n" });
      await r.commitAll("initial");
      return r;
    },
    async (r) => {
      await r.git("sparse-checkout", "init", "--cone", "--sparse-index");
      await r.git("sparse-checkout", "set", "src");
      return plain(r);
    },
  ],
  [
    "an fsmonitor hook",
    committedRepo,
    async (r) => {
      const hook = path.join(path.dirname(r.root), "fsmonitor");
      // Version 1 of the hook protocol: "everything may have changed".
      await writeFile(hook, "#!/bin/sh\nprintf '/\\0'\n");
      await chmod(hook, 0o755);
      await r.git("config", "core.fsmonitor", hook);
      return plain(r);
    },
  ],
  [
    "GIT_INDEX_FILE set by the user",
    committedRepo,
    async (r) => {
      const dir = await mkdtemp(path.join(path.dirname(r.root), "alt-"));
      const index = path.join(dir, "alt-index");
      await execa("git", ["read-tree", "HEAD"], { cwd: r.root, env: { GIT_INDEX_FILE: index } });
      return { cwd: r.root, env: { GIT_INDEX_FILE: index }, index };
    },
  ],
  [
    "an unborn branch (the first commit)",
    async () => {
      // Nothing is committed yet; the ticket creates src/math.js, and the user's README and notes are staged as their own.
      const r = await createTempRepo({ "README.md": "# demo\n", "notes.md": "notes\n", "plan.json": plan("node -e 0") });
      await r.git("add", "README.md", "notes.md");
      answer = `=== NEW FILE: src/math.js ===\n${WITH_SUBTRACT}=== END FILE ===\n`;
      return r;
    },
    plain,
  ],
];

async function expectConsistent(layout: Layout, unborn: boolean): Promise<void> {
  const g = (...args: string[]) => sh(layout.cwd, layout.env, ...args);
  expect(await g("show", "HEAD:src/math.js")).toBe(WITH_SUBTRACT);
  expect(await g("log", "-1", "--format=%B")).toContain("Haco-Ticket: T-001");
  // The index is HEAD plus the user's own staged work, nothing else.
  expect(await g("diff", "--cached", "--", "src/math.js")).toBe("");
  expect(await g("show", ":notes.md")).toBe("notes\nstaged by the user\n");
  expect(await g("diff", "--cached", "--name-only")).toBe(unborn ? "README.md\nnotes.md\n" : "notes.md\n");
  expect(await g("diff", "--", "src/math.js")).toBe("");
  expect(await g("status", "--porcelain", "--", "src/math.js")).toBe("");
  expect(await import("node:fs/promises").then((fs) => fs.readFile(path.join(layout.cwd, "README.md"), "utf8"))).toBe("# demo\nunstaged by the user\n");
  expect(existsSync(`${layout.index}.lock`)).toBe(false);
  // git reads the index it was left: the whole status is the user's own work.
  expect(await g("status", "--porcelain", "-uno")).toBe(unborn ? "AM README.md\nA  notes.md\n" : " M README.md\nM  notes.md\n");
}

describe.each(layouts)("in %s", (name, make, setup) => {
  const unborn = name.startsWith("an unborn");

  it("a commit leaves HEAD, the index and the user's work consistent", async () => {
    repo = await make();
    const layout = await setup(repo);
    await addUsersWork(layout);
    const result = await runHaco(RUN, { cwd: layout.cwd, env: { OLLAMA_HOST: server.url, ...layout.env } });
    expect(result.exitCode, result.stderr + result.stdout).toBe(0);
    expect(eventsOf(parseEvents(result.stdout), "commit.done")).toHaveLength(1);
    await expectConsistent(layout, unborn);
  });

  it("killed once HEAD moved, the next run finishes the commit consistently", async () => {
    repo = await make();
    const layout = await setup(repo);
    await addUsersWork(layout);
    const pidFile = path.join(path.dirname(repo.root), "haco.pid");
    const hook = path.join(repo.root, ".git", "hooks", "reference-transaction");
    await writeFile(hook, `#!/bin/sh\n[ "$1" = committed ] || exit 0\nwhile [ ! -s '${pidFile}' ]; do :; done; kill -9 "$(cat '${pidFile}')"\n`);
    await chmod(hook, 0o755);
    const haco = startHaco(RUN, { cwd: layout.cwd, env: { OLLAMA_HOST: server.url, ...layout.env } });
    await writeFile(pidFile, String(haco.pid));
    const end = await haco.ended;
    expect(end.signal, end.stderr).toBe("SIGKILL");
    await import("node:fs/promises").then((fs) => fs.rm(hook));

    const next = await runHaco(RUN, { cwd: layout.cwd, env: { OLLAMA_HOST: server.url, ...layout.env } });
    expect(next.exitCode, next.stderr + next.stdout).toBe(0);
    expect(eventsOf(parseEvents(next.stdout), "warning").map((w) => w.code)).toContain("commit_recovered");
    expect(existsSync(path.join(layout.cwd, ".haco/journal/T-001.json"))).toBe(false);
    await expectConsistent(layout, unborn);
  });
});
