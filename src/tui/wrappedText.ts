import { wrapLine } from "./wrapText.js";

/**
 * The worker's draft as rows of the pane's width, kept incrementally: a
 * token only re-wraps the last row of the line it lands on, never the whole
 * draft, so a long answer costs the same per token as a short one. A width
 * change (a resize) re-wraps everything once.
 */
export class WrappedText {
  /** Logical lines that have ended, kept for re-wrapping at another width. */
  private readonly lines: string[] = [];
  /** Rows of the ended lines: final until the width changes. */
  private readonly doneRows: string[] = [];
  /** Rows of the line still being written; only its last row can change. */
  private currentRows: string[] = [""];
  /** The line being written, whole, for re-wrapping at another width. */
  private partial = "";

  constructor(private width: number) {}

  get rowCount(): number {
    return this.doneRows.length + this.currentRows.length;
  }

  /** True while nothing has been written. */
  get empty(): boolean {
    return this.doneRows.length === 0 && this.currentRows.length === 1 && this.currentRows[0] === "";
  }

  row(index: number): string {
    const done = this.doneRows.length;
    return index < done ? this.doneRows[index]! : (this.currentRows[index - done] ?? "");
  }

  rows(start: number, end: number): string[] {
    const out: string[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.rowCount); i++) out.push(this.row(i));
    return out;
  }

  /** Text that is already safe to show (sanitised, tabs expanded). */
  append(text: string): void {
    const parts = text.split("\n");
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) this.endLine();
      if (parts[i]) this.extendCurrent(parts[i]!);
    }
  }

  setWidth(width: number): void {
    if (width === this.width || width < 1) return;
    this.width = width;
    this.doneRows.length = 0;
    for (const line of this.lines) this.doneRows.push(...wrapLine(line, width));
    this.currentRows = wrapLine(this.partial, width);
  }

  clear(): void {
    this.lines.length = 0;
    this.doneRows.length = 0;
    this.currentRows = [""];
    this.partial = "";
  }


  private extendCurrent(text: string): void {
    this.partial += text;
    // Greedy wrapping: every row before the last is final, so re-wrap from the last row's start only.
    const last = this.currentRows.pop()!;
    this.currentRows.push(...wrapLine(last + text, this.width));
  }

  private endLine(): void {
    this.lines.push(this.partial);
    this.doneRows.push(...this.currentRows);
    this.partial = "";
    this.currentRows = [""];
  }
}
