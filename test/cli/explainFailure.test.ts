import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { explainFailure, EXIT_INTERNAL } from "../../src/cli/explainFailure.js";
import { UsageError } from "../../src/domain/errors.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "haco-main-"));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("explainFailure (main's last word)", () => {
  it("prints a HacoError's message with its exit code", () => {
    // A usage message already names its command: it is not prefixed a second time.
    expect(explainFailure(new UsageError("haco run: bad"), root)).toEqual({ text: "haco run: bad\n", exitCode: 2 });
    expect(explainFailure(new UsageError("the plan is empty"), root)).toEqual({ text: "haco: the plan is empty\n", exitCode: 2 });
  });

  it("turns a raw filesystem error no command worded into bad input naming the path (exit 2)", async () => {
    await writeFile(path.join(root, ".haco"), "");
    const raw = await readdir(path.join(root, ".haco", "journal")).catch((e: unknown) => e);
    const failure = explainFailure(raw, root);
    expect(failure).toEqual({
      text: "haco: .haco is a file, but haco needs a folder there (to reach .haco/journal) — rename or remove the file .haco, then try again\n",
      exitCode: 2,
    });
    expect(failure.text).not.toContain("internal error");
    const denied = Object.assign(new Error("EACCES: permission denied"), { code: "EACCES", path: path.join(root, "PLAN.md") });
    expect(explainFailure(denied, root).text).toBe("haco: PLAN.md: permission denied — check the permissions of PLAN.md and its folders (ls -ld), then try again\n");
  });

  it("reports anything else as a bug, with its stack", () => {
    const failure = explainFailure(new TypeError("x is undefined"), root);
    expect(failure.exitCode).toBe(EXIT_INTERNAL);
    expect(failure.text).toMatch(/^haco: internal error: TypeError: x is undefined\n {4}at /);
    expect(failure.text).toContain("Please report this as a bug.");
  });
});
