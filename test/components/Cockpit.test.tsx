import { idleControls } from "./idleControls.js";
import { afterEach, describe, expect, it } from "vitest";
import { cleanup } from "ink-testing-library";
import { COMMANDS } from "../../src/tui/commands.js";
import { FRAME_MS } from "../../src/tui/frameScheduler.js";
import { stamp, type EventInput } from "../../src/domain/events/events.js";
import { Cockpit } from "../../components/Cockpit.js";
import { THEMES } from "../../themes/index.js";
import { EMPTY_PLAN, staticCockpit, tickets } from "./staticCockpit.js";
import { KEY, fitsTerminal, press, renderAt, resize, screen } from "./renderAt.js";

afterEach(() => cleanup());

const SIZES = [
  [60, 20],
  [100, 30],
  [160, 48],
] as const;

const titleRow = (lines: string[], title: string) => lines.find((l) => l.includes(` ${title}`)) ?? "";
/** A focused pane's frame is drawn with double lines. */
const focusedTitle = (lines: string[]) => lines[lines.findIndex((l) => l.includes("╔")) + 1] ?? "";

describe.each(SIZES)("the cockpit at %i×%i", (columns, rows) => {
  it("fills the terminal exactly and shows every pane", async () => {
    const app = staticCockpit();
    const r = await renderAt(app.element, columns, rows);
    const lines = screen(r);
    expect(fitsTerminal(lines, columns, rows)).toBe(true);
    for (const title of ["1 Tickets", "2 Worker", "3 Review", "4 Tests"]) expect(lines.join("\n")).toContain(title);
    expect(lines.at(-1)).toContain("repo:main · qwen2.5-coder:7b");
    expect(lines.at(-1)).toContain("? help");
  });

  it("switches panes with Tab and 1–4, and stays inside the terminal", async () => {
    const app = staticCockpit();
    const r = await renderAt(app.element, columns, rows);
    expect(focusedTitle(screen(r))).toContain("1 Tickets");
    await press(r, KEY.tab);
    expect(focusedTitle(screen(r))).toContain("2 Worker");
    await press(r, "4");
    expect(focusedTitle(screen(r))).toContain("4 Tests");
    await press(r, KEY.shiftTab);
    expect(focusedTitle(screen(r))).toContain("3 Review");
    expect(fitsTerminal(screen(r), columns, rows)).toBe(true);
  });

  it("lists every key of the registry on ? and closes it with Esc", async () => {
    const app = staticCockpit();
    const r = await renderAt(app.element, columns, rows);
    await press(r, "?");
    const seen = new Set<string>();
    // Scroll through the help; every description must show up at some point.
    for (let i = 0; i < 150; i++) {
      for (const line of screen(r)) seen.add(line);
      await press(r, "j");
    }
    const all = [...seen].join("\n");
    for (const command of COMMANDS) expect(all).toContain(command.description.slice(0, Math.min(30, columns - 20)));
    expect(fitsTerminal(screen(r), columns, rows)).toBe(true);
    await press(r, KEY.esc);
    expect(screen(r).join("\n")).toContain("1 Tickets");
  });
});

