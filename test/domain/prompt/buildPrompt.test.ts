import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildPrompt, PromptTooLargeError, type PromptFile } from "../../../src/domain/prompt/buildPrompt.js";
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
