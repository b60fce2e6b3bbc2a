import { afterEach, describe, expect, it } from "vitest";
import { cleanup } from "ink-testing-library";
import { stamp, type EventInput, type VramReadout } from "../../src/domain/events/events.js";
import { FRAME_MS } from "../../src/tui/frameScheduler.js";
import { staticCockpit, type StaticCockpit } from "./staticCockpit.js";
import { fitsTerminal, press, renderAt, screen, type Rendered } from "./renderAt.js";

afterEach(() => cleanup());

const text = (r: Rendered) => screen(r).join("\n");

async function started(columns = 100, rows = 30): Promise<{ app: StaticCockpit; r: Rendered; emit: (e: EventInput) => void; frame: () => Promise<void> }> {
  const app = staticCockpit();
  const r = await renderAt(app.element, columns, rows);
  const emit = (input: EventInput) => app.emit(stamp(input));
  const frame = async () => {
    app.timers.advance(FRAME_MS);
    await press(r);
  };
  emit({ type: "ticket.start", ticket: "T-001", title: "Ticket number 1", owner: "worker" });
  await frame();
  return { app, r, emit, frame };
}

const done = (over: Partial<{ vram: VramReadout | null; promptTokens: number | null }> = {}): EventInput => ({
  type: "worker.done",
  ticket: "T-001",
  model: "qwen2.5-coder:7b",
  tokens: 500,
  tokensPerSec: 41.5,
  ttftMs: 812,
  totalMs: 12_000,
  promptTokens: over.promptTokens ?? 600,
  loadMs: 1500,
  doneReason: "stop",
  vram: over.vram ?? null,
});

describe("the Worker pane", () => {
  it("shows the phase while the model loads, reads the prompt, then generates", async () => {
    const { app, r, emit, frame } = await started();
    emit({ type: "prompt.built", ticket: "T-001", estimatedTokens: 600, numCtx: 8192, contextLength: 32768, files: [], omitted: [] });
    emit({ type: "worker.start", ticket: "T-001", model: "qwen2.5-coder:7b", host: "http://127.0.0.1:11434" });
    await frame();
    expect(text(r)).toContain("loading model");
    app.stream.setLoadProbe({ size: 5e9, sizeVram: 5e9, gpuPercent: 100, processor: "100% GPU", contextLength: 8192 });
    await frame();
    expect(text(r)).toContain("reading prompt");
    expect(text(r)).toContain("VRAM 5.0 GB 100% GPU");
    app.timers.advance(700);
    for (let i = 0; i < 40; i++) {
      emit({ type: "worker.token", ticket: "T-001", text: "word " });
      app.timers.advance(25);
    }
    await frame();
    const screenText = text(r);
    expect(screenText).toContain("generating");
    expect(screenText).toContain("qwen2.5-coder:7b @ 127.0.0.1:11434");
    expect(screenText).toMatch(/40 tok +\d\d\.\d tok\/s \(live\) +TTFT 7\d\d ms/);
    expect(screenText).toContain("prompt ≈600/8.2k ctx (7%)");
    expect(screenText).toMatch(/tok\/s [▁▂▃▄▅▆▇█]+/);
  });

  it("warns when the prompt nears the context window or was cut, and when the model spills onto the CPU", async () => {
    const { app, r, emit, frame } = await started();
    emit({ type: "prompt.built", ticket: "T-001", estimatedTokens: 950, numCtx: 1024, contextLength: 32768, files: [], omitted: ["big.ts"] });
    emit({ type: "worker.start", ticket: "T-001", model: "qwen2.5-coder:7b", host: "http://127.0.0.1:11434" });
    await frame();
    expect(text(r)).toContain("(93%) near the window's edge");
    emit(done({ promptTokens: 1023, vram: { size: 8e9, sizeVram: 2e9, gpuPercent: 25, processor: "75%/25% CPU/GPU", contextLength: 1024 } }));
    emit({ type: "warning", code: "prompt_truncated", ticket: "T-001", message: "the worker read 1023 prompt tokens with num_ctx 1024" });
    app.stream.setGpu(null);
    await frame();
    const screenText = text(r);
    expect(screenText).toContain("prompt 1.0k/1.0k ctx (100%) cut by the server");
    expect(screenText).toContain("! the worker read 1023 prompt tokens");
    expect(screenText).toContain("VRAM 8.0 GB 75%/25% CPU/GPU part runs on the CPU");
    expect(screenText).toContain("GPU n/a");
    expect(screenText).toMatch(/500 tok +41\.5 tok\/s \(eval\) +TTFT 812 ms +load 1\.5 s/);
  });

  it("shows the GPU line from the poller", async () => {
    const { app, r, emit, frame } = await started();
    emit({ type: "worker.start", ticket: "T-001", model: "m", host: "http://h" });
    app.stream.setGpu({ source: "nvidia-smi", devices: [{ index: 0, name: "NVIDIA GeForce RTX 4090", memoryUsedMiB: 18_329, memoryTotalMiB: 24_564, utilizationPct: 97 }] });
    await frame();
    expect(text(r)).toContain("GPU GPU0 RTX 4090 17.9/24.0 GiB 97%");
  });

  it("draws only the rows that fit, following the tail; once done, scrolls back to the start", async () => {
    const { r, emit, frame } = await started(60, 20);
    emit({ type: "worker.start", ticket: "T-001", model: "m", host: "http://h" });
    for (let i = 0; i < 500; i++) emit({ type: "worker.token", ticket: "T-001", text: `line ${i}\n` });
    await frame();
    expect(text(r)).toContain("line 499");
    expect(text(r)).not.toMatch(/line 0\b/);
    await press(r, "k");
    expect(screen(r).at(-1)).toContain("the draft follows its tail while it streams");
    emit(done());
    await frame();
    await press(r, "2", "g");
    expect(text(r)).toMatch(/line 0\b/);
    expect(text(r)).not.toContain("line 499");
    await press(r, "G");
    expect(text(r)).toContain("line 499");
    expect(fitsTerminal(screen(r), 60, 20)).toBe(true);
  });
});

