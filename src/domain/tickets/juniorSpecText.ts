import type { JuniorFunction, JuniorSpec, JuniorTestCase, JuniorTestPlan } from "./juniorSpecSchema.js";

/**
 * A ticket has one free-text description; a JuniorSpec spreads the same
 * information over rationale, functions and test_plan. These render them as
 * short Markdown-ish sections so that nothing the senior wrote is lost on the
 * way to the worker's prompt.
 */

function bullets(items: readonly string[], indent = ""): string[] {
  return items.map((item) => `${indent}- ${item}`);
}

function shown(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function functionLines(fn: JuniorFunction): string[] {
  // A signature usually contains the name; when it does not, keep both.
  const signature = fn.signature?.trim();
  const head = signature ? (signature.includes(fn.name) ? signature : `${fn.name}: ${signature}`) : fn.name;
  const description = fn.description?.trim();
  const lines = [`- ${head}${description ? ` — ${description}` : ""}`];
  const inputs = (fn.inputs ?? []).filter((i) => i.name || i.type || i.notes);
  if (inputs.length > 0) {
    lines.push("  Inputs:");
    for (const i of inputs) {
      const type = i.type ? ` (${i.type})` : "";
      const notes = i.notes ? `: ${i.notes}` : "";
      lines.push(`    - ${i.name ?? "?"}${type}${notes}`);
    }
  }
  if (fn.outputs?.trim()) lines.push(`  Returns: ${fn.outputs.trim()}`);
  if (fn.edge_cases && fn.edge_cases.length > 0) lines.push("  Edge cases:", ...bullets(fn.edge_cases, "    "));
  if (fn.examples && fn.examples.length > 0) {
    lines.push("  Examples:", ...fn.examples.map((e) => `    - ${shown(e.input)} → ${shown(e.output)}`));
  }
  return lines;
}

function testCaseLine(test: JuniorTestCase): string {
  if (typeof test === "string") return `- ${test}`;
  return test.steps.length > 0 ? `- ${test.name}: ${test.steps.join("; ")}` : `- ${test.name}`;
}

function testPlanLines(plan: JuniorTestPlan): string[] {
  if (typeof plan === "string") return [plan];
  if (Array.isArray(plan)) return plan.map(testCaseLine);
  const lines: string[] = [];
  const groups = [
    ["Unit tests", plan.unit_tests],
    ["Integration tests", plan.integration_tests],
    ["End-to-end tests", plan.e2e_tests],
  ] as const;
  for (const [label, tests] of groups) {
    if (tests && tests.length > 0) lines.push(`${label}:`, ...tests.map(testCaseLine));
  }
  if (plan.notes?.trim()) lines.push(`Notes: ${plan.notes.trim()}`);
  return lines;
}

function section(title: string, lines: readonly string[]): string | null {
  return lines.length === 0 ? null : `${title}:\n${lines.join("\n")}`;
}

/** description, then Why (rationale), Functions, Test plan: each only when present. */
export function juniorSpecDescription(spec: JuniorSpec): string {
  const rationale = spec.rationale === undefined ? [] : typeof spec.rationale === "string" ? [spec.rationale] : spec.rationale;
  const parts = [
    spec.description?.trim() || null,
    section("Why", bullets(rationale)),
    section("Functions", (spec.functions ?? []).flatMap(functionLines)),
    section("Test plan", spec.test_plan === undefined ? [] : testPlanLines(spec.test_plan)),
  ];
  return parts.filter((p): p is string => p !== null).join("\n\n");
}

/** `error_handling` → `error handling`: keys read as words in a constraint. */
function humanise(key: string): string {
  return key.replace(/[_-]+/g, " ").trim();
}

function scalarText(value: string | number | boolean | readonly string[]): string {
  return Array.isArray(value) ? value.join("; ") : String(value);
}

/** constraints (list, or max_changed_lines/avoid/extra keys) followed by standards, as plain sentences. */
export function juniorSpecConstraints(spec: JuniorSpec): string[] {
  const out: string[] = [];
  const c = spec.constraints;
  if (Array.isArray(c)) out.push(...c);
  else if (c) {
    for (const [key, value] of Object.entries(c)) {
      if (value === undefined) continue;
      if (key === "max_changed_lines") out.push(`change at most ${String(value)} lines`);
      else if (key === "avoid" && Array.isArray(value)) out.push(...value.map((item) => `avoid ${item}`));
      else out.push(`${humanise(key)}: ${scalarText(value as string | number | boolean | readonly string[])}`);
    }
  }
  for (const [key, value] of Object.entries(spec.standards ?? {})) {
    out.push(`${humanise(key)}: ${scalarText(value)}`);
  }
  return out.filter((text) => text.trim() !== "");
}
