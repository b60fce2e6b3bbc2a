import { readFile } from "node:fs/promises";
import path from "node:path";
import ignore from "ignore";
import { InputError } from "../../domain/errors.js";
import { HACOIGNORE } from "../workspace/sendPolicy.js";

/**
 * A ticket file is quoted back when it does not parse (the YAML excerpt on
 * stderr, the queue's .error.txt, the NDJSON error event): a secrets file
 * passed by mistake (`haco run --plan .env`) would have its keys printed. So
 * such a file is refused by its name, before a byte of it is read.
 */

/** `.env`, `.env.local`, `.ENV.production`, `.envrc`: environment files, which hold keys. */
export function isEnvFile(file: string): boolean {
  return /^\.env/i.test(path.basename(file));
}

/** Why `file` must not be read as tickets, or null. `.hacoignore` counts for a file inside `repoRoot`. */
export async function secretFileReason(file: string, repoRoot?: string): Promise<string | null> {
  if (isEnvFile(file)) return "is an environment file (.env*) and may hold secrets";
  if (!repoRoot) return null;
  const relative = path.relative(repoRoot, path.resolve(file));
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return null;
  const rules = await readHacoIgnore(repoRoot);
  return rules?.ignores(relative.split(path.sep).join("/")) ? `matches ${HACOIGNORE} (files kept from the models, such as keys)` : null;
}

/** Throws the InputError for a secrets file: names it and says why, never quotes it. */
export async function refuseSecretTicketFile(file: string, shown: string, repoRoot?: string): Promise<void> {
  const reason = await secretFileReason(file, repoRoot);
  if (reason) throw new InputError(shown, null, `${reason}; haco does not read it as tickets — pass your plan or ticket file (.yaml, .json or .md)`);
}

async function readHacoIgnore(repoRoot: string): Promise<ReturnType<typeof ignore> | null> {
  try {
    return ignore().add(await readFile(path.join(repoRoot, HACOIGNORE), "utf8"));
  } catch {
    // No .hacoignore (or an unreadable one): only the .env* rule applies; the send policy reports a broken file.
    return null;
  }
}
