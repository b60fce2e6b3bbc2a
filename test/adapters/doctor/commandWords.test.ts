import { describe, expect, it } from "vitest";
import { programsOf } from "../../../src/adapters/doctor/commandWords.js";

describe("programsOf", () => {
  it("takes the first word of a plain command", () => {
    expect(programsOf("npm test")).toEqual(["npm"]);
    expect(programsOf("  npx vitest run test/slugify.test.ts  ")).toEqual(["npx"]);
  });

  it("finds every simple command of a compound line, once each", () => {
    expect(programsOf("npm run build && npx vitest run || node scripts/report.js; npm test")).toEqual(["npm", "npx", "node"]);
    expect(programsOf("cat log | grep FAIL & wait")).toEqual(["cat", "grep"]);
    expect(programsOf("(cd web && pnpm test)")).toEqual(["pnpm"]);
  });

  it("reads node -e with a quoted script as node", () => {
    expect(programsOf(`node -e "process.exit(require('./x').ok ? 0 : 1)"`)).toEqual(["node"]);
    expect(programsOf("node -e 'if (1 && 2) process.exit(0); a | b'")).toEqual(["node"]);
  });

  it("skips environment assignments, env, exec and time before the program", () => {
    expect(programsOf("CI=1 FORCE_COLOR=0 npm test")).toEqual(["npm"]);
    expect(programsOf("env -i PATH=/bin pytest -q")).toEqual(["pytest"]);
    expect(programsOf("exec cargo test")).toEqual(["cargo"]);
    expect(programsOf("time go test ./...")).toEqual(["go"]);
  });

  it("leaves out builtins, expansions and comments", () => {
    expect(programsOf("cd packages/core && true")).toEqual([]);
    expect(programsOf("$TEST_RUNNER --ci")).toEqual([]);
    expect(programsOf('"$(npm bin)/vitest"')).toEqual([]);
    expect(programsOf("npm test # then deno test")).toEqual(["npm"]);
  });

  it("looks through if/then and keeps redirections out", () => {
    expect(programsOf("if make check; then echo ok; fi")).toEqual(["make"]);
    expect(programsOf("npm test 2>&1 | tee out.log")).toEqual(["npm", "tee"]);
    expect(programsOf("> out.log npm test")).toEqual(["npm"]);
  });

  it("keeps paths and escaped spaces as written", () => {
    expect(programsOf("./scripts/test.sh --fast")).toEqual(["./scripts/test.sh"]);
    expect(programsOf("my\\ tool run")).toEqual(["my tool"]);
  });
});
