import { describe, expect, it } from "vitest";
import { conventionalCommitMessage } from "../../src/domain/commitMessage.js";
import { ticketSchema } from "../../src/domain/tickets/ticket.js";

const t = (fields: Record<string, unknown>) => ticketSchema.parse({ id: "T-001", title: "Add slugify helper", ...fields });

describe("conventionalCommitMessage", () => {
  it("writes type(scope): subject (ID) with a trailer", () => {
    expect(conventionalCommitMessage(t({}), ["src/utils/slugify.ts"])).toBe(
      "feat(utils): add slugify helper (T-001)\n\nHaco-Ticket: T-001\n",
    );
  });

  it("infers test, docs, fix and refactor", () => {
    expect(conventionalCommitMessage(t({}), ["src/utils/slugify.test.ts"]).split("\n")[0]).toMatch(/^test\(/);
    expect(conventionalCommitMessage(t({ title: "Document the API" }), ["docs/api.md"]).split("\n")[0]).toBe("docs(api): document the API (T-001)");
    expect(conventionalCommitMessage(t({ title: "Fix rounding in totals" }), ["src/a.ts", "lib/b.ts"]).split("\n")[0]).toBe("fix: fix rounding in totals (T-001)");
    expect(conventionalCommitMessage(t({ kind: "refactor" }), ["src/a.ts"]).split("\n")[0]).toBe("refactor(a): add slugify helper (T-001)");
  });

  it("keeps a conventional title as written", () => {
    expect(conventionalCommitMessage(t({ title: "perf(cache): Skip warm-up." }), ["src/x.ts"]).split("\n")[0]).toBe(
      "perf(cache): skip warm-up (T-001)",
    );
  });

  it("keeps the header within 72 characters and still names the ticket", () => {
    const header = conventionalCommitMessage(t({ title: "Add a very long description ".repeat(6) }), ["src/x.ts"]).split("\n")[0]!;
    expect(header.length).toBeLessThanOrEqual(72);
    expect(header.endsWith("(T-001)")).toBe(true);
  });
});
