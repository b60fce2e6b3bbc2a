/**
 * One line of `haco doctor`'s report. `fix` is the exact thing to do (a
 * command, a line for a file), present for a warning or a failure that has one.
 * A warning never changes the exit code; a failure makes it 1.
 */
export type CheckStatus = "ok" | "warn" | "fail";

export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

export interface DoctorReport {
  /** True when no check failed (warnings allowed). */
  ok: boolean;
  checks: DoctorCheck[];
}

export const ok = (name: string, detail: string): DoctorCheck => ({ name, status: "ok", detail });

export const warn = (name: string, detail: string, fix?: string): DoctorCheck =>
  fix === undefined ? { name, status: "warn", detail } : { name, status: "warn", detail, fix };

export const fail = (name: string, detail: string, fix?: string): DoctorCheck =>
  fix === undefined ? { name, status: "fail", detail } : { name, status: "fail", detail, fix };

export function reportOf(checks: DoctorCheck[]): DoctorReport {
  return { ok: checks.every((check) => check.status !== "fail"), checks };
}

/** Network checks wait this long at most: doctor must answer even when a server accepts and never replies. */
export const DEFAULT_NETWORK_TIMEOUT_MS = 2500;

/** "1.2 GiB" from bytes, for model and VRAM sizes. */
export function gibibytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

/** An error's message, one line, without the stack. */
export function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split("\n")[0] ?? text;
}
