import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { DEFAULT_WORKER_MODEL, defaultConfig, loadConfig, parseConfig } from "../../../src/adapters/config/config.js";
import { DEFAULT_SUPERVISOR_MODEL } from "../../../src/adapters/supervisor/anthropicClient.js";
import { loadTemplates } from "../../../src/adapters/prompt/loadTemplates.js";
import { CLAUDE_SECTION_SOURCE, readScaffold, SCAFFOLD_FILES, TICKET_KINDS } from "../../../src/adapters/scaffold/scaffoldFiles.js";
import { initRepository } from "../../../src/adapters/scaffold/initRepository.js";
import { Journal } from "../../../src/adapters/workspace/journal.js";
import { loadSendPolicy } from "../../../src/adapters/workspace/sendPolicy.js";
import { buildPrompt } from "../../../src/domain/prompt/buildPrompt.js";
import { parseTickets } from "../../../src/domain/tickets/formats.js";
import { ticketSchema } from "../../../src/domain/tickets/ticket.js";
import { DEFAULT_THEME } from "../../../themes/index.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";

let repo: TempRepo;
afterEach(() => repo?.cleanup());

async function initialised(files: Record<string, string> = {}): Promise<TempRepo> {
  repo = await createTempRepo(files);
  await initRepository(repo.root, { force: false });
  return repo;
}

