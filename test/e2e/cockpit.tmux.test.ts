import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it, onTestFinished } from "vitest";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { shellQuote, startTmux, type TmuxSession } from "../helpers/tmux.js";
import { startFakeOllama, type ChatRequestView, type FakeOllama, type Reply } from "../servers/fakeOllama.js";

/**
 * The cockpit in a real terminal: the built CLI (`npm test` builds first) in
 * a tmux pane, driven with send-keys and read with capture-pane, against the
 * local Ollama-protocol server and a fake nvidia-smi. Every wait polls the
 * screen (generous timeouts, no durations asserted).
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "bin/haco.js");
const FAKE_NVIDIA = path.join(ROOT, "test/fixtures/bin/nvidia");

const PLAN = `# Plan: greetings

## T-001: Make hello say hello
- files: src/hello.js
- test: node -e "import('./src/hello.js').then(m => process.exit(m.hello() === 'hello' ? 0 : 1))"

hello() must return "hello", not "hi".

## T-002: Make bye say bye
- files: src/bye.js
- test: node -e "const e = String.fromCharCode(27), bel = String.fromCharCode(7); console.log('TEST-BEFORE' + e + ']52;c;SGVsbG8=' + bel + e + '[2J' + e + '[H' + 'TEST-AFTER'); import('./src/bye.js').then(m => process.exit(m.bye() === 'bye' ? 0 : 1))"

bye() must return "bye", not "cya".
`;

const FILES = {
  "PLAN.md": PLAN,
  "package.json": '{ "type": "module" }\n',
  "src/hello.js": 'export function hello() {\n  return "hi";\n}\n',
  "src/bye.js": 'export function bye() {\n  return "cya";\n}\n',
};

const HELLO_DRAFT =
  'Here is the change: hello() now returns "hello" instead of "hi", as the ticket asks. ' +
  "The function keeps its name and its signature, so no caller changes.\n\n" +
  "```diff\n--- a/src/hello.js\n+++ b/src/hello.js\n@@ -1,3 +1,3 @@\n export function hello() {\n-  return \"hi\";\n+  return \"hello\";\n }\n```\n";

const BYE_DIFF = "```diff\n--- a/src/bye.js\n+++ b/src/bye.js\n@@ -1,3 +1,3 @@\n export function bye() {\n-  return \"cya\";\n+  return \"bye\";\n }\n```\n";

const ESC = "\x1b";
const OSC52 = `${ESC}]52;c;SGVsbG8=\x07`;
const CLEAR_HOME = `${ESC}[2J${ESC}[H`;
const TITLE = `${ESC}]0;pwned-title\x07`;

/** A hostile draft for T-002: each sequence whole in one chunk, a lone ESC, then a normal diff. */
const HOSTILE_CHUNKS = [
  "WORKER-BEFORE ",
  OSC52,
  "MID-ONE ",
  CLEAR_HOME,
  "MID-TWO ",
  TITLE,
  "MID-THREE ",
  ESC,
  "MID-FOUR ",
  `${ESC}[31mREDTEXT${ESC}[0m`,
  " WORKER-AFTER\n\n",
  ...BYE_DIFF,
];

/** The live figures of a draft that is streaming right now (160 columns: the wide layout has room for them all). */
const LIVE = {
  generating: /● generating/,
  tokPerSec: /\d+(?:\.\d)? tok\/s \(live\)/,
  ttft: /TTFT \d+(?:\.\d)? (?:ms|s)/,
  vram: /VRAM \d+(?:\.\d)? GB 100% GPU/,
  sparkline: /tok\/s [▁▂▃▄▅▆▇█]+/,
  gpu: /GPU0 RTX 4090/,
};

interface Cockpit {
  tmux: TmuxSession;
  server: FakeOllama;
  repo: TempRepo;
  /** The first whole frame. */
  first: string;
}

interface OpenOptions {
  columns: number;
  rows: number;
  /** PATH inside the pane; default: the fake nvidia-smi first, then this process's PATH. */
  path?: string;
  reply?: (req: ChatRequestView) => Reply;
}

