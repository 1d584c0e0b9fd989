/**
 * The prepare step: from the pinned snapshot and the partnership configuration, computes every table the chapters
 * show and writes them to one folder (CSV, JSON, Arrow). Framework's data loaders in src/data/ are thin: each asks
 * ensurePrepared() for the folder and prints one file. The folder is keyed by a hash of the configuration, the
 * snapshot and this code, built in a temporary folder and renamed into place, so a failure leaves the last good one.
 */
import {existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {gunzipSync} from "node:zlib";
import {geoArea, type GeoGeometryObjects} from "d3";
import {checkForceCoverage, configPath, loadConfig, PROJECT_ROOT} from "../config/load-config.ts";
import type {SnaConfig} from "../config/schema.ts";
import {openDuckDB, queryRows} from "../duckdb.ts";
import {createOnsTables} from "../ons/lookups.ts";
import {API_REFRESH_NOTES} from "../policeuk/api/refresh-api.ts";
import {ingestStreetFiles} from "../policeuk/ingest-street.ts";
import {listStreetFiles} from "../policeuk/street-files.ts";
import {readManifest, SNAPSHOT_DIR} from "../snapshot/manifest.ts";
import {verifySnapshot} from "../snapshot/verify.ts";
import {riskFactorFindings, violenceFindingsInput, writeFindings} from "../../components/findings/findings.ts";
import {PREPARED_ROOT, preparedDirFor} from "./prepared-dir.ts";
import {readRiskSnapshot, riskTables, withNewerSeries} from "./risk-tables.ts";
import {districtIndicatorRows, riskFactorsByDistrict} from "./district-indicators.ts";
import {readNeetFiles} from "../dfe/neet.ts";
import {neetIndicators} from "../dfe/neet-indicators.ts";
import {readCipfaNeighbours} from "../fingertips/neighbours.ts";
import {nearestNeighbours} from "../ons/nearest-neighbours.ts";
import {ageGroups, districtRiskFactors, ethnicityProfile, imdDecileProfile, lsoaRiskFactors, placeTables, populationPyramid, ruralUrbanProfile} from "../ons/place.ts";
import {createPlaceTables} from "../ons/tables.ts";
import {loadPartnerData} from "../partners/load.ts";
import {analysisWindow, yearOnYear} from "./window.ts";
import * as t from "./violence-tables.ts";
import {Int32, vectorFromArray} from "apache-arrow";
import {dictionaryColumn, writeArrowStream, writeJson} from "./write-outputs.ts";
import {TABLES} from "../../components/tables/registry.ts";
import {verifyPrepared, writeTable} from "./table-schema.ts";
import {officialTables} from "./official-tables.ts";
import {acquireLock, removeStaleTemp} from "../lib/process-lock.ts";
import {writeContent} from "../content/load.ts";
import {evidenceRows, readEvidenceRegister} from "../evidence/register.ts";
import {communitySurveyRows, readPartnerRecords, surveyAreaNames} from "../community/survey.ts";
import {consultationRows, readConsultationLog} from "../community/consultation-log.ts";
import {writeRecommendations} from "../recommendations/prepare.ts";
import {dataGapsRegister, readPartnerReports} from "./data-gaps.ts";
import {readServiceRegister, servicePlaces, serviceTables} from "./service-tables.ts";
import {publication} from "../pack/publication.ts";
import {writeWhatChanged} from "../editions/what-changed.ts";


/** Months that every configured force has a file for. */
function monthsForAllForces(files: {force: string; month: string}[], forces: string[]): string[] {
  const byForce = forces.map((f) => new Set(files.filter((x) => x.force === f).map((x) => x.month)));
  return [...(byForce[0] ?? [])].filter((m) => byForce.every((s) => s.has(m))).sort();
}

/** The LSOAs' boundaries; each feature carries its 2024 ward (the page names a neighbourhood "Plymouth 003A, Budshead"). */
function boundaries(config: SnaConfig, lsoas: Map<string, string | null>, dir: string) {
  const features: unknown[] = [];
  for (const d of config.districts) {
    const path = join(dir, "ons/boundaries/lsoa21", `${d.code}.geojson.gz`);
    if (!existsSync(path)) {
      throw new Error(`No LSOA 2021 boundaries for ${d.name} (${d.code}) in the snapshot: add ${path} (ONS generalised LSOA 2021 boundaries, gzipped GeoJSON).`);
    }
    const fc = JSON.parse(gunzipSync(readFileSync(path)).toString("utf-8")) as {features: {properties: Record<string, unknown>; geometry: GeoGeometryObjects}[]};
    for (const f of fc.features) {
      const code = String(f.properties.LSOA21CD);
      if (!lsoas.has(code)) continue;
      // 5 decimal places (about 1 m) is ample for generalised boundaries and shrinks the file; a tiny polygon that
      // rounding would turn inside out (its area then covers the globe) keeps its full precision.
      const rounded = JSON.parse(JSON.stringify(f.geometry, (_k, v: unknown) => (typeof v === "number" ? Math.round(v * 1e5) / 1e5 : v))) as GeoGeometryObjects;
      const geometry = geoArea(rounded) < 0.5 ? rounded : f.geometry;
      const name = String(f.properties.LSOA21NM);
      features.push({type: "Feature", properties: {code, name, ward: lsoas.get(code) ?? null, lad: d.code}, geometry});
    }
  }
  return {type: "FeatureCollection", features};
}

/** Computes everything and writes it into outDir (which must exist and be empty). */
export async function prepare(config: SnaConfig, outDir: string, snapshotDir = SNAPSHOT_DIR): Promise<void> {
  // Nothing is read before the snapshot matches its manifest and the forces police the districts.
  verifySnapshot(snapshotDir);
  checkForceCoverage(config, "the configuration", snapshotDir);
  const conn = await openDuckDB();
  await createOnsTables(conn, snapshotDir);
  const forces = config.forces.map((f) => f.id);
  const files = listStreetFiles(join(snapshotDir, "policeuk/street"), forces);
  // Rows may name a force as police.uk does or as the configuration does (the API refresh writes the latter).
  const ingest = await ingestStreetFiles(conn, files, {forceNames: Object.fromEntries(config.forces.map((f) => [f.id, [f.name]]))});
  const available = monthsForAllForces(files, forces);
  const window = analysisWindow(available, config.months);
  const yoy = yearOnYear(window, available);

  // Months whose files cover the whole force (an API refresh writes the partnership's districts only).
  const manifest = readManifest(join(snapshotDir, "manifest.json"));
  const areaOnly = new Set(manifest.files.filter((f) => f.source === "policeuk" && f.notes === API_REFRESH_NOTES).map((f) => f.path));
  const forceWide = window.available.filter((m) => files.filter((f) => f.month === m).every((f) => !areaOnly.has(`policeuk/street/${f.force}/${f.path.split("/").at(-1)}`)));

  await t.createAreaLsoa(conn, config, snapshotDir);
  const monthly = await t.areaMonthly(conn, available);
  const lsoas = await t.lsoaViolence(conn, config, window);
  const byDecile = t.violenceByImdDecile(lsoas);
  const conc = t.concentration(lsoas);
  const forceDistricts = await t.forceDistrictRates(conn, config, forceWide);
  const england = await t.englandDistrictRates(conn, config, snapshotDir);
  const head = await t.headline(conn, config, window, yoy);
  const noLoc = await t.noLocation(conn, config, window);
  const englandArea = t.englandSetArea(england);
  const outcomeRows = await t.outcomes(conn, config, window);

  const sum = (rows: {count: number; population: number}[]) => rows.reduce((a, r) => ({count: a.count + r.count, population: a.population + r.population}), {count: 0, population: 0});
  const englandComplete = england.filter((r) => r.complete);
  const englandRate = t.withRate(sum(englandComplete));
  const forceRate = t.withRate(sum(forceDistricts));
  const englandNoLoc = await t.englandNoLocation(conn, config, englandRate.count, snapshotDir);
  // Surrey's partnership is the whole Surrey Police area: then the area is not compared with itself.
  const mine = new Set(config.districts.map((d) => d.code));
  const sameAsForce = forceDistricts.length === mine.size && forceDistricts.every((d) => mine.has(d.lad_code));
  const forceName = config.forces.map((f) => f.name).join(" and ");
  const findings = writeFindings({
    label: config.seriousViolence.label,
    areaName: config.area.name,
    ...violenceFindingsInput({headline: head, lsoas, deciles: byDecile, concentration: conc, monthly, window}, config.seriousViolence.crimeTypes),
    england: englandRate,
    englandArea,
    force: forceWide.length === window.available.length ? {...forceRate, name: forceName} : null,
    sameAsForce
  });

  // The release a chart cites is that of the newest file it uses, never of an older one.
  const newest = (source: string, match: (path: string) => boolean = () => true) =>
    manifest.files.filter((f) => f.source === source && match(f.path)).sort((a, b) => a.period.localeCompare(b.period)).at(-1) ?? null;
  const releaseOf = (e: ReturnType<typeof newest>) => (e ? {period: e.period, released: e.released ?? null, retrieved: e.retrieved} : null);
  writeJson(join(outDir, "partnership.json"), {
    partnership: config.partnership,
    area: config.area,
    districts: config.districts,
    forces: config.forces,
    seriousViolence: config.seriousViolence,
    smallNumberThreshold: config.smallNumberThreshold,
    successMeasures: config.successMeasures,
    monthsAvailable: available,
    release: {
      police: releaseOf(newest("policeuk", (p) => forces.some((f) => p.includes(`/${f}/`)))),
      england: releaseOf(newest("policeuk-england")),
      census: releaseOf(newest("ons", (p) => p.includes("census21"))),
      imd: releaseOf(newest("ons", (p) => p.includes("imd2025")))
    },
    window,
    headline: head,
    england: {...englandRate, area: englandArea, noLocation: englandNoLoc, districts: englandComplete.length, districtsLeftOut: england.length - englandComplete.length, forcesIncomplete: [...new Set(england.filter((r) => !r.complete).map((r) => r.force_id))].sort()},
    force: {...forceRate, name: forceName, months: forceWide, sameAsArea: sameAsForce},
    noLocation: noLoc,
    concentration: {total: conc.total, lsoas: conc.lsoas, top5: conc.top5, top10: conc.top10},
    findings,
    ingest: {totals: ingest.totals, rejectedByReason: ingest.rejectedByReason, missingMonths: ingest.missingMonths},
    sources: manifest.files.map(({path, source, title, publisher, licence, origin, period, released, retrieved}) => ({path, source, title, publisher, licence, origin, period, released, retrieved}))
  });
  writeTable(outDir, TABLES.area_monthly, monthly);
  writeTable(outDir, TABLES.lsoa_violence, lsoas);
  writeTable(outDir, TABLES.area_lsoa, await t.areaLsoaRows(conn)); // live chapters: joined to lsoa-month-type.arrow
  // For the SQL console and the live chapters: Arrow loads into DuckDB-WASM in one read (a CSV takes many range requests).
  const lmt = await t.areaLsoaMonthType(conn);
  writeArrowStream(join(outDir, "lsoa-month-type.arrow"), {
    lsoa21_code: dictionaryColumn(lmt.map((r) => r.lsoa21_code)),
    month: dictionaryColumn(lmt.map((r) => r.month)),
    crime_type: dictionaryColumn(lmt.map((r) => r.crime_type)),
    count: vectorFromArray(lmt.map((r) => r.count), new Int32())
  });
  writeTable(outDir, TABLES.imd_deciles, byDecile);
  writeTable(outDir, TABLES.concentration, conc.curve);
  writeTable(outDir, TABLES.force_districts, forceDistricts);
  writeTable(outDir, TABLES.england_districts, england);
  // Benchmarking's funnel recomputed in the browser for another definition or months: the tables its SQL reads.
  const englandSet = await t.englandTableRows(conn);
  writeTable(outDir, TABLES.england_district_month_type, englandSet.districtMonthType);
  writeTable(outDir, TABLES.england_force_months, englandSet.forceMonths);
  writeTable(outDir, TABLES.outcomes, outcomeRows);
  writeTable(outDir, TABLES.ingest_files, ingest.files);
  writeJson(join(outDir, "lsoa-boundaries.json"), boundaries(config, new Map(lsoas.map((l) => [l.lsoa21_code, l.ward_name])), snapshotDir));

  // Place and population, ONS risk factors and the similar areas (loaders/ons). One thread: their population-weighted
  // sums of DOUBLE scores and areas would otherwise add up in whatever order the threads finish, and a last bit that
  // differs can round a figure the other way, so two builds of one snapshot were not always byte-identical.
  await conn.run("SET threads = 1");
  await createPlaceTables(conn, snapshotDir);
  const neighbours = await nearestNeighbours(conn, config, {n: 15});
  writeJson(join(outDir, "place.json"), {
    pyramid: await populationPyramid(conn, config, {bandYears: 5}),
    ageGroups: await ageGroups(conn, config),
    ethnicity: await ethnicityProfile(conn, config),
    imdDeciles: await imdDecileProfile(conn, config),
    ruralUrban: await ruralUrbanProfile(conn, config),
    districts: await districtRiskFactors(conn, config),
    neighbours: {method: neighbours.method, tier: neighbours.tier, candidates: neighbours.candidates, variables: neighbours.variables, area: neighbours.area, neighbours: neighbours.neighbours}
  });
  writeTable(outDir, TABLES.lsoa_risk_factors, await lsoaRiskFactors(conn, config));
  const place = await placeTables(conn, config); // what Place and population recomputes for a district in the browser
  writeTable(outDir, TABLES.place_lsoa, place.lsoas);
  writeTable(outDir, TABLES.place_mye, place.mye);
  await conn.run("RESET threads");

  // Official statistics: police recorded crime by CSP, homicide and knife crime by force (loaders/recorded-crime).
  const official = await officialTables(conn, config, snapshotDir, neighbours.neighbours);
  writeTable(outDir, TABLES.csp_crime, official.cspCrime);
  writeTable(outDir, TABLES.homicide_rates, official.homicideRates);
  writeTable(outDir, TABLES.homicide_counts, official.homicideCounts);
  writeTable(outDir, TABLES.knife_series, official.knifeSeries);
  writeTable(outDir, TABLES.knife_by_offence, official.knifeByOffence);
  writeJson(join(outDir, TABLES.official.file), official.summary);

  // Risk factors and benchmarking: the indicator set against the Fingertips values of the snapshot.
  const [region] = await queryRows<{code: string; name: string}>(
    conn,
    `SELECT DISTINCT region_code AS code, region_name AS name FROM lad WHERE lad_code IN (${config.districts.map((d) => `'${d.code}'`).join(", ")}) AND region_code IS NOT NULL LIMIT 1`
  );
  // CIPFA nearest neighbours come with the Fingertips refresh; the ONS-based neighbours are always computed.
  const cipfa = readCipfaNeighbours(snapshotDir, config.area.code);
  const fingertips = readRiskSnapshot(snapshotDir, config.indicators);
  const risk = riskTables(fingertips, config.indicators, {code: config.area.code, name: config.area.name}, region ?? null, config.comparators, neighbours.neighbours.map((n) => ({code: n.code, name: n.name})), cipfa?.neighbours ?? []);
  // DfE NEET and absence (2021-2025) join them, as the recent series of the same kinds (loaders/dfe).
  const neetFiles = readNeetFiles(snapshotDir);
  const dfe = neetIndicators(neetFiles, {areaCode: config.area.code, regionCode: region?.code ?? null, peers: risk.areas.filter((a) => !["partnership", "region", "england"].includes(a.role)).map((a) => a.code), set: config.indicators});
  const listed = withNewerSeries(risk, dfe);
  // Ages of periods ("2017/18, 8 years old") are counted to the day the tables are prepared: the date only (UTC), so
  // that two runs on one day write the same bytes; SOURCE_DATE_EPOCH (seconds) pins it for a reproducible build.
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  const builtOn = (Number.isFinite(epoch) && process.env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date()).toISOString().slice(0, 10);
  const builtAt = new Date(`${builtOn}T00:00:00Z`);
  writeJson(join(outDir, "indicators.json"), {indicators: listed.indicators, areas: risk.areas, cipfa, builtAt: builtOn, findings: riskFactorFindings(listed.indicators, builtAt), dfe: {missingReleases: dfe.missingReleases, peers: dfe.peers, recoded: dfe.recoded}});
  writeTable(outDir, TABLES.indicator_values, listed.values);
  // The same for each district of a county, which Risk factors shows when a reader chooses one.
  const byDistrict = riskFactorsByDistrict(fingertips, neetFiles, config.indicators, config.districts, region ?? null, builtAt);
  writeJson(join(outDir, TABLES.district_indicators.file), {builtAt: builtOn, districts: byDistrict});
  writeTable(outDir, TABLES.district_indicator_values, districtIndicatorRows(byDistrict));

  // Partner extracts: validated, refused if they hold personal data, aggregated and suppressed (loaders/partners).
  // With no real extract in data/partners/, the documented EXAMPLE files are used and labelled as examples, unless
  // content.showExamples is false: a published build shows no EXAMPLE data at all.
  await loadPartnerData(join(PROJECT_ROOT, "data/partners"), join(outDir, "partners"), {smallNumberThreshold: config.smallNumberThreshold}, {examples: config.content.showExamples ? "auto" : "exclude", exampleArea: config.area.code, log: () => undefined});

  // Row-level street records of the force(s), for the SQL console: no Crime ID, no coordinates.
  const rows = await queryRows<{month: string; crime_type: string; lsoa21_code: string | null; lad_code: string | null; outcome: string | null}>(
    conn,
    `SELECT c.month, c.crime_type, c.lsoa21_code, l.lad_code, c.outcome FROM crimes c LEFT JOIN lsoa21 l USING (lsoa21_code) ORDER BY ALL`
  );
  writeArrowStream(join(outDir, "crimes.arrow"), {
    month: dictionaryColumn(rows.map((r) => r.month)),
    crime_type: dictionaryColumn(rows.map((r) => r.crime_type)),
    lsoa21_code: dictionaryColumn(rows.map((r) => r.lsoa21_code)),
    lad_code: dictionaryColumn(rows.map((r) => r.lad_code)),
    outcome: dictionaryColumn(rows.map((r) => r.outcome))
  });
  const places = await servicePlaces(conn);
  conn.closeSync();
  // The evidence register (guidance 5.5), validated; no file gives an empty table and the chapter says how to add one.
  // A published build (content.showExamples false) keeps only the entries whose ratings were read from their source.
  writeTable(outDir, TABLES.evidence, evidenceRows(readEvidenceRegister().entries.filter((e) => config.content.showExamples || !e.example)));
  // The recommendations register, checked against this build's findings, evidence and measures, with their monitoring.
  writeRecommendations(config, outDir);
  // Community voice (guidance 5.4): the survey by group, checked across its groupings, and the consultation log.
  const voice = {threshold: config.smallNumberThreshold, showExamples: config.content.showExamples, areaNames: surveyAreaNames(config.districts, snapshotDir)};
  writeTable(outDir, TABLES.community_survey, communitySurveyRows(readPartnerRecords(join(outDir, TABLES.partner_records.file)), voice));
  writeTable(outDir, TABLES.consultation_log, consultationRows(readConsultationLog().entries, {...voice, areaCode: config.area.code}));
  // Service mapping (guidance 5.6): the register (read back as the partner pipeline wrote it) against the hotspots.
  const mapped = serviceTables(readServiceRegister(join(outDir, TABLES.partners_services.file)), places, lsoas, config.districts.map((d) => d.code));
  writeTable(outDir, TABLES.services, mapped.services);
  writeTable(outDir, TABLES.service_coverage, mapped.coverage);
  writeTable(outDir, TABLES.service_gap_hotspots, mapped.hotspots);
  writeTable(outDir, TABLES.service_gap_levels, mapped.levels);
  // The analyst's words (content/<area code>/*.md): last, as its references read the tables written above.
  writeContent(config, outDir, PROJECT_ROOT);
  // The data gaps register: each source the guidance names against the snapshot, partner reports and indicators.
  writeTable(outDir, TABLES.data_gaps, dataGapsRegister({manifest: manifest.files, partners: readPartnerReports(join(outDir, "partners/partners-report.json")), indicators: listed.indicators, forces, areaName: config.area.name, config: config.dataGaps, builtAt}));
  // How the printed pages, the board pack and the accessibility statement name this SNA (loaders/pack/publication.ts).
  writeJson(join(outDir, TABLES.publication.file), publication(config, {manifestBytes: readFileSync(join(snapshotDir, "manifest.json")), window, preparedOn: builtOn}));
  // What changed since the previous edition (editions/): last but the check, as it reads the tables written above.
  writeWhatChanged(config, outDir, manifest);
  // Every file the registry names is there, with its columns and types (partner tables included).
  verifyPrepared(outDir);
}

/**
 * Returns the prepared folder for the current configuration, computing it if needed. Framework may run several
 * loaders at once: a lock directory makes the others wait for the first. The lock records its owner's process, so a
 * build killed at any moment (even SIGKILL) leaves nothing that holds up the next one (loaders/lib/process-lock.ts);
 * the temporary folders of killed runs are removed here too.
 */
export async function ensurePrepared(): Promise<string> {
  const file = configPath();
  const dir = preparedDirFor(file);
  removeStaleTemp(PREPARED_ROOT, /^[0-9a-f]+\.(?:tmp|lock\.new|lock\.stale)-(\d+)$/);
  if (existsSync(join(dir, "partnership.json"))) return dir;
  const release = await acquireLock(`${dir}.lock`, {done: () => existsSync(join(dir, "partnership.json")), say: (line) => console.error(`prepare: ${line}`)});
  if (!release) return dir;
  try {
    if (existsSync(join(dir, "partnership.json"))) return dir;
    const config = await loadConfig(file);
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, {recursive: true, force: true});
    mkdirSync(tmp, {recursive: true});
    try {
      await prepare(config, tmp);
      writeFileSync(join(tmp, "config-path.txt"), `${file}\n`);
      rmSync(dir, {recursive: true, force: true});
      renameSync(tmp, dir);
    } finally {
      rmSync(tmp, {recursive: true, force: true});
    }
    return dir;
  } finally {
    release();
  }
}
