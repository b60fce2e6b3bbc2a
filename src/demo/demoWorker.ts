import { startScriptedOllama, type ScriptedOllama } from "./ollamaServer/scriptedOllama.js";
import { DEMO_MODEL_ENTRY, DEMO_PACE, demoReplies, type DemoPace } from "./demoScript.js";

/**
 * The demo worker: the scripted Ollama server on 127.0.0.1 (a free port),
 * serving only the demo model and answering with the demo script.
 */
export function startDemoWorker(pace: DemoPace = DEMO_PACE): Promise<ScriptedOllama> {
  return startScriptedOllama({ models: [DEMO_MODEL_ENTRY], reply: demoReplies(pace) });
}
