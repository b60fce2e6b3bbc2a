import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { EXIT, HacoError } from "../domain/errors.js";
import { git } from "../adapters/workspace/git.js";
import { DEMO_FILES, DEMO_PLAN_FILE } from "./demoProject.js";

export interface DemoRepo {
  /** The repository's top directory (real path, as git reports it). */
  root: string;
  /** The plan, an absolute path inside root. */
  planFile: string;
  /** Deletes the repository and everything in it. */
  remove(): Promise<void>;
}

/**
 * The identity of the demo's commits, kept in the repository's own config:
 * haco commits there too, and the user's global git config is never touched.
 */
const IDENTITY = { name: "haco demo", email: "demo@haco.invalid" };

/**
 * Creates a throwaway git repository in the temp directory (`haco-demo-XXXXXX`)
 * holding the demo project, committed once. Nothing outside it is written.
 */
export async function createDemoRepo(parent: string = tmpdir()): Promise<DemoRepo> {
  await assertGitAvailable();
  const root = await realpath(await mkdtemp(path.join(parent, "haco-demo-")));
  const remove = () => rm(root, { recursive: true, force: true });
  try {
    const run = (...args: string[]) => git(args, { cwd: root });
    // -c works on every git; `init -b` needs 2.28.
    await run("-c", "init.defaultBranch=main", "init", "-q");
    await run("config", "user.name", IDENTITY.name);
    await run("config", "user.email", IDENTITY.email);
    // A user's global signing setup would ask for a key or a passphrase in the middle of the demo.
    await run("config", "commit.gpgsign", "false");
    for (const [file, content] of Object.entries(DEMO_FILES)) {
      const target = path.join(root, file);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, content);
    }
    await run("add", "-A");
    await run("commit", "-q", "--no-verify", "-m", "chore: start the blog's string helpers\n\nCreated by haco demo.");
  } catch (err) {
    await remove();
    throw err;
  }
  return { root, planFile: path.join(root, DEMO_PLAN_FILE), remove };
}

async function assertGitAvailable(): Promise<void> {
  const result = await execa("git", ["--version"], { reject: false });
  if (result.exitCode !== 0) {
    throw new HacoError("git_missing", "haco demo needs git on the PATH — install git and try again", EXIT.badInput);
  }
}
