import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TicketQueue } from "../../../src/adapters/queue/ticketQueue.js";
import { loadTicketsFromFile } from "../../../src/adapters/tickets/loadTickets.js";
import { InputError } from "../../../src/domain/errors.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";
import { BAD_YAML, drop, listed, PLAN_MD, queueDir, setAge, SPEC_YAML, TASK_JSON } from "./queueKit.js";

let repo: TempRepo;
beforeEach(async () => {
  repo = await createTempRepo();
});
afterEach(() => repo.cleanup());

describe("TicketQueue.takeNew", () => {
  it("returns a dropped file's tickets and moves the file to taken/", async () => {
    await drop(repo.root, "plan.md", PLAN_MD);
    const queue = new TicketQueue(repo.root);
    const batch = await queue.takeNew();

    expect(batch.tickets.map((t) => [t.id, t.title])).toEqual([
      ["T-001", "Add slugify helper"],
      ["T-002", "Use slugify in the route"],
    ]);
    expect(batch.tickets[0]!.source).toEqual({ file: ".haco/queue/taken/plan.md", format: "planmd" });
    expect(batch.tickets[0]!.queue).toEqual({ id: "T-001", originalId: "T-001", queuedFile: "plan.md", ticketFile: ".haco/queue/taken/plan.md" });
    expect(batch.taken).toEqual([{ file: "plan.md", ticketFile: ".haco/queue/taken/plan.md", ids: ["T-001", "T-002"] }]);
    expect(batch.rejected).toEqual([]);
    expect(await listed(repo.root)).toEqual(["done", "rejected", "taken"]);
    expect(await listed(repo.root, "taken")).toEqual(["plan.md"]);
    expect(await readFile(queueDir(repo.root, "taken", "plan.md"), "utf8")).toBe(PLAN_MD);
    expect(queue.isQueued("T-001")).toBe(true);
    expect(queue.isQueued("T-999")).toBe(false);
  });

  it("never reads a file twice", async () => {
    await drop(repo.root, "plan.md", PLAN_MD);
    const queue = new TicketQueue(repo.root);
    expect((await queue.takeNew()).tickets).toHaveLength(2);
    expect(await queue.takeNew()).toEqual({ tickets: [], taken: [], rejected: [], waiting: [], errors: [] });
    // A second haco (a fresh queue on the same repository) does not see it either.
    expect((await new TicketQueue(repo.root).takeNew()).tickets).toEqual([]);
  });

  it("reads all three formats, oldest file first, and keeps the queue out of git", async () => {
    await drop(repo.root, "c-spec.yaml", SPEC_YAML, 30_000);
    await drop(repo.root, "b-task.json", TASK_JSON, 20_000);
    await drop(repo.root, "a-plan.md", PLAN_MD, 10_000);
    const batch = await new TicketQueue(repo.root).takeNew();
    expect(batch.taken.map((t) => t.file)).toEqual(["c-spec.yaml", "b-task.json", "a-plan.md"]);
    expect(batch.tickets.map((t) => t.source.format)).toEqual(["juniorspec", "taskspec", "planmd", "planmd"]);
    expect(await repo.git("status", "--porcelain", "--untracked-files=all")).toBe("");
  });

  it("leaves dotfiles, temp files, other extensions and folders alone", async () => {
    const names = [".plan.md", ".plan.md.haco-0a1b2c.tmp", "plan.md.tmp", "plan.md~", "#plan.md#", "notes.txt", "4913"];
    for (const name of names) await drop(repo.root, name, PLAN_MD);
    await mkdir(queueDir(repo.root, "sub.md"), { recursive: true });
    const batch = await new TicketQueue(repo.root).takeNew();
    expect(batch).toEqual({ tickets: [], taken: [], rejected: [], waiting: [], errors: [] });
    for (const name of names) expect(await readFile(queueDir(repo.root, name), "utf8")).toBe(PLAN_MD);
  });

  it("moves a file that does not parse to rejected/ with the loader's message, and still takes the others", async () => {
    await drop(repo.root, "good.md", PLAN_MD, 30_000);
    await drop(repo.root, "bad.yaml", BAD_YAML, 20_000);
    await drop(repo.root, "also-good.json", TASK_JSON, 10_000);
    const batch = await new TicketQueue(repo.root).takeNew();

    // What `haco run --plan .haco/queue/bad.yaml` would have said.
    await writeFile(path.join(repo.root, "copy.yaml"), BAD_YAML);
    const expected = await loadTicketsFromFile(path.join(repo.root, "copy.yaml"), ".haco/queue/bad.yaml").catch((e: unknown) => e);
    expect(expected).toBeInstanceOf(InputError);
    const message = (expected as InputError).message;
    expect(message).toMatch(/^\.haco\/queue\/bad\.yaml: owner \(line 3\): expected "worker" or "supervisor", got "bot"/);

    expect(batch.rejected).toEqual([
      { file: "bad.yaml", rejectedFile: ".haco/queue/rejected/bad.yaml", errorFile: ".haco/queue/rejected/bad.yaml.error.txt", message },
    ]);
    expect(await listed(repo.root, "rejected")).toEqual(["bad.yaml", "bad.yaml.error.txt"]);
    expect(await readFile(queueDir(repo.root, "rejected", "bad.yaml"), "utf8")).toBe(BAD_YAML);
    expect((await readFile(queueDir(repo.root, "rejected", "bad.yaml.error.txt"), "utf8")).split("\n")[0]).toBe(message);
    expect(batch.taken.map((t) => t.file)).toEqual(["good.md", "also-good.json"]);
    expect(await listed(repo.root, "taken")).toEqual(["also-good.json", "good.md"]);
  });

  it("rejects a file whose name leaves no room for <name>.error.txt under a shorter name", async () => {
    const long = `${"n".repeat(245)}.yaml`;
    await drop(repo.root, long, BAD_YAML);
    const batch = await new TicketQueue(repo.root).takeNew();
    const short = `${"n".repeat(195)}.yaml`;
    expect(batch.errors).toEqual([]);
    expect(batch.rejected.map((r) => [r.file, r.rejectedFile])).toEqual([[long, `.haco/queue/rejected/${short}`]]);
    expect(await listed(repo.root, "rejected")).toEqual([short, `${short}.error.txt`]);
  });

  it("gives a file name already in taken/ or rejected/ a number instead of overwriting", async () => {
    const queue = new TicketQueue(repo.root);
    await drop(repo.root, "plan.md", PLAN_MD);
    await queue.takeNew();
    await drop(repo.root, "plan.md", PLAN_MD.replaceAll("T-00", "T-10"));
    const second = await queue.takeNew();
    expect(second.taken[0]!.ticketFile).toBe(".haco/queue/taken/plan-2.md");
    expect(second.tickets[0]!.source.file).toBe(".haco/queue/taken/plan-2.md");

    await drop(repo.root, "bad.yaml", BAD_YAML);
    await queue.takeNew();
    await drop(repo.root, "bad.yaml", BAD_YAML);
    const rejected = await queue.takeNew();
    expect(rejected.rejected[0]!.rejectedFile).toBe(".haco/queue/rejected/bad-2.yaml");
    expect(await listed(repo.root, "rejected")).toEqual(["bad-2.yaml", "bad-2.yaml.error.txt", "bad.yaml", "bad.yaml.error.txt"]);
  });
});

