/**
 * Text haco edits must come back byte for byte outside the hunks. A file that
 * is not valid UTF-8 (Latin-1, Windows-1252, binary) cannot: decoding it turns
 * each bad byte into U+FFFD and writing it back re-encodes every one of them.
 * Such a file is recognised here, so that it can be refused instead.
 */

export type Utf8Decoded = { ok: true; text: string } | { ok: false; line: number };

// fatal: a bad byte is an error, not U+FFFD; ignoreBOM: a byte-order mark stays in the text, so it is written back.
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The bytes as text when they are valid UTF-8 (so that encoding the text gives the same bytes), else the first line that is not. */
export function decodeUtf8Exactly(bytes: Uint8Array): Utf8Decoded {
  try {
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    return { ok: false, line: firstBadLine(bytes) };
  }
}

/** 1-based number of the first line whose bytes are not valid UTF-8 (newline bytes never occur inside a UTF-8 sequence). */
function firstBadLine(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    try {
      strict.decode(bytes.subarray(start, i));
    } catch {
      return line;
    }
    line++;
    start = i + 1;
  }
  return line;
}
