import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildPrompt, PromptTooLargeError, type PromptFile } from "../../../src/domain/prompt/buildPrompt.js";
import { retryFeedback } from "../../../src/domain/prompt/retryFeedback.js";
import { ticketSchema } from "../../../src/domain/tickets/ticket.js";

const templates = {
  system: { name: "prompts/system.md", text: readFileSync("prompts/system.md", "utf8") },
  ticket: { name: "prompts/ticket.md", text: readFileSync("prompts/ticket.md", "utf8") },
};
const ticket = ticketSchema.parse({
  id: "T-007",
  title: "Add subtract",
  description: "Add subtract(a, b).",
  acceptanceCriteria: ["subtract(5, 3) is 2"],
  files: [{ path: "src/math.js", anchors: ["export function add"] }],
});
const budget = { contextLength: 32768, maxContextTokens: 32768, replyTokens: 1024 };

function file(content: string | null, extra: Partial<PromptFile> = {}): PromptFile {
  return { path: "src/math.js", intent: "edit", content, anchors: ["export function add"], outline: "", codeContext: "", ...extra };
}

describe("buildPrompt", () => {
  it("holds the ticket, its acceptance criteria and the whole file when it fits", () => {
    const built = buildPrompt(ticket, [file("export function add(a, b) {\n  return a + b;\n}\n")], [], templates, budget);
    expect(built.prompt).toContain("# Ticket T-007: Add subtract");
    expect(built.prompt).toContain("- subtract(5, 3) is 2");
    expect(built.prompt).toContain("export function add(a, b) {\n  return a + b;\n}");
    expect(built.prompt).not.toContain("## Constraints");
    expect(built.included).toEqual(["src/math.js"]);
    expect(built.numCtx).toBe(4096);
    expect(built.system).toContain("Output only the requested artifact");
  });

  it("sends only the lines around the anchors when the file does not fit", () => {
    const big = Array.from({ length: 3000 }, (_, i) => (i === 1500 ? "export function add(a, b) {" : `const filler${i} = ${i};`)).join("\n");
    const built = buildPrompt(ticket, [file(big)], [], templates, { contextLength: 8192, maxContextTokens: 32768, replyTokens: 2048 });
    expect(built.prompt).toContain("export function add(a, b) {");
    expect(built.prompt).toContain("not shown");
    expect(built.prompt).not.toContain("const filler10 = 10;");
    expect(built.numCtx).toBeLessThanOrEqual(8192);
    expect(built.estimatedTokens + 2048).toBeLessThanOrEqual(8192);
  });

  it("leaves out context files that do not fit and says which", () => {
    const huge = "x".repeat(200_000);
    const built = buildPrompt(ticket, [file("a\n")], [{ path: "docs/huge.md", content: huge }], templates, {
      contextLength: 4096,
      maxContextTokens: 4096,
      replyTokens: 3800,
    });
    expect(built.omitted).toEqual(["docs/huge.md"]);
    expect(built.prompt).not.toContain("xxxxxxxxxx");
  });

  it("marks a missing file as one to create", () => {
    const built = buildPrompt(ticket, [file(null)], [], templates, budget);
    expect(built.prompt).toContain("src/math.js — create (new file)");
  });

  it("refuses a ticket whose own text cannot fit", () => {
    const long = ticketSchema.parse({ ...ticket, description: "word ".repeat(40_000) });
    expect(() => buildPrompt(long, [file("a\n")], [], templates, budget)).toThrow(PromptTooLargeError);
  });

  it("fences file content so backticks inside cannot close the fence", () => {
    const built = buildPrompt(ticket, [file("const s = ```;\n")], [], templates, budget);
    expect(built.prompt).toContain("````js\nconst s = ```;\n````");
  });
});

describe("buildPrompt with a retry's feedback", () => {
  const failed = (lines: number, width = 20) =>
    retryFeedback({
      attempt: 1,
      failures: [{ command: "npm test", exitCode: 1, timedOut: false, outputTail: Array.from({ length: lines }, (_, i) => `out ${i + 1} ${"x".repeat(width)}`) }],
      rejectedHunks: [{ file: "src/math.js", lines: ["-return a + b;", "+return a - b;"] }],
      refusals: [],
    });
  const content = "export function add(a, b) {\n  return a + b;\n}\n";

  it("builds the same prompt as before without feedback", () => {
    const before = buildPrompt(ticket, [file(content)], [], templates, budget);
    expect(buildPrompt(ticket, [file(content)], [], templates, budget, undefined)).toEqual(before);
    expect(buildPrompt(ticket, [file(content)], [], templates, budget, "  ")).toEqual(before);
    expect(before.feedback).toBeUndefined();
  });

  it("puts the feedback after the files and before the output format, and counts it", () => {
    const feedback = failed(3);
    const plain = buildPrompt(ticket, [file(content)], [], templates, budget);
    const built = buildPrompt(ticket, [file(content)], [], templates, budget, feedback);
    const at = built.prompt.indexOf("## Your previous attempt failed");
    expect(at).toBeGreaterThan(built.prompt.indexOf("return a + b;"));
    expect(at).toBeLessThan(built.prompt.indexOf("## Output format"));
    expect(built.prompt).toContain(feedback.trim());
    expect(built.prompt.endsWith("- Nothing else: no prose before or after.\n")).toBe(true);
    expect(built.estimatedTokens).toBeGreaterThan(plain.estimatedTokens);
    expect(built.feedback).toEqual({ tokens: expect.any(Number), trimmed: false });
  });

  it("puts it where the template says {{feedback}}, else at the end", () => {
    const placed = { ...templates, ticket: { name: "t.md", text: "# {{title}}\n{{#feedback}}\n{{feedback}}\n{{/feedback}}\n## Files\n{{files}}\n" } };
    const withIt = buildPrompt(ticket, [file(content)], [], placed, budget, failed(2)).prompt;
    expect(withIt.indexOf("## Your previous attempt failed")).toBeLessThan(withIt.indexOf("## Files"));
    expect(buildPrompt(ticket, [file(content)], [], placed, budget).prompt).not.toContain("previous attempt");

    const bare = { ...templates, ticket: { name: "t.md", text: "# {{title}}\n{{files}}\n" } };
    const atEnd = buildPrompt(ticket, [file(content)], [], bare, budget, failed(2)).prompt;
    expect(atEnd.trimEnd().endsWith("- Answer in the same output format as before, with nothing else.")).toBe(true);
  });

  it("shortens the command output rather than drop the feedback, and stays inside the budget", () => {
    const small = { contextLength: 4096, maxContextTokens: 4096, replyTokens: 2048 };
    const built = buildPrompt(ticket, [file(content)], [], templates, small, failed(40, 200));
    expect(built.prompt).toContain("## Your previous attempt failed");
    expect(built.prompt).toMatch(/\[… \d+ earlier lines cut to fit the prompt\]/);
    expect(built.prompt).toContain("out 40 ");
    expect(built.prompt).toContain("+return a - b;");
    expect(built.prompt).toContain("return a + b;\n}");
    expect(built.feedback?.trimmed).toBe(true);
    expect(built.estimatedTokens + small.replyTokens).toBeLessThanOrEqual(4096);
  });

  it("refuses, naming the feedback, when not even its bare section fits", () => {
    const tiny = { contextLength: 4096, maxContextTokens: 4096, replyTokens: 3700 };
    expect(() => buildPrompt(ticket, [file(content)], [], templates, tiny, failed(40))).toThrowError(/retry's failure report does not fit/);
  });
});
