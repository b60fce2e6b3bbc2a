import { sanitizeForTerminal } from "../../domain/text/sanitize.js";
import type { CheckStatus, DoctorReport } from "./check.js";

const SYMBOL: Record<CheckStatus, string> = { ok: "✓", warn: "!", fail: "✗" };
/** Only on a terminal without NO_COLOR; the symbols alone carry the meaning. */
const COLOUR: Record<CheckStatus, string> = { ok: "\u001b[32m", warn: "\u001b[33m", fail: "\u001b[31m" };
const RESET = "\u001b[0m";

/**
 * The report for people: one line a check (symbol, name, what was found),
 * the fix indented under every warning and failure, and a count. Text from
 * servers and files (versions, model names, plan errors) is made safe first.
 */
export function formatDoctor(report: DoctorReport, options: { colour: boolean }): string {
  const lines: string[] = [];
  const width = Math.min(24, Math.max(...report.checks.map((c) => c.name.length)));
  for (const check of report.checks) {
    const symbol = options.colour ? `${COLOUR[check.status]}${SYMBOL[check.status]}${RESET}` : SYMBOL[check.status];
    const name = sanitizeForTerminal(check.name);
    lines.push(`${symbol} ${name.padEnd(width)}  ${sanitizeForTerminal(check.detail)}`);
    if (check.fix && check.status !== "ok") lines.push(`  ${" ".repeat(width)}  fix: ${sanitizeForTerminal(check.fix)}`);
  }
  const count = (status: CheckStatus) => report.checks.filter((c) => c.status === status).length;
  const warnings = count("warn");
  const failures = count("fail");
  lines.push(
    "",
    `${count("ok")} ok, ${warnings} warning${warnings === 1 ? "" : "s"}, ${failures} failure${failures === 1 ? "" : "s"}` +
      (report.ok ? (warnings > 0 ? " — haco can run; the warnings say what is off" : " — haco is ready") : " — fix the failures above (✗)"),
  );
  return `${lines.join("\n")}\n`;
}
