import { afterEach, describe, expect, it } from "vitest";
import { proposeFromAnswer } from "../../src/domain/edits/index.js";
import { createOllamaWorker } from "../../src/adapters/worker/ollamaWorker.js";
import { DEMO_CHANGES, DEMO_FILES } from "../../src/demo/demoProject.js";
import {
  DEMO_DRAFTS,
  DEMO_MODEL,
  UNKNOWN_TICKET_ANSWER,
  demoReplies,
  demoTicketOf,
  tokenize,
} from "../../src/demo/demoScript.js";
import { startDemoWorker } from "../../src/demo/demoWorker.js";
import type { ScriptedOllama } from "../../src/demo/ollamaServer/scriptedOllama.js";

const read = (file: string): string | null => DEMO_FILES[file] ?? null;
const view = (prompt: string) => ({
  model: DEMO_MODEL,
  messages: [
    { role: "system", content: "You are a code implementation worker." },
    { role: "user", content: prompt },
  ],
  options: { num_ctx: 8192 },
  body: {},
});

describe("the demo drafts", () => {
  it.each(Object.keys(DEMO_CHANGES))("%s applies cleanly to the untouched project and gives the planned files", (id) => {
    const proposal = proposeFromAnswer(DEMO_DRAFTS[id]!, {}, read);
    expect(proposal.refusals).toEqual([]);
    const after = Object.fromEntries(proposal.changes.map((c) => [c.path, c.after]));
    expect(after).toEqual(Object.fromEntries(DEMO_CHANGES[id]!.map((c) => [c.path, c.after])));
  });

  it("come in three shapes: a fenced diff with prose, NEW FILE blocks, a bare git diff", () => {
    expect(DEMO_DRAFTS["T-001"]).toMatch(/^\w.*\n\n```diff\n--- a\/src\/strings\.js\n/);
    expect(DEMO_DRAFTS["T-002"]).toMatch(/^=== NEW FILE: src\/truncate\.js ===\n```js\n/);
    expect(DEMO_DRAFTS["T-003"]).toMatch(/^diff --git a\/src\/strings\.js b\/src\/strings\.js\n/);
  });

  it("are cut into token-sized pieces that join back to the exact text", () => {
    for (const draft of Object.values(DEMO_DRAFTS)) {
      const pieces = tokenize(draft);
      expect(pieces.join("")).toBe(draft);
      expect(pieces.length).toBeGreaterThan(draft.length / 6);
    }
  });
});

describe("the demo script", () => {
  it("answers a ticket by the id in the prompt's heading", () => {
    const reply = demoReplies();
    expect(reply(view("# Ticket T-003: fix(strings): …\n\n## Files\nsrc/strings.js")).chunks?.join("")).toBe(DEMO_DRAFTS["T-003"]);
    expect(reply(view("# Ticket T-001: Add a slugify helper")).chunks?.join("")).toBe(DEMO_DRAFTS["T-001"]);
  });

  it("says it is a scripted demo worker when the prompt is about no demo ticket", () => {
    expect(demoTicketOf("Write a TypeScript isEven(n)")).toBeNull();
    const reply = demoReplies()(view("Write a TypeScript isEven(n)"));
    expect(reply.chunks?.join("")).toBe(UNKNOWN_TICKET_ANSWER);
    expect(UNKNOWN_TICKET_ANSWER).toMatch(/demo worker, not a real model/);
  });

  it("loads the model on the first request only, and reports a rate near 60 tokens/s", () => {
    const reply = demoReplies();
    const first = reply(view("# Ticket T-001: x"));
    const second = reply(view("# Ticket T-002: x"));
    expect(first.loadMs).toBeGreaterThan(second.loadMs!);
    expect(first.firstChunkDelayMs).toBeGreaterThanOrEqual(first.loadMs!);
    for (const r of [first, second]) {
      expect(r.tokensPerSec).toBeGreaterThan(55);
      expect(r.tokensPerSec).toBeLessThan(65);
      expect(typeof r.chunkDelayMs).toBe("function");
    }
  });
});

describe("the demo worker, through haco's Ollama client", () => {
  let server: ScriptedOllama | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("serves only the demo model, streams the ticket's draft with stats, and shows as 100% GPU", async () => {
    // A fast pace: the stream's shape is under test here, not its speed.
    server = await startDemoWorker({ tokensPerSec: 5000, coldLoadMs: 0, warmLoadMs: 0 });
    const worker = createOllamaWorker({ host: server.url });

    const info = await worker.preflight(DEMO_MODEL);
    expect(info.contextLength).toBe(32_768);
    await expect(worker.preflight("qwen2.5-coder:7b")).rejects.toMatchObject({ code: "model_missing" });

    const tokens: string[] = [];
    const result = await worker.generate({
      model: DEMO_MODEL,
      system: "You are a code implementation worker.",
      prompt: "# Ticket T-002: Add truncate for post previews\n",
      numCtx: 8192,
      onToken: (t) => tokens.push(t),
      firstTokenTimeoutMs: 10_000,
      stallTimeoutMs: 10_000,
    });
    expect(result.text).toBe(DEMO_DRAFTS["T-002"]);
    expect(tokens).toEqual(tokenize(DEMO_DRAFTS["T-002"]!));
    expect(result.tokens).toBe(tokens.length);
    expect(result.tokensPerSec).toBeGreaterThan(4000);
    expect(result.promptTokens).toBeGreaterThan(0);
    expect(result.model).toBe("haco-demo-worker:7b");

    const vram = await worker.vram(DEMO_MODEL);
    expect(vram).toMatchObject({ gpuPercent: 100, processor: "100% GPU", contextLength: 8192 });
    expect(vram!.size).toBe(vram!.sizeVram);
  });
});
