import { describe, expect, it } from "vitest";
import { loadCases, runCase } from "./corpusCases.js";

const cases = loadCases();

describe("edit corpus", () => {
  it("holds the eight shared samples and at least ten cases of our own", () => {
    const ids = cases.map((c) => c.id);
    for (const id of ["006", "013", "038", "056", "061", "062", "064", "067"]) {
      expect(ids.some((x) => x.startsWith(`${id}-`))).toBe(true);
    }
    expect(cases.filter((c) => c.id.startsWith("h")).length).toBeGreaterThanOrEqual(10);
  });

  describe.each(cases.filter((c) => c.expect === "apply").map((c) => [c.id, c] as const))("apply %s", (_id, c) => {
    it("proposes without refusals and writes exactly after/", () => {
      const { proposal, written } = runCase(c);
      expect(proposal.refusals).toEqual([]);
      for (const [file, content] of c.after) {
        expect(written.get(file), `${file} as written`).toBe(content);
      }
      for (const [file, content] of c.before) {
        if (c.after.has(file)) continue;
        if (c.deleted.includes(file)) expect(written.has(file), `${file} is deleted`).toBe(false);
        else expect(written.get(file), `${file} is untouched`).toBe(content);
      }
      const expected = new Set([...c.before.keys(), ...c.after.keys()].filter((f) => !c.deleted.includes(f)));
      expect(new Set(written.keys())).toEqual(expected);
    });

    it("links both halves of every rename, so a caller can move the file", () => {
      const { proposal } = runCase(c);
      for (const change of proposal.changes.filter((ch) => ch.renamedFrom !== undefined)) {
        expect(change.kind).toBe("create");
        const source = proposal.changes.find((ch) => ch.path === change.renamedFrom);
        expect(source, `the deletion of ${change.renamedFrom}`).toMatchObject({ kind: "delete", renamedTo: change.path });
        expect(c.deleted).toContain(change.renamedFrom);
      }
      for (const change of proposal.changes.filter((ch) => ch.renamedTo !== undefined)) {
        expect(proposal.changes.some((ch) => ch.path === change.renamedTo && ch.renamedFrom === change.path)).toBe(true);
      }
    });

    it("gives every hunk a unique id and a header with true numbers", () => {
      const { proposal } = runCase(c);
      const ids = proposal.changes.flatMap((ch) => ch.hunks.map((h) => h.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(ids.map((_, i) => `h${i + 1}`));
      for (const hunk of proposal.changes.flatMap((ch) => ch.hunks)) {
        expect(hunk.header).toBe(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
      }
    });
  });

  describe.each(cases.filter((c) => c.expect === "refuse").map((c) => [c.id, c] as const))("refuse %s", (_id, c) => {
    it("reports a refusal with a reason, so nothing is written", () => {
      const { proposal } = runCase(c);
      expect(proposal.refusals.length).toBeGreaterThan(0);
      for (const r of proposal.refusals) expect(r.reason.length).toBeGreaterThan(20);
      if (c.refusalCode !== undefined) {
        expect(proposal.refusals.map((r) => r.code)).toContain(c.refusalCode);
      }
    });
  });
});
