import { wrapLine } from "./wrapText.js";
import { displayKey } from "./keys.js";
import { PANE_TITLES, PANES } from "./uiState.js";
import { findCommand, scopeOf, type Command, type CommandContext, type Where } from "./commands.js";
import { seg, type StyledRow } from "./styledRow.js";

/**
 * What the registry looks like to a person: the status bar's hints and the
 * `?` screen, both generated from COMMANDS so they never go stale; and the
 * check that no key is bound twice in one place.
 */

export interface KeyHint {
  keys: string;
  label: string;
}

/** The status bar's keys: what works in the focused pane now, its own commands first; same labels merged ("j/k move"). */
export function statusHints(registry: readonly Command[], ctx: CommandContext): KeyHint[] {
  const scope = scopeOf(ctx.ui);
  const own = registry.filter((c) => c.where.includes(scope));
  const global = scope === "help" || scope === "confirm" ? [] : registry.filter((c) => c.where.includes("global") && !own.includes(c));
  const hints: KeyHint[] = [];
  for (const command of [...own, ...global]) {
    if (command.helpOnly || command.disabled?.(ctx)) continue;
    // A key another command has now (j moves through hunks while a draft waits) is not this command's to show.
    const reachable = command.keys.find((k) => findCommand(registry, scope, k, ctx) === command);
    if (reachable === undefined) continue;
    const key = displayKey(reachable);
    const last = hints.at(-1);
    if (last && last.label === command.label) last.keys += `/${key}`;
    else hints.push({ keys: key, label: command.label });
  }
  return hints;
}

export interface HelpEntry {
  keys: string;
  description: string;
  disabled: string | null;
}

export interface HelpSection {
  title: string;
  entries: HelpEntry[];
}

const WHERE_TITLES: Record<Where, string> = { ...PANE_TITLES, global: "Everywhere", help: "Help screen", confirm: "A y/n question" };

function sectionTitle(command: Command): string {
  // A command that works everywhere is listed once, under "Everywhere", whatever else it names.
  if (command.where.includes("global")) return WHERE_TITLES.global;
  return command.where.map((w) => WHERE_TITLES[w]).join(", ");
}

/**
 * The keys of the text fields. They are not commands: an open field takes the keyboard whole
 * (the help screen cannot be open with it), so they are listed here, after the registry's.
 */
export const TEXT_FIELD_SECTIONS: readonly HelpSection[] = [
  {
    title: "Commit message box",
    entries: [
      { keys: "Enter", description: "Commit the accepted hunks with the message (a cleared header line keeps the drafted one)", disabled: null },
      { keys: "Esc", description: "Leave the changes on disk uncommitted; Enter on the ticket commits them later", disabled: null },
      { keys: "Tab", description: "Edit the whole message, body and trailer too, in $EDITOR", disabled: null },
      { keys: "^C", description: "Quit", disabled: null },
    ],
  },
  {
    title: "Text fields (g, /, p)",
    entries: [
      { keys: "Enter", description: "Go to the hunk, search, or send the request to Claude", disabled: null },
      { keys: "Esc", description: "Close the field without acting", disabled: null },
    ],
  },
];

/** Every command, grouped by where it works, with the reason it is off in the focused pane now: the `?` screen. */
export function helpSections(registry: readonly Command[], ctx: CommandContext): HelpSection[] {
  const sections: HelpSection[] = [];
  for (const command of registry) {
    const title = sectionTitle(command);
    let section = sections.find((s) => s.title === title);
    if (!section) sections.push((section = { title, entries: [] }));
    // Only commands of the pane the help was opened from can say why they are off there.
    const applies = command.where.includes(ctx.ui.focus) || command.where.includes("global");
    section.entries.push({
      keys: command.keys.map(displayKey).join(" "),
      description: command.description,
      disabled: applies ? (command.disabled?.({ ...ctx, ui: { ...ctx.ui, help: false } }) ?? null) : null,
    });
  }
  return [...sections, ...TEXT_FIELD_SECTIONS];
}

/**
 * Keys bound twice in one scope (a user override would be checked the same
 * way). A modal command may share its key with one later command: it has
 * the key while its mode is on (a draft under review, failed tests waiting)
 * and the other has it the rest of the time.
 */
export function keyConflicts(registry: readonly Command[]): string[] {
  const conflicts: string[] = [];
  const scopes: Where[] = [...PANES, "global", "help", "confirm"];
  for (const scope of scopes) {
    const seen = new Map<string, Command>();
    for (const command of registry.filter((c) => c.where.includes(scope))) {
      for (const key of command.keys) {
        const other = seen.get(key);
        if (other && !other.modal) conflicts.push(`${scope}: ${key} is bound to both ${other.id} and ${command.id}`);
        seen.set(key, command);
      }
    }
  }
  return conflicts;
}

/** The help screen's rows: a title per section, then one row per command. */
export function helpRows(sections: readonly HelpSection[], width = Infinity): StyledRow[] {
  const rows: StyledRow[] = [];
  const keyWidth = Math.max(0, ...sections.flatMap((s) => s.entries.map((e) => e.keys.length))) + 2;
  const indent = 2 + keyWidth;
  for (const section of sections) {
    if (rows.length > 0) rows.push([seg("")]);
    rows.push([seg(section.title, "accent", true)]);
    for (const entry of section.entries) {
      const tone = entry.disabled ? "text.muted" : "text.secondary";
      const text = `${entry.description}${entry.disabled ? ` (off: ${entry.disabled})` : ""}`;
      // Long descriptions wrap under themselves, so nothing is cut at the pane's edge.
      const lines = Number.isFinite(width) ? wrapLine(text, Math.max(20, width - indent)) : [text];
      lines.forEach((line, i) =>
        rows.push([
          i === 0 ? seg(`  ${entry.keys.padEnd(keyWidth)}`, entry.disabled ? "text.muted" : "text.primary", !entry.disabled) : seg(" ".repeat(indent)),
          seg(line, tone),
        ]),
      );
    }
  }
  return rows;
}
