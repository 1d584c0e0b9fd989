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
 *  - the disclosure audit of the bench build (bench/disclosure-audit.ts);
 *  - the board pack printed from the bench build (scripts/pack.ts): its time and the PDF's size, and a pack of a
 *    shared link's view (a period and a definition, recomputed by the live chapters in Chromium): its time.
 *  - the SQL console against a stock Framework page on the same table (bench/lib/anchor.ts), and where DuckDB-WASM's
 *    start goes (fetch, compile, instantiate, open).
 * Options: --skip-build (reuse the last bench build), --strict (exit 1 when a target is missed), --dist <folder> (the
 * bench build's folder, default .cache/bench/dist), --only <words> (only the parts whose names contain one of these
 * comma-separated words, e.g. --only explore,engine,bytes; "build" is one of them).
 */
import {existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {cpus, tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {pathToFileURL} from "node:url";
import {parseArgs} from "node:util";
import {buildSite, lastBuild, logTail, ROOT, waitForOtherBuilds} from "../tests/e2e/lib/build.ts";
import {anchorTimes, buildStockPage, medians, STOCK_CONTENT_SECURITY_POLICY, STOCK_PAGE} from "./lib/anchor.ts";
import {AGGREGATION_SQL, browserQuery, countingServer, engineStart, readyTimes, transfer, type CountingServer} from "./lib/browser.ts";
import {line, met, TARGETS, type Figure} from "./lib/figures.ts";
import {ingestSpeed, nativeQuery} from "./lib/native.ts";

const MB = 1e6;
const {values: args} = parseArgs({options: {"skip-build": {type: "boolean", default: false}, strict: {type: "boolean", default: false}, dist: {type: "string", default: ".cache/bench/dist"}, only: {type: "string"}}});
const DIST = args.dist;
/** Whether a part runs: every part, or those whose names contain one of --only's words. */
const wanted = (name: string) => !args.only || args.only.split(",").some((w) => w.trim() && name.toLowerCase().includes(w.trim().toLowerCase()));

const figures: Figure[] = [];
const failures: string[] = [];
const report = (f: Figure) => {
  figures.push(f);
  console.log(line(f));
};

/** Runs one part of the bench; a part that breaks is reported and the others still run. */
async function part(name: string, fn: () => Promise<void>): Promise<void> {
  if (!wanted(name)) return;
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
      const phases = [["worker up (its script loaded)", e.phases.workerUp], ["fetch (first request to last byte, compiled as it streams)", e.phases.fetch], ["compile rest + instantiate (last byte to instantiated)", e.phases.afterLastByte], ["open", e.phases.open], ["compile alone (bytes in memory, page thread)", e.phases.compileAlone]] as const;
      for (const [what, ms] of phases) report({name: `  engine start: ${what}`, value: ms, unit: "ms", digits: 0, detail: "median; the worker's own resource timing on the page's clock (bench/lib/browser.ts engineStart)"});
    });
    await part("explore against the stock page", () => exploreAgainstStock(server));
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
    await part("live chapters", async () => {
      const {benchLiveChapter, LIVE_FIRST_CHANGE_TARGET_S, LIVE_PAGES, LIVE_RECOMPUTE_TARGET_MS, LOOK_MS} = await import("./live-chapters.ts");
      for (const sitePage of LIVE_PAGES) {
        const r = await benchLiveChapter(server.url, sitePage);
        report({name: `${sitePage.name}, first control change after a cold open, made as the chapter is drawn (DuckDB starting), median of ${r.firstRuns.length}`, value: r.firstMs / 1000, unit: "s", digits: 2, target: {op: "≤", value: LIVE_FIRST_CHANGE_TARGET_S}, detail: `median of ${r.firstRuns.map((m) => (m / 1000).toFixed(2)).join(", ")} s, each a fresh context; change to redrawn figures; bench/live-chapters.ts`});
        report({name: `${sitePage.name}, first control change after a cold open, made ${LOOK_MS / 1000} s after the chapter is drawn`, value: r.firstAfterLookMs / 1000, unit: "s", digits: 2, detail: "a reader who looks before choosing: the pointer moved over the page as it was drawn, which started DuckDB in the background; bench/live-chapters.ts"});
        report({name: `${sitePage.name}, recompute after a control change (DuckDB started)`, value: r.medianMs, unit: "ms", digits: 0, target: {op: "≤", value: LIVE_RECOMPUTE_TARGET_MS}, detail: `median of ${r.runs.map((m) => Math.round(m)).join(", ")} ms (of which SQL and statistics ${Math.round(r.queryMedianMs)} ms); bench/live-chapters.ts`});
      }
    });
  } finally {
    await server.close();
  }
  await part("district chapters (Surrey)", districtChapters);
}

