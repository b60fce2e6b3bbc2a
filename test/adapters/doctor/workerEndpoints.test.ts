import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/adapters/config/config.js";
import { displayUrl, doctorEndpoints, isLocal } from "../../../src/adapters/doctor/workerEndpoints.js";

const config = (yaml: string) => parseConfig(yaml, ".haco/config.yaml");

describe("doctorEndpoints", () => {
  it("is the one Ollama of the default host with haco's default model", () => {
    expect(doctorEndpoints(config(""), {})).toEqual([
      { name: "127.0.0.1:11434", kind: "ollama", url: "http://127.0.0.1:11434", models: ["qwen2.5-coder:7b"], modelsListed: false, setting: "the default host" },
    ]);
  });

  it("takes OLLAMA_HOST over worker.host, HACO_WORKER_MODEL over worker.model, and adds the routed models", () => {
    const c = config("worker:\n  host: gpu-box:11434\n  model: llama3.1:8b\n  routes:\n    - kind: test\n      model: qwen2.5-coder:1.5b\n");
    expect(doctorEndpoints(c, {})[0]).toMatchObject({ url: "http://gpu-box:11434", models: ["llama3.1:8b", "qwen2.5-coder:1.5b"], setting: "worker.host" });
    expect(doctorEndpoints(c, { OLLAMA_HOST: "0.0.0.0:9999", HACO_WORKER_MODEL: "qwen2.5-coder:1.5b" })[0]).toMatchObject({
      url: "http://127.0.0.1:9999",
      models: ["qwen2.5-coder:1.5b"],
      setting: "OLLAMA_HOST",
    });
  });

  it("uses worker.endpoints when set: their names, kinds, own model lists and key variables", () => {
    const c = config(
      [
        "worker:",
        "  model: qwen2.5-coder:7b",
        "  endpoints:",
        "    - url: http://10.0.0.5:11434",
        "    - name: lmstudio",
        "      kind: openai",
        "      url: http://127.0.0.1:1234/v1/",
        "      models: [qwen2.5-coder-7b-instruct]",
        "      apiKeyEnv: LMSTUDIO_KEY",
      ].join("\n"),
    );
    expect(doctorEndpoints(c, { OLLAMA_HOST: "ignored:1" })).toEqual([
      { name: "10.0.0.5:11434", kind: "ollama", url: "http://10.0.0.5:11434", models: ["qwen2.5-coder:7b"], modelsListed: false, setting: "worker.endpoints[0]" },
      {
        name: "lmstudio",
        kind: "openai",
        url: "http://127.0.0.1:1234",
        models: ["qwen2.5-coder-7b-instruct"],
        modelsListed: true,
        apiKeyEnv: "LMSTUDIO_KEY",
        setting: "worker.endpoints[1]",
      },
    ]);
  });
});

describe("doctorEndpoints: a URL that cannot be used", () => {
  it("marks it invalid with the run's message and a fix naming the setting, instead of throwing", () => {
    const [bad] = doctorEndpoints(config(""), { OLLAMA_HOST: "::::" });
    expect(bad).toMatchObject({ name: "OLLAMA_HOST", kind: "ollama", setting: "OLLAMA_HOST" });
    expect(bad!.invalid!.detail).toMatch(/^OLLAMA_HOST: "::::" is not a URL/);
    expect(bad!.invalid!.fix).toMatch(/^set OLLAMA_HOST to host, host:port/);
  });

  it("names worker.host and each endpoint by its index, for either kind", () => {
    expect(doctorEndpoints(config("worker:\n  host: 'ftp://gpu-box'\n"), {})[0]!.invalid!.fix).toMatch(/^fix worker\.host in \.haco\/config\.yaml/);
    const c = config("worker:\n  endpoints:\n    - url: http://10.0.0.5:11434\n    - kind: openai\n      url: 'http://127.0.0.1:99999'\n");
    const [good, bad] = doctorEndpoints(c, {});
    expect(good!.invalid).toBeUndefined();
    expect(bad!.invalid!.detail).toMatch(/^worker\.endpoints\[1\]\.url in \.haco\/config\.yaml: "http:\/\/127\.0\.0\.1:99999" is not a URL/);
  });

  it("never shows a password written into one", () => {
    const [bad] = doctorEndpoints(config(""), { OLLAMA_HOST: "http://admin:hunter2@gpu-box:11434" });
    expect(JSON.stringify(bad)).not.toContain("hunter2");
    expect(bad!.invalid!.detail).toContain('"http://***@gpu-box:11434" has a user name or password in it');
  });

  it("adds a scheme to an OpenAI-compatible URL written without one, as the run does", () => {
    const c = config("worker:\n  endpoints:\n    - kind: openai\n      url: localhost:1234/v1\n");
    expect(doctorEndpoints(c, {})[0]).toMatchObject({ url: "http://localhost:1234", name: "localhost:1234" });
  });
});

describe("displayUrl and isLocal", () => {
  it("never shows credentials written into a URL", () => {
    expect(displayUrl("http://user:hunter2@gpu-box:8000")).toBe("http://gpu-box:8000");
    expect(displayUrl("http://127.0.0.1:11434")).toBe("http://127.0.0.1:11434");
  });

  it("knows which hosts are this machine", () => {
    expect(isLocal("http://127.0.0.1:11434")).toBe(true);
    expect(isLocal("http://localhost:1234")).toBe(true);
    expect(isLocal("http://[::1]:11434")).toBe(true);
    expect(isLocal("http://gpu-box:11434")).toBe(false);
  });
});
