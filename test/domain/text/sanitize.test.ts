import { describe, expect, it } from "vitest";
import { sanitizeForTerminal } from "../../../src/domain/text/sanitize.js";

describe("sanitizeForTerminal", () => {
  it("drops escape sequences and control characters but keeps newlines and tabs", () => {
    const hostile = "ok\u001b[2J\u001b]0;pwned\u0007 done\tx\n\u0008next\u0000";
    expect(sanitizeForTerminal(hostile)).toBe("ok done\tx\nnext");
    // A lone C1 CSI (0x9b) starts a sequence too: "\u009b6n" asks the terminal to report its cursor.
    expect(sanitizeForTerminal("a\u009b6nb")).toBe("ab");
  });

  it("leaves ordinary text, including non-ASCII, alone", () => {
    expect(sanitizeForTerminal("crème brûlée → ✓\n")).toBe("crème brûlée → ✓\n");
  });
});
