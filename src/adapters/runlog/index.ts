export { openRunLog, type RunLog, type RunLogOptions, type PromptTextInput } from "./runLog.js";
export { readRunLogs, type RunLogContents, type SkippedLine } from "./readRunLogs.js";
export { createMasker, maskDeep, SECRET, type Masker } from "./maskSecrets.js";
export { LOGS_DIR, logsDir } from "./logFiles.js";
