import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { parseEvents, runHaco } from "../helpers/runHaco.js";

// Needs the built CLI (npm run build).

let repo: TempRepo;
beforeEach(async () => {
  repo = await createTempRepo({ "src/a.js": "export const a = 1;\n" });
  await repo.commitAll("start");
});
afterEach(() => repo.cleanup());

describe("haco apply with an empty answer", () => {
  it("an empty file is bad input (exit 2), named, and nothing is written", async () => {
    await repo.write("answer.txt", "");
    const result = await runHaco(["apply", "answer.txt"], { cwd: repo.root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("haco apply: the answer in answer.txt is empty — pass the file holding the worker's answer\n");
    expect(result.stderr).not.toContain("--partial");
  });

  it("empty or blank stdin is bad input too, also as an error event with --json", async () => {
    const plain = await runHaco(["apply"], { cwd: repo.root, input: "" });
    expect(plain.exitCode).toBe(2);
    expect(plain.stderr).toBe("haco apply: the answer in stdin is empty — pipe the worker's answer in\n");
    const json = await runHaco(["apply", "-", "--json"], { cwd: repo.root, input: "\n  \n" });
    expect(json.exitCode).toBe(2);
    expect(parseEvents(json.stdout)).toMatchObject([{ type: "error", code: "empty_answer", message: "haco apply: the answer in stdin is empty — pipe the worker's answer in" }]);
    expect(await repo.git("status", "--porcelain")).toBe("");
  });
});

describe("haco --help", () => {
  it("lists plan --force, doctor --plan and queue add --format", async () => {
    const result = await runHaco(["--help"], { cwd: repo.root });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/haco plan "<request>" \[--out FILE\] \[--force\]/);
    expect(result.stdout).toMatch(/haco doctor \[--json\] \[--warm\] \[--plan FILE\]/);
    expect(result.stdout).toMatch(/haco queue add FILE\|- \[--format md\|yaml\|json\]/);
  });
});
