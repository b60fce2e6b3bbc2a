import { describe, expect, it } from "vitest";
import { proposeChanges } from "../../../src/domain/edits/index.js";
import { applied, diff, hunk, refused, repo, written } from "./proposeHelpers.js";

describe("placing hunks: tabs against spaces", () => {
  const go = "func f() {\n\tif ok {\n\t\treturn 1\n\t}\n\treturn 0\n}\n";

  it("reads four spaces per level as tabs and writes new lines with tabs", () => {
    const edit = diff("f.go", hunk("     if ok {", "-        return 1", "+        log(1)", "+        return 2", "     }"));
    expect(applied(edit, { "f.go": go })).toBe(go.replace("\t\treturn 1\n", "\t\tlog(1)\n\t\treturn 2\n"));
  });

  it("reads tabs in the reply as the levels of a space-indented file", () => {
    const py = "def f():\n  if ok:\n    return 1\n  return 0\n";
    const edit = diff("f.py", hunk(" \tif ok:", "-\t\treturn 1", "+\t\tlog()", "+\t\treturn 2"));
    expect(applied(edit, { "f.py": py })).toBe("def f():\n  if ok:\n    log()\n    return 2\n  return 0\n");
  });

  it("keeps alignment spaces after the levels", () => {
    const file = "\tx := f(a,\n\t      b)\n\ty := 2\n";
    const edit = diff("a.go", hunk("     x := f(a,", "           b)", "-    y := 2", "+    y := 3"));
    expect(applied(edit, { "a.go": file })).toBe("\tx := f(a,\n\t      b)\n\ty := 3\n");
  });

  it("refuses when levels fit two places", () => {
    const file = "func a() {\n\treturn 0\n}\nfunc b() {\n\treturn 0\n}\n";
    const [r] = refused([diff("a.go", hunk("-    return 0", "+    return 1"))], { "a.go": file });
    expect(r!.code).toBe("ambiguous");
    expect(r!.reason).toContain("lines 2 and 5");
  });

  it("refuses new lines at a depth the old lines do not show, when the old lines are all at one depth", () => {
    // One line at four spaces: two levels of two, or one of four? The file cannot say.
    const [r] = refused([diff("f.py", hunk("-\t\tfoo()", "+\tfoo()"))], { "f.py": "    foo()\n" });
    expect(r!.code).toBe("ambiguous");
    expect(r!.reason).toMatch(/^hunk 1: its old lines fit line 1 only with their indentation read differently/);
    // At the old lines' own depth there is nothing to guess.
    expect(applied(diff("f.py", hunk("-\t\tfoo()", "+\t\tbar()")), { "f.py": "    foo()\n" })).toBe("    bar()\n");
  });

  it("keeps what the worker wrote when the old lines matched as written", () => {
    expect(applied(diff("f", hunk("-        foo", "+\tfoo")), { f: "        foo\n" })).toBe("\tfoo\n");
  });
});

describe("placing hunks: blank context lines", () => {
  const file = "import a\n\n\ndef f():\n    return 1\n\ndef g():\n    return 2\n";

  it("places a hunk that leaves out blank lines the file has between its context lines", () => {
    const edit = diff("m.py", hunk(" import a", " def f():", "-    return 1", "+    return 10"));
    expect(applied(edit, { "m.py": file })).toBe(file.replace("return 1\n", "return 10\n"));
  });

  it("places a hunk with a blank context line the file does not have", () => {
    const edit = diff("m.py", hunk(" def f():", " ", "-    return 1", "+    return 10", " ", " def g():"));
    expect(applied(edit, { "m.py": file })).toBe(file.replace("return 1\n", "return 10\n"));
  });

  it("still refuses a hunk whose non-blank lines are not there", () => {
    expect(refused([diff("m.py", hunk(" def h():", "", "-    return 1", "+    return 10"))], { "m.py": file })[0]!.code).toBe("not-found");
  });
});

