/**
 * npm run bench: one line per figure with its target, results also in bench/results/latest.json (git-ignored).
 *  - cold build (Framework's cache and the prepared tables deleted first) and warm build of Plymouth, into
 *    .cache/bench/dist (never dist/);
 *  - ready time of each page in headless Chromium, cold (new context) and warm (reload), median of 3, and DuckDB-WASM's
 *    own start on an empty page (the floor under the SQL console's);
 *  - bytes transferred: first visit to each page, and each further page after the Overview in the same context;
 *  - the SQL console's LSOA × month × type aggregation in the browser against native DuckDB on the same rows;
 *  - ingest of the police.uk street CSVs against DuckDB's read_csv of the same files;
 *  - the helpers' own benches (bench/fingertips-parse.ts, bench/partners-1m.ts) when present;
 *  - the disclosure audit of the bench build (bench/disclosure-audit.ts).
 * Options: --skip-build (reuse the last bench build), --strict (exit 1 when a target is missed).
 */
import {existsSync, mkdirSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {cpus} from "node:os";
import {join} from "node:path";
import {pathToFileURL} from "node:url";
import {parseArgs} from "node:util";
import {buildSite, lastBuild, logTail, ROOT, waitForOtherBuilds} from "../tests/e2e/lib/build.ts";
import {AGGREGATION_SQL, browserQuery, countingServer, engineStart, readyTimes, transfer} from "./lib/browser.ts";
import {line, met, TARGETS, type Figure} from "./lib/figures.ts";
import {ingestSpeed, nativeQuery} from "./lib/native.ts";

const DIST = ".cache/bench/dist";
const MB = 1e6;
const {values: args} = parseArgs({options: {"skip-build": {type: "boolean", default: false}, strict: {type: "boolean", default: false}}});

const figures: Figure[] = [];
const failures: string[] = [];
const report = (f: Figure) => {
  figures.push(f);
  console.log(line(f));
};

/** Runs one part of the bench; a part that breaks is reported and the others still run. */
async function part(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    failures.push(`${name}: ${message}`);
    console.error(`${name}: could not be measured: ${message}`);
  }
}

async function builds(): Promise<void> {
  if (args["skip-build"]) {
    const last = lastBuild(DIST);
    if (!last?.ok) throw new Error(`--skip-build: no good build in ${DIST}; run without it`);
    console.log(`(reusing the bench build of ${last.builtAt})`);
    return;
  }
  await waitForOtherBuilds();
  // Cold: no Framework cache, no prepared tables: everything is computed from the snapshot.
  rmSync(join(ROOT, "src/.observablehq/cache"), {recursive: true, force: true});
  rmSync(join(ROOT, ".cache/prepared"), {recursive: true, force: true});
  for (const kind of ["cold", "warm"] as const) {
    const r = await buildSite({name: "Plymouth", dist: DIST, offline: false});
    if (!r.ok) throw new Error(`the ${kind} build failed (exit ${r.exitCode}):\n${logTail(r)}`);
    report({name: `${kind} build (Plymouth)`, value: r.seconds, unit: "s", digits: 1, target: kind === "cold" ? TARGETS.coldBuildS : undefined, detail: `npm run build into ${DIST}`});
  }
}

async function browser(): Promise<void> {
  const server = await countingServer(join(ROOT, DIST));
  try {
    await part("page ready times", async () => {
      for (const r of await readyTimes(server)) {
        const explore = r.page.path === "explore";
        const what = explore ? "ready (first query's result shown)" : "ready (every cell and figure drawn)";
        report({name: `${r.page.name} ${what}, cold`, value: r.coldMs / 1000, unit: "s", digits: 2, target: explore ? TARGETS.exploreS : TARGETS.chapterColdS, detail: `median of ${r.coldRuns.map((m) => Math.round(m)).join(", ")} ms`});
        report({name: `${r.page.name} ${what}, warm`, value: r.warmMs / 1000, unit: "s", digits: 2, target: explore ? TARGETS.exploreS : TARGETS.chapterWarmS, detail: `median of ${r.warmRuns.map((m) => Math.round(m)).join(", ")} ms`});
      }
    });
    await part("DuckDB engine start", async () => {
      const e = await engineStart(server, join(ROOT, DIST));
      report({name: "DuckDB-WASM engine alone, cold (worker, engine, open; an empty page)", value: e.medianMs / 1000, unit: "s", digits: 2, detail: `median of ${e.runs.map((m) => Math.round(m)).join(", ")} ms: the floor under Explore's ready time`});
    });
    await part("bytes transferred", async () => {
      const t = await transfer(server);
      for (const f of t.firstVisit) report({name: `first visit, ${f.page.name}`, value: f.bytes / MB, unit: "MB", digits: 2, target: TARGETS.firstVisitMB, detail: "fresh context; bytes written by the server"});
      for (const f of t.furtherPages) report({name: `further page after the Overview, ${f.page.name}`, value: f.bytes / MB, unit: "MB", digits: 2, target: TARGETS.furtherPageMB, detail: "same context as the pages before it"});
      console.log(`  (responses by encoding: ${[...server.encodings].map(([e, n]) => `${e} ${n}`).join(", ")})`);
    });
    await part("in-browser query against native DuckDB", async () => {
      const web = await browserQuery(server);
      const native = await nativeQuery(AGGREGATION_SQL);
      if (web.groups !== null && web.groups !== native.groups) throw new Error(`the browser returned ${web.groups} groups, native DuckDB ${native.groups}: not the same data`);
      const detail = `${native.crimeRows.toLocaleString("en-GB")} rows → ${native.groups.toLocaleString("en-GB")} groups; browser ${web.medianMs.toFixed(0)} ms (runs ${web.runs.map((m) => m.toFixed(0)).join(", ")}), native ${native.medianMs.toFixed(0)} ms (runs ${native.runs.map((m) => m.toFixed(0)).join(", ")})`;
      report({name: "in-browser LSOA × month × type aggregation", value: web.medianMs, unit: "ms", digits: 0, detail});
      report({name: "native DuckDB, same aggregation and rows", value: native.medianMs, unit: "ms", digits: 0, detail: native.file});
      report({name: "in-browser query ÷ native", value: web.medianMs / native.medianMs, unit: "×", digits: 2, target: TARGETS.queryVsNative, detail});
    });
  } finally {
    await server.close();
  }
}

