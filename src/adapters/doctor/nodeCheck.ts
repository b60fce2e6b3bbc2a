import { fail, ok, type DoctorCheck } from "./check.js";

/** package.json's engines: 20.3 brought AbortSignal.any, which the worker's cancellation relies on. */
export const MIN_NODE = [20, 3, 0] as const;

export function checkNode(version: string = process.versions.node): DoctorCheck {
  const parts = version.replace(/^v/, "").split(".").map((part) => Number.parseInt(part, 10));
  const [major = 0, minor = 0, patch = 0] = parts.map((n) => (Number.isFinite(n) ? n : 0));
  const wanted = MIN_NODE.join(".");
  const newEnough =
    major !== MIN_NODE[0] ? major > MIN_NODE[0] : minor !== MIN_NODE[1] ? minor > MIN_NODE[1] : patch >= MIN_NODE[2];
  if (newEnough) return ok("node", `v${version.replace(/^v/, "")} (haco needs ${wanted} or newer)`);
  return fail(
    "node",
    `v${version.replace(/^v/, "")} is too old: haco needs Node ${wanted} or newer`,
    "install Node 20.3 or newer (e.g. 'nvm install 20' or 'fnm install 20'), then run haco with it",
  );
}
