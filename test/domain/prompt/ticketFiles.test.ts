import { describe, expect, it } from "vitest";
import type { PromptFile } from "../../../src/domain/prompt/buildPrompt.js";
import { reconcileTicketFiles } from "../../../src/domain/prompt/ticketFiles.js";

function file(path: string, content: string | null, extra: Partial<PromptFile> = {}): PromptFile {
  return { path, intent: "edit", content, anchors: [], outline: "", codeContext: "", ...extra };
}

describe("reconcileTicketFiles", () => {
  it("keeps one entry for a file listed twice, with the anchors of both", () => {
    const result = reconcileTicketFiles(
      [file("src/a.ts", "a\n", { anchors: ["// one"] }), file("src/b.ts", "b\n"), file("src/a.ts", "a\n", { anchors: ["// two", "// one"], outline: "later notes" })],
      [],
    );
    if (!result.ok) throw new Error(result.reason);
    expect(result.files.map((f) => f.path)).toEqual(["src/a.ts", "src/b.ts"]);
    expect(result.files[0]!.anchors).toEqual(["// one", "// two"]);
    expect(result.files[0]!.outline).toBe("later notes");
  });

  it("refuses a file listed with two different intents, naming both", () => {
    const result = reconcileTicketFiles([file("src/a.ts", "a\n"), file("src/a.ts", "a\n", { intent: "delete" })], []);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining("src/a.ts is listed twice in the ticket's files, once as (edit) and once as (delete)") });
  });

  it("refuses a (delete) of a file that does not exist, naming it and what to do", () => {
    const result = reconcileTicketFiles([file("src/gone.ts", null, { intent: "delete" })], []);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain("src/gone.ts is marked (delete) but does not exist");
    expect(result.reason).toContain("fix the path in the ticket");
  });

  it("refuses an (edit) written out for a file that does not exist; an unmarked missing file is still a new file", () => {
    const stated = reconcileTicketFiles([file("src/typo.ts", null, { intentStated: true })], []);
    expect(stated).toEqual({ ok: false, reason: "src/typo.ts is marked (edit) but does not exist — fix the path in the ticket, or mark it (create) for a new file" });
    expect(reconcileTicketFiles([file("src/new.ts", null)], []).ok).toBe(true);
    expect(reconcileTicketFiles([file("src/a.ts", "a\n", { intentStated: true })], []).ok).toBe(true);
  });

  it("accepts a (delete) of a file that exists and a missing file to create", () => {
    const result = reconcileTicketFiles([file("old.ts", "x\n", { intent: "delete" }), file("new.ts", null, { intent: "create" })], []);
    expect(result.ok).toBe(true);
  });

  it("drops context files listed twice or also listed as files to change", () => {
    const result = reconcileTicketFiles(
      [file("src/a.ts", "a\n")],
      [
        { path: "docs/x.md", content: "x" },
        { path: "src/a.ts", content: "a\n" },
        { path: "docs/x.md", content: "x" },
      ],
    );
    if (!result.ok) throw new Error(result.reason);
    expect(result.context.map((c) => c.path)).toEqual(["docs/x.md"]);
  });
});
