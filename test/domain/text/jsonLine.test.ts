import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonLine } from "../../../src/domain/text/jsonLine.js";

describe("jsonLine", () => {
  it("escapes DEL and the C1 controls the way JSON escapes C0", () => {
    expect(jsonLine({ file: "a\u009bb", text: "\u0085\u007f\u0080\u009f" })).toBe('{"file":"a\\u009bb","text":"\\u0085\\u007f\\u0080\\u009f"}');
  });

  it("leaves other characters, U+00A0 and U+2028 included, as JSON.stringify writes them", () => {
    expect(jsonLine({ t: "café\u00a0\u2028→\n\u001b" })).toBe(JSON.stringify({ t: "café\u00a0\u2028→\n\u001b" }));
  });

  it("never holds a raw control character and always reads back as the same value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: "binary" }), (value, text) => {
        for (const v of [value, { text }, text]) {
          const line = jsonLine(v);
          expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
          expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(v)));
        }
      }),
    );
  });
});
