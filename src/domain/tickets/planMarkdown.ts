import { InputError } from "../errors.js";
import { finaliseTickets } from "./finaliseTickets.js";
import { planLines } from "./planMarkdownLines.js";
import { strayTicketHeading } from "./planMarkdownSections.js";
import { readPlanTicket, type PlanTicketBlock } from "./planMarkdownTicket.js";
import type { Problem } from "./problems.js";
import { stripBom } from "./structuredTickets.js";
import type { LoadedTicket } from "./ticket.js";

/**
 * PLAN.md (seed 001 §8.1): a Markdown file people read and edit by hand.
 *
 *   # Plan: title            ← optional; text up to the first ticket is the summary
 *   ## T-001: Ticket title   ← each `## ` heading is a ticket (id optional)
 *   - owner: worker          ← fields, right under the heading
 *   Description…
 *   ### Acceptance criteria  ← list sections: acceptance criteria, constraints, steps…
 *
 * The full format is in docs/ticket-formats.md. Pure: text in, tickets out.
 */

const EMPTY_HINT = 'a ticket starts with a "## " heading, e.g. "## T-001: Add slugify helper"';

const H2 = /^ {0,3}##(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const H1 = /^ {0,3}#(?:[ \t]|$)/;

/**
 * `## ` sections that belong to the plan, not to a ticket: plans written by
 * a supervisor model nearly always open with `## Summary`. Matched against the
 * whole heading only, so `## T-001: Summary` is still a ticket.
 */
const PLAN_SECTIONS: ReadonlySet<string> = new Set([
  "summary",
  "overview",
  "background",
  "context",
  "goal",
  "goals",
  "notes",
  "assumptions",
  "risks",
  "open questions",
  "out of scope",
  "non goals",
  "references",
  "tickets",
]);

function isPlanSection(heading: string): boolean {
  return PLAN_SECTIONS.has(heading.toLowerCase().replace(/:\s*$/, "").replace(/[\s_-]+/g, " ").trim());
}

export function parsePlanMarkdown(text: string, fileName: string): LoadedTicket[] {
  const source = stripBom(text);
  if (source.trim() === "") throw new InputError(fileName, null, `the file is empty; ${EMPTY_HINT}`);

  const problems: Problem[] = [];
  const blocks: PlanTicketBlock[] = [];
  let current: PlanTicketBlock | null = null;
  for (const line of planLines(source, fileName)) {
    const h2 = line.code ? null : H2.exec(line.text);
    if (h2) {
      const headingText = (h2[1] ?? "").trim();
      current = isPlanSection(headingText) ? null : { heading: line, headingText, body: [] };
      if (current) blocks.push(current);
      continue;
    }
    // A new `# ` heading closes the ticket: what follows is plan text until the next `## `.
    if (!line.code && H1.test(line.text)) {
      current = null;
      continue;
    }
    if (current) current.body.push(line);
    else {
      const stray = strayTicketHeading(line);
      if (stray) problems.push(stray);
    }
  }

  const drafts = blocks.map((block) => readPlanTicket(block, problems));
  // Every draft exists even when its lines had problems, so schema checks can run and report alongside.
  return finaliseTickets(fileName, "planmd", drafts, EMPTY_HINT, problems);
}
