/**
 * Official police recorded crime (ONS Table C2) beside police.uk: which months the two share, how the partnership
 * ranks among its most similar areas, and the funnel of English Community Safety Partnerships (CSPs without a
 * population listed with the reason, never dropped silently). Pure functions of the prepared `csp_crime` rows, so the
 * pages only draw what is computed and tested here.
 */
import {formatCount, formatNumber} from "../format/number.js";
import {formatList} from "../format/list.js";
import {monthRange, monthRuns} from "../format/month.js";
import type {FunnelSignificance} from "../stats/funnel.js";
import {adjustedZScores, dispersionFunnelLimits, dispersionSignificance, rateDispersion, type Dispersion, type DispersionFunnelPoint} from "../stats/overdispersion.js";
import {monthRunLabel} from "./measures.js";

/** The serious violence offences the chapters show, in this order (keys of the csp_crime table). */
export const C2_VIOLENCE_OFFENCES = ["violence_with_injury", "violence_without_injury", "robbery", "possession_of_weapons_offences", "sexual_offences", "homicide"] as const;
export type C2ViolenceOffence = (typeof C2_VIOLENCE_OFFENCES)[number];

/** What these helpers read of a csp_crime row. */
export interface CspCrimeRow {
  area_code: string;
  area_name: string;
  level: string;
  offence: string;
  offence_label: string;
  count: number | null;
  population: number | null;
  rate: number | null;
  lower: number | null;
  upper: number | null;
  ci_method: string | null;
  population_note: string | null;
  partnership: boolean;
}

/** Rows of one level, in the order of C2_VIOLENCE_OFFENCES (offences absent from the table are left out). */
export function violenceRows<T extends CspCrimeRow>(rows: readonly T[], level: string, areaCode?: string): T[] {
  const mine = rows.filter((r) => r.level === level && (areaCode === undefined || r.area_code === areaCode));
  return C2_VIOLENCE_OFFENCES.flatMap((o) => mine.filter((r) => r.offence === o));
}

/** Decimals that show a rate per 1,000: 1 from 1 up, 2 from 0.1, 4 below (homicide: 0.0076, never "0.0"). */
export function rateDigits(rate: number | null | undefined): number {
  if (rate === null || rate === undefined || rate === 0 || !Number.isFinite(rate)) return 1;
  const r = Math.abs(rate);
  return r >= 1 ? 1 : r >= 0.1 ? 2 : 4;
}

// ---------------------------------------------------------------------------------------------------------------
// The months police.uk and Table C2 share

export interface PeriodOverlap {
  /** Months in the site's police.uk figures and in the official period. */
  both: string[];
  /** Official months the snapshot has no police.uk file for. */
  officialNoFile: string[];
  /** Official months the snapshot has police.uk files for, outside the site's window. */
  officialOutsideWindow: string[];
  /** Months of the site's police.uk figures outside the official period. */
  policeOnly: string[];
}

/**
 * Splits the official period (`start`..`end`, "YYYY-MM") against the months the site's police.uk figures use
 * (`windowMonths`) and the months the snapshot has files for (`snapshotMonths`).
 */
export function periodOverlap(windowMonths: readonly string[], snapshotMonths: readonly string[], official: {start: string; end: string}): PeriodOverlap {
  const period = monthRange(official.start, official.end);
  const inPeriod = new Set(period);
  const inWindow = new Set(windowMonths);
  const inSnapshot = new Set([...snapshotMonths, ...windowMonths]);
  return {
    both: period.filter((m) => inWindow.has(m)),
    officialNoFile: period.filter((m) => !inSnapshot.has(m)),
    officialOutsideWindow: period.filter((m) => inSnapshot.has(m) && !inWindow.has(m)),
    policeOnly: [...new Set(windowMonths)].filter((m) => !inPeriod.has(m)).sort()
  };
}

/** "Jan to Jun 2025", or several runs: "Jan to Apr 2024 and Jul 2024"; "" for none. */
export function monthsLabel(months: readonly string[]): string {
  return formatList(monthRuns(months).map(([a, b]) => monthRunLabel(a, b)));
}

const are = (months: readonly string[]): string => (months.length === 1 ? "is" : "are");

/**
 * The overlap in words, e.g. "Jan to Jun 2025 are in both; Jul to Dec 2024 are in Table C2 only: the snapshot has no
 * police.uk file for them; Jul to Dec 2025 are in the police.uk figures only."
 */
export function overlapSentence(o: PeriodOverlap, official = "Table C2"): string {
  const parts = [
    o.both.length ? `${monthsLabel(o.both)} ${are(o.both)} in both` : "No month is in both",
    o.officialNoFile.length ? `${monthsLabel(o.officialNoFile)} ${are(o.officialNoFile)} in ${official} only: the snapshot has no police.uk file for ${o.officialNoFile.length === 1 ? "it" : "them"}` : "",
    o.officialOutsideWindow.length ? `${monthsLabel(o.officialOutsideWindow)} ${are(o.officialOutsideWindow)} in ${official} and in the snapshot, but outside the 12 months this site's police.uk figures cover` : "",
    o.policeOnly.length ? `${monthsLabel(o.policeOnly)} ${are(o.policeOnly)} in the police.uk figures only` : ""
  ];
  return `${parts.filter(Boolean).join("; ")}.`;
}

// ---------------------------------------------------------------------------------------------------------------
// Rank among the most similar areas

/** "1st", "2nd", "3rd", "11th", "22nd". */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

