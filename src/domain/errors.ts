/**
 * Exit codes are part of haco's contract with scripts (and with Claude Code):
 * 0 everything done, 1 a ticket failed/was refused/rejected, 2 bad input or
 * usage, 3 the worker is unreachable or lacks the model.
 */
export const EXIT = {
  ok: 0,
  ticketFailed: 1,
  badInput: 2,
  workerUnavailable: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * An error haco expects and can explain: the message names the input, what
 * was wrong and what to do, and the exit code says which kind it was. Anything
 * that is not a HacoError is a bug and is reported as one.
 */
export class HacoError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = "HacoError";
  }
}

/** Bad input from a file: names the file, the field and what was expected. */
export class InputError extends HacoError {
  constructor(
    readonly file: string,
    readonly field: string | null,
    readonly problem: string,
  ) {
    super("bad_input", `${file}${field ? `: ${field}` : ""}: ${problem}`, EXIT.badInput);
    this.name = "InputError";
  }
}

export class UsageError extends HacoError {
  constructor(message: string) {
    super("usage", message, EXIT.badInput);
    this.name = "UsageError";
  }
}
