/**
 * Directly standardised rate (DSR) with Dobson confidence limits, as PHEindicatormethods `calculate_dsr`
 * (`phe_dsr`) and the Fingertips technical guidance.
 *
 *   DSR = Σ wᵢ xᵢ / nᵢ / Σ wᵢ × multiplier,  var(DSR) = Σ wᵢ² xᵢ / nᵢ² / (Σ wᵢ)²
 *   limits = DSR + √(var / O) × (O_L − O) × multiplier, and likewise with O_U,
 * where xᵢ, nᵢ, wᵢ are the events, population and standard population of band i, O = Σ xᵢ and O_L, O_U are Byar's
 * limits for O. The DSR is not calculated when O < 10 (value null with a reason), as Fingertips does.
 *
 * Non-independent events (one person can have several events, e.g. admissions): the variance is the sum over event
 * frequencies f of f² × var_f, where var_f is the Dobson variance of the persons with exactly f events; O is the
 * total number of events (Fingertips technical guidance, DSR chapter; PHEindicatormethods ≥ 2.0).
 *
 * Standard population: the European Standard Population 2013 (Eurostat 2013) in 19 five-year bands 0–4 … 85–89,
 * 90+ (ages 0 and 1–4 merged, 90–94 and 95+ merged; total 100,000), as PHEindicatormethods `esp2013`.
 *
 * References: Dobson AJ, Kuulasmaa K, Eberle E, Scherer J. Confidence intervals for weighted sums of Poisson
 * parameters. Stat Med 1991;10:457–462. Breslow & Day 1987 (Byar). Eurostat, Revision of the European Standard
 * Population (2013).
 */
import {isMissing, requireCount, requireLevel, requirePositive, StatsInputError, type Maybe} from "./errors.js";
import {byarCI} from "./poisson.js";

/** European Standard Population 2013, 19 bands (PHEindicatormethods `esp2013`). */
export const ESP2013: readonly number[] = Object.freeze([
  5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000
]);

/** Age-band labels for ESP2013, in the same order. */
export const ESP2013_AGE_BANDS: readonly string[] = Object.freeze([
  "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
  "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"
]);

/** Below this total count the DSR is not calculated. */
export const DSR_MIN_COUNT = 10;

export interface DsrOptions {
  /** Standard population per band, same order as the rows (default ESP2013). */
  standard?: readonly number[];
  /** e.g. 100000 for a rate per 100,000 (default). */
  multiplier?: number;
  /** Confidence level as a fraction (default 0.95). */
  level?: number;
  /**
   * What a missing band count means. "error" (default) refuses it, because a suppressed band would bias the DSR;
   * "zero" follows PHEindicatormethods, which counts a missing band as no events.
   */
  missingCount?: "error" | "zero";
}

export interface DsrResult {
  value: number;
  lower: number;
  upper: number;
  method: "Dobson";
  totalCount: number;
  totalPopulation: number;
}

export interface DsrNotCalculated {
  value: null;
  lower: null;
  upper: null;
  method: "Dobson";
  reason: string;
  totalCount: number;
  totalPopulation: number;
}

/** One standardisation band (e.g. an age band) of the area being standardised. */
export interface DsrBand {
  count: Maybe<number>;
  population: number;
}

/** One band for non-independent events: persons by number of events (index 0 = persons with 1 event, …). */
export interface DsrFrequencyBand {
  personsByFrequency: readonly Maybe<number>[];
  population: number;
}

interface Resolved {
  standard: readonly number[];
  multiplier: number;
  level: number;
  missingCount: "error" | "zero";
}

function resolve(options: DsrOptions, bands: number): Resolved {
  const standard = options.standard ?? ESP2013;
  const multiplier = options.multiplier ?? 100000;
  const level = options.level ?? 0.95;
  requirePositive("multiplier", multiplier);
  requireLevel(level);
  if (standard.length !== bands) {
    throw new StatsInputError(
      `standard population has ${standard.length} bands but the data has ${bands}; give one row per band, in the standard's order`
    );
  }
  standard.forEach((w, i) => {
    requireCount(`standard population for band ${i + 1}`, w);
  });
  return {standard, multiplier, level, missingCount: options.missingCount ?? "error"};
}

