import Anthropic from "@anthropic-ai/sdk";
import { EXIT, HacoError, type ExitCode } from "../../domain/errors.js";

/**
 * A failure of the supervisor (Claude through the Anthropic API), in words a
 * user can act on. A missing or rejected key is bad input (exit 2: fix the
 * setting); an unreachable, rate-limited or overloaded API is an unavailable
 * service (exit 3: try again later). The SDK has already retried what it
 * retries (429, 5xx, 529, connection errors) by the time one of these is made.
 */

export type SupervisorErrorCode =
  | "supervisor_no_key"
  | "supervisor_auth"
  | "supervisor_rate_limited"
  | "supervisor_overloaded"
  | "supervisor_unreachable"
  | "supervisor_error"
  | "supervisor_aborted"
  | "supervisor_bad_plan";

export class SupervisorError extends HacoError {
  declare readonly code: SupervisorErrorCode;

  constructor(code: SupervisorErrorCode, message: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(code, message, exitCode);
    this.name = "SupervisorError";
    if (options && "cause" in options) this.cause = options.cause;
  }
}

export const NO_KEY_MESSAGE =
  "no Anthropic API key: set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN) to plan with Claude — without one, write tickets by hand (docs/ticket-formats.md) and the cockpit works as before";

export function noKey(): SupervisorError {
  return new SupervisorError("supervisor_no_key", NO_KEY_MESSAGE, EXIT.badInput);
}

/** Any error from an SDK call, as a SupervisorError. */
export function describeSupervisorError(err: unknown, baseURL: string): SupervisorError {
  if (err instanceof SupervisorError) return err;
  if (err instanceof Anthropic.APIUserAbortError) return new SupervisorError("supervisor_aborted", "the supervisor's request was stopped", EXIT.ticketFailed, { cause: err });
  if (err instanceof Anthropic.APIConnectionError) {
    return new SupervisorError("supervisor_unreachable", `cannot reach the Anthropic API at ${baseURL} — check the network or ANTHROPIC_BASE_URL`, EXIT.workerUnavailable, { cause: err });
  }
  if (err instanceof Anthropic.APIError) {
    const detail = apiMessage(err);
    const status = err.status;
    if (status === 401 || status === 403) {
      return new SupervisorError("supervisor_auth", `the Anthropic API rejected the key (${status}: ${detail}) — check ANTHROPIC_API_KEY`, EXIT.badInput, { cause: err });
    }
    if (status === 429) {
      return new SupervisorError("supervisor_rate_limited", `the Anthropic API is rate-limiting this key (429: ${detail}); haco retried with backoff — wait a minute and try again`, EXIT.workerUnavailable, { cause: err });
    }
    if (status === 529 || errorType(err) === "overloaded_error") {
      return new SupervisorError("supervisor_overloaded", `the Anthropic API is overloaded (${status ?? "mid-stream"}: ${detail}) — try again in a little while`, EXIT.workerUnavailable, { cause: err });
    }
    return new SupervisorError("supervisor_error", `the Anthropic API failed (${status ?? "mid-stream"}: ${detail})`, EXIT.workerUnavailable, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new SupervisorError("supervisor_error", `the supervisor's request failed: ${message}`, EXIT.workerUnavailable, { cause: err });
}

function errorType(err: InstanceType<typeof Anthropic.APIError>): string | undefined {
  const body = err.error as { error?: { type?: string }; type?: string } | undefined;
  return body?.error?.type ?? (err as { type?: string }).type ?? undefined;
}

function apiMessage(err: InstanceType<typeof Anthropic.APIError>): string {
  const body = err.error as { error?: { message?: string } } | undefined;
  return body?.error?.message ?? err.message;
}
