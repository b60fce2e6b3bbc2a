import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, NEEDS_TERMINAL, SHOW_CURSOR } from "../../src/tui/terminal.js";
import { InputError } from "../../src/domain/errors.js";
import { FakeTtyIn, FakeTtyOut } from "./fakeTerminal.js";
import { loadInkLive } from "../../src/tui/loadInkLive.js";

// CI machines export CI=true, under which Ink would hold every frame back until exit; load it as
// haco's entry points do, before runCockpit brings it in.
await loadInkLive();
const { runCockpit } = await import("../../src/tui/runCockpit.js");
const { PLAN } = await import("./liveCockpit.js");

let repo: TempRepo;

beforeEach(async () => {
  repo = await createTempRepo({ "PLAN.md": PLAN });
  await repo.commitAll("plan");
});

afterEach(async () => {
  await repo.cleanup();
});

function start(options: { planFile?: string } = {}) {
  const stdout = new FakeTtyOut(100, 30);
  const stdin = new FakeTtyIn();
  const stderr = new FakeTtyOut();
  const done = runCockpit({
    repoRoot: repo.root,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    env: {},
    gpuProbe: null,
    host: "http://127.0.0.1:9",
    ...options,
  });
  return { stdout, stdin, stderr, done };
}

describe("runCockpit", () => {
  it("opens on the alternate screen and leaves it, cursor shown, when q is pressed", async () => {
    const t = start();
    await vi.waitFor(() => expect(t.stdout.text).toContain("T-001"), { timeout: 10_000 });
    expect(t.stdout.writes[0]).toContain(ENTER_ALT_SCREEN);
    t.stdin.type("q");
    expect(await t.done).toBe(0);
    expect(t.stdout.writes.at(-1)).toBe(LEAVE_ALT_SCREEN + SHOW_CURSOR);
    expect(t.stdout.text.split(LEAVE_ALT_SCREEN)).toHaveLength(2);
    expect(t.stdin.rawModes.at(-1)).toBe(false);
  });

  it("quits on Ctrl+C the same way", async () => {
    const t = start();
    await vi.waitFor(() => expect(t.stdout.text).toContain("T-001"), { timeout: 10_000 });
    t.stdin.type("\x03");
    expect(await t.done).toBe(0);
    expect(t.stdout.writes.at(-1)).toBe(LEAVE_ALT_SCREEN + SHOW_CURSOR);
  });

  it("opens without a plan and says how to add tickets", async () => {
    await repo.git("rm", "-q", "PLAN.md");
    const t = start();
    await vi.waitFor(() => expect(t.stdout.text).toContain("No plan yet"), { timeout: 10_000 });
    t.stdin.type("q");
    expect(await t.done).toBe(0);
  });

  it("refuses a plan that does not parse before touching the screen", async () => {
    await repo.write("bad.yaml", "tickets: [unclosed\n");
    const t = start({ planFile: `${repo.root}/bad.yaml` });
    await expect(t.done).rejects.toBeInstanceOf(InputError);
    expect(t.stdout.writes).toEqual([]);
  });

  it("refuses an output that is not a terminal", async () => {
    const stdout = Object.assign(new FakeTtyOut(), { isTTY: false });
    const stderr = new FakeTtyOut();
    const code = await runCockpit({ repoRoot: repo.root, stdout: stdout as unknown as NodeJS.WriteStream, stderr: stderr as unknown as NodeJS.WriteStream });
    expect(code).toBe(2);
    expect(stderr.text).toBe(`${NEEDS_TERMINAL}\n`);
    expect(stdout.writes).toEqual([]);
  });
});
