/**
 * Loading and scoring the edit corpus in test/fixtures/edits (layout described
 * in its README). Scoring follows the corpus rules: an "apply" case must
 * produce exactly after/ and touch nothing else; a "refuse" case must report
 * a refusal with a reason, and then the caller writes nothing.
 */

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { applyHunks, proposeFromAnswer, type ParseOptions, type Proposal } from "../../../src/domain/edits/index.js";

export const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/edits");

export interface CorpusCase {
  id: string;
  dir: string;
  format: string;
  expect: "apply" | "refuse";
  why: string;
  /** The ticket's only file, when the case says so (or before/ holds exactly one file). */
  singleFile: string | undefined;
  /** Files an apply case deletes (after/ cannot show a deletion). */
  deleted: string[];
  /** The refusal code a refuse case must report, when the case pins it. */
  refusalCode: string | undefined;
  /**
   * `max_answer_bytes`: the answer size limit to parse with, so that a case
   * about the limit does not need a megabyte of fixture.
   */
  maxAnswerBytes: number | undefined;
  worker: string;
  before: Map<string, string>;
  after: Map<string, string>;
}

export function loadCases(): CorpusCase[] {
  return readdirSync(CORPUS)
    .filter((name) => statSync(path.join(CORPUS, name)).isDirectory())
    .sort()
    .map(loadCase);
}

function loadCase(name: string): CorpusCase {
  const dir = path.join(CORPUS, name);
  const meta = JSON.parse(readFileSync(path.join(dir, "case.json"), "utf8")) as Record<string, unknown>;
  const before = readTree(path.join(dir, "before"));
  const explicit = typeof meta.single_file === "string" ? meta.single_file : undefined;
  return {
    id: String(meta.id),
    dir,
    format: String(meta.format),
    expect: meta.expect === "apply" ? "apply" : "refuse",
    why: String(meta.why),
    singleFile: explicit ?? (before.size === 1 ? [...before.keys()][0] : undefined),
    deleted: Array.isArray(meta.deleted) ? meta.deleted.map(String) : [],
    refusalCode: typeof meta.refusal_code === "string" ? meta.refusal_code : undefined,
    maxAnswerBytes: typeof meta.max_answer_bytes === "number" ? meta.max_answer_bytes : undefined,
    worker: readFileSync(path.join(dir, "worker.txt"), "utf8"),
    before,
    after: readTree(path.join(dir, "after")),
  };
}

/** Every file under root, by POSIX path relative to it. */
function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  let entries: string[];
  try {
    entries = readdirSync(root, { recursive: true, encoding: "utf8" });
  } catch {
    return files;
  }
  for (const entry of entries.sort()) {
    const full = path.join(root, entry);
    if (statSync(full).isFile()) files.set(entry.split(path.sep).join("/"), readFileSync(full, "utf8"));
  }
  return files;
}

export interface CaseRun {
  proposal: Proposal;
  /** The repository after writing every proposed change with all hunks accepted. */
  written: Map<string, string>;
}

/** Parses, proposes against before/, and applies every hunk, as a human accepting all would. */
export function runCase(c: CorpusCase): CaseRun {
  const opts: ParseOptions = {};
  if (c.singleFile !== undefined) opts.singleFile = c.singleFile;
  if (c.maxAnswerBytes !== undefined) opts.maxAnswerBytes = c.maxAnswerBytes;
  const proposal = proposeFromAnswer(c.worker, opts, (p) => c.before.get(p) ?? null);
  const written = new Map(c.before);
  for (const change of proposal.changes) {
    const all = new Set(change.hunks.map((h) => h.id));
    const content = applyHunks(change, all);
    if (content === null) written.delete(change.path);
    else written.set(change.path, content);
  }
  return { proposal, written };
}
