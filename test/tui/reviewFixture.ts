import { createTwoFilesPatch } from "diff";
import type { ChatRequestView, Reply } from "../servers/fakeOllama.js";

/**
 * A draft with several hunks in two files, for driving the hunk reviewer
 * from the keyboard: src/a.js gets three hunks (lines 3, 20, 37) and
 * src/b.js two (lines 5, 25), far enough apart to be separate hunks; src/c.js
 * gets one hunk with two changes three lines apart, which `s` can split.
 */

const lines = (name: string, n: number) => Array.from({ length: n }, (_, i) => `export const ${name}${i + 1} = ${i + 1};`);
const text = (rows: string[]) => `${rows.join("\n")}\n`;
const change = (rows: string[], at: number[]) => rows.map((row, i) => (at.includes(i + 1) ? row.replace(/= (\d+);/, "= $1 * 10; // tuned") : row));

const A = lines("a", 40);
const B = lines("b", 30);
const C = lines("c", 20);

export const REVIEW_FILES = {
  "src/a.js": text(A),
  "src/b.js": text(B),
  "src/c.js": text(C),
};

export const AFTER = {
  "src/a.js": text(change(A, [3, 20, 37])),
  "src/b.js": text(change(B, [5, 25])),
  "src/c.js": text(change(C, [8, 11])),
};

/** The changed line the draft writes for `name` line `n`. */
export const tuned = (name: string, n: number) => `export const ${name}${n} = ${n} * 10; // tuned`;

export const REVIEW_PLAN = `# Plan: tuning

## T-001: Tune the constants
- files: src/a.js, src/b.js
- test: node -e "process.exit(0)"

Multiply the chosen constants by ten.

### Acceptance criteria
- [ ] a3, a20, a37, b5 and b25 are ten times larger

## T-002: Tune more constants
- files: src/a.js, src/b.js
- test: node -e "console.log('boom: expected a3 to be 3'); process.exit(1)"

Multiply the chosen constants by ten again.

## T-003: Tune c
- files: src/c.js
- test: node -e "process.exit(0)"

Multiply c8 and c11 by ten.
`;

function patch(file: keyof typeof AFTER): string {
  return createTwoFilesPatch(`a/${file}`, `b/${file}`, REVIEW_FILES[file], AFTER[file], "", "", { context: 3 });
}

export const TWO_FILE_ANSWER = `Here is the change.\n\n\`\`\`diff\n${patch("src/a.js")}${patch("src/b.js")}\`\`\`\n`;
export const C_ANSWER = `\`\`\`diff\n${patch("src/c.js")}\`\`\`\n`;

export const WORKER_COMMIT = "feat(consts): tune the chosen constants\n\nMultiply them by ten so the limits fit.";

/** Drafts for tickets, a commit message when haco asks for one. */
export function reviewReplies(draft: (req: ChatRequestView) => string = () => TWO_FILE_ANSWER): (req: ChatRequestView) => Reply {
  return (req) => {
    const system = req.messages.find((m) => m.role === "system")?.content ?? "";
    if (/commit message/i.test(system)) return { text: `Sure! Commit message:\n\n${WORKER_COMMIT}\n` };
    return { text: draft(req) };
  };
}
