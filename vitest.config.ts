import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    // Fixtures are sample repositories for the edit engine; their tests are data, not ours to run.
    exclude: ["test/fixtures/**", "node_modules/**"],
    // End-to-end tests spawn the built CLI and real git; give them room on slow CI machines.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
