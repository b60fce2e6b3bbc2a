import { describe, expect, it } from "vitest";
import { checkAnthropic } from "../../../src/adapters/doctor/anthropicCheck.js";
import { checkNode } from "../../../src/adapters/doctor/nodeCheck.js";

describe("checkNode", () => {
  it("passes 20.3 and anything newer", () => {
    for (const version of ["20.3.0", "v20.3.1", "20.11.0", "22.0.0", "24.1.0"]) expect(checkNode(version).status).toBe("ok");
  });

  it("fails anything older, with the version wanted and how to get it", () => {
    for (const version of ["20.2.9", "18.19.0", "v16.20.2"]) {
      const check = checkNode(version);
      expect(check).toMatchObject({ name: "node", status: "fail" });
      expect(check.detail).toContain("20.3.0");
      expect(check.fix).toContain("nvm install 20");
    }
  });
});

describe("checkAnthropic", () => {
  it("says which variable is set, never its value", () => {
    const check = checkAnthropic({ ANTHROPIC_API_KEY: "sk-ant-test-SECRET" }, undefined);
    expect(check).toMatchObject({ name: "anthropic key", status: "ok" });
    expect(check.detail).toContain("ANTHROPIC_API_KEY is set");
    expect(JSON.stringify(check)).not.toContain("SECRET");
    const token = checkAnthropic({ ANTHROPIC_AUTH_TOKEN: "tok-SECRET" }, "claude-opus-5");
    expect(token.detail).toBe("ANTHROPIC_AUTH_TOKEN is set · supervisor model claude-opus-5");
  });

  it("warns without a key (planning and escalation are off) and counts supervisor tickets that would be refused", () => {
    const check = checkAnthropic({ ANTHROPIC_API_KEY: "  " }, undefined, 2);
    expect(check.status).toBe("warn");
    expect(check.detail).toContain("planning");
    expect(check.detail).toContain("escalation");
    expect(check.detail).toContain("2 supervisor ticket(s) will be refused");
    expect(check.fix).toContain("export ANTHROPIC_API_KEY=");
  });

  it("fails an ANTHROPIC_BASE_URL that is not a URL when a key would use it, with the fix, never the key", () => {
    const check = checkAnthropic({ ANTHROPIC_API_KEY: "sk-ant-test-SECRET", ANTHROPIC_BASE_URL: "::::" }, undefined);
    expect(check).toMatchObject({ name: "anthropic key", status: "fail" });
    expect(check.detail).toMatch(/^ANTHROPIC_BASE_URL "::::" is not a URL — set it to the API's address as http\(s\):\/\/host/);
    expect(check.fix).toContain("unset ANTHROPIC_BASE_URL");
    expect(JSON.stringify(check)).not.toContain("SECRET");
  });

  it("only warns about a bad ANTHROPIC_BASE_URL when there is no key to use it with", () => {
    expect(checkAnthropic({ ANTHROPIC_BASE_URL: "ftp://proxy" }, undefined)).toMatchObject({ status: "warn", detail: expect.stringContaining("not http:// or https://") });
  });
});
