import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Renders one frame to a fake terminal in a fresh Node process whose environment has CI=true, and
 * reports whether the frame reached the terminal while the app was still mounted, and what CI reads
 * afterwards. A fresh process, because Ink reads the variable once, when it loads.
 */
async function renderUnderCi(loadLiveFirst: boolean): Promise<{ live: boolean; ci: string | undefined }> {
  const script = `
    ${loadLiveFirst ? `await (await import(${JSON.stringify(path.join(ROOT, "dist/src/tui/loadInkLive.js"))})).loadInkLive();` : ""}
    const { EventEmitter } = await import("node:events");
    const { render, Text } = await import("ink");
    const React = (await import("react")).default;
    const out = Object.assign(new EventEmitter(), { isTTY: true, columns: 80, rows: 24, text: "", write(chunk) { this.text += chunk; return true; } });
    const app = render(React.createElement(Text, null, "first frame"), { stdout: out, patchConsole: false });
    // A live frame may be slow on a loaded machine; a held-back one never comes before unmount.
    for (let i = 0; i < 20 && !out.text.includes("first frame"); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const live = out.text.includes("first frame");
    app.unmount();
    process.stdout.write(JSON.stringify({ live, ci: process.env.CI }));
  `;
  const result = await execa(process.execPath, ["--input-type=module", "-e", script], {
    cwd: ROOT,
    env: { CI: "true", NODE_ENV: "production" },
    extendEnv: true,
  });
  return JSON.parse(result.stdout) as { live: boolean; ci: string | undefined };
}

describe("loadInkLive", () => {
  it("keeps Ink drawing frames live in a terminal whose environment sets CI, and gives CI back", async () => {
    expect(await renderUnderCi(true)).toEqual({ live: true, ci: "true" });
  });

  it("is needed: Ink loaded plainly under CI=true holds every frame back until exit", async () => {
    expect(await renderUnderCi(false)).toEqual({ live: false, ci: "true" });
  });
});
