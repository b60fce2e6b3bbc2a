import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Fixtures are sample repositories for the edit engine; their tests are data, not ours to run.
    exclude: ["test/fixtures/**", "node_modules/**"],
    // End-to-end tests spawn the built CLI and real git; give them room on slow CI machines.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        // In-process: the domain, the session, adapters against the local protocol servers, the cockpit
        // through ink-testing-library. `npm run test:unit` runs these alone, with no build.
        test: { name: "unit", include: ["test/**/*.test.ts", "test/**/*.test.tsx"], exclude: ["test/e2e/**", "test/fixtures/**", "node_modules/**"] },
      },
      {
        extends: true,
        // The built CLI (bin/haco.js → dist/) as a user runs it, in a real terminal through tmux too.
        test: { name: "e2e", include: ["test/e2e/**/*.test.ts"] },
      },
    ],
  },
});
