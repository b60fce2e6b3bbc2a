import { describe, expect, it } from "vitest";
import { titledTickets } from "../../../src/adapters/supervisor/planProgress.js";

/** What plan.progress reports from a partial plan-tool input: only titles that have arrived. */
describe("titledTickets", () => {
  it("leaves out a ticket whose object has begun but whose title has not arrived", () => {
    expect(titledTickets({ tickets: [{ title: "Add div" }, {}] })).toEqual(["Add div"]);
    expect(titledTickets({ tickets: [{ id: "T-001" }] })).toEqual([]);
  });

  it("keeps the order of the tickets, skipping one still without a title", () => {
    expect(titledTickets({ tickets: [{ title: "First" }, { id: "T-002" }, { title: "Third" }] })).toEqual(["First", "Third"]);
  });

  it("counts nothing before the tickets array has begun, or when it is not one", () => {
    expect(titledTickets(undefined)).toEqual([]);
    expect(titledTickets(null)).toEqual([]);
    expect(titledTickets({ summary: "One ticket." })).toEqual([]);
    expect(titledTickets({ tickets: "not yet" })).toEqual([]);
    expect(titledTickets({ tickets: [null, 3] })).toEqual([]);
  });

  it("strips terminal escapes from a title, and leaves out one that was nothing else, or no string", () => {
    expect(titledTickets({ tickets: [{ title: "\u001b[31mRed\u001b[0m" }, { title: "\u001b[2J" }, { title: 42 }, { title: "" }] })).toEqual(["Red"]);
  });
});
