/**
 * How each measure a recommendation is monitored by stands: its latest value and period, the change from its
 * baseline and the direction of travel (improving, worsening, no significant change). The three Home Office success
 * measures are chosen and compared exactly as the Success measures page compares them (the same periods, the same
 * changeFrom and localMeasure of ../success/measures.ts), so the two pages never disagree.
 * Pure functions over the prepared tables' rows: the prepare step writes what they return.
 */
import {changeFrom, localMeasure, type LocalMeasureDef, type MeasureChange} from "../success/measures.js";

/** The statutory guidance's three success measures (paragraph 123), by the id a register cites them with. */
export const HOME_OFFICE_MEASURES = [
  {id: "homicide", name: "Homicide"},
  {id: "knife-offences", name: "Knife or sharp instrument offences"},
  {id: "sharp-object-admissions", name: "Hospital admissions for assault by a sharp object"}
] as const;
export type HomeOfficeMeasureId = (typeof HOME_OFFICE_MEASURES)[number]["id"];

export type Direction = "improving" | "worsening" | "no significant change" | "not assessed";

export interface MonitoringRow {
  measure_id: string;
  measure: string;
  kind: "Home Office success measure" | "local measure";
  /** The level the figures exist at: police force area, partnership. */
  level: string;
  latest_value: number | null;
  latest_period: string | null;
  baseline_value: number | null;
  baseline_period: string | null;
  /** Latest over baseline (rates where there is a population, else counts), with its exact 95% CI. */
  ratio: number | null;
  lower: number | null;
  upper: number | null;
  direction: Direction;
  /** The change in words, as the Success measures page writes it, or why it is not assessed. */
  trend: string;
  source: string;
  /** Built from EXAMPLE partner data, not a real extract. */
  example: boolean;
}

/** The rows of the prepared tables the measures are read from (typed as the registry types them). */
export interface MonitoringInput {
  forceName: string;
  areaName: string;
  /** Usual residents of the area (the headline's population): the admissions' denominator, as on the Success measures page. */
  population: number;
  homicideCounts: readonly {role: string; label: string; year_ending: string; count: number | null; population: number | null}[];
  knifeSeries: readonly {role: string; label: string; year_ending: string; count: number | null; population: number | null; break_before: boolean}[];
  partnerRecords: readonly Record<string, unknown>[];
  areaMonthly: readonly Record<string, unknown>[];
  local: readonly LocalMeasureDef[];
}

/** Better/Worse by the measure's polarity, in the words of a direction of travel. */
export function directionOf(change: MeasureChange | null): Direction {
  if (!change || change.ratio === null) return "not assessed";
  return change.verdict === "Better" ? "improving" : change.verdict === "Worse" ? "worsening" : "no significant change";
}

const fromChange = (change: MeasureChange) => ({
  latest_value: change.latest.count,
  latest_period: change.latest.label,
  baseline_value: change.baseline.count,
  baseline_period: change.baseline.label,
  ratio: change.ratio,
  lower: change.ratio === null ? null : change.lower,
  upper: change.ratio === null || !Number.isFinite(change.upper) ? null : change.upper,
  direction: directionOf(change),
  trend: change.words
});

const notAssessed = (latest: {count: number | null; label: string} | undefined, why: string) => ({
  latest_value: latest?.count ?? null,
  latest_period: latest?.label ?? null,
  baseline_value: null,
  baseline_period: null,
  ratio: null,
  lower: null,
  upper: null,
  direction: "not assessed" as const,
  trend: why
});

/** Homicide: the force's homicides in the last two years ending December, as rates on each edition's population. */
export function homicideMonitoring(input: MonitoringInput): MonitoringRow {
  const force = input.homicideCounts.filter((r) => r.role === "partnership force");
  const [base, latest] = force.filter((r) => r.year_ending.endsWith("-12") && r.count !== null && r.population).slice(-2);
  const head = {measure_id: "homicide", measure: "Homicide", kind: "Home Office success measure" as const, level: `police force area (${input.forceName})`, source: "ONS police force area data tables, Table P1 (homicides) and P3 (population)", example: false};
  if (!base || !latest) return {...head, ...notAssessed(force.at(-1) ?? undefined, "not enough years ending December with a count and a population to compare")};
  const change = changeFrom({label: base.label, count: base.count!, denominator: base.population!}, {label: latest.label, count: latest.count!, denominator: latest.population!}, "low-is-good");
  return {...head, ...fromChange(change)};
}

