import { describe, expect, it } from "vitest";
import { parseModelList, servedModel, type ListedEntry } from "../../../src/adapters/worker/openaiModels.js";

/** A /v1/models entry as each server writes it (PROTOCOLS.md §3). */
const entry = (id: string, raw: Record<string, unknown> = {}): ListedEntry => ({ id, raw: { id, object: "model", ...raw } });
const llamacpp = (id: string) => entry(id, { owned_by: "llamacpp", meta: { n_ctx_train: 32_768 } });
const lmstudio = (id: string) => entry(id, { owned_by: "organization_owner" });
const vllm = (id: string) => entry(id, { owned_by: "vllm", max_model_len: 32_768 });
const ollama = (id: string) => entry(id, { owned_by: "library" });

describe("servedModel", () => {
  it("takes the model listed under the name asked for, on any server", () => {
    for (const make of [llamacpp, lmstudio, vllm, ollama]) {
      const listed = [make("a"), make("qwen-x")];
      expect(servedModel(listed, "qwen-x")).toBe(listed[1]);
    }
  });

  it("answers another name with the only model of llama.cpp's server and LM Studio, which ignore the name", () => {
    for (const only of [llamacpp("/models/qwen.gguf"), lmstudio("qwen2.5-7b-instruct"), entry("ggml", { meta: {} })]) {
      expect(servedModel([only], "qwen2.5-coder:7b")).toBe(only);
    }
  });

  it("refuses another name on vLLM, Ollama's /v1 and a server it cannot tell, even with one model listed", () => {
    for (const only of [vllm("qwen-x"), ollama("qwen2.5-coder:14b"), entry("qwen-x", { owned_by: "someone" })]) {
      expect(servedModel([only], "qwen2.5-coder:7b")).toBeUndefined();
    }
  });

  it("refuses a name not listed when two models are, whatever the server", () => {
    expect(servedModel([llamacpp("a"), llamacpp("b")], "c")).toBeUndefined();
    expect(servedModel([], "c")).toBeUndefined();
  });
});

describe("parseModelList", () => {
  it("reads the entries with a string id, and null for an answer that is not a list", () => {
    expect(parseModelList({ object: "list", data: [{ id: "a", owned_by: "vllm" }, { id: 3 }, null] })).toEqual([
      { id: "a", raw: { id: "a", owned_by: "vllm" } },
    ]);
    expect(parseModelList({ models: [] })).toBeNull();
    expect(parseModelList(null)).toBeNull();
    expect(parseModelList("Not Found")).toBeNull();
  });
});