describe("the Review pane", () => {
  it("shows the proposed hunks and the refusals with their reasons, scrollable, when no reviewer holds them", async () => {
    const { app, r, emit } = await started(100, 30);
    emit({ type: "edit.refused", ticket: "T-001", file: "src/b.ts", reason: "the hunk's old lines are not in src/b.ts; the closest lines are 12–14" });
    app.session.dispatch({
      type: "review.open",
      ticket: "T-001",
      files: [
        {
          path: "src/a.ts",
          kind: "edit",
          hunks: [{ id: "h1", header: "@@ -1,2 +1,2 @@", added: 1, removed: 1, lines: [" keep", "-old", ...Array.from({ length: 40 }, (_, i) => `+new ${i}`)] }],
        },
      ],
    });
    await press(r);
    const screenText = text(r);
    expect(screenText).toContain("T-001: 1 file, 1 hunk — waiting for the reviewer");
    expect(screenText).toContain("▸ src/a.ts (edit) +1 −1");
    expect(screenText).toContain("-old");
    expect(screen(r).at(-1)).not.toContain("y accept");
    await press(r, "G");
    expect(text(r)).toContain("✗ src/b.ts: the hunk's old lines are not in src/b.ts");
    expect(text(r)).not.toContain("-old");
  });
});

describe("the Tests pane", () => {
  it("shows the output as it arrives, sanitised, and the result", async () => {
    const { r, emit, frame } = await started(100, 30);
    emit({ type: "apply.done", ticket: "T-001", files: ["a.js"] });
    emit({ type: "test.start", ticket: "T-001", command: "npm test" });
    for (let i = 0; i < 100; i++) emit({ type: "test.output", ticket: "T-001", stream: "stdout", line: `\x1b[32m✓\x1b[0m case ${i}` });
    emit({ type: "test.done", ticket: "T-001", command: "npm test", exitCode: 1, durationMs: 2300, passed: false });
    emit({ type: "rollback.done", ticket: "T-001", files: ["a.js"] });
    await frame();
    await press(r, "4");
    const screenText = text(r);
    expect(screenText).toContain("✓ case 99");
    expect(screenText).toContain("✗ exit 1 after 2.3 s");
    expect(screenText).toContain("restored a.js");
    expect(screenText).toContain("failed · files restored");
    expect(r.lastFrame()).not.toContain("\x1b[32m");
    await press(r, "g");
    expect(text(r)).toContain("$ npm test");
  });
});
