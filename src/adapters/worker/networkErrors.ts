/** Connection-level failures of fetch: nothing answered at that address (refused, no such host, no route). */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** True when a fetch TypeError means nobody answered at the address, as opposed to a connection cut later. */
export function isUnreachable(err: TypeError): boolean {
  return UNREACHABLE_CODES.has(networkCode(err) ?? "");
}

/** undici puts the socket's code on `cause`, or on the first of several attempts (happy eyeballs). */
function networkCode(err: TypeError): string | undefined {
  const cause = err.cause as { code?: unknown; errors?: { code?: unknown }[] } | undefined;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  return typeof code === "string" ? code : undefined;
}