describe("files still being written", () => {
  const T0 = Date.parse("2030-01-01T00:00:00Z");
  const at = (ms: number) => () => T0 + ms;

  it("does not read a file modified within settleMs; takes it on a later poll", async () => {
    const file = await drop(repo.root, "plan.md", PLAN_MD);
    await setAge(file, 0, T0);
    const early = await new TicketQueue(repo.root, { now: at(50) }).takeNew();
    expect(early).toEqual({ tickets: [], taken: [], rejected: [], waiting: ["plan.md"], errors: [] });
    expect(await listed(repo.root)).toContain("plan.md");
    const later = await new TicketQueue(repo.root, { now: at(150) }).takeNew();
    expect(later.tickets.map((t) => t.id)).toEqual(["T-001", "T-002"]);
  });

  it("retries a recent file that does not parse (partial), and takes it once it is whole", async () => {
    const file = await drop(repo.root, "task.json", TASK_JSON.slice(0, 40));
    await setAge(file, 0, T0);
    const partial = await new TicketQueue(repo.root, { now: at(500) }).takeNew();
    expect(partial.waiting).toEqual(["task.json"]);
    expect(partial.rejected).toEqual([]);
    expect(await listed(repo.root, "rejected")).toEqual([]);

    await writeFile(file, TASK_JSON);
    await setAge(file, 0, T0 + 600);
    const whole = await new TicketQueue(repo.root, { now: at(800) }).takeNew();
    expect(whole.tickets.map((t) => t.id)).toEqual(["T-001"]);
    expect(await readFile(queueDir(repo.root, "taken", "task.json"), "utf8")).toBe(TASK_JSON);
  });

  it("rejects a file that still does not parse once it has been unchanged for rejectAfterMs", async () => {
    const file = await drop(repo.root, "bad.yaml", BAD_YAML);
    await setAge(file, 0, T0);
    expect((await new TicketQueue(repo.root, { now: at(1_999) }).takeNew()).waiting).toEqual(["bad.yaml"]);
    const batch = await new TicketQueue(repo.root, { now: at(2_000) }).takeNew();
    expect(batch.rejected.map((r) => r.file)).toEqual(["bad.yaml"]);
    // An empty file (opened, nothing written yet) is the same case.
    const empty = await drop(repo.root, "empty.json", "");
    await setAge(empty, 0, T0);
    expect((await new TicketQueue(repo.root, { now: at(300) }).takeNew()).waiting).toEqual(["empty.json"]);
    expect((await new TicketQueue(repo.root, { now: at(5_000), rejectAfterMs: 1_000 }).takeNew()).rejected[0]!.message).toMatch(
      /^\.haco\/queue\/empty\.json: /,
    );
  });
});

