import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkPlan } from "../../../src/adapters/doctor/planCheck.js";
import { createTempRepo, type TempRepo } from "../../helpers/tempRepo.js";

let repo: TempRepo;
afterEach(() => repo.cleanup());

const PLAN = `# Plan

## T-001: Add slugify
Test: \`npm test\`

## T-002: Wire slugify into the router
Owner: supervisor
`;

describe("checkPlan", () => {
  it("warns when there is no plan, saying how to write one", async () => {
    repo = await createTempRepo();
    const { check, tickets } = await checkPlan(repo.root, undefined, repo.root);
    expect(check).toMatchObject({ name: "plan", status: "warn" });
    expect(check.detail).toContain(".haco/plan.yaml nor PLAN.md");
    expect(check.fix).toContain("haco plan");
    expect(check.fix).toContain("docs/ticket-formats.md");
    expect(tickets).toEqual([]);
  });

  it("counts the default plan's tickets and owners", async () => {
    repo = await createTempRepo({ "PLAN.md": PLAN });
    const { check, tickets } = await checkPlan(repo.root, undefined, repo.root);
    expect(check).toEqual({ name: "plan", status: "ok", detail: "PLAN.md: 2 tickets (1 worker, 1 supervisor)" });
    expect(tickets.map((t) => t.id)).toEqual(["T-001", "T-002"]);
  });

  it("prefers .haco/plan.yaml, and takes --plan over both", async () => {
    repo = await createTempRepo({ "PLAN.md": PLAN, ".haco/plan.yaml": "title: Only one\n", "other.yaml": "tickets:\n  - title: a\n  - title: b\n  - title: c\n" });
    expect((await checkPlan(repo.root, undefined, repo.root)).check.detail).toBe(".haco/plan.yaml: 1 ticket");
    expect((await checkPlan(repo.root, "other.yaml", repo.root)).check.detail).toBe("other.yaml: 3 tickets");
  });

  it("fails a plan that does not parse, naming the file and the field", async () => {
    repo = await createTempRepo({ ".haco/plan.yaml": "tickets:\n  - title: ok\n  - id: 'bad id!'\n    title: broken\n" });
    const { check, tickets } = await checkPlan(repo.root, undefined, repo.root);
    expect(check.status).toBe("fail");
    expect(check.detail).toContain('.haco/plan.yaml: tickets[1].id (line 3): expected letters');
    expect(check.detail).toContain('got "bad id!"');
    expect(check.fix).toContain("fix .haco/plan.yaml");
    expect(tickets).toEqual([]);
  });

  it("fails a --plan that does not exist", async () => {
    repo = await createTempRepo();
    const { check } = await checkPlan(repo.root, path.join(repo.root, "nope.md"), repo.root);
    expect(check.status).toBe("fail");
    expect(check.detail).toContain("nope.md");
    expect(check.detail).toContain("does not exist");
    // Not "fix nope.md": there is nothing to fix, only a file to create or another one to name.
    expect(check.fix).toBe('create it with haco plan "<what you want done>" --out nope.md (needs ANTHROPIC_API_KEY) or by hand (docs/ticket-formats.md), or point --plan at an existing plan file');
  });

  it("fails a --plan that is a folder, saying to name a file in it", async () => {
    repo = await createTempRepo({ "plans/a.md": PLAN });
    const { check } = await checkPlan(repo.root, "plans", repo.root);
    expect(check.status).toBe("fail");
    expect(check.fix).toBe("point --plan at a plan file in that folder (.yaml, .json or .md), not at the folder");
  });

  it("says there is nothing to look for outside a repository", async () => {
    repo = await createTempRepo();
    const { check } = await checkPlan(null, undefined, repo.root);
    expect(check.status).toBe("warn");
    expect(check.detail).toContain("not in a git repository");
  });
});
