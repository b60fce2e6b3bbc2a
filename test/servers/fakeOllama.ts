/**
 * The tests' local Ollama: the scripted server `haco demo` ships, under the
 * names the tests have always used. One implementation, so the demo worker
 * speaks exactly the protocol the test suite checks.
 */
export {
  startScriptedOllama as startFakeOllama,
  DEFAULT_ANSWER,
  tokenLike,
  type ScriptedOllama as FakeOllama,
  type ScriptedOllamaOptions as FakeOllamaOptions,
  type ScriptedModel as FakeModel,
  type RecordedRequest,
  type ChatExchange,
  type ChatFailure,
  type ChatOutcome,
  type ChatRequestView,
  type Reply,
} from "../../src/demo/ollamaServer/scriptedOllama.js";
