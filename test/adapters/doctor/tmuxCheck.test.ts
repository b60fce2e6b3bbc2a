import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ESCAPE_TIME_FIX, checkTmux } from "../../../src/adapters/doctor/tmuxCheck.js";

/** A fake tmux on PATH that answers `show-options -sv escape-time` with a chosen value. */
let bin: string;

beforeEach(async () => {
  bin = await mkdtemp(path.join(tmpdir(), "haco-doctor-tmux-"));
});
afterEach(() => rm(bin, { recursive: true, force: true }));

async function fakeTmux(escapeTime: string): Promise<void> {
  const file = path.join(bin, "tmux");
  await writeFile(
    file,
    `#!/bin/sh\nif [ "$1 $2 $3" = "show-options -sv escape-time" ]; then printf '%s\\n' '${escapeTime}'; exit 0; fi\necho "unexpected: $*" >&2\nexit 2\n`,
  );
  await chmod(file, 0o755);
}

const inTmux = () => ({ TMUX: "/tmp/tmux-1000/default,1234,0", PATH: bin });

describe("checkTmux", () => {
  it("has nothing to check outside tmux", async () => {
    expect(await checkTmux({ PATH: bin }, 2000)).toEqual({ name: "tmux", status: "ok", detail: "not inside tmux (nothing to check)" });
  });

  it("warns when escape-time is above 50 ms, with the line for ~/.tmux.conf", async () => {
    await fakeTmux("500");
    const check = await checkTmux(inTmux(), 2000);
    expect(check).toMatchObject({ name: "tmux", status: "warn", fix: ESCAPE_TIME_FIX });
    expect(check.detail).toContain("escape-time is 500 ms");
    expect(check.fix).toContain("set -sg escape-time 10");
    expect(check.fix).toContain("~/.tmux.conf");
  });

  it("passes a short escape-time", async () => {
    await fakeTmux("10");
    expect(await checkTmux(inTmux(), 2000)).toEqual({ name: "tmux", status: "ok", detail: "escape-time is 10 ms" });
    await fakeTmux("50");
    expect((await checkTmux(inTmux(), 2000)).status).toBe("ok");
  });

  it("warns when tmux cannot be asked", async () => {
    const check = await checkTmux(inTmux(), 2000);
    expect(check.status).toBe("warn");
    expect(check.detail).toContain("tmux is not on PATH");
  });
});
