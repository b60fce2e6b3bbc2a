import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    // End-to-end tests spawn the built CLI and real git; give them room on slow CI machines.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