/** Knife or sharp instrument offences: the last two years ending December, unless a break in series lies between. */
export function knifeMonitoring(input: MonitoringInput): MonitoringRow {
  const force = input.knifeSeries.filter((r) => r.role === "partnership force");
  const [base, latest] = force.filter((r) => r.year_ending.endsWith("-12") && r.count !== null && r.population).slice(-2);
  const head = {measure_id: "knife-offences", measure: "Knife or sharp instrument offences", kind: "Home Office success measure" as const, level: `police force area (${input.forceName})`, source: "ONS police force area data tables, Tables P5 and P3", example: false};
  if (!base || !latest) return {...head, ...notAssessed(force.at(-1) ?? undefined, "not enough comparable periods")};
  if (force.some((r) => r.break_before && r.year_ending > base.year_ending && r.year_ending <= latest.year_ending)) return {...head, ...notAssessed(latest, "not compared: a recording change lies between the periods")};
  const change = changeFrom({label: base.label, count: base.count!, denominator: base.population!}, {label: latest.label, count: latest.count!, denominator: latest.population!}, "low-is-good");
  return {...head, ...fromChange(change)};
}

/** Sharp-object admissions (partner data): the first unsuppressed period's all-ages total against the last's. */
export function admissionsMonitoring(input: MonitoringInput): MonitoringRow {
  const rows = input.partnerRecords.filter((r) => r.dataset === "sharp-object-admissions" && r.table === "by-period-age");
  const totals = rows.filter((r) => r.col === "Total" && r.row !== "Total");
  const head = {measure_id: "sharp-object-admissions", measure: "Hospital admissions for assault by a sharp object", kind: "Home Office success measure" as const, level: `partnership (${input.areaName})`, source: rows.length ? `${String(rows[0]!.owner)} (partner extract)` : "not supplied: the ICB's or hospital trust's analysts", example: rows.some((r) => r.example === true)};
  if (!rows.length) return {...head, ...notAssessed(undefined, "not supplied: no sharp-object-admissions extract in this build (see Success measures for how to request it)")};
  const usable = totals.filter((r) => !r.suppressed && typeof r.count === "number");
  const last = totals.at(-1);
  const latest = last ? {label: String(last.row), count: last.suppressed ? null : (last.count as number | null)} : undefined;
  if (usable.length < 2) return {...head, ...notAssessed(latest, "not enough unsuppressed periods")};
  const [first, end] = [usable[0]!, usable.at(-1)!];
  const change = changeFrom({label: String(first.row), count: first.count as number, denominator: input.population}, {label: String(end.row), count: end.count as number, denominator: input.population}, "low-is-good");
  return {...head, ...fromChange(change)};
}

/** A configured local measure, through localMeasure (baseline months against the same months of the latest year). */
export function localMonitoring(def: LocalMeasureDef, input: MonitoringInput): MonitoringRow {
  const rows = def.table === "partner_records" ? input.partnerRecords : input.areaMonthly;
  const m = localMeasure(def, rows);
  const example = def.table === "partner_records" && rows.some((r) => r.example === true && Object.entries(def.where).every(([k, v]) => (Array.isArray(v) ? v.includes(String(r[k])) : String(r[k]) === v)));
  const head = {measure_id: def.name, measure: def.name, kind: "local measure" as const, level: `partnership (${input.areaName})`, source: def.source ?? def.table, example};
  if (!m.ok) return {...head, ...notAssessed(undefined, `not compared: ${m.reason}`)};
  return {...head, ...fromChange(m.change)};
}

/** Every measure id a register may cite: the Home Office ones and the configured local measures' names. */
export function measureIds(local: readonly {name: string}[]): string[] {
  return [...HOME_OFFICE_MEASURES.map((m) => m.id), ...local.map((m) => m.name)];
}

/** The monitoring row of each measure id, in the order given (ids must be known: see measureIds). */
export function monitoringRows(ids: readonly string[], input: MonitoringInput): MonitoringRow[] {
  return ids.map((id) => {
    if (id === "homicide") return homicideMonitoring(input);
    if (id === "knife-offences") return knifeMonitoring(input);
    if (id === "sharp-object-admissions") return admissionsMonitoring(input);
    const def = input.local.find((d) => d.name === id);
    if (!def) throw new Error(`monitoringRows: "${id}" is not a measure of this build (${measureIds(input.local).join(", ")})`);
    return localMonitoring(def, input);
  });
}
