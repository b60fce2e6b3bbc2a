import { readFile } from "node:fs/promises";
import path from "node:path";
import type { TempRepo } from "../../helpers/tempRepo.js";

/** The repository and worker answer the fault tests share: one ticket adding subtract() to src/math.js. */

export const MATH = `// math helpers
export function add(a, b) {
  return a + b;
}

export function multiply(a, b) {
  return a * b;
}

export function divide(a, b) {
  return a / b;
}
`;

export const WITH_SUBTRACT = MATH.replace("export function multiply", "export function subtract(a, b) {\n  return a - b;\n}\n\nexport function multiply");

export const SUBTRACT_DIFF = [
  "```diff",
  "--- a/src/math.js",
  "+++ b/src/math.js",
  "@@ -2,6 +2,10 @@",
  " export function add(a, b) {",
  "   return a + b;",
  " }",
  " ",
  "+export function subtract(a, b) {",
  "+  return a - b;",
  "+}",
  "+",
  " export function multiply(a, b) {",
  "   return a * b;",
  " }",
  "```",
  "",
].join("\n");

export function plan(testCommand: string): string {
  return JSON.stringify({ task_id: "T-001", description: "Add a subtract(a, b) function to the math helpers.", output_file: "src/math.js", test_command: testCommand });
}

/** The bytes of git's index, to show a step left it exactly as it was. */
export async function indexBytes(repo: TempRepo): Promise<Buffer> {
  return readFile(path.join(repo.root, ".git", "index"));
}

export const RUN = ["run", "--plan", "plan.json", "--json", "--accept", "all"];
