import { spawnSync } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, SHOW_CURSOR } from "./terminal.js";

/**
 * `e`: hands the terminal to the user's editor and takes it back. The
 * cockpit leaves the alternate screen and raw mode, the editor runs in the
 * foreground with the terminal as its stdio (synchronously, so Ink neither
 * draws nor reads meanwhile), then the cockpit comes back and its next frame
 * repaints the whole screen.
 */

export interface EditorTerminal {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /** Where the file goes: the repository's .git directory, as for git's own hunk edits, so worker text never leaves the repository. */
  dir: string;
}

export type EditOutcome = { ok: true; text: string } | { ok: false; reason: string };

/** The editor command: $VISUAL, then $EDITOR, then vi, as git picks one. */
export function editorCommand(env: NodeJS.ProcessEnv): string {
  return env.VISUAL?.trim() || env.EDITOR?.trim() || "vi";
}

export async function editInTerminal(text: string, fileName: string, terminal: EditorTerminal): Promise<EditOutcome> {
  const file = path.join(terminal.dir, `HACO_EDIT_${path.basename(fileName)}`);
  const editor = editorCommand(terminal.env);
  try {
    await writeFile(file, text);
    terminal.stdout.write(LEAVE_ALT_SCREEN + SHOW_CURSOR);
    if (terminal.stdin.isTTY) terminal.stdin.setRawMode(false);
    // Through the shell, so an EDITOR with arguments ("code --wait") works; the file is an argument, never parsed.
    const run = spawnSync("/bin/sh", ["-c", `${editor} "$1"`, "haco-editor", file], { stdio: "inherit", env: terminal.env });
    if (terminal.stdin.isTTY) terminal.stdin.setRawMode(true);
    terminal.stdout.write(`${ENTER_ALT_SCREEN}\x1b[2J\x1b[H`);
    if (run.error) return { ok: false, reason: `could not start the editor '${editor}': ${run.error.message} — set EDITOR` };
    if (run.status !== 0) return { ok: false, reason: `the editor '${editor}' exited with ${run.status ?? run.signal}; the hunk was left as it was` };
    return { ok: true, text: await readFile(file, "utf8") };
  } finally {
    await rm(file, { force: true });
  }
}
