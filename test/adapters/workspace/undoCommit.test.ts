import { chmod, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { commitChanges, type CommittedFile } from "../../../src/adapters/workspace/commitChanges.js";
import { undoCommit } from "../../../src/adapters/workspace/undoCommit.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";

const BASE = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
let repo: TempRepo;
afterEach(() => repo?.cleanup());

const head = async () => (await repo.git("rev-parse", "HEAD")).trim();

/** Everything a refusal must leave alone: HEAD, index, working tree (byte for byte) and status. */
async function snapshot(files: string[]) {
  const contents: Record<string, string | null> = {};
  for (const file of files) {
    contents[file] = await readFile(path.join(repo.root, file), "latin1").catch(() => null);
  }
  return {
    head: await head(),
    index: await repo.git("ls-files", "--stage"),
    status: await repo.git("status", "--porcelain", "--untracked-files=all"),
    diff: await repo.git("diff"),
    cached: await repo.git("diff", "--cached"),
    contents,
  };
}

/** Writes the ticket's files (as the ticket would) and commits them with commitChanges. */
async function ticketCommits(files: CommittedFile[], message = "feat: ticket (T-1)\n"): Promise<string> {
  for (const file of files) {
    if (file.after === null) await rm(path.join(repo.root, file.path), { force: true });
    else await repo.write(file.path, file.after);
  }
  const { sha, warnings } = await commitChanges(repo.root, files, message);
  expect(warnings).toEqual([]);
  return sha;
}

describe("undoCommit", () => {
  it("moves HEAD back to the parent and restores the files, leaving a clean status", async () => {
    repo = await createTempRepo({ "a.txt": BASE });
    const base = await repo.commitAll("base");
    const after = BASE.replace("line 3\n", "line 3 (ticket)\n");
    const sha = await ticketCommits([{ path: "a.txt", before: BASE, after }]);

    const result = await undoCommit(repo.root, { sha, files: [{ path: "a.txt", before: BASE, after }] });
    expect(result).toEqual({ parent: base, files: ["a.txt"] });
    expect(await head()).toBe(base);
    expect(await repo.read("a.txt")).toBe(BASE);
    expect(await repo.git("status", "--porcelain", "--untracked-files=all")).toBe("");
    expect(await repo.git("reflog", "-1", "--format=%gs")).toBe(`haco: undo ${sha}\n`);
  });

  it("keeps the user's uncommitted hunk in the same file and their staged change in another file exactly", async () => {
    repo = await createTempRepo({ "a.txt": BASE, "b.txt": BASE });
    await repo.commitAll("base");
    await repo.write("b.txt", BASE.replace("line 5\n", "line 5 (staged)\n"));
    await repo.git("add", "b.txt");
    const userVersion = BASE.replace("line 28\n", "line 28 (user)\n");
    await repo.write("a.txt", userVersion);
    const beforeTicket = await snapshot(["a.txt", "b.txt"]);

    const after = userVersion.replace("line 3\n", "line 3 (ticket)\n");
    const files = [{ path: "a.txt", before: userVersion, after }];
    const sha = await ticketCommits(files);
    await undoCommit(repo.root, { sha, files });

    expect(await snapshot(["a.txt", "b.txt"])).toEqual(beforeTicket);
  });

  it("takes the change out of a version of the same file the user had staged", async () => {
    repo = await createTempRepo({ "a.txt": BASE });
    await repo.commitAll("base");
    const staged = BASE.replace("line 20\n", "line 20 (staged)\n");
    await repo.write("a.txt", staged);
    await repo.git("add", "a.txt");
    const beforeTicket = await snapshot(["a.txt"]);

    const after = staged.replace("line 2\n", "line 2 (ticket)\n");
    const files = [{ path: "a.txt", before: staged, after }];
    const sha = await ticketCommits(files);
    expect(await repo.git("show", ":a.txt")).toBe(after);
    await undoCommit(repo.root, { sha, files });

    expect(await snapshot(["a.txt"])).toEqual(beforeTicket);
    expect(await repo.git("show", ":a.txt")).toBe(staged);
  });

  it("removes a file the commit created and brings back one it deleted, with its executable bit", async () => {
    repo = await createTempRepo({ "gone.sh": "#!/bin/sh\necho bye\n", "stay.txt": "stay\n" });
    await chmod(path.join(repo.root, "gone.sh"), 0o755);
    const base = await repo.commitAll("base");
    const files = [
      { path: "gone.sh", before: "#!/bin/sh\necho bye\n", after: null },
      { path: "src/new/made.txt", before: null, after: "made\n" },
    ];
    const sha = await ticketCommits(files);
    expect(await repo.git("ls-tree", "-r", "--name-only", "HEAD")).toBe("src/new/made.txt\nstay.txt\n");

    await undoCommit(repo.root, { sha, files });
    expect(await head()).toBe(base);
    expect(await repo.read("gone.sh")).toBe("#!/bin/sh\necho bye\n");
    expect((await stat(path.join(repo.root, "gone.sh"))).mode & 0o111).not.toBe(0);
    await expect(stat(path.join(repo.root, "src/new/made.txt"))).rejects.toThrow(/ENOENT/);
    expect(await repo.git("ls-files", "--stage", "gone.sh")).toMatch(/^100755 /);
    expect(await repo.git("status", "--porcelain", "--untracked-files=all")).toBe("");
  });

  it("restores CRLF line endings and a missing final newline byte for byte", async () => {
    const crlf = "one\r\ntwo\r\nthree";
    repo = await createTempRepo({ "win.txt": crlf });
    await repo.git("config", "core.autocrlf", "false");
    await repo.commitAll("base");
    const files = [
      { path: "win.txt", before: crlf, after: "one\r\nTWO\r\nthree" },
      { path: "bare.txt", before: null, after: "no newline" },
    ];
    const sha = await ticketCommits(files);
    await undoCommit(repo.root, { sha, files });

    expect((await readFile(path.join(repo.root, "win.txt"))).equals(Buffer.from(crlf))).toBe(true);
    await expect(stat(path.join(repo.root, "bare.txt"))).rejects.toThrow(/ENOENT/);
    expect(await repo.git("status", "--porcelain", "--untracked-files=all")).toBe("");
  });

  it("refuses, changing nothing, when a commit was made on top of haco's", async () => {
    repo = await createTempRepo({ "a.txt": BASE, "other.txt": "x\n" });
    await repo.commitAll("base");
    const after = BASE.replace("line 3\n", "line 3 (ticket)\n");
    const files = [{ path: "a.txt", before: BASE, after }];
    const sha = await ticketCommits(files);
    await repo.write("other.txt", "y\n");
    await repo.commitAll("user: on top");
    const before = await snapshot(["a.txt", "other.txt"]);

    const refusal = undoCommit(repo.root, { sha, files });
    await expect(refusal).rejects.toMatchObject({ code: "undo_head_moved", exitCode: 1 });
    await expect(refusal).rejects.toThrow(new RegExp(`^HEAD moved since haco committed ${sha.slice(0, 7)}: .*git revert`));
    expect(await snapshot(["a.txt", "other.txt"])).toEqual(before);
  });

  it("refuses, naming the file and changing nothing, when a file changed after the commit", async () => {
    repo = await createTempRepo({ "a.txt": BASE, "b.txt": BASE });
    await repo.commitAll("base");
    const files = [
      { path: "a.txt", before: BASE, after: BASE.replace("line 3\n", "line 3 (ticket)\n") },
      { path: "b.txt", before: BASE, after: BASE.replace("line 9\n", "line 9 (ticket)\n") },
    ];
    const sha = await ticketCommits(files);
    await repo.write("b.txt", files[1]!.after.replace("line 30\n", "line 30 (newer)\n"));
    const before = await snapshot(["a.txt", "b.txt"]);

    const refusal = undoCommit(repo.root, { sha, files });
    await expect(refusal).rejects.toMatchObject({ code: "undo_file_changed" });
    await expect(refusal).rejects.toThrow(/^b\.txt has newer changes since haco committed .*git revert/);
    expect(await snapshot(["a.txt", "b.txt"])).toEqual(before);
  });

  it("refuses when a file the commit deleted has come back", async () => {
    repo = await createTempRepo({ "gone.txt": "bye\n", "stay.txt": "stay\n" });
    await repo.commitAll("base");
    const files = [{ path: "gone.txt", before: "bye\n", after: null }];
    const sha = await ticketCommits(files);
    await repo.write("gone.txt", "new content\n");
    const before = await snapshot(["gone.txt"]);

    await expect(undoCommit(repo.root, { sha, files })).rejects.toMatchObject({ code: "undo_file_changed" });
    expect(await snapshot(["gone.txt"])).toEqual(before);
  });

  it("refuses, changing nothing, when the user staged lines that overlap the commit's change", async () => {
    repo = await createTempRepo({ "a.txt": BASE });
    await repo.commitAll("base");
    const after = BASE.replace("line 3\n", "line 3 (ticket)\n");
    const files = [{ path: "a.txt", before: BASE, after }];
    const sha = await ticketCommits(files);
    // Stage an edit of the ticket's own line, but keep the working tree as the ticket left it.
    await repo.write("a.txt", after.replace("line 3 (ticket)\n", "line 3 (ticket, then staged)\n"));
    await repo.git("add", "a.txt");
    await repo.write("a.txt", after);
    const before = await snapshot(["a.txt"]);

    const refusal = undoCommit(repo.root, { sha, files });
    await expect(refusal).rejects.toMatchObject({ code: "undo_staged_conflict" });
    await expect(refusal).rejects.toThrow(/what you staged in a\.txt overlaps haco's change/);
    expect(await snapshot(["a.txt"])).toEqual(before);
  });

  it("refuses a root commit, which has no parent to go back to", async () => {
    repo = await createTempRepo();
    const files = [{ path: "new.txt", before: null, after: "hello\n" }];
    const sha = await ticketCommits(files);
    const before = await snapshot(["new.txt"]);

    const refusal = undoCommit(repo.root, { sha, files });
    await expect(refusal).rejects.toMatchObject({ code: "undo_root_commit" });
    await expect(refusal).rejects.toThrow(/first commit and has no parent/);
    expect(await snapshot(["new.txt"])).toEqual(before);
  });

  it("refuses when the commit changes files the record does not list", async () => {
    repo = await createTempRepo({ "a.txt": "a\n", "b.txt": "b\n" });
    await repo.commitAll("base");
    const files = [
      { path: "a.txt", before: "a\n", after: "A\n" },
      { path: "b.txt", before: "b\n", after: "B\n" },
    ];
    const sha = await ticketCommits(files);
    const before = await snapshot(["a.txt", "b.txt"]);

    const refusal = undoCommit(repo.root, { sha, files: [files[0]!] });
    await expect(refusal).rejects.toMatchObject({ code: "undo_record_mismatch" });
    await expect(refusal).rejects.toThrow(/also changes b\.txt/);
    expect(await snapshot(["a.txt", "b.txt"])).toEqual(before);
  });
  it("refuses while git's index is locked, before moving HEAD: nothing is undone and the lock is left to its owner", async () => {
    repo = await createTempRepo({ "a.txt": BASE });
    await repo.commitAll("base");
    const after = BASE.replace("line 3\n", "line 3 (ticket)\n");
    const sha = await ticketCommits([{ path: "a.txt", before: BASE, after }]);
    const before = await snapshot(["a.txt"]);
    const { writeFile } = await import("node:fs/promises");
    await writeFile(path.join(repo.root, ".git", "index.lock"), "");
    const err = await undoCommit(repo.root, { sha, files: [{ path: "a.txt", before: BASE, after }] }).then(
      () => null,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(err?.code).toBe("index_locked");
    expect(err?.message).toContain("nothing was undone");
    expect(await stat(path.join(repo.root, ".git", "index.lock")).then(() => true)).toBe(true);
    await rm(path.join(repo.root, ".git", "index.lock"));
    expect(await snapshot(["a.txt"])).toEqual(before);
  });
});
