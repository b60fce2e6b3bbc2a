// CI machines export CI=true, which would make Ink draw only its last frame in the tests that drive
// the cockpit through a fake terminal; load Ink the way haco's own entry points do.
import { loadInkLive } from "../../src/tui/loadInkLive.js";

await loadInkLive();
