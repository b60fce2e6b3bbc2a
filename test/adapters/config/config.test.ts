import { describe, expect, it } from "vitest";
import { defaultConfig, parseConfig } from "../../../src/adapters/config/config.js";
import { resolveWorkerSettings } from "../../../src/session/workerSettings.js";

describe("config", () => {
  it("fills defaults for what the file leaves out", () => {
    const config = parseConfig("worker:\n  model: qwen2.5-coder:14b\nverify: [npm run lint]\n", ".haco/config.yaml");
    expect(config.worker.model).toBe("qwen2.5-coder:14b");
    expect(config.worker.stallTimeoutMs).toBe(60_000);
    expect(config.verify).toEqual(["npm run lint"]);
  });

  it("names the file and the field for a wrong value or an unknown key", () => {
    expect(() => parseConfig("worker:\n  stallTimeoutMs: soon\n", ".haco/config.yaml")).toThrowError(/^\.haco\/config\.yaml: worker\.stallTimeoutMs: /);
    expect(() => parseConfig("worker:\n  modle: x\n", ".haco/config.yaml")).toThrowError(/worker: unknown setting "modle"/);
    expect(() => parseConfig("worker: [\n", ".haco/config.yaml")).toThrowError(/is not valid YAML/);
  });
});

describe("worker settings", () => {
  const config = { ...defaultConfig(), worker: { ...defaultConfig().worker, model: "from-config", host: "gpu-box" } };
  it("takes the model from the flag, then HACO_WORKER_MODEL, then config, then the default", () => {
    expect(resolveWorkerSettings({ model: "flag" }, config, { HACO_WORKER_MODEL: "env" }).model).toBe("flag");
    expect(resolveWorkerSettings({}, config, { HACO_WORKER_MODEL: "env" }).model).toBe("env");
    expect(resolveWorkerSettings({}, config, {}).model).toBe("from-config");
    expect(resolveWorkerSettings({}, defaultConfig(), {}).model).toBe("qwen2.5-coder:7b");
  });

  it("takes the host from OLLAMA_HOST over config, read with Ollama's rules", () => {
    expect(resolveWorkerSettings({}, config, {}).host).toBe("http://gpu-box:11434");
    expect(resolveWorkerSettings({}, config, { OLLAMA_HOST: "0.0.0.0:9999" }).host).toBe("http://127.0.0.1:9999");
    expect(resolveWorkerSettings({}, defaultConfig(), {}).host).toBe("http://127.0.0.1:11434");
  });
});
