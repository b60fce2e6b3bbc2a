import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../domain/errors.js";

type Options = NonNullable<ParseArgsConfig["options"]>;
type StrictParse<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>>;
/** An option as parseArgs read it, without strict's checks: `value` is what followed it (or came after `=`). */
interface OptionToken {
  name: string;
  rawName: string;
  value?: string;
  inlineValue?: boolean;
}

/**
 * util.parseArgs, with haco's own usage errors: each names the flag, what was
 * wrong and what to do. Parsing is not strict so that a value starting with a
 * dash is taken as the value (`--retries -1` reaches the flag's own check, as
 * `--retries=-1` does) and every problem is worded here rather than in Node's
 * words. `command` is "" for the cockpit's flags (`haco --plan …`).
 */
export function parseCommandArgs<T extends Options>(command: string, args: string[], options: T): StrictParse<T> {
  const { tokens, values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind === "option") checkOption(command, token, options);
  }
  return { values, positionals } as unknown as StrictParse<T>;
}

function checkOption(command: string, token: OptionToken, options: Options): void {
  const name = command ? `haco ${command}` : "haco";
  const help = `'${name} --help'`;
  const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
  if (!option) {
    throw new UsageError(`${name}: unknown option ${token.rawName} — check its spelling; ${help} lists the options`);
  }
  const flag = `--${token.name}`;
  if (option.type === "boolean") {
    if (token.value !== undefined) throw new UsageError(`${name}: ${flag} takes no value, got "${token.rawName}=${token.value}" — write ${flag} alone (see ${help})`);
    return;
  }
  if (token.value === undefined) throw new UsageError(`${name}: ${flag} needs a value — write ${flag} <value> (see ${help})`);
  // `--plan --json`: the next argument is another option, not the value forgotten after --plan.
  if (!token.inlineValue && isOptionName(token.value, options)) {
    throw new UsageError(`${name}: ${flag} needs a value, but the next argument is the option ${token.value} — write ${flag} <value> (see ${help})`);
  }
}

/** `--json`, `--json=x`, `-h`: an option this command has. */
function isOptionName(text: string, options: Options): boolean {
  const long = /^--([^=]+)/.exec(text);
  if (long) return Object.hasOwn(options, long[1]!);
  const short = /^-([^-\d])$/.exec(text);
  return short !== null && Object.values(options).some((o) => o.short === short[1]);
}

export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join(", ")}, got "${value}"`);
}

/** A string flag given with nothing in it (`--model ""`) is a mistake, not a way to ask for the default. */
export function nonEmptyFlag(flag: string, value: string | undefined, example: string): string | undefined {
  if (value === undefined || value.trim() !== "") return value;
  throw new UsageError(`--${flag} is empty — give it a value (e.g. --${flag} ${example}), or leave the flag out for the default`);
}
