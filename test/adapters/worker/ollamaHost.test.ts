import { afterEach, describe, expect, it, vi } from "vitest";
import { ollamaHostFrom, resolveOllamaHost } from "../../../src/adapters/worker/ollamaHost.js";
import { WorkerUrlError } from "../../../src/adapters/worker/workerUrl.js";
import { EXIT } from "../../../src/domain/errors.js";

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

  it("refuses a port that is not a number from 1 to 65535, where Ollama would quietly use its default", () => {
    for (const value of ["gpu-box:99999", "gpu-box:abc", "https://gpu-box:abc", "gpu-box:0", "gpu-box:+80"]) {
      expect(() => resolve(value), value).toThrow(/OLLAMA_HOST: .* after the colon, which is not a port \(a number from 1 to 65535\)/);
    }
  });

  it("reads an empty port as no port, as Ollama does", () => {
    expect(resolve("gpu-box:")).toBe("http://gpu-box:11434");
  });

  it("ignores quotes around the value, as Ollama does", () => {
    expect(resolve('"gpu-box:8080"')).toBe("http://gpu-box:8080");
    expect(resolve("'gpu-box'")).toBe("http://gpu-box:11434");
  });

  it("treats the bare name ollama.com as Ollama's HTTPS cloud", () => {
    expect(resolve("ollama.com")).toBe("https://ollama.com:443");
  });
});

/** The error a value gets, or a failure when it resolves. */
function refusal(value: string, source = "OLLAMA_HOST"): WorkerUrlError {
  try {
    ollamaHostFrom(value, source);
  } catch (err) {
    expect(err).toBeInstanceOf(WorkerUrlError);
    return err as WorkerUrlError;
  }
  throw new Error(`${value} resolved`);
}

describe("ollamaHostFrom: values the client cannot use are usage errors naming their setting", () => {
  it("refuses a value no URL can be made of, instead of the client's 'Invalid URL'", () => {
    const err = refusal("::::");
    expect(err.exitCode).toBe(EXIT.badInput);
    expect(err.message).toBe('OLLAMA_HOST: "::::" is not a URL (a host name or address, and a port from 1 to 65535) — expected host, host:port or http(s)://host:port[/path], e.g. 127.0.0.1:11434');
    expect(refusal("gpu box:8080").message).toContain("is not a URL");
  });

  it("refuses a scheme other than http or https", () => {
    expect(refusal("ftp://gpu-box").message).toContain('"ftp://gpu-box" uses ftp://, and Ollama is reached with http:// or https:// only');
    // Written without "//", the scheme reads as a host and what follows as a port.
    expect(refusal("javascript:alert(1)", "--worker").message).toMatch(/^--worker: "javascript:alert\(1\)" has "alert\(1\)" after the colon/);
  });

  it("refuses a user name or password, and never repeats them", () => {
    for (const value of ["http://admin:s3cret@127.0.0.1:9", "admin:s3cret@gpu-box", "https://s3cret@gpu-box/ollama"]) {
      const err = refusal(value, "worker.host in .haco/config.yaml");
      expect(err.message).toMatch(/^worker\.host in \.haco\/config\.yaml: ".*\*\*\*@.*" has a user name or password in it/);
      expect(err.message).not.toContain("s3cret");
      expect(err.message).not.toContain("admin");
    }
  });

  it("says what to do for each setting", () => {
    expect(refusal("::::").fix).toBe("set OLLAMA_HOST to host, host:port or http(s)://host:port[/path], e.g. 127.0.0.1:11434 (or unset it)");
    expect(refusal("::::", "worker.endpoints[2].url in .haco/config.yaml").fix).toMatch(/^fix worker\.endpoints\[2\]\.url in \.haco\/config\.yaml: host, host:port/);
    expect(refusal("::::", "--worker").fix).toMatch(/^pass --worker ollama:<url>/);
  });

  it("drops control characters from the value it shows", () => {
    expect(refusal("gpu\u001b[31m box").message).not.toContain("\u001b");
  });

  it("resolves an unset value to the default host", () => {
    expect(ollamaHostFrom(undefined, "worker.host in .haco/config.yaml")).toBe("http://127.0.0.1:11434");
  });
});