describe("ticket ids", () => {
  it("keeps a free id and renames one in use to Q-<file-stem>-<id>", async () => {
    await drop(repo.root, "fix-login.md", PLAN_MD);
    const queue = new TicketQueue(repo.root);
    const batch = await queue.takeNew({ existingIds: ["T-002", "T-003"] });
    expect(batch.tickets.map((t) => t.id)).toEqual(["T-001", "Q-fix-login-T-002"]);
    expect(batch.taken[0]!.ids).toEqual(["T-001", "Q-fix-login-T-002"]);
    expect(queue.provenance("Q-fix-login-T-002")).toEqual({
      id: "Q-fix-login-T-002",
      originalId: "T-002",
      queuedFile: "fix-login.md",
      ticketFile: ".haco/queue/taken/fix-login.md",
    });
  });

  it("makes ids unique across files of one batch, across batches and against results in done/", async () => {
    const queue = new TicketQueue(repo.root);
    await drop(repo.root, "a.json", TASK_JSON, 20_000);
    await drop(repo.root, "b.json", TASK_JSON, 10_000);
    expect((await queue.takeNew()).tickets.map((t) => t.id)).toEqual(["T-001", "Q-b-T-001"]);

    await drop(repo.root, "b.json", TASK_JSON);
    expect((await queue.takeNew()).tickets.map((t) => t.id)).toEqual(["Q-b-T-001-2"]);

    // A new haco knows nothing of the old one's tickets, but their results are in done/.
    await new TicketQueue(repo.root).writeDone({ id: "T-001", status: "committed", reasons: [], testOutputTail: [], finishedAt: new Date() });
    await drop(repo.root, "c.json", TASK_JSON);
    expect((await new TicketQueue(repo.root).takeNew()).tickets.map((t) => t.id)).toEqual(["Q-c-T-001"]);
  });

  it("is deterministic: the same ids in use and files give the same ids", async () => {
    const ids: string[][] = [];
    for (let i = 0; i < 2; i++) {
      const other = await createTempRepo();
      try {
        await drop(other.root, "x.md", PLAN_MD, 20_000);
        await drop(other.root, "y.md", PLAN_MD, 10_000);
        ids.push((await new TicketQueue(other.root).takeNew({ existingIds: ["T-001"] })).tickets.map((t) => t.id));
      } finally {
        await other.cleanup();
      }
    }
    expect(ids[0]).toEqual(["Q-x-T-001", "T-002", "Q-y-T-001", "Q-y-T-002"]);
    expect(ids[1]).toEqual(ids[0]);
  });
});

describe("TicketQueue.putBack", () => {
  it("moves a taken file none of whose tickets was reached back into the queue, for the next run", async () => {
    await drop(repo.root, "plan.md", PLAN_MD);
    await drop(repo.root, "spec.yaml", SPEC_YAML, 30_000);
    const queue = new TicketQueue(repo.root);
    const batch = await queue.takeNew();
    expect(batch.tickets.map((t) => t.id)).toEqual(["T-001", "T-002", "T-010"]);

    // T-001 ran (an event named it): plan.md stays taken; spec.yaml goes back.
    const back = await queue.putBack(new Set(["T-001"]));
    expect(back).toEqual([{ ticketFile: ".haco/queue/taken/spec.yaml", file: ".haco/queue/spec.yaml", ids: ["T-010"], runIds: ["T-010"] }]);
    expect(await listed(repo.root, "taken")).toEqual(["plan.md"]);
    expect(await readFile(queueDir(repo.root, "spec.yaml"), "utf8")).toBe(SPEC_YAML);
    expect(queue.isQueued("T-010")).toBe(false);
    expect(queue.isQueued("T-002")).toBe(true);

    // The next run takes it again, under its own id.
    const next = await new TicketQueue(repo.root).takeNew();
    expect(next.tickets.map((t) => t.id)).toEqual(["T-010"]);
  });

  it("puts back under a free name and reports the ids the file gives", async () => {
    await drop(repo.root, "plan.md", PLAN_MD);
    const queue = new TicketQueue(repo.root);
    // The plan's own T-001 makes the queued one Q-plan-T-001.
    const batch = await queue.takeNew({ existingIds: ["T-001"] });
    expect(batch.tickets.map((t) => t.id)).toEqual(["Q-plan-T-001", "T-002"]);
    await drop(repo.root, "plan.md", SPEC_YAML.replace("T-010", "T-011"));
    const back = await queue.putBack(new Set());
    expect(back).toEqual([{ ticketFile: ".haco/queue/taken/plan.md", file: ".haco/queue/plan-2.md", ids: ["T-001", "T-002"], runIds: ["Q-plan-T-001", "T-002"] }]);
    expect(await listed(repo.root)).toEqual(["done", "plan-2.md", "plan.md", "rejected", "taken"]);
    expect(await listed(repo.root, "taken")).toEqual([]);
  });
});
