import { randomBytes } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { execa } from "execa";

/**
 * Drives a real terminal: a detached tmux session of a given size running one
 * command, on a private tmux server. Tests type with `send` and read the
 * screen with `capture`, as a person would; `waitFor` polls the screen until
 * some text shows up. The pane stays after its command exits
 * (remain-on-exit), so a test can read the exit status and the last screen;
 * `recordTo` keeps every byte the command wrote (tmux pipe-pane) from its
 * very first one.
 */
export interface TmuxSession {
  name: string;
  /** tmux send-keys: key names ("Enter", "Escape", "C-c", "Tab") or text. */
  send(...keys: string[]): Promise<void>;
  /**
   * The visible screen as text, one line per row, without colours; with
   * `history`, the rows scrolled off it first. When a pane dies, tmux moves
   * its normal screen into the history to write "Pane is dead" (an
   * alternate screen still showing is simply dropped).
   */
  capture(options?: { history?: boolean }): Promise<string>;
  waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  resize(columns: number, rows: number): Promise<void>;
  alive(): Promise<boolean>;
  /** What tmux knows of the pane: its exit status once dead, the alternate screen, the cursor, the title. */
  pane(): Promise<PaneState>;
  /**
   * The pane's line discipline, from `stty` on its tty: "raw" once a
   * full-screen program reads single keys (no canonical line editing),
   * "cooked" for a shell's line input; "unknown" when stty cannot tell.
   */
  terminalMode(): Promise<"raw" | "cooked" | "unknown">;
  /** Polls terminalMode() until it is `mode`. */
  waitForTerminalMode(mode: "raw" | "cooked", timeoutMs?: number): Promise<void>;
  /**
   * Resolves once the command has exited, with its exit status, or null when
   * tmux never learnt it: tmux 3.3 now and then marks a pane dead without
   * recording the status (about one exit in six here). A test that must know
   * the status for sure has the shell print `$?`.
   */
  waitForExit(timeoutMs?: number): Promise<number | null>;
  /** The bytes recorded so far (empty without `recordTo`). */
  recorded(): Promise<Buffer>;
  /**
   * Stops the private tmux server, and resolves once the processes of the
   * pane's session (which get SIGHUP, as when a terminal closes) have exited,
   * so a test can delete the directory they worked in.
   */
  kill(): Promise<void>;
}

export interface PaneState {
  dead: boolean;
  /** The command's exit status once the pane is dead and tmux has reaped it; null before. */
  exitStatus: number | null;
  /** The signal that killed the command, if one did. */
  exitSignal: number | null;
  /** The pane shows the alternate screen (a full-screen program has not left it). */
  alternateScreen: boolean;
  /** Meaningful while the command runs: tmux hides the cursor of every dead pane. */
  cursorVisible: boolean;
  title: string;
}

export interface StartTmuxOptions {
  columns: number;
  rows: number;
  cwd: string;
  /**
   * The command's environment, on top of this process's. PATH works too:
   * tmux gives a new pane the PATH of the client that asked for it and
   * ignores `new-session -e PATH=…`, so it is set on the client as well.
   */
  env?: Record<string, string>;
  /** TERM inside the pane; default xterm-256color. */
  term?: string;
  /** The shell tmux runs `command` with; default /bin/sh, so no one's shell start-up files print into the pane. */
  shell?: string;
  /** A file to append every byte the pane's command writes to. */
  recordTo?: string;
}

export async function tmuxAvailable(): Promise<boolean> {
  const result = await execa("tmux", ["-V"], { reject: false });
  return result.exitCode === 0;
}

