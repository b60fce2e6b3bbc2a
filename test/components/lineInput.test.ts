import { describe, expect, it } from "vitest";
import { applyErasures } from "../../components/LineInput.js";

describe("applyErasures", () => {
  it("lets each Backspace (DEL or BS) erase the character before it, and drops other control characters", () => {
    expect(applyErasures("feat: x\x7f\x7fy")).toBe("feat:y");
    expect(applyErasures("ab\b\bc")).toBe("c");
    expect(applyErasures("\x7f\x7fa")).toBe("a");
    expect(applyErasures("a\x1bb\x07c\r")).toBe("abc\r");
  });
});