describe("placing hunks: elision markers on the context side", () => {
  const file = [
    "function load(path) {",
    "  const text = read(path);",
    "  const rows = parse(text);",
    "  return rows;",
    "}",
    "",
    "function save(rows) {",
    "  write(rows);",
    "}",
    "",
  ].join("\n");

  it("lets a context marker stand for the lines it hides, which stay as they are", () => {
    const edit = diff("io.js", hunk(" function load(path) {", " // ... existing code ...", "-  return rows;", "+  return rows.filter(Boolean);", " }"));
    expect(applied(edit, { "io.js": file })).toBe(file.replace("  return rows;", "  return rows.filter(Boolean);"));
  });

  it("accepts '...' at the same place in SEARCH and REPLACE (a context line once diffed)", () => {
    const edit = diff("io.js", hunk(" function save(rows) {", "+  if (!rows) return;", " ...", " }"));
    expect(applied(edit, { "io.js": file })).toBe(file.replace("function save(rows) {\n", "function save(rows) {\n  if (!rows) return;\n"));
  });

  it("lets an indented marker hide lines of its own body only, so a later function's twin line does not count", () => {
    const api = [
      "export async function fetchUser(id) {",
      "  const res = await fetch(`/users/${id}`);",
      "  return res.json();",
      "}",
      "",
      "export async function fetchOrders(id) {",
      "  const res = await fetch(`/orders/${id}`);",
      "  return res.json();",
      "}",
      "",
    ].join("\n");
    const edit = diff("api.js", hunk(" export async function fetchUser(id) {", "   // ... existing code ...", "+  if (!res.ok) throw new Error(res.statusText);", "   return res.json();"));
    expect(applied(edit, { "api.js": api })).toBe(api.replace("  return res.json();", "  if (!res.ok) throw new Error(res.statusText);\n  return res.json();"));
  });

  it("refuses when the pieces around a marker fit more than one way", () => {
    const [r] = refused([diff("io.js", hunk(" // ...", "-}", "+};"))], { "io.js": file });
    expect(r!.code).toBe("ambiguous");
  });

  it("refuses a marker that is removed: it would delete the lines it hides", () => {
    const [r] = refused([diff("io.js", hunk(" function load(path) {", "-  // ... existing code ...", "+  return [];", " }"))], { "io.js": file });
    expect(r!.code).toBe("elision");
  });
});

describe("placing hunks: context missing from inside the hunk", () => {
  const file = "def total(items):\n    subtotal = 0\n    for item in items:\n        subtotal += item.price\n    tax = subtotal * RATE\n    return subtotal + tax\n";

  it("places the change by its removed lines when they occur once and the context is above and below in order", () => {
    const edit = diff("t.py", hunk(" def total(items):", "-    tax = subtotal * RATE", "+    tax = round(subtotal * RATE, 2)", "     return subtotal + tax"));
    expect(applied(edit, { "t.py": file })).toBe(file.replace("tax = subtotal * RATE", "tax = round(subtotal * RATE, 2)"));
  });

  it("refuses when a quoted context line is not in the file", () => {
    const edit = diff("t.py", hunk(" def total(things):", "-    tax = subtotal * RATE", "+    tax = 0"));
    expect(refused([edit], { "t.py": file })[0]!.code).toBe("not-found");
  });

  it("refuses when the removed lines occur twice", () => {
    const twice = file + "\ndef again():\n    tax = subtotal * RATE\n";
    const edit = diff("t.py", hunk(" def total(items):", "-    tax = subtotal * RATE", "+    tax = 0", "     return subtotal + tax"));
    expect(refused([edit], { "t.py": twice })[0]!.code).toBe("not-found");
  });
});

describe("placing hunks: a hunk written against the result of another", () => {
  const file = "const a = 1;\nconst b = 2;\nexport { a, b };\n";

  it("places the second hunk against the first one's result when the original does not have its lines", () => {
    const first = hunk(" const a = 1;", "-const b = 2;", "+const b = 3;", " export { a, b };");
    const second = hunk(" const b = 3;", "+const c = 4;", " export { a, b };");
    expect(applied(diff("m.js", first, second), { "m.js": file })).toBe("const a = 1;\nconst b = 3;\nconst c = 4;\nexport { a, b };\n");
  });

  it("refuses when the second hunk fits nowhere, naming it", () => {
    const first = hunk(" const a = 1;", "-const b = 2;", "+const b = 3;");
    const second = hunk(" const z = 9;", "+const c = 4;");
    const [r] = refused([diff("m.js", first, second)], { "m.js": file });
    expect(r).toMatchObject({ code: "not-found", hunk: 2 });
    expect(r!.reason).toMatch(/^hunk 2: its line "const z = 9;" is not there; the closest lines are/);
  });
});

describe("placing hunks: byte order marks", () => {
  it("places a hunk on the first line of a file with a BOM and keeps the BOM", () => {
    const file = "\uFEFFname,qty\r\napple,1\r\n";
    expect(applied(diff("d.csv", hunk("-name,qty", "+name,qty,price", " apple,1")), { "d.csv": file })).toBe("\uFEFFname,qty,price\r\napple,1\r\n");
  });

  it("keeps the BOM when a whole file replaces the content", () => {
    const p = proposeChanges([{ kind: "wholefile", path: "a.txt", content: "one\ntwo\n" }], repo({ "a.txt": "\uFEFFone\n" }));
    expect(written(p)).toEqual({ "a.txt": "\uFEFFone\ntwo\n" });
  });
});

describe("refusal wording", () => {
  it("names the hunk with its header and the places, line numbers first-to-last", () => {
    const file = "x\n1\nx\n2\nx\n3\nx\n";
    const [r] = refused([diff("f", { header: "@@ -10,1 +10,1 @@", lines: ["-x", "+y"] })], { f: file });
    expect(r).toMatchObject({ file: "f", code: "ambiguous", hunk: 1 });
    expect(r!.reason).toBe(
      "hunk 1 (@@ -10,1 +10,1 @@): its 1 old line matches 4 places (lines 1, 3, 5 and 1 more) — add unchanged lines above or below the change until they occur once",
    );
  });
});
