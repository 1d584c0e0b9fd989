import {defineConfig} from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores here and in CI: keep DuckDB-heavy files from fighting over them.
    pool: "forks",
    poolOptions: {forks: {maxForks: 2, minForks: 1}},
    env: {TZ: "UTC", OBSERVABLE_TELEMETRY_DISABLE: "true"}
  }
});
