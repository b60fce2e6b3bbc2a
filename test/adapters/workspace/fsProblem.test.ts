import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeFsProblem, fileInTheWay, FsProblemError } from "../../../src/adapters/workspace/fsProblem.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "haco-fs-"));
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** The error Node gives for `action`. */
async function nodeError(action: () => Promise<unknown>): Promise<NodeJS.ErrnoException> {
  const err = await action().then(
    () => null,
    (e: unknown) => e as NodeJS.ErrnoException,
  );
  if (!err) throw new Error("no error");
  return err;
}

describe("describeFsProblem", () => {
  it("names the file standing where a folder is needed (ENOTDIR)", async () => {
    await writeFile(path.join(root, ".haco"), "");
    const err = await nodeError(() => readdir(path.join(root, ".haco", "queue", "done")));
    expect(err.code).toBe("ENOTDIR");
    const problem = describeFsProblem(err, { base: root });
    expect(problem).toBeInstanceOf(FsProblemError);
    expect(problem!.exitCode).toBe(2);
    expect(problem!.message).toBe(".haco is a file, but haco needs a folder there (to reach .haco/queue/done) — rename or remove the file .haco, then try again");
  });

  it("names a file listed as a folder itself", async () => {
    await mkdir(path.join(root, ".haco"));
    await writeFile(path.join(root, ".haco", "logs"), "");
    const err = await nodeError(() => readdir(path.join(root, ".haco", "logs")));
    expect(describeFsProblem(err, { base: root })!.message).toBe(".haco/logs is a file, but haco needs a folder there — rename or remove the file .haco/logs, then try again");
  });

  it("names a folder standing where a file is needed (EISDIR)", async () => {
    await mkdir(path.join(root, "answer.txt"));
    const err = await nodeError(() => writeFile(path.join(root, "answer.txt"), "x"));
    expect(err.code).toBe("EISDIR");
    expect(describeFsProblem(err, { base: root })!.message).toBe("answer.txt is a folder, but haco needs a file there — rename or remove the folder answer.txt, then try again");
  });

  it("words permissions, a full disk and a read-only file system, with the path", () => {
    const fake = (code: string) => Object.assign(new Error(code), { code, path: path.join(root, "x", "y.json") });
    expect(describeFsProblem(fake("EACCES"), { base: root })!.message).toBe("x/y.json: permission denied — check the permissions of x/y.json and its folders (ls -ld), then try again");
    expect(describeFsProblem(fake("EPERM"), { base: root })!.message).toContain("permission denied");
    expect(describeFsProblem(fake("ENOSPC"), { base: root })!.message).toBe("x/y.json: no space left on the device — free some disk space, then try again");
    expect(describeFsProblem(fake("EROFS"), { base: root })!.message).toContain("x/y.json is on a read-only file system");
  });

  it("shows a path outside the base as it is", () => {
    const err = Object.assign(new Error("x"), { code: "EACCES", path: "/elsewhere/file" });
    expect(describeFsProblem(err, { base: root })!.shownPath).toBe("/elsewhere/file");
  });

  it("leaves everything else alone: other codes, no path, not an error", () => {
    expect(describeFsProblem(Object.assign(new Error("x"), { code: "ENOENT", path: root }), { base: root })).toBeNull();
    expect(describeFsProblem(Object.assign(new Error("x"), { code: "EISDIR" }), { base: root })).toBeNull();
    expect(describeFsProblem(new TypeError("bug"), { base: root })).toBeNull();
    expect(describeFsProblem(undefined, { base: root })).toBeNull();
  });
});

describe("fileInTheWay", () => {
  it("is null when every folder on the way is a folder", async () => {
    expect(fileInTheWay(path.join(root, "a", "b"))).toBeNull();
  });
});

describe("describeFsProblem and mkdir", () => {
  it("words mkdir's EEXIST for a file where a folder is needed like ENOTDIR", async () => {
    await mkdir(path.join(root, ".haco", "queue"), { recursive: true });
    await writeFile(path.join(root, ".haco", "queue", "done"), "");
    const err = await nodeError(() => mkdir(path.join(root, ".haco", "queue", "done"), { recursive: true }));
    expect(err.code).toBe("EEXIST");
    expect(describeFsProblem(err, { base: root })!.message).toBe(
      ".haco/queue/done is a file, but haco needs a folder there — rename or remove the file .haco/queue/done, then try again",
    );
    const other = Object.assign(new Error("x"), { code: "EEXIST", syscall: "link", path: path.join(root, "a") });
    expect(describeFsProblem(other, { base: root })).toBeNull();
  });
});
