import { chmod, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, onTestFinished } from "vitest";
import { createTempRepo } from "../helpers/tempRepo.js";
import { shellQuote, startTmux } from "../helpers/tmux.js";
import { startFakeOllama } from "../servers/fakeOllama.js";
import { REVIEW_FILES, REVIEW_PLAN, reviewReplies, tuned } from "../tui/reviewFixture.js";

/**
 * The hunk reviewer end to end in a real terminal: the built CLI in tmux,
 * a draft from the local Ollama-protocol server with five hunks in two
 * files, decided one key at a time (one of them rewritten in a real
 * $EDITOR, the terminal handed over and back), applied, tested and
 * committed — and `git show HEAD` holds exactly the accepted hunks.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "bin/haco.js");

/** The user's own work, there before haco starts and untouched after. */
const USER_LINE = "export const b15 = 15; // mine, not committed";

const lines = (screen: string) => screen.split("\n");
/** A frame Ink finished drawing (the status bar, last, keeps "? help", or the commit box's keys), showing all of `patterns`. */
const frame =
  (...patterns: RegExp[]) =>
  (screen: string) =>
    /\? help|Esc leave uncommitted/.test(lines(screen).at(-1) ?? "") && patterns.every((p) => p.test(screen));

describe("the hunk reviewer in a real terminal (tmux)", { timeout: 60_000 }, () => {
  it("y/n through hunks in two files, e in $EDITOR, Enter, tests pass, Enter commits exactly the accepted hunks", async () => {
    const cleanups: (() => Promise<unknown>)[] = [];
    onTestFinished(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });
    const repo = await createTempRepo({ "PLAN.md": REVIEW_PLAN, "notes.txt": "notes\n", ...REVIEW_FILES });
    cleanups.push(() => repo.cleanup());
    await repo.commitAll("start");
    // Uncommitted work of the user's: a line in a file the ticket edits, and a staged change elsewhere.
    await repo.write("src/b.js", REVIEW_FILES["src/b.js"].replace("export const b15 = 15;", USER_LINE));
    await repo.write("notes.txt", "notes\nstaged by me\n");
    await repo.git("add", "notes.txt");
    const userStatus = await repo.git("status", "--porcelain");

    const editor = path.join(path.dirname(repo.root), "editor.sh");
    await writeFile(editor, `#!/bin/sh\nsed -i 's|a37 = 37 \\* 10; // tuned|a37 = 37 * 1000; // by the editor|' "$1"\n`);
    await chmod(editor, 0o755);

    const server = await startFakeOllama({ reply: reviewReplies() });
    cleanups.push(() => server.close());
    const tmux = await startTmux(`${shellQuote(process.execPath)} ${shellQuote(BIN)}; printf 'AFTER-EXIT %s\\n' "$?"; read -r _`, {
      columns: 140,
      rows: 44,
      cwd: repo.root,
      env: { OLLAMA_HOST: server.url, HACO_WORKER_MODEL: "", EDITOR: editor, VISUAL: "" },
      term: "xterm-256color",
    });
    cleanups.push(() => tmux.kill());
    await tmux.waitFor(frame(/1 Tickets/, /T-001/), "the cockpit's first frame");
    await tmux.waitForTerminalMode("raw");

    await tmux.send("Enter");
    const review = await tmux.waitFor(frame(/waiting for you/, /hunk 1 of 3, file 1 of 2/, /y accept/), "the draft under review");
    expect(review).toContain("▸ src/a.js (edit) file 1 of 2");
    expect(review).toContain("• a3, a20, a37, b5 and b25 are ten times larger");

    const step = async (key: string, position: RegExp, what: string) => {
      await tmux.send(key);
      return tmux.waitFor(frame(position), what);
    };
    await step("y", /hunk 2 of 3, file 1 of 2/, "hunk a20 after accepting a3");
    await step("n", /hunk 3 of 3, file 1 of 2/, "hunk a37 after rejecting a20");
    // e: the terminal goes to the editor (a script here) and comes back with the hunk accepted as edited.
    await step("e", /hunk 1 of 2, file 2 of 2/, "hunk b5 after editing a37");
    expect(await tmux.terminalMode()).toBe("raw");
    await step("n", /hunk 2 of 2, file 2 of 2/, "hunk b25 after rejecting b5");
    await step("y", /all decided — Enter applies/, "every hunk decided");

    await tmux.send("Enter");
    await tmux.waitFor(frame(/Enter commits/, /feat\(consts\): tune the chosen constants \(T-001\)/), "the commit box with the worker's message");
    await tmux.send("Enter");
    await tmux.waitFor(frame(/✓ T-001 .*committed/), "T-001 committed");

    const head = await repo.git("show", "HEAD", "--format=%B");
    expect(head).toContain("Haco-Ticket: T-001");
    const added = lines(head).filter((l) => l.startsWith("+") && !l.startsWith("+++"));
    expect(added.sort()).toEqual([`+${tuned("a", 3)}`, "+export const a37 = 37 * 1000; // by the editor", `+${tuned("b", 25)}`].sort());
    expect(head).not.toContain(USER_LINE);
    expect(head).not.toContain("notes.txt");

    // The rejected hunks are nowhere on disk; the user's work is exactly as it was.
    const a = await repo.read("src/a.js");
    const b = await repo.read("src/b.js");
    for (const rejected of [tuned("a", 20), tuned("b", 5)]) expect(a + b).not.toContain(rejected);
    expect(b).toContain(USER_LINE);
    // .haco/ is haco's own (its .gitignore keeps the rollback journals out of git), not the user's.
    const status = (await repo.git("status", "--porcelain")).split("\n").filter((l) => l !== "?? .haco/").join("\n");
    expect(status).toBe(userStatus);
    expect(await repo.git("diff", "--cached", "--name-only")).toBe("notes.txt\n");

    await tmux.send("q");
    await tmux.waitFor((s) => s.includes("AFTER-EXIT 0"), "the cockpit to quit");
  });
});
