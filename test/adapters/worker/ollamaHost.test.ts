import { afterEach, describe, expect, it, vi } from "vitest";
import { resolveOllamaHost } from "../../../src/adapters/worker/ollamaHost.js";

const resolve = (value: string | undefined): string => resolveOllamaHost({ OLLAMA_HOST: value });

describe("resolveOllamaHost", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("defaults to the loopback on 11434 when unset, empty or blank", () => {
    expect(resolveOllamaHost({})).toBe("http://127.0.0.1:11434");
    expect(resolve("")).toBe("http://127.0.0.1:11434");
    expect(resolve("   ")).toBe("http://127.0.0.1:11434");
  });

  it("reads process.env when no environment is passed", () => {
    vi.stubEnv("OLLAMA_HOST", "gpu-box:9000");
    expect(resolveOllamaHost()).toBe("http://gpu-box:9000");
  });

  it("assumes http and port 11434 for a bare host", () => {
    expect(resolve("gpu-box")).toBe("http://gpu-box:11434");
    expect(resolve("192.168.1.20")).toBe("http://192.168.1.20:11434");
  });

  it("keeps an explicit port without a scheme", () => {
    expect(resolve("gpu-box:8080")).toBe("http://gpu-box:8080");
  });

  it("gives an explicit scheme without a port that scheme's port, not 11434", () => {
    expect(resolve("http://gpu-box")).toBe("http://gpu-box:80");
    expect(resolve("https://gpu-box")).toBe("https://gpu-box:443");
  });

  it("keeps an explicit scheme and port", () => {
    expect(resolve("https://gpu-box:8443")).toBe("https://gpu-box:8443");
  });

  it("keeps a path after the host, with or without a scheme", () => {
    expect(resolve("https://proxy.example/ollama")).toBe("https://proxy.example:443/ollama");
    expect(resolve("gpu-box/ollama/v1")).toBe("http://gpu-box:11434/ollama/v1");
  });

  it("removes trailing slashes", () => {
    expect(resolve("http://gpu-box:1234/")).toBe("http://gpu-box:1234");
    expect(resolve("https://proxy.example/ollama/")).toBe("https://proxy.example:443/ollama");
  });

  it("connects to 127.0.0.1 when given the bind-all address 0.0.0.0", () => {
    expect(resolve("0.0.0.0")).toBe("http://127.0.0.1:11434");
    expect(resolve("0.0.0.0:9999")).toBe("http://127.0.0.1:9999");
    expect(resolve("http://0.0.0.0")).toBe("http://127.0.0.1:80");
  });

  it("connects to 127.0.0.1 when given the IPv6 bind-all address", () => {
    expect(resolve("::")).toBe("http://127.0.0.1:11434");
    expect(resolve("[::]")).toBe("http://127.0.0.1:11434");
    expect(resolve("[::]:9999")).toBe("http://127.0.0.1:9999");
  });

  it("reads ':port' as this machine on that port", () => {
    expect(resolve(":9999")).toBe("http://127.0.0.1:9999");
  });

  it("brackets IPv6 addresses", () => {
    expect(resolve("[::1]:8080")).toBe("http://[::1]:8080");
    expect(resolve("::1")).toBe("http://[::1]:11434");
  });

  it("falls back to the default port when the port is not a valid number", () => {
    expect(resolve("gpu-box:99999")).toBe("http://gpu-box:11434");
    expect(resolve("gpu-box:abc")).toBe("http://gpu-box:11434");
    expect(resolve("https://gpu-box:abc")).toBe("https://gpu-box:443");
  });

  it("ignores quotes around the value, as Ollama does", () => {
    expect(resolve('"gpu-box:8080"')).toBe("http://gpu-box:8080");
    expect(resolve("'gpu-box'")).toBe("http://gpu-box:11434");
  });

  it("treats the bare name ollama.com as Ollama's HTTPS cloud", () => {
    expect(resolve("ollama.com")).toBe("https://ollama.com:443");
  });
});
