import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { enqueueTickets, listQueue, readDoneResults, TicketQueue } from "../../../src/adapters/queue/index.js";
import { FsProblemError } from "../../../src/adapters/workspace/fsProblem.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";
import { PLAN_MD } from "./queueKit.js";

let repo: TempRepo;
beforeEach(async () => {
  repo = await createTempRepo();
});
afterEach(() => repo.cleanup());

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("it worked");
    },
    (e: unknown) => e as FsProblemError,
  );

describe("the queue when .haco is not a folder", () => {
  beforeEach(async () => {
    await writeFile(path.join(repo.root, ".haco"), "not a folder\n");
  });

  it("every entry point says .haco is a file (exit 2), never ENOTDIR", async () => {
    const errors = [
      await failure(listQueue(repo.root)),
      await failure(enqueueTickets(repo.root, { text: PLAN_MD, format: "planmd", display: "plan.md", name: "plan.md" })),
      await failure(new TicketQueue(repo.root).takeNew()),
      await failure(readDoneResults(repo.root)),
    ];
    for (const err of errors) {
      expect(err).toBeInstanceOf(FsProblemError);
      expect(err.exitCode).toBe(2);
      expect(err.message).toMatch(/^\.haco is a file, but haco needs a folder there \(to reach \.haco\/queue[^)]*\) — rename or remove the file \.haco, then try again$/);
    }
  });
});

describe("the queue when .haco/queue is a file", () => {
  it("lists nothing but says so", async () => {
    await mkdir(path.join(repo.root, ".haco"));
    await writeFile(path.join(repo.root, ".haco", "queue"), "");
    const err = await failure(listQueue(repo.root));
    expect(err.message).toBe(".haco/queue is a file, but haco needs a folder there — rename or remove the file .haco/queue, then try again");
  });
});