/**
 * The chapters whose control is the district need a county: Surrey is built beside the Plymouth bench build (reused
 * with --skip-build when a good one is there) and each is timed as the live chapters are.
 */
async function districtChapters(): Promise<void> {
  const dist = `${DIST.replace(/\/+$/, "")}-surrey`;
  if (!(args["skip-build"] && lastBuild(dist)?.ok)) {
    const r = await buildSite({name: "Surrey", config: "configs/surrey.ts", dist, offline: false});
    if (!r.ok) throw new Error(`the Surrey build failed (exit ${r.exitCode}):\n${logTail(r)}`);
  }
  const server = await countingServer(join(ROOT, dist));
  try {
    const {benchDistrictChapter, DISTRICT_PAGES, LIVE_FIRST_CHANGE_TARGET_S, LIVE_RECOMPUTE_TARGET_MS, LOOK_MS} = await import("./live-chapters.ts");
    for (const sitePage of DISTRICT_PAGES) {
      const r = await benchDistrictChapter(server.url, sitePage);
      report({name: `${sitePage.name} (Surrey), first district chosen after a cold open, as the chapter is drawn, median of ${r.firstRuns.length}`, value: r.firstMs / 1000, unit: "s", digits: 2, target: {op: "≤", value: LIVE_FIRST_CHANGE_TARGET_S}, detail: `median of ${r.firstRuns.map((m) => (m / 1000).toFixed(2)).join(", ")} s, each a fresh context; choice to redrawn figures; bench/live-chapters.ts benchDistrictChapter`});
      report({name: `${sitePage.name} (Surrey), first district chosen after a cold open, ${LOOK_MS / 1000} s after the chapter is drawn`, value: r.firstAfterLookMs / 1000, unit: "s", digits: 2, detail: "a reader who looks before choosing (the pointer moved)"});
      report({name: `${sitePage.name} (Surrey), another district chosen`, value: r.medianMs, unit: "ms", digits: 0, target: {op: "≤", value: LIVE_RECOMPUTE_TARGET_MS}, detail: `median of ${r.runs.map((m) => Math.round(m)).join(", ")} ms`});
    }
  } finally {
    await server.close();
  }
}

