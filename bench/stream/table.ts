import { MAX_FPS } from "../../src/tui/frameScheduler.js";
import type { ChildReport, Mode } from "./report.js";

export interface Measurement {
  report: ChildReport;
  /** Content chunks the server sent for this run. */
  served: number;
  /** Cockpit: whether the virtual terminal's last frame shows the draft's last rows. */
  screenShowsTail: boolean | null;
  screen: string[] | null;
}

export interface ReportMeta {
  columns: number;
  rows: number;
  runs: number;
  react: "production" | "development";
}

/** Frames a window may hold: the cap per second, plus the first one and a trailing one or two. */
export function frameBound(windowMs: number): number {
  return Math.floor((MAX_FPS * windowMs) / 1000) + 3;
}

const LABEL: Record<Mode, string> = { cockpit: "cockpit", bare: "bare (ollama-js)" };

interface Row {
  mode: Mode;
  tokens: number;
  cpuMs: number;
  cpuMin: number;
  cpuMax: number;
  processCpuMs: number;
  beforeMs: number;
  streamCpuMs: number;
  afterMs: number;
  frames: number | null;
  flushes: number | null;
  windowMs: number;
  streamMs: number;
  lost: number;
  peakMiB: number;
}

export function formatReport(measurements: readonly Measurement[], meta: ReportMeta): { text: string; failed: boolean } {
  const problems: string[] = [];
  const groups = new Map<string, Measurement[]>();
  for (const m of measurements) {
    const key = `${m.report.mode} ${m.report.tokens}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
    problems.push(...check(m));
  }

  const rows: Row[] = [...groups.values()].map((group) => {
    const r = group.map((m) => m.report);
    const first = r[0]!;
    return {
      mode: first.mode,
      tokens: first.tokens,
      cpuMs: median(r.map((x) => x.cpuMs)),
      cpuMin: Math.min(...r.map((x) => x.cpuMs)),
      cpuMax: Math.max(...r.map((x) => x.cpuMs)),
      processCpuMs: median(r.map((x) => x.processCpuMs)),
      beforeMs: median(r.map((x) => x.phases.beforeFirstToken)),
      streamCpuMs: median(r.map((x) => x.phases.stream)),
      afterMs: median(r.map((x) => x.phases.afterDone)),
      frames: first.frames === undefined ? null : median(r.map((x) => x.frames ?? 0)),
      flushes: first.flushes === undefined ? null : median(r.map((x) => x.flushes ?? 0)),
      windowMs: median(r.map((x) => x.wallMs)),
      streamMs: median(r.map((x) => x.streamMs)),
      lost: Math.max(...r.map((x) => x.tokens - x.received)),
      peakMiB: Math.max(...r.map((x) => x.maxRssKiB)) / 1024,
    };
  });
  rows.sort((a, b) => (a.mode === b.mode ? a.tokens - b.tokens : a.mode === "cockpit" ? -1 : 1));

  const header = ["", "tokens", "cpu ms", "(min–max)", "cpu ms/1k tok", "frames", "flushes", "window s", "stream s", "tokens lost", "peak MiB", "process cpu ms"];
  const body = rows.map((row) => [
    LABEL[row.mode],
    int(row.tokens),
    int(row.cpuMs),
    `${int(row.cpuMin)}–${int(row.cpuMax)}`,
    (row.cpuMs / (row.tokens / 1000)).toFixed(1),
    row.frames === null ? "–" : int(row.frames),
    row.flushes === null ? "–" : int(row.flushes),
    (row.windowMs / 1000).toFixed(2),
    (row.streamMs / 1000).toFixed(2),
    int(row.lost),
    row.peakMiB.toFixed(1),
    int(row.processCpuMs),
  ]);

  const sizes = [...new Set(rows.map((r) => r.tokens))].sort((a, b) => a - b);
  const small = sizes[0]!;
  const large = sizes.at(-1)!;
  const find = (mode: Mode, tokens: number) => rows.find((r) => r.mode === mode && r.tokens === tokens);
  const lines = [
    `bench:stream — ${sizes.map(int).join(" and ")} one-token chunks at full speed from the scripted Ollama server (in the parent process),`,
    `each measurement in a child process of its own; cockpit on a ${meta.columns}×${meta.rows} virtual terminal; React ${meta.react} build;`,
    `median of ${meta.runs} run${meta.runs === 1 ? "" : "s"} per row (lost tokens and peak memory: the worst run)`,
    "",
    table(header, body),
    "",
  ];
  lines.push(
    table(
      ["cpu ms by phase", "tokens", "before 1st token", "stream", "after done", "stream ms/1k tok"],
      rows.map((row) => [
        LABEL[row.mode],
        int(row.tokens),
        int(row.beforeMs),
        int(row.streamCpuMs),
        row.mode === "bare" ? "–" : int(row.afterMs),
        (row.streamCpuMs / (row.tokens / 1000)).toFixed(1),
      ]),
    ),
    "",
  );
  if (small !== large) {
    const ratio = (mode: Mode, of: (row: Row) => number) => {
      const a = find(mode, small);
      const b = find(mode, large);
      return a && b ? (of(b) / of(a)).toFixed(2) : "–";
    };
    const label = `cpu(${short(large)})/cpu(${short(small)})`;
    lines.push(
      `${label}   window: cockpit ${ratio("cockpit", (r) => r.cpuMs)}   bare ${ratio("bare", (r) => r.cpuMs)}` +
        `   (linear ≈ ${(large / small).toFixed(2)}, less while fixed costs weigh)`,
      `${" ".repeat(label.length)}   stream phase: cockpit ${ratio("cockpit", (r) => r.streamCpuMs)}   bare ${ratio("bare", (r) => r.streamCpuMs)}`,
    );
  }
  const perK = sizes.map((n) => {
    const c = find("cockpit", n);
    const b = find("bare", n);
    return `${short(n)}: ${c && b ? `${(c.cpuMs / b.cpuMs).toFixed(1)}×` : "–"} (stream phase ${c && b ? `${(c.streamCpuMs / b.streamCpuMs).toFixed(1)}×` : "–"})`;
  });
  lines.push(`cockpit/bare, cpu per 1k tokens   ${perK.join("   ")}`, "");
  lines.push(
    "cpu ms: CPU time (user + system) of the child from the request (Enter on the ticket; the bare loop's chat()) to the end of",
    "        the stream (cockpit: the first frame drawn after the store published `done`; bare: the loop's end).",
    "frames: frames Ink wrote to the terminal in that window; flushes: frames the store's FrameScheduler published.",
    `window s / stream s: wall time of the window / from the first token to the last. Frames must stay ≤ ${MAX_FPS}/s × window + 3.`,
    "process cpu ms: the child's CPU from its start to the end of the window (imports and first render included).",
    "by phase: the window cut at the first token and at worker.done (cockpit) / the loop's end (bare). Before the first",
    "        token: preflight, prompt, the first fetch; after done: the edit parse, the review opening, the last frame.",
  );
  if (problems.length > 0) {
    lines.push("", "FAILED:", ...problems.map((p) => `  ${p}`));
  } else {
    lines.push(
      "",
      "checks: no token lost; every draft equals the answer wrapped at the pane's width; every last frame shows the draft's",
      `        last rows; frames within ${MAX_FPS}/s; the server sent every token.`,
    );
  }
  const notes = [...new Set(measurements.flatMap((m) => m.report.notes))];
  if (notes.length > 0) lines.push("", "notes:", ...notes.map((n) => `  ${n}`));
  return { text: `${lines.join("\n")}\n`, failed: problems.length > 0 };
}

function check(m: Measurement): string[] {
  const r = m.report;
  const what = `${LABEL[r.mode]} ${int(r.tokens)}`;
  const out: string[] = [];
  if (m.served !== r.tokens) out.push(`${what}: the server sent ${int(m.served)} content chunks, not ${int(r.tokens)}`);
  if (r.received !== r.tokens) out.push(`${what}: ${int(r.tokens - r.received)} tokens lost (${int(r.received)} arrived)`);
  if (r.chars !== undefined && r.received === r.tokens && r.chars === 0) out.push(`${what}: nothing was written`);
  if (r.draftMatches === false) out.push(`${what}: the draft is not the answer: ${r.draftMismatch ?? ""}`);
  if (m.screenShowsTail === false) {
    out.push(`${what}: the last frame does not show the draft's last rows ${JSON.stringify(r.tailRows)}; the screen:`);
    out.push(...(m.screen ?? []).map((line) => `    |${line}`));
  }
  if (r.frames !== undefined && r.frames > frameBound(r.wallMs)) {
    out.push(`${what}: ${r.frames} frames in ${(r.wallMs / 1000).toFixed(2)} s, above ${frameBound(r.wallMs)}`);
  }
  return out;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function int(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

function short(n: number): string {
  return n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

function table(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return [line(header), ...body.map(line)].join("\n");
}
