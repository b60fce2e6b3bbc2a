import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Journal } from "../../../src/adapters/workspace/journal.js";
import { finishLandedCommits, interruptedRuns } from "../../../src/adapters/workspace/interruptedRuns.js";
import { processStartTicks } from "../../../src/adapters/workspace/journalFile.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";

/**
 * Whose journal is it? A journal whose writer still runs is left alone; one
 * whose pid now belongs to some other process (the id reused after a reboot,
 * or by any later process whose command line happens to say "haco") is an
 * interrupted run, to be finished or rolled back.
 */

let repo: TempRepo;
let other: ChildProcess | null = null;
afterEach(async () => {
  other?.kill("SIGKILL");
  other = null;
  await repo?.cleanup();
});

/** A live process that looks like a haco run (node running a haco.js), to play the writer or a later holder of its pid. */
async function otherProcessNamingHaco(): Promise<ChildProcess> {
  const script = path.join(path.dirname(repo.root), "haco.js");
  await writeFile(script, "console.log('up'); setInterval(() => {}, 1000);\n");
  const child = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "ignore"] });
  await new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
  return child;
}

async function journalOf(pid: number, pidStart: number | null): Promise<void> {
  const file = path.join(repo.root, ".haco", "journal", "T-1.json");
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify({ ticket: "T-1", pid, ...(pidStart !== null ? { pidStart } : {}), phase: "applied", entries: [] }));
}

const canTell = processStartTicks(process.pid) !== null;

describe(`a journal's writer${canTell ? "" : " (this machine has no /proc/<pid>/stat: only the pid is checked)"}`, () => {
  it("a process that only mentions haco (a test runner or editor in a folder named haco) is not taken for a haco run", async () => {
    repo = await createTempRepo({ "a.txt": "a\n" });
    const child = spawn(process.execPath, ["-e", "console.log('up'); setInterval(() => {}, 1000)", "/home/me/src/haco/notes.txt"], { stdio: ["ignore", "pipe", "ignore"] });
    other = child;
    await new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
    await journalOf(child.pid!, canTell ? processStartTicks(child.pid!) : null);
    const [run] = await interruptedRuns(repo.root);
    expect(run?.live).toBe(false);
  });

  it("a journal records when its writer started", async () => {
    repo = await createTempRepo({ "a.txt": "a\n" });
    const journal = await Journal.open(repo.root, "T-2");
    await journal.write("a.txt", "b\n");
    const doc = JSON.parse(await readFile(journal.file, "utf8")) as { pid: number; pidStart?: number };
    expect(doc.pid).toBe(process.pid);
    if (canTell) expect(doc.pidStart).toBe(processStartTicks(process.pid));
    await journal.rollback();
  });

  it(canTell ? "a reused pid (a later process, whose command line says haco) is not taken for the writer" : "a reused pid (a later process, whose command line says haco) is not taken for the writer — not checked on this machine: it has no /proc/<pid>/stat", async () => {
    if (!canTell) return;
    repo = await createTempRepo({ "a.txt": "a\n" });
    other = await otherProcessNamingHaco();
    // Written by a process that started at another time than the one now holding the id.
    await journalOf(other.pid!, processStartTicks(process.pid)!);
    const [run] = await interruptedRuns(repo.root);
    expect(run?.live).toBe(false);
  });

  it(canTell ? "the writer itself, still running, is live" : "the writer itself, still running, is live — not checked on this machine: it has no /proc/<pid>/stat", async () => {
    if (!canTell) return;
    repo = await createTempRepo({ "a.txt": "a\n" });
    other = await otherProcessNamingHaco();
    await journalOf(other.pid!, processStartTicks(other.pid!)!);
    const [run] = await interruptedRuns(repo.root);
    expect(run?.live).toBe(true);
    expect(existsSync(path.join(repo.root, ".haco", "journal", "T-1.json"))).toBe(true);
  });
});

describe(`the temporary files of journal writes${canTell ? "" : " (this machine has no /proc/<pid>/stat: only the pid is checked)"}`, () => {
  it(canTell ? "a killed write's are cleared; those of a writer still running are left to it" : "a killed write's are cleared; those of a writer still running are left to it — not checked on this machine: it has no /proc/<pid>/stat", async () => {
    if (!canTell) return;
    repo = await createTempRepo({ "a.txt": "a\n" });
    other = await otherProcessNamingHaco();
    await journalOf(other.pid!, processStartTicks(other.pid!)!);
    const dir = path.join(repo.root, ".haco", "journal");
    const liveTemp = path.join(dir, ".T-1.json.haco-0123456789ab.tmp");
    const deadTemp = path.join(dir, ".T-3.json.haco-0123456789ab.tmp");
    await writeFile(liveTemp, "{");
    await writeFile(deadTemp, "{");
    await finishLandedCommits(repo.root);
    expect(existsSync(liveTemp), "the live writer's temporary file was removed under it").toBe(true);
    expect(existsSync(deadTemp)).toBe(false);
  });
});
