import { WorkerError } from "./workerError.js";

/**
 * The answer haco applies must be exactly what the model wrote. A stream
 * line lost or damaged on the way (a flaky proxy, a buggy server build) can
 * drop one token — `return -a;` becomes `return a;` — and still read as a
 * plausible answer, so such a draft fails as a whole: `stream_corrupt`,
 * nothing of it used. These are the messages both backends give.
 */

/**
 * A line (NDJSON) or event (SSE) of the stream that is not a JSON object. `server` is "Ollama at <url>"
 * or the like; `where` says which one, "line 7" or "event 7".
 */
export function corruptLine(server: string, where: string, excerpt: string): WorkerError {
  return new WorkerError(
    "stream_corrupt",
    `the stream from ${server} had a ${where.split(" ")[0]} that is not a JSON object (${where}: ${excerpt}), so part of the answer ` +
      `was lost on the way and nothing of this answer is used — draft the ticket again, and if it keeps ` +
      `happening check the server and any proxy between haco and it`,
  );
}

/** An SSE line that is no SSE field haco knows (`adta: {…}`): SSE would ignore it, and with it a token. */
export function unknownField(server: string, excerpt: string): WorkerError {
  return new WorkerError(
    "stream_corrupt",
    `the stream from ${server} had a line that is no event-stream field (${excerpt}), so part of the answer ` +
      `was lost on the way and nothing of this answer is used — draft the ticket again, and if it keeps ` +
      `happening check the server and any proxy between haco and it`,
  );
}

/** More chunks of generated output than the server says it generated tokens: lines were repeated or added on the way. */
export function tooManyChunks(server: string, chunks: number, counted: number, field: string): WorkerError {
  return new WorkerError(
    "stream_corrupt",
    `${server} sent ${chunks} chunks of answer but generated only ${counted} tokens (${field}), so lines were ` +
      `repeated or added on the way and nothing of this answer is used — draft the ticket again, and if it ` +
      `keeps happening check the server and any proxy between haco and it`,
  );
}

/** At most `max` characters of a line, on one line, for a message. */
export function excerpt(line: string, max = 120): string {
  const flat = line.replace(/[\r\n\t]+/g, " ").replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
