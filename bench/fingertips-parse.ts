/**
 * Parse speed of a 100,000-row Fingertips export (target ≤ 1 s), built from the real export's records
 * repeated. Reports the median of 5 timed parses after one warm-up parse of the same file, with the machine's
 * load average (the machine is shared: read a slow figure against the load).
 * Run: npx tsx bench/fingertips-parse.ts (the lead's `npm run bench` imports benchFingertipsParse).
 */
import {mkdtempSync, rmSync} from "node:fs";
import {loadavg, tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {parseFingertipsCsv, writeRepeatedExport} from "../loaders/fingertips/csv.ts";

export const FINGERTIPS_PARSE_TARGET_MS = 1000;
const SOURCE = resolve(import.meta.dirname, "../tests/fixtures/fingertips/jargonautical_data-dev__indicators-CountyUA.data.csv");
const RUNS = 5;

export async function benchFingertipsParse(rows = 100_000): Promise<{ms: number; records: number; runsMs: number[]; line: string}> {
  const dir = mkdtempSync(join(tmpdir(), "ft-bench-"));
  try {
    const path = await writeRepeatedExport(SOURCE, rows, dir);
    await parseFingertipsCsv(path); // warm up: the first parse also compiles the parser
    const runsMs: number[] = [];
    let records = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const parsed = await parseFingertipsCsv(path);
      runsMs.push(performance.now() - t0);
      records = parsed.values.length + parsed.breakdowns.length;
      if (records !== rows) throw new Error(`parsed ${records} records, expected ${rows}`);
    }
    const ms = [...runsMs].sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
    const load = loadavg().map((l) => l.toFixed(2)).join(" ");
    const line = `fingertips parse 100k rows: ${Math.round(ms)} ms median of ${RUNS} (${runsMs.map(Math.round).join(", ")}; ` +
      `load ${load}) (target ≤ ${FINGERTIPS_PARSE_TARGET_MS} ms)`;
    return {ms, records, runsMs, line};
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

if (process.argv[1]?.endsWith("fingertips-parse.ts")) {
  benchFingertipsParse().then((r) => console.log(r.line), (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
