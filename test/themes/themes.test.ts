import { describe, expect, it } from "vitest";
import { ANSI_COLOR_NAMES, highContrastPalette } from "../../themes/highContrast.js";
import { THEMES, THEME_NAMES, TOKENS, resolveTheme } from "../../themes/index.js";
import { UsageError } from "../../src/domain/errors.js";

const HEX = /^#[0-9A-Fa-f]{6}$/;
const colored = THEME_NAMES.filter((name) => name !== "no-color");

describe("themes", () => {
  it("has a theme under every name, carrying that name", () => {
    for (const name of THEME_NAMES) expect(THEMES[name].name).toBe(name);
  });

  it.each(colored)("%s maps every token to a colour Ink understands", (name) => {
    const theme = THEMES[name];
    expect(theme.colored).toBe(true);
    for (const token of TOKENS) {
      const color = theme.color(token);
      expect(color, token).toBeTypeOf("string");
      expect(HEX.test(color!) || (ANSI_COLOR_NAMES as readonly string[]).includes(color!), `${token}: ${color}`).toBe(true);
    }
  });

  it("no-color maps every token to undefined and says it is not coloured", () => {
    const theme = THEMES["no-color"];
    expect(theme.colored).toBe(false);
    for (const token of TOKENS) expect(theme.color(token), token).toBeUndefined();
  });

  it("high-contrast uses only the 16 basic ANSI colour names", () => {
    const theme = THEMES["high-contrast"];
    for (const token of TOKENS) expect(ANSI_COLOR_NAMES).toContain(theme.color(token));
    for (const color of Object.values(highContrastPalette)) expect(ANSI_COLOR_NAMES).toContain(color);
    expect(ANSI_COLOR_NAMES).toHaveLength(16);
  });

  it("dark and light differ for every text token", () => {
    for (const token of TOKENS.filter((t) => t.startsWith("text."))) {
      expect(THEMES.dark.color(token), token).not.toBe(THEMES.light.color(token));
    }
  });

  it("keeps status colours apart within each coloured theme", () => {
    for (const name of colored) {
      const theme = THEMES[name];
      const statuses = (["status.ok", "status.warn", "status.error"] as const).map((t) => theme.color(t));
      expect(new Set(statuses).size, name).toBe(3);
    }
  });

  it("cannot be recoloured by a component mutating it", () => {
    expect(Object.isFrozen(THEMES.dark)).toBe(true);
    expect(Object.isFrozen(THEMES)).toBe(true);
  });
});

describe("resolveTheme", () => {
  it("defaults to dark", () => {
    expect(resolveTheme(undefined, {}).name).toBe("dark");
  });

  it("returns the named theme", () => {
    for (const name of THEME_NAMES) expect(resolveTheme(name, {}).name).toBe(name);
  });

  it("lets a non-empty NO_COLOR win over any theme name and the default", () => {
    for (const name of [undefined, ...THEME_NAMES]) {
      expect(resolveTheme(name, { NO_COLOR: "1" }).name).toBe("no-color");
    }
    expect(resolveTheme("light", { NO_COLOR: "false" }).name).toBe("no-color");
  });

  it("ignores an empty NO_COLOR, as no-color.org says", () => {
    expect(resolveTheme("light", { NO_COLOR: "" }).name).toBe("light");
  });

  it("reads process.env when no environment is passed", () => {
    const saved = process.env.NO_COLOR;
    try {
      process.env.NO_COLOR = "1";
      expect(resolveTheme("dark").name).toBe("no-color");
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
  });

  it("rejects an unknown name with a UsageError naming it and the known themes", () => {
    for (const env of [{}, { NO_COLOR: "1" }]) {
      let caught: unknown;
      try {
        resolveTheme("solarized", env);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(UsageError);
      const message = (caught as UsageError).message;
      expect(message).toContain('"solarized"');
      for (const name of THEME_NAMES) expect(message).toContain(name);
      expect((caught as UsageError).exitCode).toBe(2);
    }
  });

  it("treats names as exact: case and blanks are not forgiven", () => {
    expect(() => resolveTheme("Dark", {})).toThrow(UsageError);
    expect(() => resolveTheme("", {})).toThrow(UsageError);
  });
});
