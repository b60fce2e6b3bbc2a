/**
 * What a measurement child tells the parent, as one JSON object on fd 3
 * (its stdout is the measured sink for `bare`, and the cockpit never writes to it).
 */

/** The child's file descriptor for its report. */
export const REPORT_FD = 3;
/** The cockpit child's file descriptor for the bytes Ink writes to its terminal (the parent's virtual terminal reads them). */
export const SCREEN_FD = 4;

export type Mode = "cockpit" | "bare";

export interface ChildReport {
  mode: Mode;
  tokens: number;
  /** CPU (user + system) of the measured window: from the request (Enter / chat()) to the end of the stream (see bench/README.md). */
  cpuMs: number;
  /**
   * The window's CPU in three parts, cut at the first token and at the end of the stream (cockpit: the
   * worker.done event; bare: the loop's end, so its last part is 0). `stream` is what grows with N.
   */
  phases: { beforeFirstToken: number; stream: number; afterDone: number };
  /** CPU of the whole process up to the end of the window, start-up (imports, first render) included. */
  processCpuMs: number;
  /** Wall time of the measured window. */
  wallMs: number;
  /** Wall time from the first token to the last one (the stream itself). */
  streamMs: number;
  /** Content chunks that arrived: tokens handed to the store (cockpit) or written to stdout (bare). */
  received: number;
  /** process.resourceUsage().maxRSS at the end of the window, in KiB. */
  maxRssKiB: number;
  /** Cockpit only: visible frames Ink wrote to the terminal during the window. */
  frames?: number;
  /** Cockpit only: frames the store's FrameScheduler published (its subscribers' calls) during the window. */
  flushes?: number;
  /** Cockpit only: the store's wrapped draft equals the server's text wrapped at the pane's width. */
  draftMatches?: boolean;
  /** Cockpit only: why the draft does not match. */
  draftMismatch?: string;
  /** Cockpit only: the draft's last non-empty rows, as the last frame should show them. */
  tailRows?: string[];
  /** Bare only: characters written, to compare with the answer's length. */
  chars?: number;
  /** Something the child wants the parent to print. */
  notes: string[];
}

/** CPU milliseconds (user + system) between two process.cpuUsage() readings. */
export function cpuBetween(from: NodeJS.CpuUsage, to: NodeJS.CpuUsage): number {
  return (to.user - from.user + to.system - from.system) / 1000;
}
