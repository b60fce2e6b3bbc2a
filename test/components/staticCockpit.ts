import { defaultConfig } from "../../src/adapters/config/config.js";
import { createOllamaWorker } from "../../src/adapters/worker/ollamaWorker.js";
import { ticketSchema, type Ticket } from "../../src/domain/tickets/ticket.js";
import { createCockpit, type CockpitApp, type CockpitSetup } from "../../src/tui/createCockpit.js";
import { NO_PLAN_NOTE } from "../../src/tui/cockpitPlan.js";
import { noColorTheme } from "../../themes/index.js";
import { manualTimers, type ManualTimers } from "../tui/manualTimers.js";

export function tickets(n: number): Ticket[] {
  return Array.from({ length: n }, (_, i) =>
    ticketSchema.parse({ id: `T-${String(i + 1).padStart(3, "0")}`, title: `Ticket number ${i + 1}`, owner: i % 3 === 2 ? "supervisor" : "worker" }),
  );
}

export interface StaticCockpit extends CockpitApp {
  timers: ManualTimers;
  quits: number;
}

/**
 * A cockpit for layout and key tests: nothing is started, so its worker
 * (pointed at a closed port) is never called; events are fed by the test
 * through the same router the controller uses. The stores run on a manual
 * clock, so frames happen when the test advances it.
 */
export function staticCockpit(overrides: Partial<CockpitSetup> = {}): StaticCockpit {
  const timers = manualTimers();
  const state = { quits: 0 };
  const app = createCockpit({
    repoRoot: "/nonexistent",
    repoName: "repo",
    branch: "main",
    config: defaultConfig(),
    worker: createOllamaWorker({ host: "http://127.0.0.1:9" }),
    model: "qwen2.5-coder:7b",
    tickets: tickets(3),
    hasPlan: true,
    planNote: "PLAN.md",
    theme: noColorTheme,
    templatesFor: async () => {
      throw new Error("not in this test");
    },
    sendPolicy: { refusal: async () => null } as unknown as CockpitSetup["sendPolicy"],
    onQuit: () => void state.quits++,
    timers,
    ...overrides,
  });
  return Object.assign(state, app, { timers }) as StaticCockpit;
}

export const EMPTY_PLAN = { tickets: [], hasPlan: false, planNote: NO_PLAN_NOTE };
