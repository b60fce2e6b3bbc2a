import { memo } from "react";
import { Box } from "ink";
import { TICKET_STATES, type TicketRow } from "../src/tui/cockpitState.js";
import { fitToWidth, stringWidth, truncateToWidth } from "../src/tui/cellWidth.js";
import { innerHeight, innerWidth, type PaneBox } from "../src/tui/layout.js";
import { selectionWindow } from "../src/tui/scrolling.js";
import { seg, type StyledRow } from "../src/tui/styledRow.js";
import { TICKET_LOOK } from "../src/tui/ticketLook.js";
import { wrapLine } from "../src/tui/wrapText.js";
import { CollapsedPane, Pane } from "./Pane.js";
import { RowText } from "./RowText.js";

export interface TicketsPaneProps {
  tickets: readonly TicketRow[];
  selected: number;
  focused: boolean;
  box: PaneBox;
  /** The plan's name, or how to write one when there is none. */
  planNote: string;
  hasPlan: boolean;
}

/** Wide enough for every state's name. */
const STATUS_WIDTH = Math.max(...TICKET_STATES.map((state) => state.length));
const OWNER_WIDTH = 10;

/** The plan's tickets, one row each: glyph, id, title, owner, status; the selected one's outcome below. */
export const TicketsPane = memo(function TicketsPane({ tickets, selected, focused, box, planNote, hasPlan }: TicketsPaneProps) {
  if (box.collapsed) return <CollapsedPane index={1} title="Tickets" width={box.width} summary={summary(tickets)} />;
  const height = innerHeight(box);
  const width = innerWidth(box);
  const done = tickets.filter((t) => t.status === "committed").length;
  if (tickets.length === 0) {
    const text = hasPlan ? `${planNote} holds no tickets yet.` : planNote;
    const rows = wrapLine(text, width).slice(0, height);
    return (
      <Pane index={1} title="Tickets" focused={focused} box={box} right="no tickets">
        {rows.map((r, i) => (
          <RowText key={i} row={[seg(r, "text.muted")]} />
        ))}
      </Pane>
    );
  }
  const current = tickets[selected];
  // The selected ticket's outcome (or title) under the list: up to three rows, a failure's reason is worth reading whole.
  const detail = current && height >= 3 ? detailRows(current, width, height >= 8 ? 3 : 1) : [];
  const listHeight = height - detail.length;
  const { start, end } = selectionWindow(tickets.length, listHeight, selected);
  const idWidth = Math.min(12, Math.max(...tickets.map((t) => stringWidth(t.id))));
  const showOwner = width >= 48;
  return (
    <Pane index={1} title="Tickets" focused={focused} box={box} right={`${done}/${tickets.length} done`}>
      {tickets.slice(start, end).map((t, i) => (
        <RowText key={t.id} row={ticketRow(t, width, idWidth, showOwner)} inverse={start + i === selected && focused} />
      ))}
      {detail.length > 0 ? (
        <Box marginTop={Math.max(0, listHeight - (end - start))} flexDirection="column">
          {detail.map((row, i) => (
            <RowText key={i} row={row} />
          ))}
        </Box>
      ) : null}
    </Pane>
  );
});

function ticketRow(t: TicketRow, width: number, idWidth: number, showOwner: boolean): StyledRow {
  const look = TICKET_LOOK[t.status];
  const fixed = 2 + idWidth + 1 + 1 + STATUS_WIDTH + (showOwner ? OWNER_WIDTH + 1 : 0);
  const titleWidth = Math.max(4, width - fixed);
  return [
    seg(`${look.glyph} `, look.token),
    seg(`${fitToWidth(t.id, idWidth)} `, "text.secondary"),
    // Without the owner column, who drafts it goes in front of the title.
    ...(!showOwner && t.drafter === "supervisor" ? [seg("claude ", "accent")] : []),
    seg(`${fitToWidth(t.title, titleWidth - (!showOwner && t.drafter === "supervisor" ? 7 : 0))} `, "text.primary"),
    // Claude drafting a worker's ticket shows as such: the owner column says who drafts it now.
    ...(showOwner ? [seg(`${fitToWidth(t.drafter === "supervisor" && t.owner !== "supervisor" ? "→claude" : t.owner, OWNER_WIDTH)} `, t.drafter === "supervisor" ? "accent" : "text.muted")] : []),
    seg(fitToWidth(t.status, STATUS_WIDTH), look.token),
  ];
}

function detailRows(t: TicketRow, width: number, max: number): StyledRow[] {
  const text = `${t.id}: ${t.reason ?? t.title}`;
  const token = t.reason ? TICKET_LOOK[t.status].token : "text.muted";
  const rows = wrapLine(text, width);
  const shown = rows.slice(0, max);
  if (rows.length > max) shown[max - 1] = truncateToWidth(`${shown[max - 1]} ${rows.slice(max).join(" ")}`, width);
  return shown.map((row) => [seg(row, token)]);
}

function summary(tickets: readonly TicketRow[]): string {
  if (tickets.length === 0) return "no tickets";
  const done = tickets.filter((t) => t.status === "committed").length;
  const busy = tickets.find((t) => ["drafting", "review", "testing", "committing"].includes(t.status));
  return `${done}/${tickets.length} done${busy ? ` · ${busy.id} ${busy.status}` : ""}`;
}