/**
 * A temp repository with the plan, the fake Ollama, and the cockpit in a
 * tmux pane. A shell runs the cockpit, then prints AFTER-EXIT and the
 * cockpit's exit status ($?, which tmux's #{pane_dead_status} does not
 * always report) and waits for a line (Enter) before exiting with that
 * status: the screen the cockpit hands back can be read while the pane is
 * alive (tmux hides the cursor of a dead pane), and `read` only sees Enter
 * in cooked mode, so it checks raw mode was turned off. Everything is
 * cleaned up when the test ends.
 */
async function openCockpit(options: OpenOptions): Promise<Cockpit> {
  // Undone last to first: the cockpit stops before its server closes and its repository goes.
  const cleanups: (() => Promise<unknown>)[] = [];
  onTestFinished(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  const repo = await createTempRepo(FILES);
  cleanups.push(() => repo.cleanup());
  await repo.commitAll("plan");
  const server = await startFakeOllama({ reply: options.reply ?? ((req) => draftFor(req)) });
  cleanups.push(() => server.close());
  const command = `${shellQuote(process.execPath)} ${shellQuote(BIN)}; code=$?; printf 'AFTER-EXIT %s\\n' "$code"; read -r _; exit "$code"`;
  const tmux = await startTmux(command, {
    columns: options.columns,
    rows: options.rows,
    cwd: repo.root,
    env: {
      OLLAMA_HOST: server.url,
      HACO_WORKER_MODEL: "",
      PATH: options.path ?? `${FAKE_NVIDIA}${path.delimiter}${process.env.PATH ?? ""}`,
    },
    term: "xterm-256color",
    // Every byte the cockpit writes (tmux pipe-pane), next to the repository.
    recordTo: path.join(path.dirname(repo.root), "pane.bytes"),
  });
  cleanups.push(() => tmux.kill());
  const first = await tmux.waitFor(frame(/1 Tickets/, /T-001/), "the cockpit's first frame");
  // Keys count only once Ink has put the terminal in raw mode, an effect that runs just after the first frame:
  // before that the terminal turns Enter into "\n", which Ink names "enter" and the cockpit does not read as Enter.
  await tmux.waitForTerminalMode("raw");
  return { tmux, server, repo, first };
}

/**
 * T-001 streams a character a chunk, slowly enough to watch, after a "model
 * load" well over the cockpit's 1 s /api/ps probe interval, so the probe sees
 * the model in VRAM before the first token; T-002 is quick.
 */
function draftFor(req: ChatRequestView): Reply {
  const prompt = req.messages.at(-1)?.content ?? "";
  // Tests passed: haco asks the worker for the commit message.
  if (req.messages.some((m) => m.role === "system" && m.content.includes("commit messages"))) return { text: "fix: say the ticket's word\n" };
  if (prompt.includes("src/hello.js")) return { chunks: [...HELLO_DRAFT], firstChunkDelayMs: 2500, chunkDelayMs: 20 };
  return { chunks: [...BYE_DIFF], chunkDelayMs: 5 };
}

const lines = (screen: string) => screen.split("\n");

/**
 * A frame the cockpit has finished drawing. Ink repaints the whole screen
 * each frame (clear, then top to bottom, the status bar last, whose `? help`
 * is always kept, or the commit box's keys while it has the keyboard), and tmux 3.3 ignores synchronized output, so a capture can
 * land mid-frame: wait for the last row too.
 */
const whole = (screen: string) => /\? help|Esc leave uncommitted/.test(lines(screen).at(-1) ?? "");
/** A whole frame showing all of `patterns`. */
const frame =
  (...patterns: RegExp[]) =>
  (screen: string) =>
    whole(screen) && patterns.every((p) => p.test(screen));

/** The bytes the cockpit wrote: the recording up to the shell's AFTER-EXIT line. */
async function cockpitBytes(tmux: TmuxSession): Promise<string> {
  let text = "";
  for (let i = 0; i < 100 && !text.includes("AFTER-EXIT"); i++) {
    text = (await tmux.recorded()).toString("latin1");
    if (!text.includes("AFTER-EXIT")) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(text).toContain("AFTER-EXIT");
  return text.slice(0, text.indexOf("AFTER-EXIT"));
}

/** Quits with `key` and checks the terminal was handed back: the normal screen, the cursor shown, cooked mode, exit 0. */
async function quitCleanly(cockpit: Cockpit, key: string): Promise<string> {
  const { tmux } = cockpit;
  await tmux.send(key);
  const screen = await tmux.waitFor((s) => s.includes("AFTER-EXIT"), "the shell's line after the cockpit quit");
  expect(screen).toContain("AFTER-EXIT 0");
  // The normal screen again: the cockpit's frame went with the alternate screen.
  expect(screen).not.toContain("Tickets");
  expect(screen).not.toMatch(/[╭╔║│]/);
  const pane = await tmux.pane();
  expect(pane).toMatchObject({ dead: false, alternateScreen: false, cursorVisible: true });
  expect(await tmux.terminalMode()).toBe("cooked");

  const bytes = await cockpitBytes(tmux);
  expect(bytes.startsWith("\x1b[?1049h")).toBe(true);
  const left = bytes.lastIndexOf("\x1b[?1049l");
  expect(left).toBeGreaterThan(bytes.lastIndexOf("\x1b[?1049h"));
  // After leaving the alternate screen, nothing but showing the cursor.
  expect(bytes.slice(left + "\x1b[?1049l".length).replaceAll("\x1b[?25h", "")).toBe("");
  expect(bytes.lastIndexOf("\x1b[?25h")).toBeGreaterThan(bytes.lastIndexOf("\x1b[?25l"));

  // The shell's `read` returns on Enter (cooked mode is back) and the pane dies with the cockpit's status.
  await tmux.send("Enter");
  const status = await tmux.waitForExit();
  expect(status === null || status === 0, `tmux saw exit status ${status}`).toBe(true);
  return bytes;
}

/** Directories of this PATH without nvidia-smi or rocm-smi; git and node stay reachable through a folder of links if they shared one. */
async function pathWithoutGpuTools(scratch: string): Promise<string> {
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  const hasGpuTool = (dir: string) => ["nvidia-smi", "rocm-smi"].some((tool) => existsSync(path.join(dir, tool)));
  const kept = dirs.filter((dir) => !hasGpuTool(dir));
  if (kept.length === dirs.length) return kept.join(path.delimiter);
  const links = path.join(scratch, "bin");
  await mkdir(links, { recursive: true });
  for (const tool of ["git", "node", "sh"]) {
    const found = dirs.map((dir) => path.join(dir, tool)).find((file) => existsSync(file));
    if (found && !existsSync(path.join(links, tool))) await symlink(found, path.join(links, tool));
  }
  return [links, ...kept].join(path.delimiter);
}

describe("the cockpit in a real terminal (tmux)", { timeout: 60_000 }, () => {
  it("at 160×48 draws the panes, streams a draft with its live figures, and takes it through review, tests and commit", async () => {
    const cockpit = await openCockpit({ columns: 160, rows: 48 });
    const { tmux, repo, first } = cockpit;
    for (const title of ["1 Tickets", "2 Worker", "3 Review", "4 Tests"]) expect(first).toContain(title);
    const statusBar = lines(first).at(-1)!;
    expect(statusBar).toContain("Enter start");
    expect(statusBar).toContain("q quit");
    expect(statusBar).toContain("? help");

    await tmux.send("Enter");
    const live = await tmux.waitFor(frame(...Object.values(LIVE), /hello\(\) now returns/), "the draft streaming with tok/s, TTFT, VRAM, sparkline and GPU");
    expect(live).toMatch(/● T-001 .*drafting/);

    // The status bar too: it shows the Review keys once the focus has moved there.
    const review = await tmux.waitFor(frame(/waiting for you/, /hunk 1 of 1, file 1 of 1/, /y accept  n reject/), "the draft under review");
    expect(review).toContain("▸ src/hello.js (edit) file 1 of 1");
    expect(review).toMatch(/2\s+-  return "hi";/);
    expect(review).toMatch(/2 \+  return "hello";/);
    expect(lines(review).at(-1)).toContain("y accept");

    await tmux.send("y");
    await tmux.waitFor(frame(/all decided — Enter applies/), "every hunk decided");
    await tmux.send("Enter");
    const box = await tmux.waitFor(frame(/Enter commits/, /fix: say the ticket's word \(T-001\)/), "the commit message box");
    expect(box).toContain("drafted by the worker");
    await tmux.send("Enter");
    const done = await tmux.waitFor(frame(/✓ T-001 .*committed/, /committed [0-9a-f]{7}/), "T-001 committed");
    expect(done).toContain("✓ passed");
    expect(done).toContain("○ T-002");
    expect(await repo.git("log", "--format=%s%n%b", "-1")).toMatch(/\(T-001\)\n[\s\S]*Haco-Ticket: T-001/);
    expect(await repo.read("src/hello.js")).toContain('return "hello"');
    expect((await repo.git("status", "--porcelain", "--", "src")).trim()).toBe("");

    await quitCleanly(cockpit, "q");
  });

  it("at 80×24 stacks the panes, shows the live figures, and Tab and 1–4 switch the large pane", async () => {
    const cockpit = await openCockpit({ columns: 80, rows: 24 });
    const { tmux, repo, first } = cockpit;
    // Narrow: the focused pane is large (double border), the others one summary row each.
    expect(first).toMatch(/║ 1 Tickets/);
    expect(first).toMatch(/^ 2 Worker {2}idle/m);

    await tmux.send("Enter");
    await tmux.waitFor(frame(/║ 2 Worker/, LIVE.generating, LIVE.tokPerSec, LIVE.ttft, LIVE.vram), "the live figures in the narrow layout");
    await tmux.waitFor(frame(/║ 3 Review/, /waiting for you/), "the review taking the large pane");

    const focused = async (key: string, title: string) => {
      await tmux.send(key);
      const screen = await tmux.waitFor((s) => whole(s) && s.includes(`║ ${title}`), `${title} to become the large pane after ${key}`);
      // Exactly one large pane; the other three are collapsed rows.
      expect(screen.match(/║ [1-4] (?:Tickets|Worker|Review|Tests)\b/g)).toHaveLength(1);
      return screen;
    };
    expect(await focused("1", "1 Tickets")).toMatch(/^ 2 Worker {2}done · \d+ tok/m);
    expect(await focused("Tab", "2 Worker")).toMatch(/^ 1 Tickets {2}0\/2 done · T-001 review/m);
    await focused("Tab", "3 Review");
    expect(await focused("4", "4 Tests")).toMatch(/^ 3 Review {2}waiting for you · 0\/1 decided/m);
    await focused("2", "2 Worker");
    await focused("3", "3 Review");

    await tmux.send("y");
    await tmux.send("Enter");
    await tmux.waitFor(frame(/Enter commits/), "the commit message box");
    await tmux.send("Enter");
    await tmux.waitFor(frame(/passed · committed [0-9a-f]{7}/), "T-001 committed (Tests summary row)");
    expect(await repo.git("log", "--format=%s", "-1")).toContain("(T-001)");
    await quitCleanly(cockpit, "q");
  });

  it("says n/a on the GPU line, without an error, when no GPU tool is installed", async () => {
    const scratch = await mkdtemp(path.join(tmpdir(), "haco-nogpu-"));
    onTestFinished(() => rm(scratch, { recursive: true, force: true }));
    const pathNoGpu = await pathWithoutGpuTools(scratch);
    expect((await execa("sh", ["-c", "command -v nvidia-smi || command -v rocm-smi"], { env: { PATH: pathNoGpu }, reject: false })).exitCode).not.toBe(0);

    const cockpit = await openCockpit({ columns: 160, rows: 48, path: pathNoGpu });
    const screen = await cockpit.tmux.waitFor(frame(/GPU n\/a/), "the GPU line");
    expect(screen).not.toMatch(/error|✗|nvidia-smi|ENOENT|internal/i);
    expect(lines(screen).at(-1)).toContain("q quit");
    await quitCleanly(cockpit, "q");
  });

  it("Esc during a draft stops it, and the server sees the client hang up", async () => {
    const cockpit = await openCockpit({
      columns: 160,
      rows: 48,
      // Far longer than the test: only Esc ends this draft.
      reply: () => ({ text: "Thinking about it. ".repeat(2000), chunkDelayMs: 20 }),
    });
    const { tmux, server } = cockpit;
    await tmux.send("Enter");
    await tmux.waitFor(frame(LIVE.generating, /Thinking about it/), "the draft streaming");
    const chat = await server.waitForChat(0);
    await tmux.send("Escape");
    const screen = await tmux.waitFor(frame(/● aborted/), "the Worker pane to say aborted");
    expect(await chat.ended).toBe("client_aborted");
    expect(server.chats[0]!.clientAborted).toBe(true);
    // The cockpit is still up, and nothing was left in review.
    expect(screen).not.toContain("waiting for you");
    expect(lines(screen).at(-1)).toContain("q quit");
    await quitCleanly(cockpit, "q");
  });

  it("q quits: exit 0, the alternate screen left and the cursor shown", async () => {
    const cockpit = await openCockpit({ columns: 100, rows: 30 });
    await quitCleanly(cockpit, "q");
  });

  it("leaves no trace of its frame on the user's screen when the window grew while it ran", async () => {
    const cockpit = await openCockpit({ columns: 100, rows: 30 });
    await cockpit.tmux.resize(160, 48);
    await cockpit.tmux.waitFor((s) => whole(s) && lines(s).some((l) => l.trimEnd().length > 150), "the frame redrawn at the new size");
    // quitCleanly: the shell's screen holds no pane border, no pane title.
    await quitCleanly(cockpit, "q");
  });

  it("Ctrl+C quits the same way, even while a draft streams", async () => {
    const cockpit = await openCockpit({ columns: 100, rows: 30 });
    await cockpit.tmux.send("Enter");
    await cockpit.tmux.waitFor(frame(/● (?:loading model|reading prompt|generating)/), "the draft to start");
    await quitCleanly(cockpit, "C-c");
  });

  it("keeps the screen intact when the worker and the tests write escape sequences", async () => {
    const cockpit = await openCockpit({
      columns: 160,
      rows: 48,
      reply: () => ({ chunks: HOSTILE_CHUNKS, chunkDelayMs: 5 }),
    });
    const { tmux, repo } = cockpit;
    await tmux.send("j");
    await tmux.waitFor(frame(/T-002: Make bye say bye/), "T-002 selected");
    await tmux.send("Enter");
    await tmux.waitFor(frame(/waiting for you/, /y accept  n reject/), "the hostile draft under review");
    // The Worker pane, given its room back, shows the text around the sequences and not the sequences.
    await tmux.send("2");
    const draft = await tmux.waitFor(frame(/WORKER-BEFORE/), "the hostile draft in the Worker pane");
    expect(draft).toMatch(/WORKER-BEFORE MID-ONE MID-TWO MID-THREE MID-FOUR REDTEXT WORKER-AFTER/);
    await tmux.send("3");
    const review = await tmux.waitFor(frame(/waiting for you/, /y accept  n reject/), "the review focused again");
    expect(review).toMatch(/\+  return "bye";/);
    await tmux.send("y");
    await tmux.send("Enter");
    await tmux.waitFor(frame(/Enter commits/), "the commit message box");
    await tmux.send("Enter");
    const after = await tmux.waitFor(frame(/✓ T-002 .*committed/, /TEST-BEFORE/), "T-002 committed with its test output shown");
    expect(after).toMatch(/TEST-BEFORE.*TEST-AFTER/);
    expect(await repo.git("log", "--format=%s", "-1")).toContain("(T-002)");

    // The frame is whole: borders at the top, every pane's title, the status bar on the last row.
    const rows = lines(after);
    expect(rows[0]).toMatch(/^[╭╔]/);
    for (const title of ["1 Tickets", "2 Worker", "3 Review", "4 Tests"]) expect(after).toContain(title);
    expect(rows.at(-1)).toContain("q quit");
    expect((await tmux.pane()).title).not.toContain("pwned");

    const bytes = await quitCleanly(cockpit, "q");
    expect(bytes).not.toContain(`${ESC}]52`);
    expect(bytes).not.toContain(`${ESC}]0;pwned`);
    expect(bytes).not.toContain("\x1b[31mREDTEXT");
    // \x1b[2J only where the cockpit clears its own screen: on entering and leaving the alternate screen, and Ink's full redraws.
    const ownClears = bytes.replace(`\x1b[?1049h${CLEAR_HOME}`, "").replace(`${CLEAR_HOME}\x1b[?1049l`, "").replaceAll("\x1b[2J\x1b[3J\x1b[H", "");
    expect(ownClears).not.toContain(`${ESC}[2J`);
  });
});
