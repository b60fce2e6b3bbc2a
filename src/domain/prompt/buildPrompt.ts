import type { Ticket, FileIntent } from "../tickets/ticket.js";
import { excerptAroundAnchors, headOf } from "./excerpt.js";
import { renderTemplate } from "./template.js";
import { estimateTokens, pickNumCtx } from "./tokens.js";

/**
 * Turns a ticket into the worker's prompt: the ticket itself plus only the
 * context it needs, inside a token budget that fits the worker's context
 * window with room left for the answer. Pure: the caller reads the files.
 */

export interface PromptFile {
  path: string;
  intent: FileIntent;
  /** Current content, or null when the file does not exist yet. */
  content: string | null;
  anchors: string[];
  outline: string;
  codeContext: string;
}

export interface ContextFile {
  path: string;
  content: string;
}

export interface PromptBudget {
  /** The model's own context length (from /api/show), when known. */
  contextLength: number | null;
  /** The most num_ctx haco will ask for, whatever the model supports. */
  maxContextTokens: number;
  /** Tokens kept free for the answer. */
  replyTokens: number;
}

export interface Templates {
  system: { name: string; text: string };
  ticket: { name: string; text: string };
}

export interface BuiltPrompt {
  system: string;
  prompt: string;
  estimatedTokens: number;
  numCtx: number;
  /** Files whose content (whole or excerpt) went into the prompt. */
  included: string[];
  /** Files left out because the budget ran out. */
  omitted: string[];
}

export class PromptTooLargeError extends Error {}

const ANCHOR_RADIUS = 25;

export function buildPrompt(ticket: Ticket, files: PromptFile[], context: ContextFile[], templates: Templates, budget: PromptBudget): BuiltPrompt {
  const cap = Math.min(budget.contextLength ?? budget.maxContextTokens, budget.maxContextTokens);
  const promptBudget = cap - budget.replyTokens;
  const render = (filesText: string, contextText: string) =>
    renderTemplate(templates.ticket.text, values(ticket, filesText, contextText), templates.ticket.name);

  const system = renderTemplate(templates.system.text, values(ticket, "", ""), templates.system.name);
  const skeletonTokens = estimateTokens(system) + estimateTokens(render(describeFiles(files, () => null), ""));
  if (skeletonTokens > promptBudget) {
    throw new PromptTooLargeError(
      `the ticket's own text is about ${skeletonTokens} tokens, more than the ${promptBudget} the worker's context leaves for a prompt — split the ticket or raise worker.maxContextTokens`,
    );
  }

  // Spend what is left on the ticket's files first, then on the context files.
  let remaining = promptBudget - skeletonTokens;
  const included: string[] = [];
  const omitted: string[] = [];
  const bodies = new Map<string, string>();
  for (const file of files) {
    if (file.content === null) continue;
    const body = fitFile(file, remaining);
    if (body === null) {
      omitted.push(file.path);
      continue;
    }
    bodies.set(file.path, body);
    included.push(file.path);
    remaining -= estimateTokens(body) + 16;
  }
  const contextParts: string[] = [];
  for (const file of context) {
    const tokens = estimateTokens(file.content);
    const body = tokens <= remaining ? file.content : remaining > 200 ? headOf(file.content, Math.floor(remaining * 3)) : null;
    if (body === null) {
      omitted.push(file.path);
      continue;
    }
    contextParts.push(`### ${file.path}\n${fence(file.path, body)}`);
    included.push(file.path);
    remaining -= estimateTokens(body) + 16;
  }

  const prompt = render(describeFiles(files, (path) => bodies.get(path) ?? null), contextParts.join("\n\n"));
  const estimatedTokens = estimateTokens(system) + estimateTokens(prompt);
  return {
    system,
    prompt,
    estimatedTokens,
    numCtx: pickNumCtx(estimatedTokens + budget.replyTokens, cap),
    included,
    omitted,
  };
}

/** The whole file when it fits; else the lines around its anchors, the spec's own excerpt, or its head. */
function fitFile(file: PromptFile, remainingTokens: number): string | null {
  const content = file.content ?? "";
  if (estimateTokens(content) <= remainingTokens) return content;
  const excerpt = excerptAroundAnchors(content, file.anchors, ANCHOR_RADIUS);
  if (excerpt && estimateTokens(excerpt.text) <= remainingTokens) return excerpt.text;
  if (file.codeContext.trim() && estimateTokens(file.codeContext) <= remainingTokens) return file.codeContext;
  if (remainingTokens > 200) return headOf(content, Math.floor(remainingTokens * 3));
  return null;
}

function describeFiles(files: PromptFile[], body: (path: string) => string | null): string {
  return files
    .map((file) => {
      const intent = file.content === null ? "create (new file)" : file.intent === "delete" ? "delete" : "edit";
      const lines = [`### ${file.path} — ${intent}`];
      if (file.outline.trim()) lines.push(file.outline.trim());
      if (file.anchors.length) lines.push(`Anchors: ${file.anchors.map((a) => JSON.stringify(a)).join(", ")}`);
      const content = body(file.path);
      if (content !== null) lines.push("Current content:", fence(file.path, content));
      else if (file.codeContext.trim() && file.content !== null) lines.push("Relevant code:", fence(file.path, file.codeContext));
      return lines.join("\n");
    })
    .join("\n\n");
}

function values(ticket: Ticket, filesText: string, contextText: string): Record<string, string> {
  const list = (items: string[]) => items.map((item) => `- ${item}`).join("\n");
  return {
    id: ticket.id,
    title: ticket.title,
    description: ticket.description.trim(),
    kind: ticket.kind,
    files: filesText,
    context: contextText,
    acceptance: list(ticket.acceptanceCriteria),
    constraints: list(ticket.constraints),
    steps: ticket.steps.map((step, i) => `${i + 1}. ${step}`).join("\n"),
  };
}

/** A fence longer than any backtick run inside, so file content can never close it early. */
function fence(path: string, body: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  const lang = path.includes(".") ? path.slice(path.lastIndexOf(".") + 1) : "";
  return `${ticks}${lang}\n${body.replace(/\n$/, "")}\n${ticks}`;
}
