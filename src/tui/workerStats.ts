import { formatGpu } from "../domain/gpu/formatGpu.js";
import type { Token } from "../../themes/theme.js";
import type { Note, PromptInfo } from "./cockpitState.js";
import { formatBytes, formatCount, formatDuration, formatRate, percent, sparkline } from "./format.js";
import { seg, type Segment, type StyledRow } from "./styledRow.js";
import type { WorkerPhase, WorkerStreamSnapshot } from "./workerStream.js";

/**
 * The Worker pane's stat rows, as a pure function of one stream snapshot
 * and the session's prompt info: phase, speed, context use, memory. A short
 * pane gets the compact form (two rows).
 */

const PHASES: Record<WorkerPhase, { label: string; token: Token }> = {
  idle: { label: "idle", token: "text.muted" },
  prompt: { label: "building prompt", token: "status.pending" },
  loading: { label: "loading model", token: "status.pending" },
  reading: { label: "reading prompt", token: "status.pending" },
  generating: { label: "generating", token: "status.running" },
  done: { label: "done", token: "status.ok" },
  aborted: { label: "aborted", token: "status.warn" },
  failed: { label: "failed", token: "status.error" },
};

/** Above this share of the context window the prompt is close to being cut. */
export const CONTEXT_WARN_PERCENT = 90;

export interface WorkerStatsInput {
  stream: WorkerStreamSnapshot;
  prompt: PromptInfo | null;
  notes: readonly Note[];
  model: string;
  host: string;
  width: number;
  compact: boolean;
}

export function workerStatRows(input: WorkerStatsInput): StyledRow[] {
  const { stream, compact } = input;
  const phase = PHASES[stream.phase];
  const elapsed = stream.startedAt === null ? null : (stream.endedAt ?? stream.now) - stream.startedAt;
  const head: StyledRow = [
    seg(`● ${phase.label}`, phase.token, true),
    seg(`  ${stream.model ?? input.model} @ ${shortHost(stream.host ?? input.host)}`, "text.secondary"),
    ...(elapsed === null ? [] : [seg(`  ${formatDuration(elapsed)}`, "text.muted")]),
  ];
  const speed = speedSegments(stream);
  const context = contextSegments(input);
  const notes = input.notes.map((n): StyledRow => [seg(`${n.level === "error" ? "✗" : "!"} ${n.text}`, n.level === "error" ? "status.error" : "status.warn")]);
  if (stream.error && !input.notes.some((n) => n.text === stream.error)) notes.push([seg(`✗ ${stream.error}`, "status.error")]);
  if (compact) return [head, [...speed, seg("  "), ...context], ...notes.slice(-1)];
  const spark = sparkline(stream.rates, Math.max(0, input.width - 7));
  return [
    head,
    speed,
    context,
    [seg("tok/s ", "text.muted"), seg(spark || "–", "sparkline")],
    memorySegments(stream),
    ...notes.slice(-2),
  ];
}

function speedSegments(stream: WorkerStreamSnapshot): Segment[] {
  const out: Segment[] = [seg(`${formatCount(stream.tokens)} tok`, "text.primary", true)];
  if (stream.final) {
    out.push(seg(`  ${formatRate(stream.final.tokensPerSec)} tok/s`, "text.primary"), seg(" (eval)", "text.muted"));
  } else {
    out.push(seg(`  ${formatRate(stream.liveRate)} tok/s`, "text.primary"), seg(" (live)", "text.muted"));
  }
  const ttft = stream.final?.ttftMs ?? (stream.firstTokenAt !== null && stream.startedAt !== null ? stream.firstTokenAt - stream.startedAt : null);
  out.push(seg(`  TTFT ${formatDuration(ttft)}`, "text.secondary"));
  if (stream.final?.loadMs) out.push(seg(`  load ${formatDuration(stream.final.loadMs)}`, "text.muted"));
  return out;
}

function contextSegments(input: WorkerStatsInput): Segment[] {
  const { prompt, stream } = input;
  if (!prompt || prompt.ticket !== stream.ticket) return [seg("prompt –", "text.muted")];
  const measured = stream.final?.promptTokens ?? null;
  const tokens = measured ?? prompt.estimatedTokens;
  const share = percent(tokens, prompt.numCtx);
  const truncated = input.notes.some((n) => n.code === "prompt_truncated");
  const warn = truncated || share > CONTEXT_WARN_PERCENT;
  const out = [
    seg(`prompt ${measured === null ? "≈" : ""}${formatCount(tokens)}/${formatCount(prompt.numCtx)} ctx (${share}%)`, warn ? "status.warn" : "text.secondary", warn),
  ];
  if (truncated) out.push(seg(" cut by the server", "status.warn"));
  else if (warn) out.push(seg(" near the window's edge", "status.warn"));
  if (prompt.omitted.length > 0) out.push(seg(`  left out ${prompt.omitted.length} file(s)`, "text.muted"));
  return out;
}

function memorySegments(stream: WorkerStreamSnapshot): Segment[] {
  const out: Segment[] = [];
  const vram = stream.vram;
  if (vram) {
    const partCpu = vram.gpuPercent !== null && vram.gpuPercent < 100;
    out.push(seg(`VRAM ${formatBytes(vram.size)} ${vram.processor}`, partCpu ? "status.warn" : "text.secondary", partCpu));
    if (partCpu) out.push(seg(" part runs on the CPU (slower)", "status.warn"));
  } else {
    out.push(seg("VRAM –", "text.muted"));
  }
  const gpu = stream.gpu === undefined ? "…" : formatGpu(stream.gpu);
  out.push(seg(`  GPU ${gpu}`, "text.muted"));
  return out;
}

/** Stats rows plus the rows left for the draft in a pane of `height` rows (the pane and the scroll keys agree on it). */
export function workerPaneRows(input: Omit<WorkerStatsInput, "compact">, height: number): { stats: StyledRow[]; draftHeight: number } {
  const stats = workerStatRows({ ...input, compact: height < FULL_STATS_MIN_ROWS }).slice(0, height);
  return { stats, draftHeight: Math.max(0, height - stats.length) };
}

/** Stats that fit a pane shorter than this are squeezed into two rows. */
export const FULL_STATS_MIN_ROWS = 10;

/** "http://127.0.0.1:11434" → "127.0.0.1:11434": the scheme is noise on a narrow line. */
export function shortHost(host: string): string {
  return host.replace(/^https?:\/\//, "").replace(/\/$/, "");
}

/** One-row summary for the collapsed pane. */
export function workerSummary(stream: WorkerStreamSnapshot): string {
  if (stream.phase === "idle") return "idle";
  const rate = stream.final ? stream.final.tokensPerSec : stream.liveRate;
  return `${PHASES[stream.phase].label} · ${formatCount(stream.tokens)} tok · ${formatRate(rate)} tok/s`;
}
