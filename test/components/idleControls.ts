import type { CockpitControls } from "../../components/Cockpit.js";

/** Controls that do nothing, for rendering the cockpit without a controller. */
export const idleControls: CockpitControls = {
  start: () => null,
  abort: () => undefined,
  review: () => undefined,
  reviewRemaining: () => undefined,
  applyReview: () => undefined,
  editHunk: async () => null,
  afterFailure: () => undefined,
  commit: () => undefined,
  editCommitMessage: async () => null,
  undoCommit: () => undefined,
  plan: () => null,
  quit: () => undefined,
};
