/**
 * Ink draws nothing but its last frame, on exit, when CI or CONTINUOUS_INTEGRATION is set: it reads
 * them once, as it loads. The cockpit runs only in a terminal (requireTerminal), where a variable
 * exported for some other tool must not leave the screen blank. So Ink is loaded with both hidden,
 * and they are put back at once for the test commands and editors haco starts.
 *
 * Call it before anything imports Ink (the cockpit is loaded lazily for that reason); once Ink is
 * loaded, later calls change nothing.
 */
const CI_VARIABLES = ["CI", "CONTINUOUS_INTEGRATION"] as const;

export async function loadInkLive(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const saved = CI_VARIABLES.filter((name) => name in env).map((name) => [name, env[name]] as const);
  for (const [name] of saved) delete env[name];
  try {
    await import("ink");
  } finally {
    for (const [name, value] of saved) env[name] = value;
  }
}
