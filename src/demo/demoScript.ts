import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from "diff";
import { DEMO_CHANGES, type DemoFileChange } from "./demoProject.js";
import { PROMPT_TOKENS_PER_SEC, defaultPromptCount, type ChatRequestView, type Reply } from "./ollamaServer/chatStream.js";
import type { ScriptedModel } from "./ollamaServer/wire.js";
import { seededRandom } from "../domain/seededRandom.js";

/**
 * The demo worker's script: one canned answer per ticket of the demo plan,
 * paced like a 7B model on a consumer GPU. Nothing is generated; the name of
 * the model says so wherever haco shows it.
 */

export const DEMO_MODEL = "haco-demo-worker:7b";

/** What /api/tags, /api/show and /api/ps report: a 7B Q4 model, fully in VRAM (100% GPU). */
export const DEMO_MODEL_ENTRY: ScriptedModel = {
  name: DEMO_MODEL,
  family: "scripted",
  contextLength: 32_768,
  size: 5_618_579_456,
  sizeVram: 5_618_579_456,
};

export interface DemoPace {
  /** Mean decode rate; eval_duration is reported from it too. */
  tokensPerSec: number;
  /** The first request loads the model... */
  coldLoadMs: number;
  /** ...later ones find it loaded. */
  warmLoadMs: number;
}

export const DEMO_PACE: DemoPace = { tokensPerSec: 60, coldLoadMs: 850, warmLoadMs: 40 };

/** A fenced unified diff with a line of prose, as chatty models answer. */
function fencedDiff(intro: string, changes: readonly DemoFileChange[]): string {
  return `${intro}\n\n\`\`\`diff\n${changes.map((c) => unifiedDiff(c, false)).join("")}\`\`\`\n`;
}

/** `=== NEW FILE ===` blocks, the convention of the seed workflows. */
function newFiles(changes: readonly DemoFileChange[]): string {
  return changes.map((c) => `=== NEW FILE: ${c.path} ===\n\`\`\`${fenceLanguage(c.path)}\n${c.after}\`\`\`\n`).join("\n");
}

/** Bare `git diff` output, no fence, with a note after it. */
function gitDiff(changes: readonly DemoFileChange[], outro: string): string {
  return `${changes.map((c) => unifiedDiff(c, true)).join("")}\n${outro}\n`;
}

function unifiedDiff(change: DemoFileChange, isGit: boolean): string {
  const patch = structuredPatch(`a/${change.path}`, `b/${change.path}`, change.before ?? "", change.after, undefined, undefined, {
    context: 3,
  });
  return formatPatch({ ...patch, isGit }, FILE_HEADERS_ONLY);
}

function fenceLanguage(file: string): string {
  return /\.[cm]?js$/.test(file) ? "js" : "";
}

function changesOf(id: string): readonly DemoFileChange[] {
  const changes = DEMO_CHANGES[id];
  if (!changes) throw new Error(`demo script: no change for ${id}`);
  return changes;
}

/** The draft for each ticket id of the demo plan, in three of the shapes haco reads. */
export const DEMO_DRAFTS: Readonly<Record<string, string>> = {
  "T-001": fencedDiff("Added `slugify` after the other helpers, with a test:", changesOf("T-001")),
  "T-002": `${newFiles(changesOf("T-002"))}\n=== README DELTA ===\n\`\`\`markdown\n\`truncate(text, max)\` cuts a post's preview at a word boundary and marks it with "…".\n\`\`\`\n`,
  "T-003": gitDiff(changesOf("T-003"), '`text.charAt(0)` is "" for an empty string, so `capitalize("")` now returns "".'),
};

/** What the scripted worker answers when haco asks for a ticket's commit message (the tests passed). */
export const DEMO_COMMITS: Readonly<Record<string, string>> = {
  "T-001": "feat(strings): add slugify for post URLs\n\nLowercases, drops punctuation and joins the words with dashes.",
  "T-002": "feat(truncate): cut post previews at a word boundary",
  "T-003": 'fix(strings): capitalize("") returns an empty string',
};

export const UNKNOWN_TICKET_ANSWER =
  "I am haco's scripted demo worker, not a real model: I only know the three tickets of the demo plan (T-001, T-002, T-003).";

/** Which demo ticket a prompt is about: its id in the ticket heading, else a file only that ticket names. */
export function demoTicketOf(prompt: string): string | null {
  const heading = /^#+\s*Ticket\s+(T-\d{3})\b/im.exec(prompt)?.[1];
  if (heading && heading in DEMO_DRAFTS) return heading;
  const byId = Object.keys(DEMO_DRAFTS).find((id) => new RegExp(`\\b${id}\\b`).test(prompt));
  if (byId) return byId;
  return prompt.includes("src/truncate.js") ? "T-002" : null;
}

/**
 * The reply function for the scripted server: the ticket's draft, a model
 * load on the first request, prompt processing, then tokens at about
 * `tokensPerSec` with a little jitter, so the cockpit's live rate, time to
 * first token and sparkline look like a real local model's.
 */
export function demoReplies(pace: DemoPace = DEMO_PACE): (req: ChatRequestView) => Reply {
  let requests = 0;
  return (req) => {
    const index = requests++;
    const prompt = req.messages.map((m) => m.content).join("\n");
    const id = demoTicketOf(prompt);
    const wantsCommit = req.messages.some((m) => m.role === "system" && /commit messages/i.test(m.content));
    const text = id ? (wantsCommit ? DEMO_COMMITS[id]! : DEMO_DRAFTS[id]!) : UNKNOWN_TICKET_ANSWER;
    const random = seededRandom(index + 1);
    const tokensPerSec = round1(pace.tokensPerSec * (0.96 + 0.08 * random()));
    const loadMs = index === 0 ? pace.coldLoadMs : pace.warmLoadMs;
    const promptMs = (defaultPromptCount(req) / PROMPT_TOKENS_PER_SEC) * 1000;
    const meanGapMs = 1000 / tokensPerSec;
    return {
      chunks: tokenize(text),
      tokensPerSec,
      loadMs,
      firstChunkDelayMs: Math.round(loadMs + promptMs),
      // A swell over a few seconds (what the sparkline shows) plus per-token noise; both average out at the mean gap.
      chunkDelayMs: (i) => meanGapMs * (1 + 0.25 * Math.sin(i / 40 + index) + 0.5 * (random() - 0.5)),
    };
  };
}

/**
 * Cuts text about as a code model's BPE vocabulary does: a line break with
 * the next line's indentation, a word with its leading space (long ones in
 * pieces), punctuation up to three characters at a time. Joining the pieces
 * gives the text back exactly.
 */
export function tokenize(text: string): string[] {
  return text.match(/[ \t]*\n[ \t]*|\s?[\p{L}\p{N}_]{1,8}|\s?[^\s\p{L}\p{N}_]{1,3}|\s+/gu) ?? [];
}


function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
