import { InputError } from "../errors.js";

/**
 * Prompt templates are plain files users can override, so their syntax is
 * deliberately tiny: `{{name}}` inserts a value, and `{{#name}}…{{/name}}`
 * keeps its body only when the value is not empty (so an empty section loses
 * its heading too). A name the template does not know is an error naming the
 * template, not a silently empty hole in the prompt.
 */
export function renderTemplate(template: string, values: Record<string, string>, templateName: string): string {
  const known = new Set(Object.keys(values));
  const check = (name: string) => {
    if (!known.has(name)) {
      throw new InputError(
        templateName,
        `{{${name}}}`,
        `unknown placeholder — use one of ${[...known].map((k) => `{{${k}}}`).join(", ")}`,
      );
    }
  };
  const withSections = template.replace(/\{\{#(\w+)\}\}\n?([\s\S]*?)\{\{\/\1\}\}\n?/g, (_all, name: string, body: string) => {
    check(name);
    return values[name]!.trim() ? body : "";
  });
  const unclosed = /\{\{[#/](\w+)\}\}/.exec(withSections);
  if (unclosed) throw new InputError(templateName, unclosed[0], "section is not closed (or closed twice) — pair {{#name}} with {{/name}}");
  return withSections.replace(/\{\{(\w+)\}\}/g, (_all, name: string) => {
    check(name);
    return values[name]!;
  });
}
