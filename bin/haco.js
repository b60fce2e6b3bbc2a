#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run automatically by `npm ci`).
// React's development build costs the cockpit a third of its CPU per frame; users get the production one.
process.env.NODE_ENV ??= "production";
const { main } = await import("../dist/src/cli/main.js");

process.exitCode = await main(process.argv.slice(2));
