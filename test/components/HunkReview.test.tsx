import { chmod, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { countHunks, countUndecided, selectedHunk, type Decision } from "../../src/domain/review/index.js";
import { startFakeOllama, type FakeOllama, type ChatRequestView } from "../servers/fakeOllama.js";
import { createTempRepo, type TempRepo } from "../helpers/tempRepo.js";
import { liveCockpit, type LiveCockpit } from "../tui/liveCockpit.js";
import { AFTER, C_ANSWER, TWO_FILE_ANSWER, REVIEW_FILES, REVIEW_PLAN, reviewReplies, tuned, WORKER_COMMIT } from "../tui/reviewFixture.js";
import { KEY, press, renderAt, resize, screen, type Rendered } from "./renderAt.js";
import type { EditOutcome } from "../../src/tui/externalEditor.js";

/**
 * The hunk reviewer driven from the keyboard, every key, against the real
 * worker adapter and a scripted Ollama, in a real git repository.
 */

let server: FakeOllama;
let repo: TempRepo;
let draft: (req: ChatRequestView) => string;
let rendered: Rendered | null = null;
const WAIT = { timeout: 10_000 };

beforeEach(async () => {
  draft = () => TWO_FILE_ANSWER;
  server = await startFakeOllama({ reply: (req) => reviewReplies(draft)(req) });
  repo = await createTempRepo({ "PLAN.md": REVIEW_PLAN, ...REVIEW_FILES });
  await repo.commitAll("start");
});

afterEach(async () => {
  rendered?.unmount();
  rendered = null;
  await server.close();
  await repo.cleanup();
});

const text = () => screen(rendered!).join("\n");
const live = (app: LiveCockpit) => app.reviewer.getSnapshot()!;
const decisions = (app: LiveCockpit): Decision[] => {
  const state = live(app).state;
  const out: Decision[] = [];
  for (let i = 0; i < countHunks(state); i++) {
    const moved = { ...state, selected: i };
    out.push(selectedHunk(moved)!.decision);
  }
  return out;
};

/** Opens the cockpit, starts the ticket at `index` and waits for its review. */
async function reviewOf(index = 0, overrides: Parameters<typeof liveCockpit>[2] = {}): Promise<LiveCockpit> {
  const app = await liveCockpit(repo, server, overrides);
  rendered = await renderAt(app.element, 120, 40);
  for (let i = 0; i < index; i++) await press(rendered, "j");
  await press(rendered, KEY.enter);
  await vi.waitFor(() => expect(app.reviewer.getSnapshot()).not.toBeNull(), WAIT);
  await vi.waitFor(() => expect(text()).toContain("waiting for you"), WAIT);
  return app;
}

async function waitForCommitBox(app: LiveCockpit) {
  await vi.waitFor(() => expect(app.session.getSnapshot().commitBox?.phase).toBe("editing"), WAIT);
  await vi.waitFor(() => expect(text()).toContain("Enter commits"), WAIT);
}

describe("the hunk reviewer in the cockpit", () => {
  it("shows the hunks file by file with line numbers, the position, the criteria and the decisions so far", async () => {
    const app = await reviewOf();
    const shown = text();
    expect(shown).toContain("T-001 Tune the constants");
    expect(shown).toContain("hunk 1 of 3, file 1 of 2");
    expect(shown).toContain("5 of 5 undecided");
    expect(shown).toContain("• a3, a20, a37, b5 and b25 are ten times larger");
    expect(shown).toContain("▸ src/a.js (edit) file 1 of 2");
    expect(shown).toContain("· undecided");
    // old and new line numbers beside each line
    expect(shown).toMatch(/ 3\s+-export const a3 = 3;/);
    expect(shown).toMatch(/ 3 -?export const a3 = 3 \* 10; \/\/ tuned|\s3 \+export const a3 = 3 \* 10; \/\/ tuned/);
    await press(rendered!, "y");
    expect(text()).toContain("hunk 2 of 3, file 1 of 2");
    expect(text()).toContain("4 of 5 undecided");
    expect(decisions(app)).toEqual(["accepted", "undecided", "undecided", "undecided", "undecided"]);
  });

  it("y/n through every hunk, Enter applies, the tests pass and Enter in the commit box commits exactly the accepted hunks", async () => {
    const app = await reviewOf();
    await press(rendered!, "y", "n", "y", "n", "y");
    expect(countUndecided(live(app).state)).toBe(0);
    expect(text()).toContain("all decided — Enter applies");
    await press(rendered!, KEY.enter);
    await waitForCommitBox(app);
    expect(text()).toContain("feat(consts): tune the chosen constants (T-001)");
    expect(text()).toContain("drafted by the worker");
    await press(rendered!, KEY.enter);
    await app.controller.idle();
    expect(app.session.getSnapshot().tickets[0]!.status).toBe("committed");

    const shown = await repo.git("show", "HEAD", "--format=%B");
    expect(shown).toContain("feat(consts): tune the chosen constants (T-001)");
    expect(shown).toContain("Haco-Ticket: T-001");
    for (const accepted of [tuned("a", 3), tuned("a", 37), tuned("b", 25)]) expect(shown).toContain(`+${accepted}`);
    for (const rejected of [tuned("a", 20), tuned("b", 5)]) {
      expect(shown).not.toContain(rejected);
      expect(await repo.read("src/a.js")).not.toContain(rejected);
      expect(await repo.read("src/b.js")).not.toContain(rejected);
    }
    expect(await repo.git("status", "--porcelain", "--", "src")).toBe("");
  });

  it("reads keys typed ahead in one chunk one by one, but not a paste", async () => {
    const app = await reviewOf();
    await press(rendered!, "n".repeat(12));
    expect(countUndecided(live(app).state)).toBe(5);
    await press(rendered!, "yyyyy\r");
    await waitForCommitBox(app);
  });

  it("Enter with hunks left undecided says how many, and writes nothing", async () => {
    const app = await reviewOf();
    await press(rendered!, "y", KEY.enter);
    expect(screen(rendered!).at(-1)).toContain("4 hunks are still undecided");
    expect(app.reviewer.getSnapshot()).not.toBeNull();
    expect(await repo.read("src/a.js")).toBe(REVIEW_FILES["src/a.js"]);
  });

  it("a accepts and d rejects the rest of the file; u undoes the last decision", async () => {
    const app = await reviewOf();
    await press(rendered!, "n", "a");
    expect(decisions(app)).toEqual(["rejected", "accepted", "accepted", "undecided", "undecided"]);
    expect(text()).toContain("hunk 1 of 2, file 2 of 2");
    await press(rendered!, "d");
    expect(decisions(app)).toEqual(["rejected", "accepted", "accepted", "rejected", "rejected"]);
    await press(rendered!, "u");
    expect(decisions(app)).toEqual(["rejected", "accepted", "accepted", "undecided", "undecided"]);
    await press(rendered!, "u", "u");
    expect(decisions(app)).toEqual(["undecided", "undecided", "undecided", "undecided", "undecided"]);
    await press(rendered!, "u");
    expect(screen(rendered!).join("\n")).toContain("Nothing to undo.");
  });

  it("j/k move between undecided hunks, J/K between all hunks", async () => {
    const app = await reviewOf();
    const at = () => live(app).state.selected;
    await press(rendered!, "J");
    expect(at()).toBe(1);
    await press(rendered!, "y");
    expect(at()).toBe(2);
    await press(rendered!, "k");
    expect(at()).toBe(0);
    await press(rendered!, "j");
    expect(at()).toBe(2);
    await press(rendered!, "K");
    expect(at()).toBe(1);
    await press(rendered!, "K", "K");
    expect(at()).toBe(0);
    expect(text()).toContain("No previous hunk.");
  });

  it("g goes to a hunk by its number and / searches the hunks' lines", async () => {
    const app = await reviewOf();
    await press(rendered!, "g");
    expect(screen(rendered!).at(-1)).toContain("go to hunk (1–5):");
    await press(rendered!, "4", KEY.enter);
    expect(live(app).state.selected).toBe(3);
    expect(text()).toContain("hunk 1 of 2, file 2 of 2");
    await press(rendered!, "g", "9", KEY.enter);
    expect(screen(rendered!).at(-1)).toContain("is not a hunk number — type one from 1 to 5");
    await press(rendered!, "g", "2", KEY.esc);
    expect(live(app).state.selected).toBe(3);
    await press(rendered!, "/");
    expect(screen(rendered!).at(-1)).toContain("search hunks for:");
    await press(rendered!, ..."a37 = 37 *".split(""), KEY.enter);
    expect(live(app).state.selected).toBe(2);
  });

  it("s splits a hunk; its parts are decided apart and still apply", async () => {
    draft = () => C_ANSWER;
    const app = await reviewOf(2);
    expect(countHunks(live(app).state)).toBe(1);
    await press(rendered!, "s");
    expect(countHunks(live(app).state)).toBe(2);
    expect(text()).toContain("Split into 2 hunks.");
    await press(rendered!, "n", "y", KEY.enter);
    await waitForCommitBox(app);
    await press(rendered!, KEY.enter);
    await app.controller.idle();
    const c = await repo.read("src/c.js");
    expect(c).not.toContain(tuned("c", 8));
    expect(c).toContain(tuned("c", 11));
    expect(c).toBe(AFTER["src/c.js"].replace(tuned("c", 8), "export const c8 = 8;"));
  });

  it("e hands the hunk to the editor and takes back what still applies; what does not is refused with a reason", async () => {
    const edits: string[] = [];
    let answer = (t: string): string => t.replace("= 3 * 10; // tuned", "= 3 * 100; // edited");
    const editText = async (t: string): Promise<EditOutcome> => {
      edits.push(t);
      return { ok: true, text: answer(t) };
    };
    const app = await reviewOf(0, { editText });
    await press(rendered!, "e");
    await vi.waitFor(() => expect(decisions(app)[0]).toBe("accepted"), WAIT);
    expect(edits[0]).toContain("# Editing hunk 1 of 5 in src/a.js");
    expect(edits[0]).toContain(`+${tuned("a", 3)}`);
    await press(rendered!, "K");
    expect(text()).toContain("(edited)");
    expect(text()).toContain("+export const a3 = 3 * 100; // edited");
    await press(rendered!, "J");
    // Changing a context line makes the hunk no longer apply.
    answer = (t) => t.replace(" export const a18 = 18;", " export const a18 = 99;");
    await press(rendered!, "e");
    await vi.waitFor(() => expect(text()).toContain("The edited hunk no longer applies"), WAIT);
    expect(decisions(app)[1]).toBe("undecided");
    // e again reopens what was typed, with the reason, as git add -p does; emptying it cancels.
    answer = () => "";
    await press(rendered!, "e");
    await vi.waitFor(() => expect(text()).toContain("edit cancelled"), WAIT);
    expect(edits[2]).toContain("# haco refused your last edit of this hunk: The edited hunk no longer applies");
    expect(edits[2]).toContain(" export const a18 = 99;");
    await press(rendered!, "d", "d");
    await press(rendered!, KEY.enter);
    await waitForCommitBox(app);
    await press(rendered!, KEY.enter);
    await app.controller.idle();
    expect(await repo.read("src/a.js")).toContain("export const a3 = 3 * 100; // edited");
    // The event says the hunk was rewritten, so haco stats does not count it as the worker's first pass.
    expect(app.events.find((e) => e.type === "hunk.decision" && e.hunk === "h1")).toMatchObject({ accepted: true, edited: true });
  });

  it("A accepts and X rejects every hunk still undecided; rejecting all writes nothing", async () => {
    const app = await reviewOf();
    await press(rendered!, "y", "X");
    expect(decisions(app)).toEqual(["accepted", "rejected", "rejected", "rejected", "rejected"]);
    await press(rendered!, "u", "u", "A");
    expect(decisions(app)).toEqual(["accepted", "accepted", "accepted", "accepted", "accepted"]);
    await press(rendered!, "u", "u", "u");
    expect(countUndecided(live(app).state)).toBe(5);
    await press(rendered!, "X", KEY.enter);
    await app.controller.idle();
    expect(app.session.getSnapshot().tickets[0]!.status).toBe("rejected");
    expect(await repo.read("src/a.js")).toBe(REVIEW_FILES["src/a.js"]);
    expect(await repo.read("src/b.js")).toBe(REVIEW_FILES["src/b.js"]);
  });

  it("offers the worker's README delta as one more hunk to review, and commits it with the code when accepted", async () => {
    await repo.write("README.md", "# consts\n\n## Usage\n\nImport them.\n\n## License\n\nMIT\n");
    await repo.commitAll("readme");
    draft = () => `${TWO_FILE_ANSWER}\n=== README DELTA: Usage ===\n\`\`\`markdown\nThe tuned constants are ten times larger.\n\`\`\`\n`;
    const app = await reviewOf();
    const prompt = (server.chats[0]!.request.body as { messages: { content: string }[] }).messages.map((m) => m.content).join("\n");
    expect(prompt).toContain('README DELTA: <section>');
    expect(prompt).toContain('"Usage", "License"');
    expect(countHunks(live(app).state)).toBe(6);
    await press(rendered!, "g", "6", KEY.enter);
    expect(text()).toContain("▸ README.md (edit) file 3 of 3");
    expect(text()).toContain("+The tuned constants are ten times larger.");
    await press(rendered!, "y", "A", KEY.enter);
    await waitForCommitBox(app);
    await press(rendered!, KEY.enter);
    await app.controller.idle();
    expect(await repo.read("README.md")).toBe("# consts\n\n## Usage\n\nImport them.\n\nThe tuned constants are ten times larger.\n\n## License\n\nMIT\n");
    expect(await repo.git("show", "HEAD", "--stat", "--format=")).toContain("README.md");
  });

  it("? lists the reviewer's keys", async () => {
    await reviewOf();
    await press(rendered!, "?");
    const help = text();
    for (const line of ["accept this hunk", "reject this hunk", "split this hunk", "edit this hunk", "undo the last decision", "go to a hunk by its number"]) {
      expect(help.toLowerCase()).toContain(line);
    }
  });

  it("Esc in the commit box leaves the accepted hunks applied and uncommitted", async () => {
    const app = await reviewOf();
    const head = await repo.git("rev-parse", "HEAD");
    await press(rendered!, "A", KEY.enter);
    await waitForCommitBox(app);
    await press(rendered!, KEY.esc);
    await app.controller.idle();
    expect(app.session.getSnapshot().tickets[0]).toMatchObject({ status: "applied", reason: "left uncommitted" });
    expect(await repo.git("rev-parse", "HEAD")).toBe(head);
    expect(await repo.read("src/a.js")).toBe(AFTER["src/a.js"]);
  });

  /** Every hunk accepted and tested, then Esc in the commit box: the change applied and uncommitted. */
  async function leftUncommitted(): Promise<{ app: LiveCockpit; head: string }> {
    const app = await reviewOf();
    const head = (await repo.git("rev-parse", "HEAD")).trim();
    await press(rendered!, "A", KEY.enter);
    await waitForCommitBox(app);
    await press(rendered!, KEY.esc);
    await app.controller.idle();
    return { app, head };
  }

  it("Enter on a change left uncommitted opens its commit box again and commits exactly that change", async () => {
    const { app, head } = await leftUncommitted();
    expect(screen(rendered!).at(-1)).toContain("T-001 is applied and uncommitted: Enter on it opens its commit box again");
    await repo.write("notes.txt", "the user's own file\n");
    await press(rendered!, "1", KEY.enter);
    await waitForCommitBox(app);
    expect(text()).toContain("feat(consts): tune the chosen constants (T-001)");
    await press(rendered!, KEY.enter);
    await app.controller.idle();
    expect(app.session.getSnapshot().tickets[0]!.status).toBe("committed");
    expect((await repo.git("rev-parse", "HEAD~1")).trim()).toBe(head);
    const shown = await repo.git("show", "HEAD", "--stat", "--format=%s");
    expect(shown).toContain("src/a.js");
    expect(shown).not.toContain("notes.txt");
    expect(await repo.read("src/a.js")).toBe(AFTER["src/a.js"]);
  });

  it("will not commit a change left uncommitted once its files changed since, and says so", async () => {
    const { app, head } = await leftUncommitted();
    await repo.write("src/a.js", "// rewritten by hand\n");
    await press(rendered!, "1", KEY.enter);
    await vi.waitFor(() => expect(screen(rendered!).at(-1)).toContain("changed since T-001 was left uncommitted"), WAIT);
    expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(head);
    expect(app.session.getSnapshot().commitBox).toBeNull();
    // Put back as the ticket left it, the change is offered again — never drafted anew.
    await repo.write("src/a.js", AFTER["src/a.js"]);
    const chats = server.chats.length;
    await press(rendered!, KEY.enter);
    await waitForCommitBox(app);
    expect(server.chats.length).toBe(chats);
  });

  it("a commit-msg hook's refusal leaves the change offered with the message as typed; Enter commits it once the hook agrees", async () => {
    const hooks = path.join(repo.root, ".git", "hooks");
    await mkdir(hooks, { recursive: true });
    await writeFile(path.join(hooks, "commit-msg"), `#!/bin/sh\ngrep -q 'PROJ-1' "$1" || { echo "name the issue, e.g. PROJ-1"; exit 1; }\n`);
    await chmod(path.join(hooks, "commit-msg"), 0o755);
    const app = await reviewOf();
    const head = (await repo.git("rev-parse", "HEAD")).trim();
    await press(rendered!, "A", KEY.enter);
    await waitForCommitBox(app);
    await press(rendered!, " for the tests\r");
    await app.controller.idle();
    expect(app.session.getSnapshot().tickets[0]!.status).toBe("applied");
    expect(text()).toContain("name the issue, e.g. PROJ-1");
    expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(head);
    expect(await repo.read("src/a.js")).toBe(AFTER["src/a.js"]);
    // Enter on the ticket: the box opens with the message as it was sent, and the hook now passes.
    await press(rendered!, "1", KEY.enter);
    await waitForCommitBox(app);
    expect(text()).toContain("tune the chosen constants (T-001) for the tests");
    await press(rendered!, " PROJ-1\r");
    await app.controller.idle();
    expect(app.session.getSnapshot().tickets[0]!.status).toBe("committed");
    expect((await repo.git("log", "-1", "--format=%s")).trim()).toBe("feat(consts): tune the chosen constants (T-001) for the tests PROJ-1");
  });

  it("shows the ticket committing while the repository's pre-commit hook runs", async () => {
    const hooks = path.join(repo.root, ".git", "hooks");
    await mkdir(hooks, { recursive: true });
    // The hook waits for the test's word, so the state in between is there to be seen.
    await writeFile(path.join(hooks, "pre-commit"), `#!/bin/sh\nwhile [ ! -f .git/go-on ]; do sleep 0.05; done\n`);
    await chmod(path.join(hooks, "pre-commit"), 0o755);
    const app = await reviewOf();
    await press(rendered!, "A", KEY.enter);
    await waitForCommitBox(app);
    await press(rendered!, KEY.enter);
    await vi.waitFor(() => expect(app.session.getSnapshot().tickets[0]).toMatchObject({ status: "committing" }), WAIT);
    expect(text()).toMatch(/T-001 Tune the constants +committing/);
    expect(text()).not.toContain("Enter commits");
    await writeFile(path.join(repo.root, ".git", "go-on"), "");
    await app.controller.idle();
    expect(app.session.getSnapshot().tickets[0]!.status).toBe("committed");
  });

  it("falls back to haco's own message when drafting one fails in any way, and the box still opens", async () => {
    await mkdir(path.join(repo.root, ".haco/prompts/commit.md"), { recursive: true });
    const app = await reviewOf();
    await press(rendered!, "A", KEY.enter);
    await waitForCommitBox(app);
    expect(text()).toContain("haco's own");
    await press(rendered!, KEY.enter);
    await app.controller.idle();
    expect((await repo.git("log", "-1", "--format=%s")).trim()).toBe("feat: tune the constants (T-001)");
  });

  it("closes the help when the commit box takes the keyboard, so typed keys reach the box", async () => {
    const app = await reviewOf();
    await press(rendered!, "A", KEY.enter, "?");
    await waitForCommitBox(app);
    expect(text()).not.toContain("accept this hunk");
    await press(rendered!, KEY.esc);
    await app.controller.idle();
    expect(app.session.getSnapshot().tickets[0]).toMatchObject({ status: "applied" });
  });

  it("the commit box's header can be edited before Enter", async () => {
    const app = await reviewOf();
    await press(rendered!, "A", KEY.enter);
    await waitForCommitBox(app);
    await press(rendered!, ..." now".split(""), KEY.enter);
    await app.controller.idle();
    expect((await repo.git("log", "-1", "--format=%s")).trim()).toBe(`feat(consts): tune the chosen constants (T-001) now`);
    expect(await repo.git("log", "-1", "--format=%b")).toContain(WORKER_COMMIT.split("\n\n")[1]!);
  });
  it("Tab hands the whole message to the editor; what it saves fills the box, and Enter commits it", async () => {
    const edits: string[] = [];
    let answer = (t: string): string => t.replace(/^feat\(consts\).*$/m, "perf(consts): tune them").replace("Haco-Ticket: T-001", "Refs: #42\nHaco-Ticket: T-001");
    const editText = async (t: string, fileName: string): Promise<EditOutcome> => {
      edits.push(`${fileName}\n${t}`);
      return { ok: true, text: answer(t) };
    };
    const app = await reviewOf(0, { editText });
    await press(rendered!, "A", KEY.enter);
    await waitForCommitBox(app);
    // The header as typed so far goes to the editor with the drafted body and trailer.
    await press(rendered!, ..." x".split(""), KEY.tab);
    await vi.waitFor(() => expect(text()).toContain("edited in your editor"), WAIT);
    expect(edits[0]).toContain("COMMIT_EDITMSG");
    expect(edits[0]).toContain("feat(consts): tune the chosen constants (T-001) x");
    expect(edits[0]).toContain(WORKER_COMMIT.split("\n\n")[1]!);
    expect(text()).toContain("perf(consts): tune them");
    // An empty save keeps the box as it was.
    answer = () => "# nothing\n";
    await press(rendered!, KEY.tab);
    await vi.waitFor(() => expect(text()).toContain("the box keeps the one it had"), WAIT);
    await press(rendered!, KEY.enter);
    await app.controller.idle();
    expect((await repo.git("log", "-1", "--format=%s")).trim()).toBe("perf(consts): tune them");
    const body = await repo.git("log", "-1", "--format=%b");
    expect(body).toContain(WORKER_COMMIT.split("\n\n")[1]!);
    expect(body).toContain("Refs: #42");
    expect(body).not.toContain("#nothing");
    expect(body).not.toContain("Lines starting with");
  });
  it("erases with Backspaces that arrive several in one read, instead of typing them into the message", async () => {
    const app = await reviewOf();
    await press(rendered!, "A", KEY.enter);
    await waitForCommitBox(app);
    await press(rendered!, " xyz", "\x7f\x7f\x7f\x7f", " ok\r");
    await app.controller.idle();
    expect(await repo.git("log", "-1", "--format=%s")).toBe("feat(consts): tune the chosen constants (T-001) ok\n");
  });

  it("takes an Enter that arrives in one read with the text before it, in g, / and the commit box", async () => {
    const app = await reviewOf();
    await press(rendered!, "g", "3\r");
    expect(text()).toContain("hunk 3 of 3, file 1 of 2");
    expect(text()).not.toContain("go to hunk");
    await press(rendered!, "A", KEY.enter);
    await waitForCommitBox(app);
    await press(rendered!, " now\r");
    await app.controller.idle();
    expect((await repo.git("log", "-1", "--format=%s")).trim()).toBe("feat(consts): tune the chosen constants (T-001) now");
  });

  it("types the rest of a chunk into the field its first key opened: \"g3⏎\" goes to hunk 3, \"/a3\" waits for Enter", async () => {
    const app = await reviewOf();
    await press(rendered!, "g3\r");
    expect(text()).toContain("hunk 3 of 3, file 1 of 2");
    expect(text()).not.toContain("go to hunk");
    expect(countUndecided(live(app).state)).toBe(5);
    await press(rendered!, "g2");
    expect(screen(rendered!).at(-1)).toContain("go to hunk (1–5): 2");
    await press(rendered!, KEY.enter);
    expect(text()).toContain("hunk 2 of 3, file 1 of 2");
    // Three reads, one after the other, before the field that g opens is drawn.
    for (const key of ["g", "1", KEY.enter]) rendered!.stdin.write(key);
    await press(rendered!);
    expect(text()).toContain("hunk 1 of 3, file 1 of 2");
    expect(text()).not.toContain("go to hunk");
    await press(rendered!, "/a3");
    expect(screen(rendered!).at(-1)).toContain("search hunks for: a3");
    await press(rendered!, KEY.esc);
    expect(screen(rendered!).at(-1)).not.toContain("search hunks for");
    // Opened again, the field is empty: what was typed ahead belonged to the last one.
    await press(rendered!, "/");
    expect(screen(rendered!).at(-1)).not.toContain("a3");
  });

  it("keeps the end of a commit header longer than the box in sight while it is typed", async () => {
    const app = await reviewOf();
    await press(rendered!, "A", KEY.enter);
    await waitForCommitBox(app);
    const tail = ` ${"and more words ".repeat(8)}THE-END`;
    await press(rendered!, tail);
    expect(text()).toContain("THE-END");
    await press(rendered!, KEY.enter);
    await app.controller.idle();
    expect((await repo.git("log", "-1", "--format=%s")).trim()).toBe(`feat(consts): tune the chosen constants (T-001)${tail}`.trim());
  });

  it("says where a reviewer's key works when another pane has the focus", async () => {
    const app = await reviewOf();
    await press(rendered!, "4", "y");
    expect(screen(rendered!).at(-1)).toContain("y works in the Review pane: press 3 there, then y");
    expect(countUndecided(live(app).state)).toBe(5);
  });

  it("the commit box says how many lines the body holds, and shows the drafted header when the line is cleared", async () => {
    const app = await reviewOf();
    await press(rendered!, "A", KEY.enter);
    await waitForCommitBox(app);
    const box = text();
    // The drafted body and haco's trailer: two lines behind one row.
    expect(box).toContain("[2 lines · Tab shows them] Multiply them by ten");
    await press(rendered!, ..."\x7f".repeat(80).split(""));
    expect(text()).toContain("(Enter keeps this header)");
    await press(rendered!, KEY.enter);
    await app.controller.idle();
    expect((await repo.git("log", "-1", "--format=%s")).trim()).toBe("feat(consts): tune the chosen constants (T-001)");
  });

  it("says what the open review needs when another ticket is started", async () => {
    await reviewOf();
    await press(rendered!, "1", "j", KEY.enter);
    expect(screen(rendered!).at(-1)).toContain("T-001 is still open — decide its hunks first");
  });

  it("acts on no key but q and Ctrl+C while the screen is too small to show anything", async () => {
    const app = await reviewOf();
    await resize(rendered!, 40, 10);
    expect(text()).toContain("Enlarge it");
    await press(rendered!, "y", "y", "A", KEY.enter);
    expect(countUndecided(live(app).state)).toBe(5);
    await resize(rendered!, 120, 40);
    expect(text()).toContain("5 of 5 undecided");
    await press(rendered!, "q");
    expect(app.quits).toBe(1);
  });

});

describe("when the tests fail", () => {
  async function failed(): Promise<LiveCockpit> {
    const app = await reviewOf(1);
    await press(rendered!, "A", KEY.enter);
    await vi.waitFor(() => expect(app.session.getSnapshot().failure).not.toBeNull(), WAIT);
    await vi.waitFor(() => expect(screen(rendered!).at(-1)).toContain("r retry"), WAIT);
    return app;
  }

  it("x rolls the files back byte for byte", async () => {
    const app = await failed();
    expect(await repo.read("src/a.js")).toBe(AFTER["src/a.js"]);
    await press(rendered!, "x");
    await app.controller.idle();
    expect(app.session.getSnapshot().tickets[1]!.status).toBe("failed");
    expect(await repo.read("src/a.js")).toBe(REVIEW_FILES["src/a.js"]);
    expect(await repo.read("src/b.js")).toBe(REVIEW_FILES["src/b.js"]);
    await vi.waitFor(() => expect(text()).toContain("boom: expected a3 to be 3"), WAIT);
  });

  it("Esc does not pick a choice for the user: it says which keys do", async () => {
    const app = await failed();
    // The ticket waits for the user, not for its tests, and its row says what to press.
    expect(app.session.getSnapshot().tickets[1]).toMatchObject({ status: "review", reason: "its tests failed: r retry, x roll back, k keep, E escalate" });
    await press(rendered!, KEY.esc);
    expect(screen(rendered!).at(-1)).toContain("the tests failed: r retries, x rolls back");
    expect(app.session.getSnapshot().failure).not.toBeNull();
    expect(await repo.read("src/a.js")).toBe(AFTER["src/a.js"]);
    await press(rendered!, "x");
    await app.controller.idle();
    expect(await repo.read("src/a.js")).toBe(REVIEW_FILES["src/a.js"]);
  });

  it("k keeps the changes on disk, uncommitted", async () => {
    const app = await failed();
    const head = await repo.git("rev-parse", "HEAD");
    await press(rendered!, "k");
    await app.controller.idle();
    expect(app.session.getSnapshot().tickets[1]!.reason).toContain("kept uncommitted");
    expect(await repo.read("src/a.js")).toBe(AFTER["src/a.js"]);
    expect(await repo.git("rev-parse", "HEAD")).toBe(head);
  });

  it("E restores the files and marks the ticket for the supervisor", async () => {
    const app = await failed();
    await press(rendered!, "E");
    await app.controller.idle();
    expect(app.session.getSnapshot().tickets[1]!.status).toBe("escalated");
    expect(await repo.read("src/a.js")).toBe(REVIEW_FILES["src/a.js"]);
    // Started again without a key for Claude: the worker drafts it, and the cockpit says so.
    await press(rendered!, "1", KEY.enter);
    await vi.waitFor(() => expect(screen(rendered!).at(-1)).toContain("T-002 was marked for the supervisor, but no Anthropic API key is set"), WAIT);
    await vi.waitFor(() => expect(app.reviewer.getSnapshot()).not.toBeNull(), WAIT);
  });

  it("r drafts again, telling the worker what failed and which hunks were rejected; then no retry is left", async () => {
    const app = await failed();
    await press(rendered!, "r");
    await vi.waitFor(() => expect(server.chats.length).toBeGreaterThanOrEqual(2), WAIT);
    const retry = server.chats.at(-1)!.request.body as { messages: { content: string }[] };
    const prompt = retry.messages.map((m) => m.content).join("\n");
    expect(prompt).toContain("Your previous attempt failed");
    expect(prompt).toContain("boom: expected a3 to be 3");
    expect(await repo.read("src/a.js")).toBe(REVIEW_FILES["src/a.js"]);
    await vi.waitFor(() => expect(app.reviewer.getSnapshot()).not.toBeNull(), WAIT);
    await press(rendered!, "A", KEY.enter);
    await vi.waitFor(() => expect(app.session.getSnapshot().failure).not.toBeNull(), WAIT);
    await press(rendered!, "r");
    expect(screen(rendered!).at(-1)).toContain("no retry left");
    await press(rendered!, "x");
    await app.controller.idle();
    expect(await repo.read("src/a.js")).toBe(REVIEW_FILES["src/a.js"]);
  });
});

describe("U", () => {
  it("undoes haco's last commit after a y, and only then", async () => {
    const app = await reviewOf();
    const before = await repo.git("rev-parse", "HEAD");
    await press(rendered!, "A", KEY.enter);
    await waitForCommitBox(app);
    await press(rendered!, KEY.enter);
    await app.controller.idle();
    expect(await repo.git("rev-parse", "HEAD")).not.toBe(before);
    await press(rendered!, "U");
    // The question and its answers come first, so a narrow status bar still shows them.
    expect(screen(rendered!).at(-1)).toMatch(/Undo commit [0-9a-f]{7}\? y yes, n no/);
    await press(rendered!, "n");
    expect(await repo.git("rev-parse", "HEAD")).not.toBe(before);
    await press(rendered!, "U", "y");
    await vi.waitFor(() => expect(app.session.getSnapshot().tickets[0]!.status).toBe("pending"), WAIT);
    expect(await repo.git("rev-parse", "HEAD")).toBe(before);
    expect(await repo.read("src/a.js")).toBe(REVIEW_FILES["src/a.js"]);
    await press(rendered!, "U");
    expect(screen(rendered!).at(-1)).toContain("no commit");
  });

  it("refuses when the committed file changed since", async () => {
    const app = await reviewOf();
    await press(rendered!, "A", KEY.enter);
    await waitForCommitBox(app);
    await press(rendered!, KEY.enter);
    await app.controller.idle();
    const head = await repo.git("rev-parse", "HEAD");
    await repo.write("src/a.js", `${AFTER["src/a.js"]}// mine\n`);
    await press(rendered!, "U", "y");
    await vi.waitFor(() => expect(text()).toContain("has newer changes"), WAIT);
    expect(await repo.git("rev-parse", "HEAD")).toBe(head);
    expect(await repo.read("src/a.js")).toContain("// mine");
    // Once refused, haco no longer offers to undo that commit.
    await press(rendered!, "U");
    expect(screen(rendered!).at(-1)).toContain("no commit");
  });
});
