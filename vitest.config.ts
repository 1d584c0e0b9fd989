import {defineConfig} from "vitest/config";
import {BaseSequencer, type TestSpecification} from "vitest/node";

/**
 * The files that take longest (measured in CI), started first so that the two forks finish together: a fresh clone
 * has no vitest timing cache, and by default the largest files would start first, leaving the 200 MB extract's file
 * to run alone at the end. Any other file keeps vitest's order.
 */
const LONGEST_FIRST = [
  "tests/integration/partners-load.test.ts",
  "tests/integration/prepare.test.ts",
  "tests/integration/build-failure.test.ts",
  "tests/integration/refresh.test.ts",
  "tests/integration/refresh-year-on-year.test.ts",
  "tests/integration/hostile-snapshot.test.ts",
  "tests/integration/content.test.ts",
  "tests/integration/published-build.test.ts"
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((path) => f.moduleId.endsWith(path));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b)); // stable: the rest keep their order
  }
}

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
    sequence: {sequencer: LongestFirst},
    poolOptions: {forks: {maxForks: 2, minForks: 1, isolate: false}},
    env: {TZ: "UTC", OBSERVABLE_TELEMETRY_DISABLE: "true"}
  }
});
