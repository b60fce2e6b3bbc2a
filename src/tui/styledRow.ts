import type { Token } from "../../themes/theme.js";

/**
 * A row of a pane as data: segments of text, each with a semantic colour
 * token. Pure code builds rows (testable without a terminal); one component
 * draws them.
 */
export interface Segment {
  text: string;
  token?: Token;
  bold?: boolean;
  dim?: boolean;
}

export type StyledRow = Segment[];

export const seg = (text: string, token?: Token, bold = false): Segment => ({ text, ...(token ? { token } : {}), ...(bold ? { bold } : {}) });

export function rowText(row: StyledRow): string {
  return row.map((s) => s.text).join("");
}
