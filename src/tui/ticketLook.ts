import type { Token } from "../../themes/theme.js";
import type { TicketState } from "./cockpitState.js";

/**
 * How a ticket's state looks: a glyph that reads without colour (the
 * no-colour theme relies on it) and a semantic colour token.
 */
export interface TicketLook {
  glyph: string;
  token: Token;
}

export const TICKET_LOOK: Record<TicketState, TicketLook> = {
  pending: { glyph: "○", token: "status.pending" },
  drafting: { glyph: "●", token: "status.running" },
  review: { glyph: "◆", token: "status.info" },
  testing: { glyph: "▶", token: "status.running" },
  committing: { glyph: "▶", token: "status.running" },
  committed: { glyph: "✓", token: "status.ok" },
  applied: { glyph: "+", token: "status.ok" },
  rejected: { glyph: "–", token: "text.muted" },
  failed: { glyph: "✗", token: "status.error" },
  refused: { glyph: "⊘", token: "status.warn" },
  escalated: { glyph: "↑", token: "status.warn" },
};
