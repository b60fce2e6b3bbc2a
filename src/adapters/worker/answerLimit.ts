import { formatBytes } from "../../domain/edits/answerSize.js";
import { WorkerError } from "./workerError.js";

/**
 * The answer limit (maxAnswerBytes, the one `haco apply` and the parser
 * refuse a whole answer by) enforced while the answer streams: a model stuck
 * in a loop would otherwise stream for minutes, fill memory, stdout and the
 * run log, and only then be refused. The piece that takes the answer past the
 * limit is not passed on; the backend throws, and its cleanup hangs up, so the
 * server stops generating.
 */
export class AnswerLimit {
  private bytes = 0;
  private pieces = 0;

  /** `limit` undefined: no limit (callers that cap the reply some other way). */
  constructor(
    private readonly limit: number | undefined,
    private readonly server: string,
  ) {}

  /** Counts one piece of answer text; throws answer_too_large once the answer passes the limit. */
  take(text: string): void {
    if (this.limit === undefined) return;
    this.bytes += Buffer.byteLength(text, "utf8");
    this.pieces += 1;
    if (this.bytes > this.limit) throw answerTooLarge(this.server, this.limit, this.pieces);
  }
}

export function answerTooLarge(server: string, limit: number, pieces: number): WorkerError {
  return new WorkerError(
    "answer_too_large",
    `the answer from ${server} passed the ${formatBytes(limit)} limit for one answer (maxAnswerBytes) after ` +
      `${pieces} chunks, so haco stopped the model there and read none of it — a model repeating itself does ` +
      `this; ask for only the edits as diffs, and split the ticket if it needs more`,
  );
}