/** Explore beside a stock Framework page on the same table, built and timed in this run (bench/lib/anchor.ts). */
async function exploreAgainstStock(site: CountingServer): Promise<void> {
  const built = await buildStockPage(join(ROOT, DIST));
  console.log(`  (stock page built in ${built.seconds.toFixed(1)} s: ${built.dist})`);
  const stock = await countingServer(built.dist, STOCK_CONTENT_SECURITY_POLICY);
  try {
    const t = await anchorTimes(site, stock);
    const s = medians(t.stock);
    const e = medians(t.explore);
    const runs = (ms: number[]) => `runs ${ms.map((m) => Math.round(m)).join(", ")} ms`;
    const cache = (bytes: number[]) => `Chromium's WebAssembly code cache after each run: ${bytes.map((b) => `${(b / MB).toFixed(1)} MB`).join(", ")}`;
    report({name: `${STOCK_PAGE.name} ready, cold`, value: s.cold / 1000, unit: "s", digits: 2, detail: `fresh profile; ${runs(t.stock.cold)}`});
    report({name: `${STOCK_PAGE.name} ready, warm`, value: s.warm / 1000, unit: "s", digits: 2, detail: `the same profile, a new tab; ${runs(t.stock.warm)}; ${cache(t.stock.codeCache)}`});
    report({name: "Explore ready (first query's result shown), cold, fresh profile", value: e.cold / 1000, unit: "s", digits: 2, detail: runs(t.explore.cold)});
    report({name: "Explore ready, warm, same profile", value: e.warm / 1000, unit: "s", digits: 2, detail: `${runs(t.explore.warm)}; ${cache(t.explore.codeCache)}`});
    report({name: "Explore ÷ stock page, cold", value: e.cold / s.cold, unit: "×", digits: 2, target: TARGETS.exploreVsStockCold, detail: "medians of 3, taken in turn"});
    report({name: "Explore ÷ stock page, warm", value: e.warm / s.warm, unit: "×", digits: 2, target: TARGETS.exploreVsStockWarm, detail: "medians of 3, taken in turn"});
  } finally {
    await stock.close();
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

/** The board pack (npm run pack) printed from the bench build: its time for the default partnership and the PDF's size. */
async function boardPack(): Promise<void> {
  const {makePack} = await import("../scripts/pack.ts");
  const r = await makePack({dist: join(ROOT, DIST), log: () => undefined});
  report({name: "board pack (npm run pack, Plymouth)", value: r.seconds, unit: "s", digits: 1, target: {op: "≤", value: 60}, detail: `${r.pages} pages, two printings; scripts/pack.ts`});
  report({name: "board pack PDF size", value: r.bytes / MB, unit: "MB", digits: 1, target: {op: "≤", value: 20}, detail: `${r.pages} pages; ${DIST}/board-pack.pdf`});
  // A shared link's view: the live chapters recompute it in Chromium (DuckDB-WASM) before they are copied.
  const out = join(mkdtempSync(join(tmpdir(), "sna-bench-pack-")), "view.pdf");
  try {
    const v = await makePack({dist: join(ROOT, DIST), link: VIEW_LINK, out, log: () => undefined});
    report({name: "board pack of a link's view (npm run pack -- --link, Plymouth)", value: v.seconds, unit: "s", digits: 1, target: {op: "≤", value: 60}, detail: `${VIEW_LINK}: ${v.pages} pages, the live chapters recomputed in Chromium`});
  } finally {
    rmSync(dirname(out), {recursive: true, force: true});
  }
}

/** The view the bench's second pack prints: a period and a definition (Plymouth has one district). */
const VIEW_LINK = "violence-profile?from=2025-04&to=2025-09&types=Robbery,Possession+of+weapons";

const started = performance.now();
console.log(`SNA Workbench bench: ${cpus().length} CPU (${cpus()[0]?.model ?? "?"}), Node ${process.version}\n`);
await part("build", builds);
if (lastBuild(DIST)?.ok) await browser();
else failures.push("browser figures: no built site to measure");
await part("ingest", ingest);
await helpers();
if (lastBuild(DIST)?.ok) await part("disclosure audit", disclosureAudit);
if (lastBuild(DIST)?.ok) await part("board pack", boardPack); // after the audit: it adds the PDF to the site

const missed = figures.filter((f) => met(f) === false);
const withTarget = figures.filter((f) => f.target);
console.log(`\n${withTarget.length - missed.length} of ${withTarget.length} targets met${failures.length ? `; ${failures.length} part(s) could not be measured` : ""} (${((performance.now() - started) / 1000).toFixed(0)} s)`);

// A run of some parts only (--only) keeps the full run's results: it writes partial.json instead.
const out = join(ROOT, args.only ? "bench/results/partial.json" : "bench/results/latest.json");
mkdirSync(join(ROOT, "bench/results"), {recursive: true});
writeFileSync(`${out}.tmp`, JSON.stringify({at: new Date().toISOString(), machine: {cpus: cpus().length, model: cpus()[0]?.model, node: process.version}, figures: figures.map((f) => ({...f, met: met(f)})), failures}, null, 2));
renameSync(`${out}.tmp`, out);
console.log(`results: ${out}`);
process.exitCode = failures.length || (args.strict && missed.length) ? 1 : 0;
