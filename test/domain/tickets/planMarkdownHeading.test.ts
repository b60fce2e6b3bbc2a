import { describe, expect, it } from "vitest";
import { parseTicketHeading } from "../../../src/domain/tickets/planMarkdownHeading.js";

describe("parseTicketHeading", () => {
  it.each([
    ["T-001: Add slugify helper", { id: "T-001", title: "Add slugify helper" }],
    ["T-001 — Add slugify helper", { id: "T-001", title: "Add slugify helper" }],
    ["T-001 - Add slugify helper", { id: "T-001", title: "Add slugify helper" }],
    ["HACO-12: Stream tokens", { id: "HACO-12", title: "Stream tokens" }],
    ["Ticket 3: Document slugs", { id: "3", title: "Document slugs" }],
    ["ticket #4 – Fix it", { id: "4", title: "Fix it" }],
    ["Task 1.1: Create script", { id: "1.1", title: "Create script" }],
    ["1.2: Add parsing", { id: "1.2", title: "Add parsing" }],
    ["3. Numbered", { id: "3", title: "Numbered" }],
    ["T-001", { id: "T-001", title: "" }],
  ])("%s", (text, expected) => {
    expect(parseTicketHeading(text)).toEqual(expected);
  });

  it.each(["Add slugify helper", "Task runner cleanup", "Phase 1: Script", "2024 roadmap", "Re-run: the flaky tests", "C# support"])(
    "%s has no id",
    (text) => {
      expect(parseTicketHeading(text)).toEqual({ title: text });
    },
  );
});
