import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultPlanFolders, findDefaultPlan, loadTicketsFromFile } from "../../../src/adapters/tickets/loadTickets.js";
import { isEnvFile, secretFileReason } from "../../../src/adapters/tickets/secretFiles.js";
import { InputError } from "../../../src/domain/errors.js";
import { fixture } from "../../domain/tickets/expectInputError.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "haco-tickets-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

async function loadError(file: string, shown?: string): Promise<InputError> {
  const error: unknown = await loadTicketsFromFile(file, shown).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe("loadTicketsFromFile", () => {
  it("picks the parser by extension", async () => {
    const yaml = await loadTicketsFromFile(write("spec.yml", fixture("juniorspec-list.yaml")));
    const json = await loadTicketsFromFile(write("task.json", fixture("taskspec-object.json")));
    const md = await loadTicketsFromFile(write("PLAN.md", fixture("plan-three.md")));
    expect([yaml.length, json.length, md.length]).toEqual([3, 1, 3]);
    expect([yaml[0]!.source.format, json[0]!.source.format, md[0]!.source.format]).toEqual(["juniorspec", "taskspec", "planmd"]);
  });

  it("sniffs the content when the extension says nothing", async () => {
    const md = await loadTicketsFromFile(write("tickets.txt", fixture("plan-three.md")));
    const json = await loadTicketsFromFile(write("ticket", fixture("taskspec-object.json")));
    expect(md[0]!.source.format).toBe("planmd");
    expect(json[0]!.source.format).toBe("taskspec");
  });

  it("names the file by its display name in tickets and errors", async () => {
    const file = write("plan.yaml", "title: A\nowner: bot\n");
    const error = await loadError(file, "plan.yaml");
    expect(error.message).toBe('plan.yaml: owner (line 2): expected "worker" or "supervisor", got "bot"');
    const [ticket] = await loadTicketsFromFile(write("ok.yaml", "title: A\n"), "ok.yaml");
    expect(ticket!.source).toEqual({ file: "ok.yaml", format: "juniorspec" });
  });

  it("a missing file says it does not exist and what to do", async () => {
    const error = await loadError(path.join(dir, "nope.yaml"), "nope.yaml");
    expect(error.file).toBe("nope.yaml");
    expect(error.message).toMatch(/^nope\.yaml: file does not exist; check the path, or write a plan there/);
    expect(error.exitCode).toBe(2);
  });

  it("a directory is an input error, not a crash", async () => {
    const error = await loadError(dir, "plans");
    expect(error.message).toBe("plans: is a directory; expected a ticket file (.yaml, .json or .md)");
  });

  it("refuses an environment file unread, whatever its case, and never quotes it", async () => {
    for (const name of [".env", ".env.local", ".ENV.production", ".envrc"]) {
      const file = write(name, "OPENAI_API_KEY=sk-secret-123\n");
      const error = await loadError(file, name);
      expect(error.message).toBe(
        `${name}: is an environment file (.env*) and may hold secrets; haco does not read it as tickets — pass your plan or ticket file (.yaml, .json or .md)`,
      );
      expect(error.message).not.toContain("sk-secret");
    }
  });

  it("refuses a file that .hacoignore keeps from the models, inside the repository it names", async () => {
    write(".hacoignore", "secrets/\n*.key\n");
    const file = write("secrets/plan.yaml", "token: [sk-secret-123\n");
    const error: unknown = await loadTicketsFromFile(file, "secrets/plan.yaml", { repoRoot: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^secrets\/plan\.yaml: matches \.hacoignore \(files kept from the models, such as keys\); haco does not read it as tickets/);
    expect((error as InputError).message).not.toContain("sk-secret");
    // Without the repository, .hacoignore is not consulted (the file is then read, and is bad YAML).
    expect(((await loadError(file, "secrets/plan.yaml")).message)).not.toContain(".hacoignore");
    // A plan .hacoignore does not match is read as usual.
    const plan = write("PLAN.md", fixture("plan-three.md"));
    expect(await loadTicketsFromFile(plan, "PLAN.md", { repoRoot: dir })).toHaveLength(3);
  });
});

describe("secretFileReason", () => {
  it("names .env* files only by their own name, not their folder", async () => {
    expect(isEnvFile("/a/.env.test")).toBe(true);
    expect(isEnvFile("/a/.environment/plan.md")).toBe(false);
    expect(isEnvFile("/a/env.md")).toBe(false);
    expect(await secretFileReason(path.join(dir, "plan.md"), dir)).toBeNull();
  });
});

describe("findDefaultPlan", () => {
  it("is null when there is no plan", () => {
    expect(findDefaultPlan(dir)).toBeNull();
  });

  it("finds PLAN.md", () => {
    write("PLAN.md", "## A\n");
    expect(findDefaultPlan(dir)).toBe(path.join(dir, "PLAN.md"));
  });

  it("prefers .haco/plan.yaml over PLAN.md", () => {
    write("PLAN.md", "## A\n");
    write(".haco/plan.yaml", "title: A\n");
    expect(findDefaultPlan(dir)).toBe(path.join(dir, ".haco", "plan.yaml"));
  });

  it("skips a directory named like a plan", () => {
    mkdirSync(path.join(dir, ".haco", "plan.yaml"), { recursive: true });
    write("PLAN.md", "## A\n");
    expect(findDefaultPlan(dir)).toBe(path.join(dir, "PLAN.md"));
  });
});

describe("defaultPlanFolders", () => {
  it("lists the default plan names taken by a folder", () => {
    expect(defaultPlanFolders(dir)).toEqual([]);
    mkdirSync(path.join(dir, "PLAN.md"));
    write(".haco/plan.yaml", "title: A\n");
    expect(defaultPlanFolders(dir)).toEqual(["PLAN.md"]);
  });
});
