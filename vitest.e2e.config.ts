import {defineConfig} from "vitest/config";

/** Playwright tests against the built site in Debian's Chromium (see tests/e2e/). */
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    env: {TZ: "UTC", OBSERVABLE_TELEMETRY_DISABLE: "true"}
  }
});
