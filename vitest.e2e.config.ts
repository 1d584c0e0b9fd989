import {defineConfig} from "vitest/config";

/**
 * Playwright tests against the built site in Debian's Chromium (see tests/e2e/). The global setup builds Plymouth and
 * Surrey with no network but loopback and serves them on 127.0.0.1; files run one at a time (two cores, one browser).
 */
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    // One fork for every file, which keeps its loaded modules (playwright-core, the build records): CPU-bound on two
    // cores, files run one at a time either way; two at a time was no faster (measured here).
    poolOptions: {forks: {isolate: false}},
    env: {TZ: "UTC", OBSERVABLE_TELEMETRY_DISABLE: "true"}
  }
});
