import { rm } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { commitChanges } from "../../../src/adapters/workspace/commitChanges.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";

const BASE = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
let repo: TempRepo;
afterEach(() => repo?.cleanup());

describe("commitChanges", () => {
  it("commits the ticket's change on top of HEAD, leaving the user's unstaged edit out of it", async () => {
    repo = await createTempRepo({ "a.txt": BASE });
    await repo.commitAll("base");
    const userVersion = BASE.replace("line 28\n", "line 28 (user)\n");
    const ticketAfter = userVersion.replace("line 3\n", "line 3 (ticket)\n");
    await repo.write("a.txt", ticketAfter);

    const { sha, warnings } = await commitChanges(repo.root, [{ path: "a.txt", before: userVersion, after: ticketAfter }], "feat: x (T-1)\n");
    expect(warnings).toEqual([]);
    expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(sha);
    expect(await repo.git("show", "HEAD:a.txt")).toBe(BASE.replace("line 3\n", "line 3 (ticket)\n"));
    expect(await repo.read("a.txt")).toBe(ticketAfter);
    // The index follows HEAD, so only the user's edit shows as a change, unstaged.
    expect(await repo.git("diff", "--cached")).toBe("");
    expect(await repo.git("diff")).toContain("+line 28 (user)");
    expect(await repo.git("log", "-1", "--format=%B")).toBe("feat: x (T-1)\n\n");
  });

  it("keeps the user's staged version of the same file staged, with the ticket's change merged in", async () => {
    repo = await createTempRepo({ "a.txt": BASE });
    await repo.commitAll("base");
    const staged = BASE.replace("line 20\n", "line 20 (staged)\n");
    await repo.write("a.txt", staged);
    await repo.git("add", "a.txt");
    const after = staged.replace("line 2\n", "line 2 (ticket)\n");
    await repo.write("a.txt", after);

    await commitChanges(repo.root, [{ path: "a.txt", before: staged, after }], "feat: y\n");
    expect(await repo.git("show", "HEAD:a.txt")).toBe(BASE.replace("line 2\n", "line 2 (ticket)\n"));
    expect(await repo.git("show", ":a.txt")).toBe(after);
    expect(await repo.git("diff", "--cached")).toContain("+line 20 (staged)");
  });

  it("creates new files and works in a repository with no commit yet", async () => {
    repo = await createTempRepo({ "keep.txt": "user file\n" });
    await repo.git("add", "keep.txt");
    await repo.write("new.txt", "hello\n");
    const { sha } = await commitChanges(repo.root, [{ path: "new.txt", before: null, after: "hello\n" }], "feat: new\n");
    expect(await repo.git("show", "--name-only", "--format=", sha)).toBe("new.txt\n");
    expect(await repo.git("diff", "--cached", "--name-only")).toBe("keep.txt\n");
  });

  it("deletes a file the ticket removed", async () => {
    repo = await createTempRepo({ "gone.txt": "bye\n", "stay.txt": "stay\n" });
    await repo.commitAll("base");
    await rm(`${repo.root}/gone.txt`);
    await commitChanges(repo.root, [{ path: "gone.txt", before: "bye\n", after: null }], "chore: remove\n");
    expect(await repo.git("ls-tree", "--name-only", "HEAD")).toBe("stay.txt\n");
    expect(await repo.git("status", "--porcelain")).toBe("");
  });

  it("refuses, moving nothing, when the ticket's lines overlap the user's uncommitted ones", async () => {
    repo = await createTempRepo({ "a.txt": BASE });
    const head = await repo.commitAll("base");
    const userVersion = BASE.replace("line 10\n", "line 10 (user)\n");
    const after = userVersion.replace("line 10 (user)\n", "line 10 (user, then ticket)\n");
    await repo.write("a.txt", after);
    await expect(commitChanges(repo.root, [{ path: "a.txt", before: userVersion, after }], "feat: z\n")).rejects.toThrow(
      /cannot commit only the ticket's change to a\.txt/,
    );
    expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(head);
    expect(await repo.read("a.txt")).toBe(after);
  });

  it("keeps the executable bit of a committed script", async () => {
    repo = await createTempRepo({ "run.sh": "#!/bin/sh\necho 1\n" });
    await repo.git("update-index", "--add", "--chmod=+x", "run.sh");
    await repo.git("commit", "-q", "-m", "base");
    await repo.write("run.sh", "#!/bin/sh\necho 2\n");
    await commitChanges(repo.root, [{ path: "run.sh", before: "#!/bin/sh\necho 1\n", after: "#!/bin/sh\necho 2\n" }], "fix: two\n");
    expect(await repo.git("ls-tree", "HEAD", "run.sh")).toMatch(/^100755 /);
  });
});
