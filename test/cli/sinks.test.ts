import { describe, expect, it } from "vitest";
import { ndjsonSink } from "../../src/cli/sinks.js";
import type { HacoEvent } from "../../src/domain/events/events.js";

describe("ndjsonSink", () => {
  it("writes C1 controls as \\u escapes, so a raw CSI never reaches the terminal, and the event reads back the same", () => {
    const lines: string[] = [];
    const event = { type: "worker.token", ticket: "T-001", text: "a\u009b[2Jb\u0085", ts: "2026-01-01T00:00:00.000Z" } as HacoEvent;
    ndjsonSink((line) => lines.push(line))(event);
    expect(lines).toEqual(['{"type":"worker.token","ticket":"T-001","text":"a\\u009b[2Jb\\u0085","ts":"2026-01-01T00:00:00.000Z"}\n']);
    expect(JSON.parse(lines[0]!)).toEqual(event);
  });
});
