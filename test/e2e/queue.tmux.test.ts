import { mkdir, writeFile, rename, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { createTempRepo } from "../helpers/tempRepo.js";
import { shellQuote, startTmux } from "../helpers/tmux.js";
import { startFakeOllama } from "../servers/fakeOllama.js";

/**
 * Claude Code in the next pane hands a ticket over through a file: written
 * into .haco/queue/ while the cockpit runs (the built CLI in tmux), it shows
 * up in the Tickets pane; once committed, its result is in
 * .haco/queue/done/<id>.json for Claude Code to read.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "bin/haco.js");
const PLAN = "# Plan\n\n## T-001: Keep the plan non-empty\n- files: notes.txt\n\nNothing.\n";
const QUEUED = "## Q-7: Add q\n- files: src/q.js (create)\n- test: node -e \"import('./src/q.js').then(m => process.exit(m.q === 7 ? 0 : 1))\"\n\nExport q = 7.\n";

const lines = (s: string) => s.split("\n");
const frame =
  (...patterns: RegExp[]) =>
  (screen: string) =>
    /\? help|Esc leave uncommitted/.test(lines(screen).at(-1) ?? "") && patterns.every((p) => p.test(screen));

describe("the ticket queue in a real terminal (tmux)", { timeout: 60_000 }, () => {
  it("a ticket file written into .haco/queue/ joins the running cockpit; its result is written after its commit", async () => {
    const cleanups: (() => Promise<unknown>)[] = [];
    onTestFinished(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });
    const repo = await createTempRepo({ "PLAN.md": PLAN, "notes.txt": "n\n", "package.json": '{ "type": "module" }\n' });
    cleanups.push(() => repo.cleanup());
    await repo.commitAll("start");
    const server = await startFakeOllama({
      reply: (req) =>
        req.messages.some((m) => m.role === "system" && m.content.includes("commit messages"))
          ? { text: "feat(q): add q\n" }
          : { text: "=== NEW FILE: src/q.js ===\n```js\nexport const q = 7;\n```\n" },
    });
    cleanups.push(() => server.close());
    const tmux = await startTmux(`${shellQuote(process.execPath)} ${shellQuote(BIN)}; read -r _`, {
      columns: 130,
      rows: 40,
      cwd: repo.root,
      env: { OLLAMA_HOST: server.url, HACO_WORKER_MODEL: "", ANTHROPIC_API_KEY: "" },
      term: "xterm-256color",
    });
    cleanups.push(() => tmux.kill());
    await tmux.waitFor(frame(/1 Tickets/, /T-001/), "the cockpit's first frame");
    await tmux.waitForTerminalMode("raw");

    // As a supervisor writes it: a temporary name first, then one rename into the queue.
    const queue = path.join(repo.root, ".haco", "queue");
    await mkdir(queue, { recursive: true });
    await writeFile(path.join(queue, ".q7.md.partial"), QUEUED);
    await rename(path.join(queue, ".q7.md.partial"), path.join(queue, "q7.md"));
    await tmux.waitFor(frame(/Q-7 +Add q/), "the queued ticket in the Tickets pane");

    await tmux.send("j");
    await tmux.send("Enter");
    await tmux.waitFor(frame(/waiting for you/, /y accept/), "the queued ticket's draft under review");
    await tmux.send("y");
    await tmux.send("Enter");
    await tmux.waitFor(frame(/Enter commits/), "the commit box");
    await tmux.send("Enter");
    await tmux.waitFor(frame(/✓ Q-7 .*committed/), "Q-7 committed");

    const donePath = path.join(queue, "done", "Q-7.json");
    await vi.waitFor(async () => expect(JSON.parse(await readFile(donePath, "utf8"))).toMatchObject({ id: "Q-7", status: "committed" }), { timeout: 10_000 });
    const done = JSON.parse(await readFile(donePath, "utf8")) as { commit: string };
    expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(done.commit);
    await tmux.send("q");
  });
});
