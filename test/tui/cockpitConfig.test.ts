import { describe, expect, it } from "vitest";
import { defaultConfig, parseConfig } from "../../src/adapters/config/config.js";
import { InputError } from "../../src/domain/errors.js";
import { resolveTheme } from "../../themes/index.js";

describe("ui.theme in .haco/config.yaml", () => {
  it("is optional, and picks the cockpit's theme unless --theme or NO_COLOR says otherwise", () => {
    expect(defaultConfig().ui).toEqual({});
    const config = parseConfig("ui:\n  theme: light\n", ".haco/config.yaml");
    expect(config.ui.theme).toBe("light");
    // runCockpit asks resolveTheme(flag ?? config.ui.theme, env).
    const pick = (flag: string | undefined, env: NodeJS.ProcessEnv) => resolveTheme(flag ?? config.ui.theme, env).name;
    expect(pick(undefined, {})).toBe("light");
    expect(pick("high-contrast", {})).toBe("high-contrast");
    expect(pick("dark", { NO_COLOR: "1" })).toBe("no-color");
  });

  it("names the field when the theme is unknown or a setting is misspelt", () => {
    expect(() => parseConfig("ui:\n  theme: sepia\n", ".haco/config.yaml")).toThrow(InputError);
    expect(() => parseConfig("ui:\n  theme: sepia\n", ".haco/config.yaml")).toThrow(/ui\.theme/);
    expect(() => parseConfig("ui:\n  colours: dark\n", ".haco/config.yaml")).toThrow(/unknown setting "colours"/);
  });
});
