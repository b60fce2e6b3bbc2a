import { describe, expect, it } from "vitest";
import { renderTemplate } from "../../../src/domain/prompt/template.js";
import { InputError } from "../../../src/domain/errors.js";

describe("renderTemplate", () => {
  it("fills placeholders and keeps a section only when its value is not empty", () => {
    const template = "# {{title}}\n{{#notes}}\n## Notes\n{{notes}}\n{{/notes}}\nend\n";
    expect(renderTemplate(template, { title: "T", notes: "- a" }, "t.md")).toBe("# T\n## Notes\n- a\nend\n");
    expect(renderTemplate(template, { title: "T", notes: "  " }, "t.md")).toBe("# T\nend\n");
  });

  it("names the template and the placeholder when a placeholder is unknown", () => {
    expect(() => renderTemplate("{{titel}}", { title: "x" }, ".haco/prompts/ticket.md")).toThrowError(
      /\.haco\/prompts\/ticket\.md: \{\{titel\}\}: unknown placeholder — use one of \{\{title\}\}/,
    );
    expect(() => renderTemplate("{{#titel}}x{{/titel}}", { title: "x" }, "t.md")).toThrow(InputError);
  });

  it("refuses an unclosed section", () => {
    expect(() => renderTemplate("{{#title}} open", { title: "x" }, "t.md")).toThrowError(/not closed/);
  });

  it("does not re-expand placeholders that appear inside inserted values", () => {
    expect(renderTemplate("{{a}}", { a: "{{b}}", b: "no" }, "t.md")).toBe("{{b}}");
  });
});
