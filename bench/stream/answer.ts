import { tokenLike } from "../../src/demo/ollamaServer/wire.js";
import { seededRandom } from "../../src/domain/seededRandom.js";

/**
 * The worker's answer for `bench:stream`: a NEW FILE edit holding TypeScript
 * (lines of 40–100 characters, so the Worker pane wraps some of them), cut
 * into exactly `tokens` token-like chunks. Deterministic, so the parent (which
 * serves it) and the child (which checks what reached the screen) build the
 * same text from the same count.
 */

export const ANSWER_FILE = "src/records.ts";
const HEAD = `=== NEW FILE: ${ANSWER_FILE} ===\n\`\`\`ts\n`;
const FOOT = "\n```\n";

export function answerChunks(tokens: number): string[] {
  const head = tokenLike(HEAD);
  const foot = tokenLike(FOOT);
  const bodyTokens = tokens - head.length - foot.length;
  if (bodyTokens < 1) throw new Error(`an answer needs more than ${head.length + foot.length} tokens`);
  const body: string[] = [];
  const random = seededRandom(0x5eed);
  for (let i = 0; body.length < bodyTokens; i++) {
    // Whole functions, then the last one cut mid-token-stream: the draft is as long as asked, not one token more.
    for (const piece of tokenLike(block(i, random))) body.push(piece);
  }
  body.length = bodyTokens;
  const chunks = [...head, ...body, ...foot];
  if (chunks.some((c) => c === "")) throw new Error("an empty chunk would not count as a token");
  return chunks;
}

export function answerText(tokens: number): string {
  return answerChunks(tokens).join("");
}

const NOUNS = ["record", "invoice", "account", "session", "ticket", "payment", "customer", "shipment", "report", "profile"];
const FIELDS = ["id", "name", "createdAt", "amount", "status", "owner", "tags", "total", "currency", "note"];
const CHECKS = ["trim", "toLowerCase", "normalize", "toUpperCase"];

/** One function of 8–14 lines, each between 40 and 100 characters. */
function block(index: number, random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const noun = pick(NOUNS);
  const Type = `${noun[0]!.toUpperCase()}${noun.slice(1)}${index}`;
  const f1 = pick(FIELDS);
  const f2 = pick(FIELDS);
  const lines = [
    `/** Parses one ${noun} line (${index}) as the export tool writes it; null when it is not one. */`,
    `export function parse${Type}(input: string, options: ParseOptions = {}): ${Type} | null {`,
    `  const fields = input.split(options.separator ?? ",").map((field) => field.${pick(CHECKS)}());`,
    `  if (fields.length < ${3 + (index % 5)}) return options.strict ? fail("${noun}", input) : null;`,
  ];
  const extra = 2 + Math.floor(random() * 6);
  for (let k = 0; k < extra; k++) {
    const field = pick(FIELDS);
    lines.push(`  const ${field}${k} = fields[${k + 1}] === undefined ? defaults.${field} : String(fields[${k + 1}]);`);
  }
  lines.push(
    `  if (!isValid${Type}(${f1}Of(fields), options)) return options.strict ? fail("${noun}", input) : null;`,
    `  const result: ${Type} = { id: Number(fields[0]), ${f1}: fields[1] ?? "", ${f2}: fields.slice(2) };`,
    `  return options.freeze ? Object.freeze(result) : result;`,
    "}",
    "",
  );
  // Short lines are padded with a trailing comment and long ones cut, so every code line is 40–100 characters.
  const sized = lines.map((line) => {
    if (line === "" || line === "}") return line;
    if (line.length > 100) return line.slice(0, 100).trimEnd();
    return line.length < 40 ? `${line} // ${"keeps the shape of a real row".slice(0, 40 - line.length)}` : line;
  });
  return `${sized.join("\n")}\n`;
}

