import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../domain/errors.js";

/** util.parseArgs with its errors turned into usage errors that point at --help. */
export function parseCommandArgs<T extends ParseArgsConfig["options"]>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`haco ${command}: ${(err as Error).message} — see 'haco ${command} --help'`);
  }
}

export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join(", ")}, got "${value}"`);
}
