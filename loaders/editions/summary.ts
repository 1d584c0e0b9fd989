/**
 * The digest of one build that an edition freezes and the "What changed" chapter compares: read back from a prepared
 * folder (loaders/prepare/prepare.ts writes it), so the current build and a frozen edition are summarised by the same
 * code. Partner figures are the published (suppressed) totals only; nothing row-level is kept.
 */
import {createHash} from "node:crypto";
import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {TABLES, type Row, type TableDef} from "../../components/tables/registry.ts";
import {parseTable} from "../../components/tables/parse.ts";
import {localMeasure, monthRunLabel} from "../../components/success/measures.ts";
import type {EditionView} from "../../components/editions/diff.ts";
import type {SnaConfig} from "../config/schema.ts";
import {parseCsv} from "../lib/csv.ts";
import type {Manifest} from "../snapshot/manifest.ts";
import {LSOA_RANKS_KEPT, type ConfigSummary, type Figures, type IndicatorSummary, type MeasureSummary, type PartnerSummary, type RecommendationSummary, type SourceSummary} from "./schema.ts";

/** The parts of partnership.json read here (loaders/prepare/prepare.ts writes it). */
interface PartnershipDoc {
  partnership: {name: string};
  area: {code: string; name: string};
  seriousViolence: {label: string; crimeTypes: string[]};
  window: EditionView["window"];
  headline: {count: number; population: number; rate: number; lower: number; upper: number; ci_method: string; lsoas: number};
}

const readJson = <T>(dir: string, file: string): T => JSON.parse(readFileSync(join(dir, file), "utf-8")) as T;

/** A registry table of a prepared folder, typed. */
export function readPrepared<T extends TableDef>(dir: string, table: T): Row<T>[] {
  const {columns, rows} = parseCsv(readFileSync(join(dir, table.file), "utf-8"));
  return parseTable(table, Object.assign(rows, {columns}));
}

/** The configuration's fields that define the figures (a change in one is reported as a change of definition). */
export function configSummary(config: SnaConfig): ConfigSummary {
  return {
    seriousViolence: {label: config.seriousViolence.label, crimeTypes: [...config.seriousViolence.crimeTypes]},
    months: {...(config.months.start ? {start: config.months.start} : {}), ...(config.months.end ? {end: config.months.end} : {})},
    districts: config.districts.map((d) => d.code),
    forces: config.forces.map((f) => f.id),
    comparators: config.comparators.map((d) => d.code),
    smallNumberThreshold: config.smallNumberThreshold,
    localMeasures: config.successMeasures.local.map((m) => ({name: m.name, table: m.table, where: m.where, polarity: m.polarity, baseline: m.baseline})),
    indicators: config.indicators.map((i) => String(i.id))
  };
}

/**
 * A hash of the validated configuration (defaults filled in), so two editions can say whether it changed; the window
 * (months, reported on its own), the edition block and the narrative setting (words, not figures) are left out.
 */
export const configHash = (config: SnaConfig): string => createHash("sha256").update(JSON.stringify({...config, months: undefined, edition: undefined, content: undefined})).digest("hex");

