/**
 * `npm run bench:edits`: the edit corpus (test/fixtures/edits) through haco's
 * edit engine and through the usual patch appliers, side by side in one run,
 * each judged only by the files it leaves in a scratch repository.
 *
 *   --cases         also print every case's outcome per tool
 *   --corpus DIR    another corpus directory with the same layout
 *
 * What the columns mean: bench/README.md.
 */

import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadCorpus } from "./edits/corpus.js";
import { extractUnifiedDiff, type ExtractedDiff } from "./edits/extract.js";
import {
  changedPaths,
  expectedAfter,
  makeRunRoot,
  makeSandbox,
  removeRunRoot,
  removeSandbox,
  REPO_IN_JAIL,
  snapshot,
} from "./edits/sandbox.js";
import { formatCases, formatTable, judge, type CaseResult, type ToolRow } from "./edits/score.js";
import {
  gitApplyRecountTool,
  gitApplyTool,
  gitAvailable,
  gnuPatchTool,
  hacoTool,
  jsdiffTool,
  TIMEOUT_MS,
  warmUpHaco,
  warmUpJsdiff,
  type Tool,
  type ToolRun,
} from "./edits/tools.js";

const LEGEND = `
correct       correct applies + correct refusals, out of all cases
applies       apply cases whose scratch repository ends up exactly as after/ says
              (every changed or new file byte-identical, deleted files gone, nothing else touched)
refusals      refuse cases where nothing at all was written or changed
wrong writes  any other change to the repository (or next to it): a wrong or partial edit of an
              apply case, or any write for a refuse case
missed        apply cases where the tool wrote nothing
can't read    cases the tool cannot even read (no unified diff with a file header in the reply, for
              the patch tools; haco: refused with only no-edit/malformed). Counted as a refusal
              above: correct on a refuse case, missed on an apply case
ms/case       mean wall time of the apply step over the cases the tool ran (external tools include
              process start; haco and jsdiff are in-process, warmed up, and include their file I/O)`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const showCases = args.includes("--cases");
  const corpusFlag = args.indexOf("--corpus");
  const here = path.dirname(fileURLToPath(import.meta.url));
  // Compiled to dist-bench/bench/edits.js: the project root is two levels up.
  const projectRoot = path.resolve(here, "..", "..");
  const corpusDir =
    corpusFlag !== -1 && args[corpusFlag + 1] !== undefined
      ? path.resolve(args[corpusFlag + 1] ?? "")
      : path.join(projectRoot, "test", "fixtures", "edits");

  const { cases, skipped } = loadCorpus(corpusDir);
  for (const s of skipped) process.stderr.write(`bench: skipped ${s}\n`);

  let js: typeof import("diff") | null = null;
  try {
    js = await import("diff");
  } catch {
    js = null;
  }
  const tools: Tool[] = [
    hacoTool(),
    gitApplyTool(),
    gitApplyRecountTool(),
    gnuPatchTool(),
    jsdiffTool(js, "the diff package (jsdiff) is not installed"),
  ];

  const diffs = new Map<string, ExtractedDiff | null>(cases.map((c) => [c.id, extractUnifiedDiff(c.worker)]));
  warmUpHaco(cases);
  if (js !== null) warmUpJsdiff(js, [...diffs.values()]);

  const gitInit = gitAvailable();
  const rows: ToolRow[] = tools.map((t) => ({ name: t.name, missing: t.missing, results: [] }));
  const runRoot = makeRunRoot();
  const cleanUp = (): void => removeRunRoot(runRoot);
  process.once("SIGINT", () => {
    cleanUp();
    process.exit(130);
  });
  try {
    cases.forEach((c, ci) => {
      tools.forEach((tool, ti) => {
        const row = rows[ti];
        if (tool.missing !== null || row === undefined) return;
        const box = makeSandbox(runRoot, `${ci}-${ti}`, c, gitInit);
        try {
          const pre = snapshot(box.jail);
          const expected = expectedAfter(pre, c);
          let run: ToolRun;
          try {
            run = tool.run(c, box, diffs.get(c.id) ?? null);
          } catch (error) {
            // A crash is reported, and the tree is judged all the same.
            run = { cannotRead: false, ms: null, timedOut: false, note: `threw: ${error instanceof Error ? error.message : String(error)}` };
          }
          const post = snapshot(box.jail);
          const outcome = judge(c, pre, post, expected);
          const result: CaseResult = {
            id: c.id,
            expect: c.expect,
            outcome,
            run,
            diffPaths: outcome === "wrong-write" ? changedPaths(expected, post).map(display) : [],
          };
          row.results.push(result);
        } finally {
          removeSandbox(box);
        }
      });
    });
  } finally {
    cleanUp();
  }

  const applyCases = cases.filter((c) => c.expect === "apply").length;
  const refuseCases = cases.length - applyCases;
  const out = [
    `edit corpus: ${cases.length} cases (${applyCases} apply / ${refuseCases} refuse) from ${shownPath(corpusDir)}`,
    "",
    formatTable(rows, applyCases, refuseCases),
    LEGEND,
    `(each tool runs in its own fresh scratch repository per case, under the OS temp directory; timeout ${TIMEOUT_MS / 1000} s)`,
  ];
  if (showCases) out.push("", "per case:", formatCases(rows));
  process.stdout.write(`${out.join("\n")}\n`);
}

/** A directory relative to the working directory when it is below it, else absolute. */
function shownPath(dir: string): string {
  const rel = path.relative(process.cwd(), dir);
  return rel === "" || rel.startsWith("..") || path.isAbsolute(rel) ? dir : rel;
}

/** A jail path as the per-case view shows it: repository paths bare, anything else marked. */
function display(key: string): string {
  return key.startsWith(`${REPO_IN_JAIL}/`) ? key.slice(REPO_IN_JAIL.length + 1) : `(outside the repository) ${key}`;
}

await main();
