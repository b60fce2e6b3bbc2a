import { describe, expect, it } from "vitest";
import { estimateTokens, pickNumCtx } from "../../../src/domain/prompt/tokens.js";

describe("num_ctx sizing", () => {
  it("rounds the need up to a fixed step so the model is not reloaded for every ticket", () => {
    expect(pickNumCtx(100, 32768)).toBe(4096);
    expect(pickNumCtx(4097, 32768)).toBe(8192);
    expect(pickNumCtx(20_000, 32768)).toBe(32768);
  });

  it("never exceeds the cap (the model's context length or the configured maximum)", () => {
    expect(pickNumCtx(20_000, 16384)).toBe(16384);
    expect(pickNumCtx(100, 2048)).toBe(2048);
  });

  it("estimates more tokens for longer text", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("x".repeat(320))).toBe(100);
  });
});