/** The config template with every commented setting line uncommented (prose comments stay comments). */
function uncommented(text: string): string {
  return text.replace(/^# ( *[A-Za-z]+:)/gm, "$1");
}

describe("the config template", () => {
  it("parses to exactly the defaults as written", async () => {
    await initialised();
    expect(await loadConfig(repo.root)).toEqual(defaultConfig());
  });

  it("names every setting with its default value: uncommented, it spells the defaults out", async () => {
    const text = await readScaffold("config.yaml");
    // The settings with no default value are shown with the value haco uses when they are left out.
    const spelledOut = {
      ...defaultConfig(),
      worker: { ...defaultConfig().worker, model: DEFAULT_WORKER_MODEL, host: "http://127.0.0.1:11434" },
      supervisor: { ...defaultConfig().supervisor, model: DEFAULT_SUPERVISOR_MODEL },
      ui: { theme: DEFAULT_THEME },
    };
    expect(parseYaml(uncommented(text))).toEqual(spelledOut);
    expect(parseConfig(uncommented(text), ".haco/config.yaml")).toEqual(spelledOut);
  });
});

describe("the ticket templates", () => {
  const ticket = ticketSchema.parse({
    id: "T-004",
    title: "Add subtract",
    description: "Add subtract(a, b).",
    acceptanceCriteria: ["subtract(5, 3) is 2"],
    constraints: ["no new dependencies"],
    steps: ["Write subtract."],
    files: [{ path: "src/math.js" }],
  });
  const budget = { contextLength: 32768, maxContextTokens: 32768, replyTokens: 1024 };
  const file = { path: "src/math.js", intent: "edit" as const, content: "export const add = (a, b) => a + b;\n", anchors: [], outline: "", codeContext: "" };
  const builtInFormat = readFileSync("prompts/ticket.md", "utf8").slice(readFileSync("prompts/ticket.md", "utf8").indexOf("## Output format"));

  it("covers exactly the ticket kinds of the schema", () => {
    expect([...TICKET_KINDS].sort()).toEqual([...ticketSchema.shape.kind.unwrap().options].sort());
  });

  it.each(TICKET_KINDS)("ticket-%s.md is picked by loadTemplates and renders through buildPrompt", async (kind) => {
    await initialised();
    const templates = await loadTemplates(repo.root, kind);
    expect(templates.ticket.name).toBe(path.join(".haco", "prompts", `ticket-${kind}.md`));
    const full = buildPrompt({ ...ticket, kind }, [file], [{ path: "src/util.js", content: "export {};\n" }], templates, budget, "## Previous attempt failed\nboom", ["Usage"]);
    expect(full.prompt).toContain("# Ticket T-004: Add subtract");
    expect(full.prompt).toContain("- subtract(5, 3) is 2");
    expect(full.prompt).toContain("## Constraints\n- no new dependencies");
    expect(full.prompt).toContain("1. Write subtract.");
    expect(full.prompt).toContain("### src/util.js");
    expect(full.prompt).toContain(`## How to do a ${kind} ticket`);
    expect(full.prompt).toContain('=== README DELTA: <section> ===` naming one of the README\'s sections\n  ("Usage")');
    // The retry's failure report lands before the output format, which stays the last thing the worker reads.
    expect(full.prompt.indexOf("## Previous attempt failed")).toBeLessThan(full.prompt.indexOf("## Output format"));
    const bare = buildPrompt({ ...ticket, kind, acceptanceCriteria: [], constraints: [], steps: [], description: "" }, [file], [], templates, budget);
    expect(bare.prompt).not.toMatch(/## (Acceptance criteria|Constraints|Steps|Context)/);
    expect(bare.prompt).not.toContain("{{");
  });

  it.each(TICKET_KINDS)("ticket-%s.md ends with the built-in ticket.md's output format, word for word", async (kind) => {
    const text = await readScaffold(`prompts/ticket-${kind}.md`);
    expect(text.slice(text.indexOf("## Output format"))).toBe(builtInFormat);
  });
});

describe("the ignore files", () => {
  it(".haco/.gitignore is what the journal writes when it creates .haco/ itself", async () => {
    repo = await createTempRepo();
    await Journal.open(repo.root, "T-1");
    expect(await repo.read(".haco/.gitignore")).toBe(await readScaffold("haco-gitignore"));
  });

  it(".hacoignore keeps secrets, keys, env files and build output from the worker, not the sources", async () => {
    await initialised();
    const policy = await loadSendPolicy(repo.root);
    for (const secret of ["certs/server.pem", "deploy/id_rsa", "config/prod.key", ".npmrc", "secrets/db.txt", "prod.env", "infra/terraform.tfstate", "dist/app.js", "node_modules/x/index.js"]) {
      expect(await policy.refusal(secret), secret).toMatch(/matches \.hacoignore|environment file/);
    }
    for (const source of ["src/index.ts", "README.md", "test/keys.test.ts", "src/env.ts"]) {
      expect(await policy.refusal(source), source).toBeNull();
    }
  });
});

describe("the CLAUDE.md section", () => {
  it("shows a PLAN.md ticket that haco reads as written", async () => {
    const section = await readScaffold(CLAUDE_SECTION_SOURCE);
    const example = /```markdown\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    const [ticket, ...rest] = parseTickets(example!, "PLAN.md");
    expect(rest).toEqual([]);
    expect(ticket).toMatchObject({
      id: "T-001",
      owner: "worker",
      kind: "code",
      files: [{ path: "src/slugify.ts", intent: "create" }],
      contextFiles: ["src/strings.ts"],
      testCommand: "npx vitest run src/slugify.test.ts",
    });
    expect(ticket!.acceptanceCriteria).toHaveLength(2);
  });

  it("states the ticket limits and where results are read", async () => {
    const section = await readScaffold(CLAUDE_SECTION_SOURCE);
    for (const phrase of ["at most 2 files", "at most 150 changed lines", "at most 1 new", "about 50 lines", ".haco/queue/", "haco queue add", ".haco/queue/done/<id>.json", "haco run --plan PLAN.md --json --accept all", "haco worker", "Never delegate"]) {
      expect(section.replace(/\s+/g, " "), phrase).toContain(phrase);
    }
  });
});

describe("the scaffold", () => {
  it("has a template for every file it writes", async () => {
    for (const file of SCAFFOLD_FILES) expect((await readScaffold(file.source)).length, file.source).toBeGreaterThan(0);
    expect(await readFile(path.resolve("scaffold", CLAUDE_SECTION_SOURCE), "utf8")).not.toContain("<!-- haco:");
  });
});
