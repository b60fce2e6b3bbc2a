import type { Ticket, FileIntent } from "../tickets/ticket.js";
import { excerptAroundAnchors, headOf } from "./excerpt.js";
import { trimFeedback } from "./retryFeedback.js";
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
  /** The ticket wrote the intent out (see ticketFileSchema); absent means it did not. */
  intentStated?: boolean;
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
  /** Present when a retry's feedback was given: it is always in the prompt, shortened when it had to be. */
  feedback?: { tokens: number; trimmed: boolean };
}

export class PromptTooLargeError extends Error {}

const ANCHOR_RADIUS = 25;

/**
 * `feedback` is a retry's section (see retryFeedback): it goes where the
 * template puts `{{feedback}}`, else just before the "Output format" heading,
 * else at the end. It is never dropped: when it does not fit, its command
 * output is shortened first, and a prompt with no room for even the bare
 * section is refused like an over-long ticket.
 */
export function buildPrompt(
  ticket: Ticket,
  files: PromptFile[],
  context: ContextFile[],
  templates: Templates,
  budget: PromptBudget,
  feedback?: string,
  /** README.md's section names: the worker may add a README delta to one of them ({{readme}}). */
  readmeSections: readonly string[] = [],
): BuiltPrompt {
  const cap = Math.min(budget.contextLength ?? budget.maxContextTokens, budget.maxContextTokens);
  const promptBudget = cap - budget.replyTokens;
  const inTemplate = /\{\{[#/]?feedback\}\}/.test(templates.ticket.text);
  const readme = readmeSections.map((s) => JSON.stringify(s)).join(", ");
  const render = (filesText: string, contextText: string, feedbackText: string) => {
    const text = renderTemplate(templates.ticket.text, values(ticket, filesText, contextText, feedbackText, readme), templates.ticket.name);
    return inTemplate || !feedbackText ? text : placeFeedback(text, feedbackText);
  };

  const system = renderTemplate(templates.system.text, values(ticket, "", "", "", readme), templates.system.name);
  const skeletonWith = (feedbackText: string) => estimateTokens(system) + estimateTokens(render(describeFiles(files, () => null), "", feedbackText));
  const bareTokens = skeletonWith("");
  if (bareTokens > promptBudget) {
    throw new PromptTooLargeError(
      `the ticket's own text is about ${bareTokens} tokens, more than the ${promptBudget} the worker's context leaves for a prompt — split the ticket or raise worker.maxContextTokens`,
    );
  }
  // The feedback comes before any file content. It is held to half of what is left when it can be,
  // so the files keep room; when even that is too small it may take all of it.
  let feedbackText = feedback?.trim() ?? "";
  let trimmed = false;
  if (feedbackText) {
    const share = Math.floor((promptBudget - bareTokens) / 2);
    const fitsAll = (candidate: string) => skeletonWith(candidate) <= promptBudget;
    const fitted =
      trimFeedback(feedbackText, (candidate) => estimateTokens(candidate) <= share && fitsAll(candidate)) ?? trimFeedback(feedbackText, fitsAll);
    if (fitted === null) {
      throw new PromptTooLargeError(
        `the retry's failure report does not fit: the worker's context leaves ${promptBudget} tokens for a prompt and the ticket already takes about ${bareTokens} — raise worker.maxContextTokens or split the ticket`,
      );
    }
    trimmed = fitted !== feedbackText;
    feedbackText = fitted;
  }
  const skeletonTokens = skeletonWith(feedbackText);

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

  const prompt = render(describeFiles(files, (path) => bodies.get(path) ?? null), contextParts.join("\n\n"), feedbackText);
  const estimatedTokens = estimateTokens(system) + estimateTokens(prompt);
  return {
    system,
    prompt,
    estimatedTokens,
    numCtx: pickNumCtx(estimatedTokens + budget.replyTokens, cap),
    included,
    omitted,
    ...(feedbackText ? { feedback: { tokens: estimateTokens(feedbackText), trimmed } } : {}),
  };
}

/** Before the template's "Output format" heading, so the format stays the last thing the worker reads. */
function placeFeedback(prompt: string, feedback: string): string {
  const heading = /^#{1,6}[ \t]*output format\b/im.exec(prompt);
  if (heading) return `${prompt.slice(0, heading.index)}${feedback}\n\n${prompt.slice(heading.index)}`;
  return `${prompt.replace(/\s*$/, "")}\n\n${feedback}\n`;
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

function values(ticket: Ticket, filesText: string, contextText: string, feedbackText: string, readme: string): Record<string, string> {
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
    feedback: feedbackText,
    readme,
  };
}

/** A fence longer than any backtick run inside, so file content can never close it early. */
function fence(path: string, body: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  const lang = path.includes(".") ? path.slice(path.lastIndexOf(".") + 1) : "";
  return `${ticks}${lang}\n${body.replace(/\n$/, "")}\n${ticks}`;
}
