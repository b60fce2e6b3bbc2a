import { defaultConfig, type HacoConfig } from "../../src/adapters/config/config.js";
import { loadTemplates } from "../../src/adapters/prompt/loadTemplates.js";
import { createOllamaWorker } from "../../src/adapters/worker/ollamaWorker.js";
import { loadSendPolicy } from "../../src/adapters/workspace/sendPolicy.js";
import { loadTicketsFromFile } from "../../src/adapters/tickets/loadTickets.js";
import { createCockpit, type CockpitApp, type CockpitSetup } from "../../src/tui/createCockpit.js";
import type { HacoEvent } from "../../src/domain/events/events.js";
import { noColorTheme } from "../../themes/index.js";
import type { FakeOllama } from "../servers/fakeOllama.js";
import type { TempRepo } from "../helpers/tempRepo.js";
import path from "node:path";

/** A plan of two tickets; T-001 has a test command that checks the worker's file. */
export const PLAN = `# Plan: greetings

## T-001: Add hello
- files: src/hello.js (create)
- test: node -e "import('./src/hello.js').then(m => process.exit(m.hello() === 'hello' ? 0 : 1))"

Export a function hello() that returns "hello".

## T-002: Add bye
- files: src/bye.js (create)

Export a function bye() that returns "bye".
`;

export function newFileAnswer(file: string, body: string): string {
  return `=== NEW FILE: ${file} ===\n\`\`\`js\n${body}\`\`\`\n`;
}

export const HELLO_ANSWER = newFileAnswer("src/hello.js", 'export function hello() {\n  return "hello";\n}\n');

export interface LiveCockpit extends CockpitApp {
  events: HacoEvent[];
  quits: number;
}

/** The cockpit wired as runCockpit wires it (real worker adapter, real session), minus the terminal. */
export async function liveCockpit(
  repo: TempRepo,
  server: FakeOllama,
  overrides: Partial<CockpitSetup> & { config?: HacoConfig } = {},
): Promise<LiveCockpit> {
  const tickets = await loadTicketsFromFile(path.join(repo.root, "PLAN.md"), "PLAN.md");
  const events: HacoEvent[] = [];
  const live = { events, quits: 0 } as LiveCockpit;
  const app = createCockpit({
    repoRoot: repo.root,
    repoName: "repo",
    branch: "main",
    config: defaultConfig(),
    worker: createOllamaWorker({ host: server.url }),
    model: "qwen2.5-coder:7b",
    tickets,
    hasPlan: true,
    planNote: "PLAN.md",
    theme: noColorTheme,
    templatesFor: (kind) => loadTemplates(repo.root, kind),
    sendPolicy: await loadSendPolicy(repo.root),
    onQuit: () => void live.quits++,
    onEvent: (event) => events.push(event),
    loadProbeIntervalMs: 20,
    ...overrides,
  });
  return Object.assign(live, app);
}
