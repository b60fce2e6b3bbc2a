/**
 * Loads the edit corpus (test/fixtures/edits, layout in its README) as exact
 * bytes, so that every tool is judged against after/ byte for byte. The test
 * runner's loader reads strings and resolves the corpus from its own location,
 * which does not survive compilation into dist-bench/, hence this small copy.
 */

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export interface BenchCase {
  id: string;
  expect: "apply" | "refuse";
  format: string;
  /** The ticket's only file: case.json's single_file, or the one file of before/. */
  singleFile: string | undefined;
  /** case.json's max_answer_bytes: the answer size limit the case is about, so it needs no 1 MiB fixture. */
  maxAnswerBytes: number | undefined;
  /** Files an apply case deletes (after/ cannot show a deletion). */
  deleted: string[];
  /** The worker's raw reply, as text. */
  worker: string;
  before: Map<string, Buffer>;
  after: Map<string, Buffer>;
}

export interface LoadedCorpus {
  cases: BenchCase[];
  /** Directories skipped because they are not (yet) complete cases, with why. */
  skipped: string[];
}

export function loadCorpus(root: string): LoadedCorpus {
  const cases: BenchCase[] = [];
  const skipped: string[] = [];
  for (const name of readdirSync(root).sort()) {
    const dir = path.join(root, name);
    if (!statSync(dir).isDirectory()) continue;
    // Other people add cases while this runs: a half-written one is reported, not fatal.
    const missing = ["case.json", "worker.txt", "before"].filter((f) => !existsSync(path.join(dir, f)));
    if (missing.length > 0) {
      skipped.push(`${name}: no ${missing.join(", ")}`);
      continue;
    }
    try {
      cases.push(loadCase(dir));
    } catch (error) {
      skipped.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { cases, skipped };
}

function loadCase(dir: string): BenchCase {
  const meta = JSON.parse(readFileSync(path.join(dir, "case.json"), "utf8")) as Record<string, unknown>;
  if (meta.expect !== "apply" && meta.expect !== "refuse") throw new Error(`case.json: expect is ${String(meta.expect)}`);
  const before = readTree(path.join(dir, "before"));
  const explicit = typeof meta.single_file === "string" ? meta.single_file : undefined;
  return {
    id: typeof meta.id === "string" ? meta.id : path.basename(dir),
    expect: meta.expect,
    format: String(meta.format),
    singleFile: explicit ?? (before.size === 1 ? [...before.keys()][0] : undefined),
    maxAnswerBytes: typeof meta.max_answer_bytes === "number" ? meta.max_answer_bytes : undefined,
    deleted: Array.isArray(meta.deleted) ? meta.deleted.map(String) : [],
    worker: readFileSync(path.join(dir, "worker.txt"), "utf8"),
    before,
    after: readTree(path.join(dir, "after")),
  };
}

/** Every file under root by POSIX path relative to it; empty when root does not exist. */
function readTree(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  if (!existsSync(root)) return files;
  for (const entry of readdirSync(root, { recursive: true, encoding: "utf8" }).sort()) {
    const full = path.join(root, entry);
    if (statSync(full).isFile()) files.set(entry.split(path.sep).join("/"), readFileSync(full));
  }
  return files;
}
