import {defineConfig} from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores here and in CI: keep DuckDB-heavy files from fighting over them. Files in one fork share its loaded
    // modules (isolate: false): importing DuckDB, d3, jsdom and zod again for each of ~100 files took 100 s of the
    // run's 280 (measured here); no test relies on a fresh module state (each makes its own folders and connections).
    pool: "forks",
    poolOptions: {forks: {maxForks: 2, minForks: 1, isolate: false}},
    env: {TZ: "UTC", OBSERVABLE_TELEMETRY_DISABLE: "true"}
  }
});
