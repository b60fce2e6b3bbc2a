import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeUtf8Exactly } from "../../../src/domain/text/utf8.js";

describe("decodeUtf8Exactly", () => {
  it("refuses Latin-1 bytes, naming the first line that is not UTF-8", () => {
    expect(decodeUtf8Exactly(Buffer.from("ok\nstill ok\n", "utf8"))).toEqual({ ok: true, text: "ok\nstill ok\n" });
    expect(decodeUtf8Exactly(Buffer.from([0x61, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]))).toEqual({ ok: false, line: 2 });
    // A sequence cut at the end of the file, an overlong encoding and an encoded surrogate are not UTF-8 either.
    expect(decodeUtf8Exactly(Buffer.from([0x61, 0xc3]))).toEqual({ ok: false, line: 1 });
    expect(decodeUtf8Exactly(Buffer.from([0xc0, 0xaf]))).toEqual({ ok: false, line: 1 });
    expect(decodeUtf8Exactly(Buffer.from([0x0a, 0x0a, 0xed, 0xa0, 0x80]))).toEqual({ ok: false, line: 3 });
  });

  it("keeps a byte-order mark in the text, so writing the text back writes it too", () => {
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x0a]);
    const decoded = decodeUtf8Exactly(bytes);
    expect(decoded.ok && Buffer.from(decoded.text, "utf8")).toEqual(bytes);
  });

  it("round-trips any bytes it accepts exactly, and accepts every string's UTF-8", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const decoded = decodeUtf8Exactly(bytes);
        if (decoded.ok) expect(Buffer.from(decoded.text, "utf8").equals(Buffer.from(bytes))).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(decodeUtf8Exactly(Buffer.from(text, "utf8"))).toEqual({ ok: true, text });
      }),
    );
  });
});
