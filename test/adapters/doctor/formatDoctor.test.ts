import { describe, expect, it } from "vitest";
import { reportOf } from "../../../src/adapters/doctor/check.js";
import { formatDoctor } from "../../../src/adapters/doctor/formatDoctor.js";

const report = reportOf([
  { name: "node", status: "ok", detail: "v20.11.0 (haco needs 20.3.0 or newer)" },
  { name: "anthropic key", status: "warn", detail: "ANTHROPIC_API_KEY is not set", fix: "export ANTHROPIC_API_KEY=<your key>" },
  { name: "worker 127.0.0.1:11434", status: "fail", detail: "cannot reach Ollama \u001b[2Jat http://127.0.0.1:11434", fix: "ollama serve" },
]);

describe("formatDoctor", () => {
  it("prints one line a check with ✓ ! ✗, the fix under warnings and failures, and a count", () => {
    expect(formatDoctor(report, { colour: false })).toBe(
      [
        "✓ node                    v20.11.0 (haco needs 20.3.0 or newer)",
        "! anthropic key           ANTHROPIC_API_KEY is not set",
        "                          fix: export ANTHROPIC_API_KEY=<your key>",
        "✗ worker 127.0.0.1:11434  cannot reach Ollama at http://127.0.0.1:11434",
        "                          fix: ollama serve",
        "",
        "1 ok, 1 warning, 1 failure — fix the failures above (✗)",
        "",
      ].join("\n"),
    );
  });

  it("colours only the symbols, and only when asked", () => {
    const coloured = formatDoctor(report, { colour: true });
    expect(coloured).toContain("\u001b[32m✓\u001b[0m node");
    expect(coloured).toContain("\u001b[31m✗\u001b[0m worker");
    expect(formatDoctor(report, { colour: false })).not.toContain("\u001b");
  });

  it("says haco is ready when nothing failed", () => {
    const clean = formatDoctor(reportOf([{ name: "node", status: "ok", detail: "v22" }]), { colour: false });
    expect(clean).toContain("1 ok, 0 warnings, 0 failures — haco is ready");
    expect(reportOf([{ name: "x", status: "warn", detail: "y" }]).ok).toBe(true);
    expect(report.ok).toBe(false);
  });
});
