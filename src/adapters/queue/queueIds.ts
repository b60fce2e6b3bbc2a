/**
 * Ticket ids must be unique within a run: the cockpit's list, commit
 * trailers and `.haco/queue/done/<id>.json` are keyed by them. A queued
 * ticket keeps the id its file gives it unless that id is already in use;
 * then it becomes `Q-<file-stem>-<id>` (`Q-fix-login-T-001` for T-001 from
 * fix-login.md), and if that is in use too, `Q-<file-stem>-<id>-2`, `-3`…
 * Every id stays within the ticket id rules (letters, digits, `.`, `_`, `-`,
 * at most 64, starting with a letter or digit): long ones are cut before the
 * counter. The same ids in use and the same files give the same ids.
 */

const MAX_ID = 64;

function clip(text: string, length: number): string {
  return text.length <= length ? text : text.slice(0, length).replace(/[._-]+$/, "");
}

/** The id `id` from the file with stem `stem` gets, given the ids already in use (which it does not change). */
export function uniqueQueuedId(id: string, stem: string, inUse: ReadonlySet<string>): string {
  if (!inUse.has(id)) return id;
  const base = clip(`Q-${stem}-${id}`, MAX_ID);
  if (!inUse.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${clip(base, MAX_ID - suffix.length)}${suffix}`;
    if (!inUse.has(candidate)) return candidate;
  }
}
