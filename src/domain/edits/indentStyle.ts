/**
 * Indentation read as levels rather than characters. Small models re-indent
 * what they quote: a tab-indented Go file comes back with four spaces per
 * level, a two-space file with four. Reading both sides as "n levels plus a
 * few alignment spaces" lets a hunk match such a file (README rule 2, tabs vs
 * spaces), and the lines it adds are then written in the file's own style.
 */

import { isBlank } from "./lines.js";

export interface IndentStyle {
  /** Levels are tabs (else `width` spaces each). */
  tabs: boolean;
  /** Spaces per level, for space-indented lines (also inside a tab file). */
  width: number;
}

export interface Levels {
  levels: number;
  /** Spaces left over after the whole levels: alignment, kept as it is. */
  rest: number;
}

const WIDTHS = [2, 3, 4, 8];
const DEFAULT_WIDTH = 4;

export function leadingWhitespace(text: string): string {
  return /^[ \t]*/.exec(text)![0];
}

/**
 * The style of some lines (a file's, or a hunk's): tabs when most indented
 * lines start with a tab; the width is the most common step between the
 * indentation of neighbouring space-indented lines.
 */
export function indentStyle(texts: readonly string[]): IndentStyle {
  let tabLed = 0;
  let spaceLed = 0;
  let smallest = Infinity;
  const steps = new Map<number, number>();
  let previous: number | null = null;
  for (const text of texts) {
    if (isBlank(text)) continue;
    const lead = leadingWhitespace(text);
    if (lead.startsWith("\t")) tabLed++;
    // " * " continues a block comment under a tab-indented "/**": not indentation.
    else if (lead === " ") continue;
    else if (lead.length > 0) {
      spaceLed++;
      if (!lead.includes("\t")) smallest = Math.min(smallest, lead.length);
    }
    if (lead.includes("\t")) {
      previous = null;
      continue;
    }
    if (previous !== null && lead.length !== previous) {
      const step = Math.abs(lead.length - previous);
      if (WIDTHS.includes(step)) steps.set(step, (steps.get(step) ?? 0) + 1);
    }
    previous = lead.length;
  }
  // Lines all at one depth show no step: their depth is then the best guess at one level.
  let width = WIDTHS.includes(smallest) ? smallest : DEFAULT_WIDTH;
  let best = 0;
  for (const [step, count] of steps) {
    if (count > best || (count === best && step < width)) {
      width = step;
      best = count;
    }
  }
  return { tabs: tabLed > spaceLed, width };
}

/** Indentation width with a tab counted as four columns; only compared within one file. */
export function indentWidth(text: string): number {
  let w = 0;
  for (const ch of leadingWhitespace(text)) w += ch === "\t" ? 4 : 1;
  return w;
}

/** Splits indentation into levels: each tab is one, `width` spaces are one. */
export function toLevels(lead: string, style: IndentStyle): Levels {
  let tabs = 0;
  let spaces = 0;
  for (const ch of lead) {
    if (ch === "\t") tabs++;
    else spaces++;
  }
  return { levels: tabs + Math.floor(spaces / style.width), rest: spaces % style.width };
}

export function fromLevels(levels: Levels, style: IndentStyle): string {
  const unit = style.tabs ? "\t" : " ".repeat(style.width);
  return unit.repeat(Math.max(0, levels.levels)) + " ".repeat(levels.rest);
}
