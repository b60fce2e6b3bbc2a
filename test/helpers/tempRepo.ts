import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";

/** A throwaway git repository with an identity of its own, so tests never depend on the machine's git config. */
export interface TempRepo {
  root: string;
  write(file: string, content: string): Promise<void>;
  read(file: string): Promise<string>;
  git(...args: string[]): Promise<string>;
  commitAll(message: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function createTempRepo(files: Record<string, string> = {}): Promise<TempRepo> {
  const parent = await mkdtemp(path.join(tmpdir(), "haco-test-"));
  const root = path.join(parent, "repo");
  await mkdir(root);
  const git = async (...args: string[]) => String((await execa("git", args, { cwd: root, stripFinalNewline: false })).stdout);
  await git("init", "-q", "-b", "main");
  await git("config", "user.name", "haco test");
  await git("config", "user.email", "test@haco.invalid");
  await git("config", "commit.gpgsign", "false");
  const repo: TempRepo = {
    root,
    async write(file, content) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), content);
    },
    read: (file) => readFile(path.join(root, file), "utf8"),
    git,
    async commitAll(message) {
      await git("add", "-A");
      await git("commit", "-q", "-m", message);
      return (await git("rev-parse", "HEAD")).trim();
    },
    cleanup: () => rm(parent, { recursive: true, force: true }),
  };
  for (const [file, content] of Object.entries(files)) await repo.write(file, content);
  return repo;
}
