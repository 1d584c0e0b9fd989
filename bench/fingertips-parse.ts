/**
 * Parse speed of a 100,000-row Fingertips export (target ≤ 1 s), built from the real export's records
 * repeated. Run: npx tsx bench/fingertips-parse.ts (the lead's `npm run bench` can import benchFingertipsParse).
 */
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {timeParse} from "../loaders/fingertips/csv.ts";

export const FINGERTIPS_PARSE_TARGET_MS = 1000;
const SOURCE = resolve(import.meta.dirname, "../tests/fixtures/fingertips/jargonautical_data-dev__indicators-CountyUA.data.csv");

export async function benchFingertipsParse(rows = 100_000): Promise<{ms: number; records: number; line: string}> {
  const dir = mkdtempSync(join(tmpdir(), "ft-bench-"));
  try {
    await timeParse(SOURCE, 1000, dir); // warm up DuckDB
    const {ms, records} = await timeParse(SOURCE, rows, dir);
    if (records !== rows) throw new Error(`parsed ${records} records, expected ${rows}`);
    return {ms, records, line: `fingertips parse 100k rows: ${Math.round(ms)} ms (target ≤ ${FINGERTIPS_PARSE_TARGET_MS} ms)`};
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
