/**
 * The cockpit's hold on the terminal: the alternate screen (Ink 6 has no
 * option for it) and the guarantee that the user's terminal comes back on
 * every way out — quit, Ctrl+C, SIGTERM/SIGINT/SIGHUP, an uncaught exception,
 * process.exit. `restore` is idempotent, so every path may call it.
 */

export const ENTER_ALT_SCREEN = "\x1b[?1049h";
/**
 * The alternate screen is blanked before it is left: a terminal whose window grew while the
 * cockpit ran (tmux, at least) keeps the rows it added when it swaps the user's screen back,
 * and they would show the cockpit's last frame under the shell prompt.
 */
export const LEAVE_ALT_SCREEN = "\x1b[2J\x1b[H\x1b[?1049l";
export const SHOW_CURSOR = "\x1b[?25h";
const CLEAR_AND_HOME = "\x1b[2J\x1b[H";

export const NEEDS_TERMINAL = "haco: the cockpit needs a terminal — use 'haco run --json' for scripts";

interface Writable {
  write(chunk: string): unknown;
}

/** The few process features this needs, so tests can hand in a fake process. */
export type ProcessLike = Pick<NodeJS.EventEmitter, "on" | "off"> & { exit(code?: number): unknown };

/** Exit codes for signals, as shells report them (128 + the signal's number). */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
export type CockpitSignal = keyof typeof SIGNAL_EXIT_CODES;

/** Exit code of a crash, as main() uses for internal errors. */
export const CRASH_EXIT_CODE = 70;

export interface FullScreenOptions {
  stdout: Writable;
  stderr?: Writable;
  stdin?: { isTTY?: boolean; setRawMode?(mode: boolean): unknown };
  proc?: ProcessLike;
  /**
   * First signal: quit gracefully (stop the running ticket, restore its
   * files), then restore. A second one while that is under way restores the
   * terminal and exits at once.
   */
  onSignal(signal: CockpitSignal, exitCode: number): void;
  /** True while the terminal is handed to another program ($EDITOR): its Ctrl+C is that program's, not a quit. */
  ignoreInterrupt?(): boolean;
  /** Before restoring after a crash: unmount Ink, so its last frame is drawn on the alternate screen, not the user's. */
  beforeCrashRestore?(): void;
}

export interface FullScreen {
  restore(): void;
  readonly restored: boolean;
}

export function enterFullScreen(options: FullScreenOptions): FullScreen {
  const { stdout, stdin } = options;
  const stderr = options.stderr ?? process.stderr;
  const proc: ProcessLike = options.proc ?? process;
  let restored = false;
  let signalled = false;

  const restore = (): void => {
    if (restored) return;
    restored = true;
    detach();
    try {
      if (stdin?.isTTY) stdin.setRawMode?.(false);
    } catch {
      // A stdin already closed has no mode to restore.
    }
    stdout.write(LEAVE_ALT_SCREEN + SHOW_CURSOR);
  };

  const onExit = (): void => restore();

  const onCrash = (error: unknown): void => {
    try {
      options.beforeCrashRestore?.();
    } catch {
      // The UI may be what broke; the terminal matters more than its last frame.
    }
    restore();
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    stderr.write(`haco: internal error: ${detail}\nPlease report this as a bug.\n`);
    proc.exit(CRASH_EXIT_CODE);
  };

  const signalHandlers = (Object.keys(SIGNAL_EXIT_CODES) as CockpitSignal[]).map((signal) => {
    const handler = (): void => {
      if (signal === "SIGINT" && options.ignoreInterrupt?.()) return;
      const code = SIGNAL_EXIT_CODES[signal];
      if (signalled) {
        restore();
        proc.exit(code);
        return;
      }
      signalled = true;
      options.onSignal(signal, code);
    };
    return [signal, handler] as const;
  });

  const detach = (): void => {
    proc.off("exit", onExit);
    proc.off("uncaughtException", onCrash);
    proc.off("unhandledRejection", onCrash);
    for (const [signal, handler] of signalHandlers) proc.off(signal, handler);
  };

  proc.on("exit", onExit);
  proc.on("uncaughtException", onCrash);
  proc.on("unhandledRejection", onCrash);
  for (const [signal, handler] of signalHandlers) proc.on(signal, handler);
  stdout.write(ENTER_ALT_SCREEN + CLEAR_AND_HOME);

  return {
    restore,
    get restored() {
      return restored;
    },
  };
}

/**
 * The cockpit draws a full screen and reads single keys: refuse a pipe or a
 * file (on stdout, or on stdin when given) with a pointer to the headless mode.
 */
export function requireTerminal(stdout: { isTTY?: boolean }, stderr: Writable, stdin?: { isTTY?: boolean }): boolean {
  if (stdout.isTTY && (stdin === undefined || stdin.isTTY)) return true;
  stderr.write(`${NEEDS_TERMINAL}\n`);
  return false;
}