async function ingest(): Promise<void> {
  const r = await ingestSpeed();
  if (r.ingestRows !== r.readCsvRows) console.log(`  (ingest counted ${r.ingestRows} rows, read_csv ${r.readCsvRows}: rejected CSV lines are counted by the ingest only)`);
  const detail = `${r.files} files; ingest ${r.ingestRows.toLocaleString("en-GB")} rows in ${r.ingestRuns.map((m) => m.toFixed(0)).join("/")} ms, read_csv ${r.readCsvRows.toLocaleString("en-GB")} rows in ${r.readCsvRuns.map((m) => m.toFixed(0)).join("/")} ms`;
  report({name: `police.uk ingest (${r.files} files)`, value: r.ingestRowsPerS / 1000, unit: "k rows/s", digits: 0, detail});
  report({name: "DuckDB read_csv of the same files", value: r.readCsvRowsPerS / 1000, unit: "k rows/s", digits: 0, detail});
  report({name: "ingest ÷ read_csv (rows/s)", value: r.ingestRowsPerS / r.readCsvRowsPerS, unit: "×", digits: 2, target: TARGETS.ingestVsReadCsv, detail});
}

/** The benches other engineers wrote, if their files exist (imported by path so that a missing one is skipped). */
async function helpers(): Promise<void> {
  const fingertips = join(ROOT, "bench/fingertips-parse.ts");
  if (existsSync(fingertips)) {
    await part("fingertips parse", async () => {
      const m = (await import(pathToFileURL(fingertips).href)) as {benchFingertipsParse: () => Promise<{ms: number; records: number}>; FINGERTIPS_PARSE_TARGET_MS: number};
      const r = await m.benchFingertipsParse();
      report({name: `fingertips parse (${r.records.toLocaleString("en-GB")} rows)`, value: r.ms, unit: "ms", digits: 0, target: {op: "≤", value: m.FINGERTIPS_PARSE_TARGET_MS}, detail: "bench/fingertips-parse.ts"});
    });
  }
  const partners = join(ROOT, "bench/partners-1m.ts");
  if (existsSync(partners)) {
    await part("partners 1M rows", async () => {
      const m = (await import(pathToFileURL(partners).href)) as {benchPartners1m: () => Promise<{seconds: number; cpuSeconds?: number; peakRssMb: number; rows: number}>; PARTNERS_1M_TARGET_S?: number};
      const r = await m.benchPartners1m();
      // The target is the helper's own (its header: ≤ 20 s), unless it exports one.
      report({name: `partners A&E extract (${r.rows.toLocaleString("en-GB")} rows)`, value: r.seconds, unit: "s", digits: 1, target: {op: "≤", value: m.PARTNERS_1M_TARGET_S ?? 20}, detail: `${r.cpuSeconds === undefined ? "" : `CPU ${r.cpuSeconds.toFixed(1)} s; `}peak RSS ${Math.round(r.peakRssMb)} MB; bench/partners-1m.ts`});
    });
  }
}

/** The disclosure audit, timed on the bench build (the build runs it on the same files before precompressing). */
async function disclosureAudit(): Promise<void> {
  const {benchDisclosureAudit, DISCLOSURE_AUDIT_TARGET_S} = await import("./disclosure-audit.ts");
  const r = benchDisclosureAudit(join(ROOT, DIST));
  if (r.findings) throw new Error(`the bench build fails the disclosure audit (${r.findings} findings)`);
  report({name: "disclosure audit of the built site", value: r.seconds, unit: "s", digits: 2, target: {op: "≤", value: DISCLOSURE_AUDIT_TARGET_S}, detail: `${r.files} files, ${r.values.toLocaleString("en-GB")} values, median of 3; bench/disclosure-audit.ts`});
}

const started = performance.now();
console.log(`SNA Workbench bench: ${cpus().length} CPU (${cpus()[0]?.model ?? "?"}), Node ${process.version}\n`);
await part("build", builds);
if (lastBuild(DIST)?.ok) await browser();
else failures.push("browser figures: no built site to measure");
await part("ingest", ingest);
await helpers();
if (lastBuild(DIST)?.ok) await part("disclosure audit", disclosureAudit);

const missed = figures.filter((f) => met(f) === false);
const withTarget = figures.filter((f) => f.target);
console.log(`\n${withTarget.length - missed.length} of ${withTarget.length} targets met${failures.length ? `; ${failures.length} part(s) could not be measured` : ""} (${((performance.now() - started) / 1000).toFixed(0)} s)`);

const out = join(ROOT, "bench/results/latest.json");
mkdirSync(join(ROOT, "bench/results"), {recursive: true});
writeFileSync(`${out}.tmp`, JSON.stringify({at: new Date().toISOString(), machine: {cpus: cpus().length, model: cpus()[0]?.model, node: process.version}, figures: figures.map((f) => ({...f, met: met(f)})), failures}, null, 2));
renameSync(`${out}.tmp`, out);
console.log(`results: ${out}`);
process.exitCode = failures.length || (args.strict && missed.length) ? 1 : 0;
