import { describe, expect, it } from "vitest";
import { stamp, type EventInput } from "../../src/domain/events/events.js";
import { activeState, cockpitReducer, initialCockpitState, type CockpitAction, type CockpitState } from "../../src/tui/cockpitState.js";

const ev = (input: EventInput) => stamp(input);
const run = (state: CockpitState, ...actions: CockpitAction[]) => actions.reduce(cockpitReducer, state);
const planned = [
  { id: "T-001", title: "Add hello", owner: "worker" },
  { id: "T-002", title: "Add bye \x1b[31m", owner: "supervisor" },
];

describe("cockpitReducer", () => {
  it("starts every ticket pending, or committed when the repository already has its commit", () => {
    const state = initialCockpitState(planned, new Set(["T-002"]));
    expect(state.tickets.map((t) => [t.id, t.status])).toEqual([
      ["T-001", "pending"],
      ["T-002", "committed"],
    ]);
    expect(state.tickets[1]!.title).toBe("Add bye ");
  });

  it("follows a ticket from drafting through review and testing to committed", () => {
    let state = initialCockpitState(planned);
    state = run(state, ev({ type: "ticket.start", ticket: "T-001", title: "Add hello", owner: "worker" }));
    expect(activeState(state)).toBe("drafting");
    state = run(
      state,
      ev({ type: "prompt.built", ticket: "T-001", estimatedTokens: 900, numCtx: 1024, contextLength: 32768, files: ["a.js"], omitted: [] }),
      ev({ type: "edit.proposed", ticket: "T-001", file: "a.js", kind: "edit", hunks: [{ id: "h1", header: "@@ -1 +1 @@", added: 1, removed: 1 }] }),
      ev({ type: "edit.refused", ticket: "T-001", file: "b.js", reason: "not found: \x1b]0;x\x07here" }),
    );
    expect(state.prompt).toMatchObject({ estimatedTokens: 900, numCtx: 1024 });
    expect(run(state, ev({ type: "worker.start", ticket: "T-001", model: "m", host: "h" })).streaming).toBe(true);
    expect(state.review!.refusals).toEqual([{ file: "b.js", reason: "not found: here" }]);
    expect(activeState(state)).toBe("drafting");
    state = run(state, {
      type: "review.open",
      ticket: "T-001",
      files: [{ path: "a.js", kind: "edit", hunks: [{ id: "h1", header: "@@ -1 +1 @@", added: 1, removed: 1, lines: ["-a", "+b\x1b[2J"] }] }],
    });
    expect(activeState(state)).toBe("review");
    expect(state.review!.awaiting).toBe(true);
    expect(state.review!.files[0]!.hunks[0]!.lines).toEqual(["-a", "+b"]);
    state = run(
      state,
      ev({ type: "hunk.decision", ticket: "T-001", hunk: "h1", accepted: true }),
      ev({ type: "apply.done", ticket: "T-001", files: ["a.js"] }),
      ev({ type: "test.start", ticket: "T-001", command: "npm test" }),
    );
    expect(state.review!.awaiting).toBe(false);
    expect(activeState(state)).toBe("testing");
    state = run(
      state,
      ev({ type: "test.done", ticket: "T-001", command: "npm test", exitCode: 0, durationMs: 12, passed: true }),
      ev({ type: "commit.done", ticket: "T-001", sha: "abc123", message: "feat: x", files: ["a.js"] }),
      ev({ type: "ticket.done", ticket: "T-001", status: "committed" }),
    );
    expect(state.active).toBeNull();
    expect(state.tickets[0]).toMatchObject({ status: "committed", reason: null });
    expect(state.tests).toMatchObject({ runs: [{ command: "npm test", passed: true }], applied: ["a.js"], commit: { sha: "abc123" } });
  });

  it("keeps the reason a ticket ended as it did", () => {
    const state = run(
      initialCockpitState(planned),
      ev({ type: "ticket.start", ticket: "T-001", title: "Add hello", owner: "worker" }),
      ev({ type: "ticket.done", ticket: "T-001", status: "refused", reason: "a.js: the hunk's lines are not in the file" }),
    );
    expect(state.tickets[0]).toMatchObject({ status: "refused", reason: "a.js: the hunk's lines are not in the file" });
  });

  it("puts a ticket's warnings with its draft and ticket-less ones in the notice", () => {
    let state = run(
      initialCockpitState(planned),
      ev({ type: "warning", code: "interrupted_ticket", message: "journal left" }),
      ev({ type: "ticket.start", ticket: "T-001", title: "Add hello", owner: "worker" }),
      ev({ type: "warning", code: "prompt_truncated", ticket: "T-001", message: "cut" }),
    );
    expect(state.notice).toMatchObject({ level: "warn", code: "interrupted_ticket" });
    expect(state.notes).toEqual([{ level: "warn", code: "prompt_truncated", text: "cut" }]);
    state = run(state, ev({ type: "error", code: "worker_unreachable", message: "cannot reach Ollama" }));
    expect(state.notice).toMatchObject({ level: "error" });
    state = run(state, ev({ type: "ticket.start", ticket: "T-002", title: "Add bye", owner: "supervisor" }));
    expect(state.notice).toBeNull();
    expect(state.notes).toEqual([]);
    // What was said about another ticket's commit goes when the next ticket starts.
    state = run(state, ev({ type: "warning", code: "left_uncommitted", message: "T-002 is applied and uncommitted" }));
    expect(state.notice).toMatchObject({ code: "left_uncommitted" });
    state = run(state, ev({ type: "ticket.start", ticket: "T-001", title: "Add hello", owner: "worker" }));
    expect(state.notice).toBeNull();
  });

  it("returns the same state for events that are not its business", () => {
    const state = initialCockpitState(planned);
    expect(cockpitReducer(state, ev({ type: "worker.token", ticket: "T-001", text: "x" }))).toBe(state);
    expect(cockpitReducer(state, ev({ type: "test.output", ticket: "T-001", stream: "stdout", line: "x" }))).toBe(state);
  });

  it("notes that quit was asked", () => {
    expect(cockpitReducer(initialCockpitState(planned), { type: "cockpit.quitting" }).quitting).toBe(true);
  });
});
