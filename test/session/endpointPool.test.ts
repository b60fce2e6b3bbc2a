import { describe, expect, it } from "vitest";
import { EndpointPool, endpointName, DOWN_FOR_MS, type Endpoint } from "../../src/session/endpointPool.js";
import type { WorkerProvider } from "../../src/adapters/worker/provider.js";
import { WorkerError } from "../../src/adapters/worker/workerError.js";
import { routeModel } from "../../src/domain/routing.js";

/** A provider that only answers preflight: the pool never drafts itself. */
function provider(name: string, models: string[] | "unreachable"): WorkerProvider {
  return {
    kind: "test",
    host: `http://${name}`,
    async preflight(model) {
      if (models === "unreachable") throw new WorkerError("worker_unreachable", `cannot reach ${name}`);
      if (!models.includes(model)) throw new WorkerError("model_missing", `model ${model} is not available at ${name}`);
      return { contextLength: 4096 };
    },
    async generate() {
      throw new Error("not used");
    },
    async vram() {
      return null;
    },
  };
}

const endpoint = (name: string, models: string[] | "unreachable", listed: string[] | null = null): Endpoint => ({ name, provider: provider(name, models), models: listed });

describe("EndpointPool", () => {
  it("gives the first free endpoint that has the model, and waits while those are busy", async () => {
    const pool = new EndpointPool([endpoint("a", ["m"]), endpoint("b", ["m", "big"])]);
    const first = await pool.acquire("m");
    const second = await pool.acquire("m");
    expect([first.endpoint.name, second.endpoint.name]).toEqual(["a", "b"]);
    let third: string | null = null;
    const waiting = pool.acquire("m").then((l) => (third = l.endpoint.name));
    await new Promise((r) => setImmediate(r));
    expect(third).toBeNull();
    first.release();
    await waiting;
    expect(third).toBe("a");
  });

  it("skips an endpoint that is down until its time is up", async () => {
    let now = 1_000;
    const pool = new EndpointPool([endpoint("a", ["m"]), endpoint("b", ["m"])], () => now);
    const lease = await pool.acquire("m");
    lease.markDown();
    expect((await pool.acquire("m")).endpoint.name).toBe("b");
    now += DOWN_FOR_MS + 1;
    expect((await pool.acquire("m")).endpoint.name).toBe("a");
  });

  it("says why when no endpoint can draft: the model is nowhere, or every one is down", async () => {
    const pool = new EndpointPool([endpoint("a", ["m"]), endpoint("c", ["m"])]);
    await expect(pool.acquire("other")).rejects.toMatchObject({ code: "model_missing" });
    const down = new EndpointPool([endpoint("b", "unreachable")]);
    await expect(down.acquire("m")).rejects.toThrow("cannot reach b");
  });

  it("keeps to an endpoint's listed models without asking it", async () => {
    const pool = new EndpointPool([endpoint("a", ["m", "t"], ["t"]), endpoint("b", ["m"])]);
    expect((await pool.acquire("m")).endpoint.name).toBe("b");
  });

  it("names an endpoint by its host and port", () => {
    expect(endpointName("http://gpu-box:11434/")).toBe("gpu-box:11434");
  });
});

describe("routeModel", () => {
  const routes = [
    { kind: "test" as const, model: "tester" },
    { minPromptTokens: 10_000, model: "long" },
  ];
  it("picks the first rule that matches, else the run's model", () => {
    expect(routeModel({ kind: "test" }, 50_000, routes, "default")).toBe("tester");
    expect(routeModel({ kind: "code" }, 12_000, routes, "default")).toBe("long");
    expect(routeModel({ kind: "code" }, 9_999, routes, "default")).toBe("default");
  });
});
