import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { runHaco } from "../helpers/runHaco.js";

// Needs the built CLI (npm run build). A web server (not Ollama) on the worker's port answers
// every request with an HTML error page: the ollama client then console.logs
// "Getting text from response", which must not land in the JSON on stdout.

const PLAN = "## T-001: Add hello\n- files: src/hello.js (create)\n\nExport hello().\n";

let web: Server;
let url: string;
let requests = 0;
let repo: TempRepo;

beforeEach(async () => {
  requests = 0;
  web = createServer((_req, res) => {
    requests++;
    res.writeHead(404, { "content-type": "text/html" });
    res.end("<!doctype html><html><body><h1>Not Found</h1></body></html>");
  });
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  repo = await createTempRepo({ "PLAN.md": PLAN });
  await repo.commitAll("plan");
});

afterEach(async () => {
  await new Promise((resolve) => web.close(resolve));
  await repo.cleanup();
});

/** Every line of stdout parses as JSON (and there is at least one). */
function expectOnlyJsonLines(stdout: string): unknown[] {
  const lines = stdout.split("\n").filter((line) => line !== "");
  expect(lines.length).toBeGreaterThan(0);
  return lines.map((line) => {
    expect(() => JSON.parse(line), `not JSON: ${line}`).not.toThrow();
    return JSON.parse(line) as unknown;
  });
}

describe("stdout stays JSON when a library logs", () => {
  it("haco run --json against a web server that is not Ollama", async () => {
    const result = await runHaco(["run", "--json"], { cwd: repo.root, env: { OLLAMA_HOST: url } });
    expect(requests).toBeGreaterThan(0);
    const events = expectOnlyJsonLines(result.stdout) as { type: string }[];
    expect(events.at(-1)!.type).toBe("run.done");
    expect(result.stdout).not.toContain("Getting text from response");
    // The library's line is not lost: it goes to stderr with haco's own messages.
    expect(result.stderr).toContain("Getting text from response");
  });

  it("haco worker --json against a web server that is not Ollama", async () => {
    const result = await runHaco(["worker", "--json", "hi"], { cwd: repo.root, env: { OLLAMA_HOST: url } });
    expect(requests).toBeGreaterThan(0);
    const [answer, ...rest] = expectOnlyJsonLines(result.stdout) as { ok: boolean; error?: string }[];
    expect(rest).toEqual([]);
    expect(answer).toMatchObject({ ok: false, error: expect.stringContaining(url) });
  });
});