/** How long a dead pane's exit status may lag behind its death before it counts as unknown. */
const STATUS_GRACE_MS = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startTmux(command: string, options: StartTmuxOptions): Promise<TmuxSession> {
  const name = `haco-test-${randomBytes(4).toString("hex")}`;
  // A private socket keeps the test away from the user's own tmux server; -f /dev/null from their config.
  const socket = ["-L", name, "-f", "/dev/null"];
  const tmux = (...args: string[]) => execa("tmux", [...socket, ...args], { reject: false });
  const env = options.env ?? {};
  const envArgs = Object.entries(env).flatMap(([key, value]) => ["-e", `${key}=${value}`]);
  // One command list, run by the server before it reads a byte from the pane: the options hold before the
  // command starts (TERM comes from default-terminal, -e TERM is overridden) and the recording misses nothing.
  const started = await execa(
    "tmux",
    [
      ...socket,
      "start-server",
      ";",
      "set-option", "-g", "default-terminal", options.term ?? "xterm-256color",
      ";",
      "set-option", "-g", "remain-on-exit", "on",
      ";",
      "set-option", "-g", "default-shell", options.shell ?? "/bin/sh",
      ";",
      "new-session", "-d", "-s", name, "-x", String(options.columns), "-y", String(options.rows), "-c", options.cwd, ...envArgs, command,
      ...(options.recordTo ? [";", "pipe-pane", "-o", "-t", name, `cat >> ${shellQuote(options.recordTo)}`] : []),
    ],
    { reject: false, env: { ...env, TERM: "xterm-256color" } },
  );
  if (started.exitCode !== 0) {
    await tmux("kill-server");
    throw new Error(`tmux did not start: ${started.stderr || started.shortMessage}`);
  }
  // tmux leaves its socket file behind when its server exits; kill() removes it.
  const socketPath = String((await tmux("display-message", "-p", "-t", name, "#{socket_path}")).stdout).trim();

  const session: TmuxSession = {
    name,
    async send(...keys) {
      const sent = await tmux("send-keys", "-t", name, ...keys);
      if (sent.exitCode !== 0) throw new Error(`tmux send-keys ${keys.join(" ")} failed: ${sent.stderr}`);
    },
    async capture(options = {}) {
      return String((await tmux("capture-pane", "-p", ...(options.history ? ["-S", "-"] : []), "-t", name)).stdout);
    },
    async waitFor(predicate, what, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let screen = "";
      while (Date.now() < deadline) {
        screen = await session.capture();
        if (predicate(screen)) return screen;
        await sleep(100);
      }
      throw new Error(`timed out waiting for ${what}; the screen was:\n${screen}`);
    },
    async resize(columns, rows) {
      await tmux("resize-window", "-t", name, "-x", String(columns), "-y", String(rows));
    },
    async alive() {
      return !(await session.pane()).dead;
    },
    async pane() {
      const format = "#{pane_dead}\t#{pane_dead_status}\t#{pane_dead_signal}\t#{alternate_on}\t#{cursor_flag}\t#{pane_title}";
      const listed = await tmux("list-panes", "-t", name, "-F", format);
      if (listed.exitCode !== 0) throw new Error(`tmux list-panes failed: ${listed.stderr}`);
      const [dead, status, signal, alternate, cursor, ...title] = String(listed.stdout).split("\n")[0]!.split("\t");
      const number = (field: string | undefined) => (dead === "1" && field ? Number(field) : null);
      return {
        dead: dead === "1",
        exitStatus: number(status),
        exitSignal: number(signal),
        alternateScreen: alternate === "1",
        cursorVisible: cursor === "1",
        title: title.join("\t"),
      };
    },
    async terminalMode() {
      const tty = String((await tmux("list-panes", "-t", name, "-F", "#{pane_tty}")).stdout).trim();
      if (!tty) return "unknown";
      const stty = await execa("stty", ["-a", "-F", tty], { reject: false });
      if (stty.exitCode !== 0) return "unknown";
      const flags = String(stty.stdout).split(/\s+/);
      if (flags.includes("-icanon")) return "raw";
      if (flags.includes("icanon")) return "cooked";
      return "unknown";
    },
    async waitForTerminalMode(mode, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let seen = "unknown";
      while (Date.now() < deadline) {
        seen = await session.terminalMode();
        if (seen === mode) return;
        await sleep(50);
      }
      throw new Error(`timed out waiting for the pane's terminal to be ${mode} (it is ${seen})`);
    },
    async waitForExit(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let diedAt: number | null = null;
      while (Date.now() < deadline) {
        const state = await session.pane();
        if (state.exitSignal !== null) throw new Error(`the pane's command was killed by signal ${state.exitSignal}`);
        if (state.exitStatus !== null) return state.exitStatus;
        // tmux 3.3 may mark the pane dead before it reaps the process, and now and then never records the status.
        if (state.dead) {
          diedAt ??= Date.now();
          if (Date.now() - diedAt > STATUS_GRACE_MS) return null;
        }
        await sleep(100);
      }
      throw new Error(`timed out waiting for the command to exit; the screen was:\n${await session.capture()}`);
    },
    async recorded() {
      if (!options.recordTo) return Buffer.alloc(0);
      return readFile(options.recordTo).catch(() => Buffer.alloc(0));
    },
    async kill() {
      const pid = String((await tmux("list-panes", "-t", name, "-F", "#{pane_pid}")).stdout).trim();
      await tmux("kill-server");
      if (socketPath) await rm(socketPath, { force: true });
      // The pane's first process leads a session of its own: wait for that session to empty.
      if (/^\d+$/.test(pid)) await waitForSessionExit(Number(pid), KILL_WAIT_MS);
    },
  };
  return session;
}

/** How long kill() waits for the pane's processes to finish quitting (a cockpit restores files on SIGHUP). */
const KILL_WAIT_MS = 10_000;

/** Polls `ps` until no process is left in session `sid` (Linux ps; elsewhere it returns at once). */
async function waitForSessionExit(sid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const listed = await execa("ps", ["-e", "-o", "sid="], { reject: false });
    if (listed.exitCode !== 0) return;
    const sessions = String(listed.stdout).split("\n").map((line) => Number(line.trim()));
    if (!sessions.includes(sid)) return;
    await sleep(50);
  }
}

/** Single quotes for sh (pipe-pane runs its command with the shell). */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
