import { randomBytes } from "node:crypto";
import { execa } from "execa";

/**
 * Drives a real terminal: a detached tmux session of a given size running one
 * command. Tests type with `send` and read the screen with `capture`, as a
 * person would; `waitFor` polls the screen until some text shows up.
 */
export interface TmuxSession {
  name: string;
  send(...keys: string[]): Promise<void>;
  capture(): Promise<string>;
  waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  resize(columns: number, rows: number): Promise<void>;
  alive(): Promise<boolean>;
  kill(): Promise<void>;
}

export async function tmuxAvailable(): Promise<boolean> {
  const result = await execa("tmux", ["-V"], { reject: false });
  return result.exitCode === 0;
}

export async function startTmux(command: string, options: { columns: number; rows: number; cwd: string; env?: Record<string, string> }): Promise<TmuxSession> {
  const name = `haco-test-${randomBytes(4).toString("hex")}`;
  // A private socket keeps the test away from the user's own tmux server.
  const socket = ["-L", name];
  const tmux = (...args: string[]) => execa("tmux", [...socket, ...args], { reject: false });
  const envArgs = Object.entries(options.env ?? {}).flatMap(([key, value]) => ["-e", `${key}=${value}`]);
  const started = await execa(
    "tmux",
    [...socket, "-f", "/dev/null", "new-session", "-d", "-s", name, "-x", String(options.columns), "-y", String(options.rows), "-c", options.cwd, ...envArgs, command],
    { reject: false, env: { TERM: "xterm-256color" } },
  );
  if (started.exitCode !== 0) throw new Error(`tmux did not start: ${started.stderr}`);
  await tmux("set-option", "-t", name, "remain-on-exit", "on");

  const session: TmuxSession = {
    name,
    async send(...keys) {
      await tmux("send-keys", "-t", name, ...keys);
    },
    async capture() {
      return String((await tmux("capture-pane", "-p", "-t", name)).stdout);
    },
    async waitFor(predicate, what, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      let screen = "";
      while (Date.now() < deadline) {
        screen = await session.capture();
        if (predicate(screen)) return screen;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`timed out waiting for ${what}; the screen was:\n${screen}`);
    },
    async resize(columns, rows) {
      await tmux("resize-window", "-t", name, "-x", String(columns), "-y", String(rows));
    },
    async alive() {
      const out = String((await tmux("list-panes", "-t", name, "-F", "#{pane_dead}")).stdout).trim();
      return out === "0";
    },
    async kill() {
      await tmux("kill-server");
    },
  };
  return session;
}
