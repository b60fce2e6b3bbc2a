import { describe, expect, it } from "vitest";
import { MAX_TITLE_LENGTH, titleFromDescription } from "../../../src/domain/tickets/titleFromDescription.js";

describe("titleFromDescription", () => {
  it("takes the first sentence of the first non-empty line", () => {
    expect(titleFromDescription("\n  Create utility function. It is pure.\nMore.")).toBe("Create utility function");
    expect(titleFromDescription("Fix it! Now.")).toBe("Fix it");
  });

  it("does not end a sentence at abbreviations or dots inside words", () => {
    expect(titleFromDescription("Add helpers, e.g. slugify and trim. Then test.")).toBe("Add helpers, e.g. slugify and trim");
    expect(titleFromDescription("Bump to v1.2 of the API")).toBe("Bump to v1.2 of the API");
  });

  it("drops a Markdown heading marker and a trailing colon", () => {
    expect(titleFromDescription("# Objective:\nbody")).toBe("Objective");
  });

  it("shortens long text at a word boundary to at most 72 characters", () => {
    const title = titleFromDescription(`${"word ".repeat(30)}end`);
    expect(title.length).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
    expect(title.endsWith("word…")).toBe(true);
  });

  it("cuts a long single word hard rather than keep it whole", () => {
    const title = titleFromDescription("x".repeat(100));
    expect(title).toBe(`${"x".repeat(MAX_TITLE_LENGTH - 1)}…`);
  });

  it("is empty when there is no text", () => {
    expect(titleFromDescription(" \n\t\n")).toBe("");
  });
});