/** Source families of the snapshot manifest; police.uk street files only for the months the figures used. */
export function sourceSummaries(manifest: Manifest, months: readonly string[]): SourceSummary[] {
  const used = new Set(months);
  const files = manifest.files.filter((f) => !/^policeuk\/street\//.test(f.path) || used.has(f.path.split("/").at(-1)!.slice(0, 7)));
  const bySource = new Map<string, typeof files>();
  for (const f of files) bySource.set(f.source, [...(bySource.get(f.source) ?? []), f]);
  return [...bySource.entries()]
    .map(([source, fs]) => {
      const periods = fs.map((f) => f.period).sort();
      const newest = [...fs].sort((a, b) => a.period.localeCompare(b.period) || (a.released ?? "").localeCompare(b.released ?? "")).at(-1)!;
      return {source, files: fs.length, firstPeriod: periods[0]!, lastPeriod: periods.at(-1)!, released: newest.released ?? null, retrieved: fs.map((f) => f.retrieved).sort().at(-1)!};
    })
    .sort((a, b) => a.source.localeCompare(b.source));
}

const measure = (m: Omit<MeasureSummary, "lower" | "upper" | "value" | "verdict" | "note" | "example"> & Partial<MeasureSummary>): MeasureSummary => ({
  value: null,
  lower: null,
  upper: null,
  example: false,
  verdict: null,
  note: null,
  ...m
});

/** The three Home Office success measures as the Success measures chapter states their latest figures. */
function successMeasures(dir: string, areaName: string): MeasureSummary[] {
  const out: MeasureSummary[] = [];
  const official = readJson<{c2: {period: {start: string; end: string; label: string}}}>(dir, TABLES.official.file);
  const rates = readPrepared(dir, TABLES.homicide_rates).filter((r) => r.role === "partnership force");
  for (const code of [...new Set(rates.map((r) => r.area_code))]) {
    const latest = rates.filter((r) => r.area_code === code).sort((a, b) => a.period_end.localeCompare(b.period_end)).at(-1)!;
    out.push(measure({id: `homicide-rate:${code}`, measure: `Homicide, ${latest.area_name}`, level: "police force area (3-year rate)", period: latest.label, months: 36, count: null, value: latest.rate_per_million, unit: "per million a year"}));
  }
  const c2 = readPrepared(dir, TABLES.csp_crime).find((r) => r.offence === "homicide" && r.level === "partnership");
  if (c2) out.push(measure({id: "homicide-count", measure: `Homicide, ${areaName}`, level: "Community Safety Partnership (ONS Table C2)", period: official.c2.period.label, months: 12, count: c2.count, value: c2.rate === null ? null : c2.rate * 1000, lower: c2.lower === null ? null : c2.lower * 1000, upper: c2.upper === null ? null : c2.upper * 1000, unit: "per million residents"}));
  const knife = readPrepared(dir, TABLES.knife_series).filter((r) => r.role === "partnership force" && r.count !== null);
  for (const code of [...new Set(knife.map((r) => r.area_code ?? r.area_name))]) {
    const latest = knife.filter((r) => (r.area_code ?? r.area_name) === code).sort((a, b) => a.year_ending.localeCompare(b.year_ending)).at(-1)!;
    out.push(measure({id: `knife-force:${code}`, measure: `Knife or sharp instrument offences, ${latest.area_name}`, level: "police force area (ONS Table P5)", period: latest.label, months: 12, count: latest.count, value: latest.rate_per_100k, lower: latest.lower, upper: latest.upper, unit: "per 100,000 residents"}));
  }
  // Partner measures: the published totals, after suppression (a suppressed total stays null).
  const records = readPrepared(dir, TABLES.partner_records);
  const knifeLocal = records.filter((r) => r.dataset === "police-knife-crime" && r.table === "by-month");
  const knifeTotal = knifeLocal.find((r) => r.total);
  if (knifeTotal) {
    const months = knifeLocal.filter((r) => !r.total && /^\d{4}-\d{2}$/.test(r.row)).map((r) => r.row).sort();
    out.push(measure({id: "knife-partner", measure: `Knife or sharp instrument offences, ${areaName}`, level: `partner data (${knifeTotal.owner})`, period: months.length ? monthRunLabel(months[0]!, months.at(-1)!) : knifeTotal.period, months: months.length || null, count: knifeTotal.suppressed ? null : knifeTotal.count, unit: "offences", example: knifeTotal.example, note: knifeTotal.suppressed ? "suppressed" : null}));
  }
  const admissions = records.filter((r) => r.dataset === "sharp-object-admissions" && r.table === "by-period-age" && r.col === "Total" && r.row !== "Total");
  const lastAdmission = admissions.at(-1);
  if (lastAdmission) {
    out.push(measure({id: "sharp-object-admissions", measure: `Hospital admissions for assault by a sharp object, ${areaName}`, level: `partner data (${lastAdmission.owner})`, period: lastAdmission.row, months: /^\d{4}-\d{2}$/.test(lastAdmission.row) ? 1 : /^\d{4}\/\d{2}$/.test(lastAdmission.row) ? 12 : null, count: lastAdmission.suppressed ? null : lastAdmission.count, unit: "admissions", example: lastAdmission.example, note: lastAdmission.suppressed ? "suppressed" : null}));
  }
  return out;
}

/** The configured local measures, computed as the Success measures chapter does, on the months up to the window's end. */
function localMeasures(dir: string, config: SnaConfig, end: string): MeasureSummary[] {
  const monthly = readPrepared(dir, TABLES.area_monthly).filter((r) => r.month <= end);
  const records = readPrepared(dir, TABLES.partner_records);
  return config.successMeasures.local.map((def) => {
    const result = localMeasure(def, def.table === "partner_records" ? records.filter((r) => !/^\d{4}-\d{2}$/.test(r.row) || r.row <= end) : monthly);
    const base = {id: `local:${def.name}`, measure: def.name, level: `local measure (${def.source ?? def.table})`, unit: "records", example: def.table === "partner_records" && records.some((r) => r.example)};
    if (!result.ok) return measure({...base, period: null, months: null, count: null, verdict: "not compared", note: result.reason});
    const c = result.change;
    return measure({...base, period: c.latest.label, months: result.monthly.filter((m) => m.month >= result.latest.from && m.month <= result.latest.to).length, count: c.latest.count, value: c.ratio, lower: c.lower, upper: c.upper, verdict: c.verdict, note: `against ${c.baseline.count.toLocaleString("en-GB")} in ${c.baseline.label} (value: the rate ratio)`});
  });
}

function indicatorSummaries(dir: string): IndicatorSummary[] {
  const doc = readJson<{indicators: {id: number | string; name: string; period: string | null; value: number | null; significance: string; polarity: string; gap: string | null; supersededBy?: unknown}[]}>(dir, TABLES.indicators.file);
  return doc.indicators.map((i) => ({id: String(i.id), name: i.name, period: i.period, value: i.value, significance: i.significance, polarity: i.polarity, gap: i.gap}));
}

function partnerSummaries(dir: string): PartnerSummary[] {
  const path = join(dir, "partners/partners-report.json");
  if (!existsSync(path)) return [];
  const reports = JSON.parse(readFileSync(path, "utf-8")) as {dataset: string; title: string; owner: string; period: string; received?: string | null; example: boolean; status: string}[];
  return reports.map((r) => ({dataset: r.dataset, title: r.title, owner: r.owner, period: r.period, received: r.received ?? null, example: r.example, status: r.status})).sort((a, b) => a.dataset.localeCompare(b.dataset) || a.period.localeCompare(b.period));
}

/**
 * The recommendations' monitoring measures, when the build has a recommendations table (data/registers/
 * recommendations.csv, prepared by its own step): each row's id, text and the measure it is monitored by. The
 * columns are found by name, so the register may add others. null when the registry has no such table.
 */
export function recommendationSummaries(dir: string): RecommendationSummary[] | null {
  const table = (TABLES as Record<string, TableDef>).recommendations;
  if (!table || table.format !== "csv" || !existsSync(join(dir, table.file))) return null;
  const rows = readPrepared(dir, table) as Record<string, unknown>[];
  const pick = (r: Record<string, unknown>, patterns: RegExp[]) => {
    for (const p of patterns) for (const [k, v] of Object.entries(r)) if (p.test(k) && v !== null && v !== "") return String(v);
    return "";
  };
  // One row per recommendation and monitoring measure ("measures" lists several, separated by "; ").
  return rows.flatMap((r, i) => {
    const id = pick(r, [/^id$/]) || String(i + 1);
    const recommendation = pick(r, [/^recommendation$/, /^title$/, /^text$/, /recommendation/]);
    const measures = pick(r, [/^measures$/, /^monitoring_measure$/, /monitor/, /measure/]).split(";").map((m) => m.trim()).filter(Boolean);
    return (measures.length ? measures : [""]).map((measure) => ({id, recommendation, measure}));
  });
}

/** The figures of the prepared folder `dir`, made with `config`, as an edition holds them. */
export function summariseBuild(dir: string, config: SnaConfig, manifest: Manifest): Omit<EditionView, "name" | "created" | "follows"> {
  const p = readJson<PartnershipDoc>(dir, TABLES.partnership.file);
  const w = p.window;
  const figures: Figures = {
    headline: (({count, population, rate, lower, upper, ci_method, lsoas}) => ({label: p.seriousViolence.label, crimeTypes: p.seriousViolence.crimeTypes, count, population, rate, lower, upper, ci_method, lsoas}))(p.headline),
    measures: [...successMeasures(dir, p.area.name), ...localMeasures(dir, config, w.end)],
    indicators: indicatorSummaries(dir),
    partners: partnerSummaries(dir),
    recommendations: recommendationSummaries(dir)
  };
  const monthly = readPrepared(dir, TABLES.area_monthly).filter((r) => r.month >= w.start && r.month <= w.end);
  const lsoas = readPrepared(dir, TABLES.lsoa_violence).filter((r) => r.rank <= LSOA_RANKS_KEPT);
  return {
    partnership: {name: p.partnership.name, areaCode: p.area.code, areaName: p.area.name},
    window: w,
    config: configSummary(config),
    configHash: configHash(config),
    sources: sourceSummaries(manifest, w.available),
    figures,
    monthly,
    lsoas
  };
}
