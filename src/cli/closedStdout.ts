/**
 * A reader that leaves early (`haco run --json | head -1`) closes stdout, and
 * the next write fails with EPIPE, which Node raises as an unhandled 'error'
 * event: a stack trace, and a run cut off between writing a file and
 * committing it. Here the run goes on to its own end instead, as if nobody
 * were reading: files journaled, committed or restored as always, every
 * event still in the run log, its exit code its own. Only stdout falls silent.
 */
export function carryOnWhenStdoutCloses(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE" || err.code === "ERR_STREAM_DESTROYED") return;
    throw err;
  });
}