/** "highest", "2nd highest", …, "lowest" (the last of `of`). */
export function rankWords(rank: number, of: number): string {
  if (rank === 1) return "highest";
  if (rank === of) return "lowest";
  return `${ordinal(rank)} highest`;
}

export type RankedRow<T> = T & {rank: number | null};

/**
 * Ranks by rate, highest first: tied rates share the better rank (1 + the number of higher rates); rows without a
 * rate have no rank and come last. Ties in the order by name, so the output is stable.
 */
export function rankByRate<T extends {area_name: string; rate: number | null}>(rows: readonly T[]): RankedRow<T>[] {
  const rated = rows.filter((r) => r.rate !== null && Number.isFinite(r.rate));
  return [...rows]
    .map((r) => ({...r, rank: r.rate === null || !Number.isFinite(r.rate) ? null : 1 + rated.filter((o) => (o.rate as number) > (r.rate as number)).length}))
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.area_name.localeCompare(b.area_name, "en-GB"));
}

export interface SimilarRanking<T> {
  /** The partnership and its similar areas with a rate, ranked (highest first). */
  rows: RankedRow<T>[];
  /** The partnership's row (null when the table has none). */
  partnership: RankedRow<T> | null;
  /** Areas ranked (the partnership included). */
  of: number;
  /** "2nd highest of 15: Plymouth and its 14 most similar areas"; null without a partnership rate. */
  words: string | null;
}

/** The partnership among its most similar areas for one offence (rows of levels "partnership" and "similar area"). */
export function similarRanking<T extends CspCrimeRow>(rows: readonly T[], offence: string): SimilarRanking<T> {
  const set = rows.filter((r) => r.offence === offence && (r.level === "partnership" || r.level === "similar area") && r.rate !== null);
  const ranked = rankByRate(set);
  const partnership = ranked.find((r) => r.level === "partnership") ?? null;
  const of = ranked.length;
  const words = partnership?.rank ? `${rankWords(partnership.rank, of)} of ${of}: ${partnership.area_name} and its ${of - 1} most similar areas` : null;
  return {rows: ranked, partnership, of, words};
}

// ---------------------------------------------------------------------------------------------------------------
// The funnel of English CSPs

export interface CspFunnelPoint {
  area: string;
  code: string;
  count: number;
  population: number;
  /** Per 1,000 residents. */
  rate: number;
  highlight: boolean;
  significance: FunnelSignificance;
  /** z-score against the adjusted limits. */
  z: number;
}

export interface CspFunnel {
  points: CspFunnelPoint[];
  /** CSPs with no rate, and why (their boundaries do not follow whole districts, or C2 gives no count). */
  leftOut: {area: string; code: string; reason: string}[];
  dispersion: Dispersion;
  limits: DispersionFunnelPoint[];
}

/** Rates per 1,000 residents. */
export const PER = 1000;

/**
 * The English CSPs of one offence against limits adjusted for over-dispersion, exactly as the district funnel of
 * police.uk violence: square-root scale, z-scores winsorised at 10%, additive random effects (Spiegelhalter 2005).
 */
export function cspFunnel(rows: readonly CspCrimeRow[], offence: string): CspFunnel {
  const csps = rows.filter((r) => r.level === "England CSP" && r.offence === offence);
  if (!csps.length) throw new Error(`cspFunnel: the csp_crime table has no "England CSP" rows for offence "${offence}"`);
  const usable = csps.filter((r): r is CspCrimeRow & {count: number; population: number} => r.count !== null && r.population !== null && r.population > 0);
  const leftOut = csps
    .filter((r) => !usable.includes(r as CspCrimeRow & {count: number; population: number}))
    .map((r) => ({area: r.area_name, code: r.area_code, reason: r.population === null || !(r.population > 0) ? (r.population_note ?? "no Census 2021 population on its boundary") : "Table C2 gives no count"}))
    .sort((a, b) => a.area.localeCompare(b.area, "en-GB"));
  const base = usable.map((r) => ({count: r.count, population: r.population}));
  const dispersion = rateDispersion(base, {multiplier: PER, scale: "sqrt"});
  const positions = dispersionSignificance(base, dispersion, "additive");
  const z = adjustedZScores(base, dispersion, "additive");
  const points = usable.map((r, i) => ({area: r.area_name, code: r.area_code, count: r.count, population: r.population, rate: (PER * r.count) / r.population, highlight: r.partnership, significance: positions[i]!, z: z[i]!}));
  return {points, leftOut, dispersion, limits: dispersionFunnelLimits(base, dispersion, "additive")};
}

/** The over-dispersion in words, as the district funnel writes it: "φ = 5.1 (nφ = 1,390 against χ² on 271 df, p < 0.001), τ² = 0.013". */
export function dispersionText(d: Dispersion): string {
  const chi = d.chiSquare;
  return `φ = ${formatNumber(d.phi, 1)} (nφ = ${formatCount(Math.round(chi.statistic))} against χ² on ${chi.df} df, ${chi.pValue < 0.001 ? "p < 0.001" : `p = ${formatNumber(chi.pValue, 3)}`}), τ² = ${formatNumber(d.tau2, 3)}`;
}

/** "released 2025-10; snapshot retrieved 2026-12-06" for the manifest entry whose path contains `pathPart`. */
export function releasedOf(sources: readonly {path: string; released?: string | null; retrieved?: string | null}[], pathPart: string): string {
  const s = sources.find((x) => x.path.includes(pathPart));
  return s ? `${s.released ?? "release date not recorded"}; snapshot retrieved ${s.retrieved ?? "date not recorded"}` : "not recorded";
}
