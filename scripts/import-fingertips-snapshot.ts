/**
 * Copies every real Fingertips indicator value found in ../shared/data/fingertips/ into
 * data/snapshot/fingertips/values/ (one gzipped CSV per source file, SNAPSHOT_COLUMNS), builds
 * data/snapshot/fingertips/area_codes.csv from the ONS lookups, maps each area code to today's code, reports
 * what could not be matched, and records each file in data/snapshot/manifest.json with source "fingertips".
 *
 *   npx tsx scripts/import-fingertips-snapshot.ts [--shared ../shared/data] [--snapshot data/snapshot]
 *
 * Sources (see ../shared/data/fingertips/MANIFEST.md and indicator-values/MANIFEST.md):
 *  - raw-exports/: a Fingertips "export data" CSV, parsed by the loader's own parser;
 *  - indicator-values/traffordDataLab_*: seven risk factors for every LA, reshaped by their author;
 *  - derived-real-values/psychty_*: Sussex areas and England, reshaped by their author (local placeholder
 *    ids such as "004" are not Fingertips indicators and are left out).
 */
import {existsSync, readFileSync, writeFileSync, renameSync, mkdirSync} from "node:fs";
import {basename, join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {z} from "zod";
import {buildAreaCodeMap, formatAreaCodeMap, mapAreaCode} from "../loaders/fingertips/area-codes.ts";
import {parseFingertipsCsv, readCsvRecords} from "../loaders/fingertips/csv.ts";
import type {AreaCodeMapRow, IndicatorValue, SnapshotValue} from "../loaders/fingertips/schemas.ts";
import {AREA_CODES_FILE, FINGERTIPS_SUBDIR, sha256, summarise, VALUES_SUBDIR, writeValuesFile} from "../loaders/fingertips/snapshot.ts";
import {findEntry, readManifest, upsertEntries, writeManifest, type ManifestEntry} from "../loaders/snapshot/manifest.ts";

const OGL = "Open Government Licence v3.0";
const PUBLISHER = "Office for Health Improvement and Disparities (Fingertips)";

/** Fingertips-style sort key from a period label: the first year, as YYYY0000. */
export function periodSortKey(label: string): number | null {
  const m = /(\d{4})/.exec(label);
  return m ? Number(m[1]) * 10000 : null;
}

const blank: Omit<IndicatorValue, "indicatorId" | "indicatorName" | "areaCode" | "period"> = {
  parentCode: null, parentName: null, areaName: null, areaType: null, sex: null, age: null, categoryType: null, category: null,
  periodSortable: null, value: null, lowerCi95: null, upperCi95: null, lowerCi998: null, upperCi998: null, count: null,
  denominator: null, valueNote: null, recentTrend: null, comparedToEngland: null, comparedToParent: null, parentComparisonLabel: null
};

interface SourceFile {
  /** Output name under values/. */
  out: string;
  records: IndicatorValue[];
  sourceFile: string;
  note: string | null;
  entry: Omit<ManifestEntry, "path" | "sha256" | "bytes" | "retrieved" | "period">;
  /** Rows left out, with the reason (reported). */
  skipped: string[];
}

// ------------------------------------------------------------------ raw Fingertips export

async function rawExport(shared: string): Promise<SourceFile> {
  const rel = "fingertips/raw-exports/jargonautical_data-dev__indicators-CountyUA.data.csv";
  const parsed = await parseFingertipsCsv(join(shared, rel), {url: rel});
  return {
    out: "raw-export_93356_county-ua_2015-2017.csv.gz",
    records: [...parsed.values, ...parsed.breakdowns],
    sourceFile: "jargonautical/data-dev indicators-CountyUA.data.csv",
    note: null,
    skipped: parsed.duplicatesRemoved > 0 ? [`${parsed.duplicatesRemoved} duplicate rows`] : [],
    entry: {
      source: "fingertips", title: "Fingertips export: Campylobacter incidence rate/100,000 (93356), counties and UAs",
      publisher: PUBLISHER, licence: OGL,
      origin: "github.com/jargonautical/data-dev indicators-CountyUA.data.csv @ ebe593c58f157e3ac3808f014f7a12509588306b (a Fingertips website export)",
      released: "2020-12",
      notes: "Verbatim Fingertips export (pre-2019 area codes, 95% CIs, counts, Fingertips' own significance); not a violence indicator, kept because it is the one raw export found."
    }
  };
}

// ------------------------------------------------------------------ traffordDataLab extracts

const TRAFFORD = [
  {file: "admissions_self_harm", id: 21001, areaType: "District & UA (pre 4/19)", commit: "9b1acb64d0a3ef37c19c9d8e7fd9ea65ab128b2b", repoPath: "data/health/admissions_self_harm.csv"},
  {file: "alcohol_related_admissions", id: 91414, areaType: "District & UA (pre 4/19)", commit: "9b1acb64d0a3ef37c19c9d8e7fd9ea65ab128b2b", repoPath: "data/health/alcohol_related_admissions.csv", rounding: "whole numbers"},
  {file: "low_income_families", id: 10101, areaType: "District & UA (pre 4/19)", commit: "9b1acb64d0a3ef37c19c9d8e7fd9ea65ab128b2b", repoPath: "data/children/low_income_families.csv"},
  {file: "admissions_self_harm_young_people", id: 90813, areaType: "County & UA (pre 4/19)", commit: "9b1acb64d0a3ef37c19c9d8e7fd9ea65ab128b2b", repoPath: "data/children/admissions_self_harm_young_people.csv"},
  {file: "children_in_care", id: 90803, areaType: "County & UA (pre 4/19)", commit: "48f639d9ce52e521751a398f12eff50e25c04b3f", repoPath: "data/children/children_in_care.csv"},
  {file: "child_protection_plans", id: 90886, areaType: "County & UA (pre 4/19)", commit: "3c1fb2ea7ca4045f8339b93f80a93b895c50351c", repoPath: "data/children/child_protection_plans.csv"},
  {file: "neets", id: 93203, areaType: "County & UA (pre 4/19)", commit: "e00568ec2f8e64b26db381a283134d14f5084d61", repoPath: "data/children/neets.csv"}
] as const;

const TRAFFORD_COLUMNS = ["area_code", "area_name", "period", "value", "indicator", "measure", "unit", "significance"];

async function trafford(shared: string, t: (typeof TRAFFORD)[number]): Promise<SourceFile> {
  const rel = `fingertips/indicator-values/traffordDataLab_dashboard__${t.file}.csv`;
  const path = join(shared, rel);
  const rows = await readCsvRecords(path, {indicatorId: t.id, url: rel});
  const missing = TRAFFORD_COLUMNS.filter((c) => !(c in (rows[0] ?? {})));
  if (missing.length > 0) throw new Error(`${path}: column(s) ${missing.join(", ")} missing; expected ${TRAFFORD_COLUMNS.join(",")}.`);
  const rounding = "rounding" in t ? t.rounding : "1 decimal place";
  const records = rows.map((r, i): IndicatorValue => {
    const raw = r.value ?? "NA";
    const value = raw === "NA" ? null : Number(raw);
    if (value !== null && !Number.isFinite(value)) throw new Error(`${path}: row ${i + 2}, column "value": "${raw}" is not a number or NA.`);
    const code = r.area_code ?? "";
    const areaType = code === "E92000001" ? "England" : code.startsWith("E47") ? "Combined authority" : t.areaType;
    return {
      ...blank, indicatorId: t.id, indicatorName: String(r.indicator), areaCode: code, areaName: r.area_name ?? null, areaType,
      sex: r.unit ?? null, period: String(r.period), periodSortable: periodSortKey(String(r.period)), value,
      valueNote: value === null ? "NA in the extract (suppressed or no data)" : null,
      comparedToEngland: r.significance ?? null
    };
  });
  return {
    out: `trafford_${t.id}_${t.file}.csv.gz`,
    records,
    sourceFile: `traffordDataLab/dashboard ${t.repoPath}`,
    note: `Values rounded to ${rounding} by the extract's author; no confidence intervals, counts or region rows; significance is Fingertips' own (vs England, 95%); period_sortable derived from the label.`,
    skipped: [],
    entry: {
      source: "fingertips", title: `Fingertips indicator ${t.id} for every local authority (traffordDataLab extract)`,
      publisher: PUBLISHER, licence: OGL,
      origin: `github.com/traffordDataLab/dashboard ${t.repoPath} @ ${t.commit} (fingertipsR pull, ${t.id === 93203 ? "June 2020" : "May 2019"})`,
      released: t.id === 93203 ? "2020-06" : "2019-05",
      notes: `As published on Fingertips when pulled; values rounded to ${rounding}; no CIs, counts, denominators or region rows; pre-April-2019 area codes.`
    }
  };
}

// ------------------------------------------------------------------ psychty (Sussex) extracts

const psychtySchema = z.looseObject({
  ID: z.string(),
  Name: z.string().min(1),
  Timeperiod: z.string().min(1),
  Area_code: z.string().min(1),
  Area_name: z.string(),
  Value: z.number().nullable().optional(),
  Lower_CI: z.number().nullable().optional(),
  Upper_CI: z.number().nullable().optional(),
  Numerator: z.number().nullable().optional(),
  Denominator: z.number().nullable().optional(),
  Comp_Value: z.number().nullable().optional(),
  Comp_Lower_CI: z.number().nullable().optional(),
  Comp_Upper_CI: z.number().nullable().optional(),
  Comp_Numerator: z.number().nullable().optional(),
  Significance: z.string().optional()
});

function psychty(shared: string, tier: "lt" | "ut"): SourceFile {
  const rel = `fingertips/derived-real-values/psychty_la-ph-walkthrough__${tier}_data_extract_compare_england.json`;
  const path = join(shared, rel);
  const items = z.array(psychtySchema).safeParse(JSON.parse(readFileSync(path, "utf-8")));
  if (!items.success) {
    const issue = items.error.issues[0];
    throw new Error(`${path}: item ${String(issue?.path[0])}, key "${String(issue?.path[1])}": ${issue?.message}.`);
  }
  const skipped: string[] = [];
  const records: IndicatorValue[] = [];
  const englandSeen = new Set<string>();
  const areaType = tier === "lt" ? "District & UA" : "County & UA";
  for (const x of items.data) {
    // Ids with a leading zero are the author's placeholders for non-Fingertips measures.
    if (!/^[1-9]\d*$/.test(x.ID)) {
      skipped.push(`${x.ID} "${x.Name}" (${x.Area_code}): not a Fingertips indicator id`);
      continue;
    }
    const sex = /^male\b/i.test(x.Name) ? "Male" : /^female\b/i.test(x.Name) ? "Female" : null;
    const common = {...blank, indicatorId: Number(x.ID), indicatorName: x.Name, period: x.Timeperiod, periodSortable: periodSortKey(x.Timeperiod), sex};
    const value = x.Value ?? null;
    records.push({
      ...common, areaCode: x.Area_code, areaName: x.Area_name, areaType,
      value, lowerCi95: x.Lower_CI ?? null, upperCi95: x.Upper_CI ?? null, count: x.Numerator ?? null, denominator: x.Denominator ?? null,
      valueNote: [value === null ? "No value in the extract" : null, x.Significance ? `extract author's label vs England: ${x.Significance}` : null].filter(Boolean).join("; ") || null
    });
    const eKey = `${x.ID}|${x.Name}|${x.Timeperiod}`;
    if (x.Comp_Value != null && !englandSeen.has(eKey)) {
      englandSeen.add(eKey);
      records.push({
        ...common, areaCode: "E92000001", areaName: "England", areaType: "England",
        value: x.Comp_Value, lowerCi95: x.Comp_Lower_CI ?? null, upperCi95: x.Comp_Upper_CI ?? null, count: x.Comp_Numerator ?? null,
        valueNote: "England value from the extract's comparator columns"
      });
    }
  }
  return {
    out: `psychty_${tier}_sussex_2016-2019.csv.gz`,
    records,
    sourceFile: `psychty/la-ph-walkthrough ${tier}_data_extract_compare_england.json`,
    note: "Reshaped by the extract's author (values to 4 dp); significance labels are the author's, not Fingertips' own; sex inferred only where the name starts Male/Female; period_sortable derived from the label.",
    skipped,
    entry: {
      source: "fingertips", title: `Fingertips indicators for ${tier === "lt" ? "Sussex districts and unitary authorities" : "West Sussex, East Sussex, Brighton and Hove"} with England (psychty extract)`,
      publisher: PUBLISHER, licence: OGL,
      origin: `github.com/psychty/la-ph-walkthrough ${tier}_data_extract_compare_england.json @ ${tier === "lt" ? "fb261d4344d0317801e394b0fa64da79cfb8366a" : "d764a79f022e46028f3736f871df36f3e68453c1"} (fingertipsR pull)`,
      released: "2020-02",
      notes: "Sussex areas only (no Plymouth or Surrey); includes 11202 violence offences 2018/19 and 10401 first-time entrants 2018 with CIs and counts; significance labels are the author's."
    }
  };
}

// ------------------------------------------------------------------ putting it together

function toSnapshot(src: SourceFile, codes: ReadonlyMap<string, AreaCodeMapRow>, unmatched: Map<string, {what: string; files: Set<string>}>): SnapshotValue[] {
  return src.records.map((r) => {
    const m = mapAreaCode(r.areaCode, codes);
    if (m.status === "unmatched" || m.status === "split") {
      const u = unmatched.get(r.areaCode) ?? {what: `${r.areaName ?? ""} [${m.status}: ${m.note ?? ""}]`, files: new Set<string>()};
      u.files.add(src.out);
      unmatched.set(r.areaCode, u);
    }
    return {...r, areaCodeCurrent: m.currentCode, areaCodeStatus: m.status, sourceFile: src.sourceFile, note: src.note};
  });
}

function periodRange(records: IndicatorValue[]): string {
  const periods = summarise(records.map((r) => ({...r, areaCodeCurrent: null, areaCodeStatus: "current" as const, sourceFile: "x", note: null})))
    .flatMap((c) => c.periods);
  const sorted = [...new Set(periods)].sort((a, b) => (periodSortKey(a) ?? 0) - (periodSortKey(b) ?? 0) || a.localeCompare(b));
  return sorted.length <= 1 ? (sorted[0] ?? "none") : `${sorted[0]} to ${sorted[sorted.length - 1]}`;
}

/** Keeps the retrieval date of an unchanged file, so a re-run does not churn the manifest. */
function retrievedFor(rel: string, digest: string, manifestPath: string, today: string): string {
  const prior = findEntry(readManifest(manifestPath), rel);
  return prior && prior.sha256 === digest ? prior.retrieved : today;
}

export async function importFingertipsSnapshot(shared: string, snapshotDir: string): Promise<void> {
  const outDir = join(snapshotDir, FINGERTIPS_SUBDIR);
  const manifestPath = join(snapshotDir, "manifest.json");
  const today = new Date().toISOString().slice(0, 10);
  const L = join(shared, "ons/lookups");
  const lookups = {
    laAllCodes: join(L, "la_all_codes.csv"), utlaAllCodes: join(L, "utla_all_codes.csv"), rgnAllCodes: join(L, "rgn_all_codes.csv"),
    ladToCounty2020: join(L, "Local_Authority_District_to_County_(April_2020)_Lookup_in_England.csv"), laChanges: join(L, "uk-topojson_la_changes.csv")
  };
  for (const p of Object.values(lookups)) if (!existsSync(p)) throw new Error(`${p} is missing; pass --shared <folder holding ons/ and fingertips/>.`);
  const codeRows = buildAreaCodeMap(lookups);
  const codes = new Map(codeRows.map((r) => [r.code, r]));
  mkdirSync(outDir, {recursive: true});
  const codesPath = join(outDir, AREA_CODES_FILE);
  const codesText = formatAreaCodeMap(codeRows);
  writeFileSync(`${codesPath}.tmp-${process.pid}`, codesText);
  renameSync(`${codesPath}.tmp-${process.pid}`, codesPath);
  const codesRel = `${FINGERTIPS_SUBDIR}/${AREA_CODES_FILE}`;
  const codesDigest = sha256(Buffer.from(codesText));
  const entries: ManifestEntry[] = [{
    path: codesRel, source: "fingertips", title: "Area codes in Fingertips data mapped to current ONS codes",
    publisher: "Office for National Statistics (lookups compiled by drkane/geo-lookups and uk-topojson)", licence: OGL,
    origin: `built by scripts/import-fingertips-snapshot.ts from ${Object.values(lookups).map((p) => basename(p)).join(", ")}`,
    period: "codes 2011 to 2025", retrieved: retrievedFor(codesRel, codesDigest, manifestPath, today), sha256: codesDigest,
    bytes: Buffer.byteLength(codesText), notes: "status: current, recoded (same area, new code), merged (now part of a larger area), split, not-la, unmatched"
  }];

  const sources: SourceFile[] = [await rawExport(shared)];
  for (const t of TRAFFORD) sources.push(await trafford(shared, t));
  sources.push(psychty(shared, "lt"), psychty(shared, "ut"));

  const unmatched = new Map<string, {what: string; files: Set<string>}>();
  const all: SnapshotValue[] = [];
  for (const src of sources) {
    const records = toSnapshot(src, codes, unmatched);
    const rel = `${FINGERTIPS_SUBDIR}/${VALUES_SUBDIR}/${src.out}`;
    const {sha256: digest, bytes} = writeValuesFile(join(snapshotDir, rel), records);
    entries.push({...src.entry, path: rel, period: periodRange(src.records), retrieved: retrievedFor(rel, digest, manifestPath, today), sha256: digest, bytes});
    all.push(...records);
    console.log(`${rel}: ${records.length} rows${src.skipped.length ? `; left out ${src.skipped.length}: ${[...new Set(src.skipped.map((s) => s.split(" (")[0]))].join(", ")}` : ""}`);
  }
  writeManifest(upsertEntries(readManifest(manifestPath), entries), manifestPath);

  console.log("\nArea codes no lookup places on today's map (values kept under their published code):");
  for (const [code, u] of [...unmatched.entries()].sort()) console.log(`  ${code} ${u.what} in ${u.files.size} file(s): ${[...u.files].join(", ")}`);
  const byStatus = new Map<string, number>();
  for (const v of all) byStatus.set(v.areaCodeStatus, (byStatus.get(v.areaCodeStatus) ?? 0) + 1);
  console.log(`Rows by area-code status: ${[...byStatus.entries()].map(([s, n]) => `${s} ${n}`).join(", ")}`);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("import-fingertips-snapshot.ts")) {
  const {values} = parseArgs({options: {shared: {type: "string"}, snapshot: {type: "string"}}});
  const root = resolve(import.meta.dirname, "..");
  const shared = resolve(values.shared ?? join(root, "../shared/data"));
  const snapshot = resolve(values.snapshot ?? join(root, "data/snapshot"));
  importFingertipsSnapshot(shared, snapshot).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
