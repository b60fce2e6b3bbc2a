import { describe, expect, it } from "vitest";
import { parseSince } from "../../../src/session/stats/since.js";
import { UsageError } from "../../../src/domain/errors.js";

const NOW = new Date("2025-03-10T12:00:00.000Z");

describe("parseSince", () => {
  it("reads a date as the start of that day in UTC", () => {
    expect(parseSince("2025-03-05", NOW).toISOString()).toBe("2025-03-05T00:00:00.000Z");
  });

  it("reads a date and time, UTC without a zone", () => {
    expect(parseSince("2025-03-05T14:00Z", NOW).toISOString()).toBe("2025-03-05T14:00:00.000Z");
    expect(parseSince("2025-03-05T14:00:30", NOW).toISOString()).toBe("2025-03-05T14:00:30.000Z");
    expect(parseSince("2025-03-05T14:00:00+02:00", NOW).toISOString()).toBe("2025-03-05T12:00:00.000Z");
  });

  it("reads a span back from now", () => {
    expect(parseSince("7d", NOW).toISOString()).toBe("2025-03-03T12:00:00.000Z");
    expect(parseSince("12h", NOW).toISOString()).toBe("2025-03-10T00:00:00.000Z");
    expect(parseSince("2w", NOW).toISOString()).toBe("2025-02-24T12:00:00.000Z");
    expect(parseSince("0d", NOW).toISOString()).toBe(NOW.toISOString());
  });

  it("refuses anything else with what it takes", () => {
    for (const bad of ["", "yesterday", "7", "7y", "2025-02-30", "2025-3-5", "-7d"]) {
      expect(() => parseSince(bad, NOW)).toThrow(UsageError);
    }
    expect(() => parseSince("soon", NOW)).toThrow(/--since "soon": expected a date \(2025-03-05\).*\(12h, 7d, 2w\)/);
  });
});