describe("the cockpit's layout", () => {
  it("puts the panes side by side when wide and stacks them, focused pane large, when narrow", async () => {
    const app = staticCockpit();
    const r = await renderAt(app.element, 160, 48);
    const wide = screen(r);
    expect(titleRow(wide, "1 Tickets")).toContain("2 Worker");
    await resize(r, 80, 24);
    const narrow = screen(r);
    expect(fitsTerminal(narrow, 80, 24)).toBe(true);
    expect(titleRow(narrow, "1 Tickets")).not.toContain("2 Worker");
    expect(narrow.filter((l) => /^ [234] (Worker|Review|Tests) /.test(l))).toHaveLength(3);
    await resize(r, 120, 40);
    expect(fitsTerminal(screen(r), 120, 40)).toBe(true);
  });

  it.each(Object.values(THEMES))("draws with the $name theme", async (theme) => {
    const app = staticCockpit({ theme });
    const r = await renderAt(app.element, 120, 30);
    expect(fitsTerminal(screen(r), 120, 30)).toBe(true);
    expect(screen(r).join("\n")).toContain("○ T-001");
  });

  it("says so when the terminal is too small, and q still quits", async () => {
    const app = staticCockpit();
    const r = await renderAt(app.element, 50, 15);
    const lines = screen(r);
    expect(lines.join(" ")).toContain("at least 60×20");
    expect(lines.length).toBeLessThanOrEqual(15);
    await press(r, "q");
    expect(app.quits).toBe(1);
  });

  it("selects tickets with j/k and arrows and shows the selected one's title below", async () => {
    const app = staticCockpit({ tickets: tickets(40) });
    const r = await renderAt(app.element, 60, 20);
    await press(r, "j", "j", KEY.down, "k");
    const lines = screen(r);
    expect(lines.find((l) => l.includes("T-003: Ticket number 3"))).toBeDefined();
    await press(r, "G");
    expect(screen(r).join("\n")).toContain("T-040: Ticket number 40");
    expect(fitsTerminal(screen(r), 60, 20)).toBe(true);
  });

  it("opens without a plan and says how to add tickets; Enter says why nothing starts", async () => {
    const app = staticCockpit(EMPTY_PLAN);
    const r = await renderAt(app.element, 100, 30);
    expect(screen(r).join(" ")).toContain("No plan yet. Write .haco/plan.yaml or PLAN.md");
    await press(r, KEY.enter);
    expect(screen(r).at(-1)).toContain("the plan has no tickets");
  });

  it("shows why the controller refused to start a ticket", async () => {
    const app = staticCockpit();
    const controls = { ...idleControls, start: () => "T-009 is still being prepared" };
    const info = { repo: "repo", branch: null, model: "m", host: "http://h", planNote: "PLAN.md", hasPlan: true };
    const r = await renderAt(<Cockpit session={app.session} stream={app.stream} tests={app.tests} controls={controls} info={info} />, 100, 30);
    await press(r, KEY.enter);
    expect(screen(r).at(-1)).toContain("T-009 is still being prepared");
    await press(r, "j");
    expect(screen(r).at(-1)).not.toContain("T-009");
  });

  it("shows the status bar keys of the focused pane, generated from the registry", async () => {
    const app = staticCockpit();
    const r = await renderAt(app.element, 160, 48);
    expect(screen(r).at(-1)).toMatch(/Enter start +j\/k move +Tab pane +q quit +\? help/);
    await press(r, "3");
    expect(screen(r).at(-1)).not.toContain("accept all");
    expect(screen(r).at(-1)).toContain("j/k scroll");
  });
});

describe("speed: only the Worker pane re-renders while tokens stream", () => {
  it("renders the other panes and the status bar zero times for 2000 tokens", async () => {
    const counts: Record<string, number> = {};
    const app = staticCockpit({ onPaneRender: (pane) => void (counts[pane] = (counts[pane] ?? 0) + 1) });
    const r = await renderAt(app.element, 160, 48);
    const emit = (input: EventInput) => app.emit(stamp(input));
    emit({ type: "ticket.start", ticket: "T-001", title: "Ticket number 1", owner: "worker" });
    emit({ type: "worker.start", ticket: "T-001", model: "m", host: "http://h" });
    app.timers.advance(FRAME_MS);
    await press(r);
    // Starting a ticket focuses the Worker; look at the tickets instead, the case a token must not disturb.
    await press(r, "1");
    expect(focusedTitle(screen(r))).toContain("1 Tickets");
    const before = { ...counts };

    let frames = 0;
    app.stream.subscribe(() => frames++);
    for (let i = 0; i < 2000; i++) {
      emit({ type: "worker.token", ticket: "T-001", text: i % 20 === 19 ? "tok\n" : "tok " });
      if (i % 10 === 9) {
        app.timers.advance(5);
        if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
      }
    }
    app.timers.advance(FRAME_MS);
    await press(r);

    expect(frames).toBeGreaterThan(10);
    for (const pane of ["tickets", "review", "tests", "status"]) expect(counts[pane] ?? 0, pane).toBe(before[pane] ?? 0);
    expect(counts.worker! - (before.worker ?? 0)).toBeGreaterThan(0);
    expect(counts.worker! - (before.worker ?? 0)).toBeLessThanOrEqual(frames);
    expect(screen(r).join("\n")).toContain("2.0k tok");
  });
});
