/**
 * Benchmark: a 1,000,000-row A&E extract (generated, streaming) validated, aggregated and suppressed through the
 * same code path as the build (loadPartnerData), with peak resident memory sampled during the run.
 * Run: tsx bench/partners-1m.ts   (target: ≤ 20 s with bounded memory; not a unit test)
 */
import {mkdtempSync, rmSync, statSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {loadPartnerData} from "../loaders/partners/load.ts";
import {manifestFor, writeLargeAeCsv} from "../tests/helpers/partner-corpus.ts";

const ROWS = 1_000_000;

export async function benchPartners1m(): Promise<{seconds: number; peakRssMb: number; rows: number; bytes: number}> {
  const dir = mkdtempSync(join(tmpdir(), "bench-partners-"));
  try {
    const drop = join(dir, "drop");
    const file = join(drop, "ae-1m.csv");
    await import("node:fs").then((fs) => fs.mkdirSync(drop));
    const rows = await writeLargeAeCsv(file, {rows: ROWS});
    writeFileSync(`${file}.manifest.json`, JSON.stringify(manifestFor("ae-assault", {received: "2026-01-20"})));
    let peak = process.memoryUsage().rss;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const started = performance.now();
    const result = await loadPartnerData(drop, join(dir, "out"), {smallNumberThreshold: 5}, {log: () => undefined});
    const seconds = (performance.now() - started) / 1000;
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    const report = result.reports[0];
    if (report?.status !== "accepted") throw new Error(`bench extract was refused: ${report?.refusal?.message}`);
    return {seconds, peakRssMb: peak / 1e6, rows, bytes: statSync(file).size};
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchPartners1m();
  console.log(`partners 1M-row A&E extract: ${r.seconds.toFixed(1)} s, peak RSS ${Math.round(r.peakRssMb)} MB (target ≤ 20 s)  [${r.rows.toLocaleString("en-GB")} rows, ${(r.bytes / 1e6).toFixed(0)} MB]`);
}
