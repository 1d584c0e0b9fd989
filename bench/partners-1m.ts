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
import {TARGETS} from "./lib/figures.ts";

const ROWS = 1_000_000;

export const PARTNERS_1M_TARGET_S = TARGETS.partnerExtractS.value;

/**
 * Wall time is the figure; the process's CPU time (its own threads and DuckDB's) is returned beside it because on a
 * shared machine the wall time measures the other processes as much as this one.
 */
export async function benchPartners1m(): Promise<{seconds: number; cpuSeconds: number; peakRssMb: number; rows: number; bytes: number}> {
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
    const cpu = process.cpuUsage();
    const result = await loadPartnerData(drop, join(dir, "out"), {smallNumberThreshold: 5}, {log: () => undefined});
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    const report = result.reports[0];
    if (report?.status !== "accepted") throw new Error(`bench extract was refused: ${report?.refusal?.message}`);
    return {seconds, cpuSeconds, peakRssMb: peak / 1e6, rows, bytes: statSync(file).size};
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchPartners1m();
  console.log(`partners 1M-row A&E extract: ${r.seconds.toFixed(1)} s (CPU ${r.cpuSeconds.toFixed(1)} s), peak RSS ${Math.round(r.peakRssMb)} MB (target ≤ ${PARTNERS_1M_TARGET_S} s)  [${r.rows.toLocaleString("en-GB")} rows, ${(r.bytes / 1e6).toFixed(0)} MB]`);
}
