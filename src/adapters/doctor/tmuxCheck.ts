import { execa } from "execa";
import { messageOf, ok, warn, type DoctorCheck } from "./check.js";

/** Above this, tmux holds every Esc back long enough to feel like a missed key (tmux's default is 500 ms). */
export const MAX_ESCAPE_TIME_MS = 50;

export const ESCAPE_TIME_FIX = "add 'set -sg escape-time 10' to ~/.tmux.conf, then run 'tmux source-file ~/.tmux.conf'";

/**
 * Inside tmux, Esc reaches haco only after tmux's escape-time, because tmux
 * waits to see whether it starts an Alt-key sequence. Esc cancels a draft or
 * the tests, so a long wait makes it seem ignored.
 */
export async function checkTmux(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<DoctorCheck> {
  if (!env.TMUX) return ok("tmux", "not inside tmux (nothing to check)");
  try {
    const result = await execa("tmux", ["show-options", "-sv", "escape-time"], { env, timeout: timeoutMs, reject: false, stdin: "ignore" });
    const value = Number.parseInt(String(result.stdout).trim(), 10);
    if (result.failed || !Number.isFinite(value)) {
      const why = (result as { code?: string }).code === "ENOENT" ? "tmux is not on PATH" : String(result.stderr).trim() || result.shortMessage || "no value";
      return warn("tmux", `inside tmux, but its escape-time could not be read (${why.split("\n")[0]})`, ESCAPE_TIME_FIX);
    }
    if (value > MAX_ESCAPE_TIME_MS) {
      return warn("tmux", `escape-time is ${value} ms: Esc (cancel a draft or the tests) reaches haco that late`, ESCAPE_TIME_FIX);
    }
    return ok("tmux", `escape-time is ${value} ms`);
  } catch (err) {
    return warn("tmux", `inside tmux, but its escape-time could not be read (${messageOf(err)})`, ESCAPE_TIME_FIX);
  }
}