function bandCount(value: Maybe<number>, name: string, missingCount: "error" | "zero"): number {
  if (isMissing(value)) {
    if (missingCount === "zero") return 0;
    throw new StatsInputError(
      `${name} is missing; a suppressed band would bias the DSR. Supply the count, or pass missingCount: "zero" if a missing band means no events`
    );
  }
  return requireCount(name, value);
}

/** Σ w x / n and Σ w² x / n² over bands for given counts. */
function weightedSums(counts: number[], populations: number[], standard: readonly number[]): {rate: number; sq: number} {
  let rate = 0;
  let sq = 0;
  counts.forEach((x, i) => {
    const w = standard[i] as number;
    const n = populations[i] as number;
    rate += (x * w) / n;
    sq += x * (w / n) ** 2;
  });
  return {rate, sq};
}

/** Dobson limits from the DSR, its variance and the total count (which must be ≥ 10). */
function dobson(value: number, variance: number, total: number, o: Resolved): {lower: number; upper: number} {
  const byar = byarCI(total, o.level);
  const lowerCount = byar.lower ?? 0; // Byar's lower limit is defined for O ≥ 10 at any level up to 0.9999
  const scale = Math.sqrt(variance / total) * o.multiplier;
  return {lower: value + scale * (lowerCount - total), upper: value + scale * (byar.upper - total)};
}

function result(
  sums: {rate: number; variance: number},
  totalCount: number,
  totalPopulation: number,
  o: Resolved
): DsrResult | DsrNotCalculated {
  if (totalCount < DSR_MIN_COUNT) {
    return {
      value: null,
      lower: null,
      upper: null,
      method: "Dobson",
      reason: `DSR not calculated: total count ${totalCount} is below ${DSR_MIN_COUNT}`,
      totalCount,
      totalPopulation
    };
  }
  const sumW = o.standard.reduce((a, b) => a + b, 0);
  const value = (sums.rate / sumW) * o.multiplier;
  const {lower, upper} = dobson(value, sums.variance / (sumW * sumW), totalCount, o);
  return {value, lower, upper, method: "Dobson", totalCount, totalPopulation};
}

function populations(bands: readonly {population: number}[]): number[] {
  return bands.map((b, i) => requirePositive(`population for band ${i + 1}`, b.population));
}

/**
 * DSR with Dobson limits for one area. Rows are the standardisation bands, in the standard population's order.
 */
export function directlyStandardisedRate(bands: readonly DsrBand[], options: DsrOptions = {}): DsrResult | DsrNotCalculated {
  const o = resolve(options, bands.length);
  const pops = populations(bands);
  const counts = bands.map((b, i) => bandCount(b.count, `count for band ${i + 1}`, o.missingCount));
  const {rate, sq} = weightedSums(counts, pops, o.standard);
  const total = counts.reduce((a, b) => a + b, 0);
  return result({rate, variance: sq}, total, pops.reduce((a, b) => a + b, 0), o);
}

/**
 * DSR with Dobson limits adjusted for non-independent events. Each band gives the number of persons with 1, 2, …
 * events; a missing frequency cell means no persons (as PHEindicatormethods).
 */
export function directlyStandardisedRateNonIndependent(
  bands: readonly DsrFrequencyBand[],
  options: Omit<DsrOptions, "missingCount"> = {}
): DsrResult | DsrNotCalculated {
  const o = resolve(options, bands.length);
  const pops = populations(bands);
  const maxFreq = Math.max(0, ...bands.map((b) => b.personsByFrequency.length));
  const persons = bands.map((b, i) =>
    Array.from({length: maxFreq}, (_, f) =>
      bandCount(b.personsByFrequency[f], `persons with ${f + 1} events in band ${i + 1}`, "zero")
    )
  );
  // Events per band, for the DSR itself and the total count O.
  const events = persons.map((row) => row.reduce((s, p, f) => s + p * (f + 1), 0));
  const {rate} = weightedSums(events, pops, o.standard);
  let variance = 0;
  for (let f = 0; f < maxFreq; f++) {
    const {sq} = weightedSums(persons.map((row) => row[f] as number), pops, o.standard);
    variance += (f + 1) ** 2 * sq;
  }
  const total = events.reduce((a, b) => a + b, 0);
  return result({rate, variance}, total, pops.reduce((a, b) => a + b, 0), o);
}
