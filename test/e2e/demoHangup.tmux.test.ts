import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { shellQuote, startTmux, type TmuxSession } from "../helpers/tmux.js";

/** `haco demo` in a real terminal that is closed under it (SIGHUP): its throwaway repository goes too. */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "bin/haco.js");

let tmux: TmuxSession | null = null;
let scratch: string | null = null;

afterEach(async () => {
  await tmux?.kill();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe("haco demo when its terminal closes", () => {
  it("removes the throwaway repository", async () => {
    scratch = await mkdtemp(path.join(tmpdir(), "haco-hangup-"));
    const log = path.join(scratch, "stderr.txt");
    tmux = await startTmux(`${shellQuote(process.execPath)} ${shellQuote(BIN)} demo 2>${shellQuote(log)}`, { columns: 120, rows: 36, cwd: scratch });
    await tmux.waitFor((s) => s.includes("1 Tickets"), "the demo cockpit");
    const repo = /repository: (\S+)/.exec(await readFile(log, "utf8"))?.[1];
    expect(repo).toBeDefined();
    expect((await stat(repo!)).isDirectory()).toBe(true);
    // kill() closes the session: the pane's processes get SIGHUP, as when a terminal window closes.
    await tmux.kill();
    tmux = null;
    await vi.waitFor(async () => expect(await stat(repo!).then(() => "there", () => "gone")).toBe("gone"), { timeout: 10_000 });
  });
});
