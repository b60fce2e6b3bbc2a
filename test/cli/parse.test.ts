import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/domain/errors.js";
import { nonEmptyFlag, parseCommandArgs } from "../../src/cli/parse.js";

const OPTIONS = {
  plan: { type: "string" },
  json: { type: "boolean", default: false },
  retries: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

const parse = (...args: string[]) => parseCommandArgs("run", args, OPTIONS);
const failure = (...args: string[]): UsageError => {
  try {
    parse(...args);
  } catch (err) {
    return err as UsageError;
  }
  throw new Error(`parsed: ${args.join(" ")}`);
};

describe("parseCommandArgs", () => {
  it("reads flags, defaults and positionals", () => {
    expect(parse("T-001", "--plan", "PLAN.md", "--json", "T-002")).toEqual({
      values: { plan: "PLAN.md", json: true, help: false },
      positionals: ["T-001", "T-002"],
    });
    expect(parse("-h").values.help).toBe(true);
    expect(parse("--", "--json").positionals).toEqual(["--json"]);
  });

  it("takes a value that starts with a dash as the value, written either way", () => {
    expect(parse("--retries", "-1").values.retries).toBe("-1");
    expect(parse("--retries=-1").values.retries).toBe("-1");
    expect(parse("--plan", "-").values.plan).toBe("-");
  });

  it("names an unknown option and where the options are listed, with no quoting left over", () => {
    const err = failure("--bogus");
    expect(err).toBeInstanceOf(UsageError);
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe("haco run: unknown option --bogus — check its spelling; 'haco run --help' lists the options");
    expect(failure("-x").message).toContain("unknown option -x —");
  });

  it("says a value is missing, also when the next argument is another option", () => {
    expect(failure("--plan").message).toBe("haco run: --plan needs a value — write --plan <value> (see 'haco run --help')");
    expect(failure("--plan", "--json").message).toBe(
      "haco run: --plan needs a value, but the next argument is the option --json — write --plan <value> (see 'haco run --help')",
    );
    expect(failure("--plan", "-h").message).toContain("the next argument is the option -h");
  });

  it("refuses a value given to an on/off flag", () => {
    expect(failure("--json=yes").message).toBe(`haco run: --json takes no value, got "--json=yes" — write --json alone (see 'haco run --help')`);
  });

  it("never shows Node's own wording", () => {
    for (const args of [["--bogus"], ["--plan"], ["--json=1"], ["--retries", "--json"]]) {
      expect(failure(...args).message).not.toMatch(/ambiguous|Did you forget|positional argument|ERR_PARSE_ARGS/);
    }
  });

  it("names the cockpit 'haco' when the command is empty", () => {
    expect(() => parseCommandArgs("", ["--bogus"], OPTIONS)).toThrowError("haco: unknown option --bogus — check its spelling; 'haco --help' lists the options");
  });
});

describe("nonEmptyFlag", () => {
  it("passes a value or no flag, and refuses an empty one", () => {
    expect(nonEmptyFlag("model", "m", "x")).toBe("m");
    expect(nonEmptyFlag("model", undefined, "x")).toBeUndefined();
    expect(() => nonEmptyFlag("model", "  ", "qwen2.5-coder:7b")).toThrowError(/^--model is empty — give it a value \(e\.g\. --model qwen2\.5-coder:7b\)/);
  });
});
