/**
 * Assignment of areas to quantiles (deciles, quintiles, quartiles…), as PHEindicatormethods `phe_quantile` /
 * `calculate_quantiles` and the OHID technical guide "Assigning deprivation categories":
 *
 *   rank r = rank of the (possibly inverted) value with ties sharing the minimum rank (R's ties.method = "min"),
 *   quantile = floor((q + 1) − ceiling(((N + 1) − r) / (N / q))), and 0 becomes 1,
 *
 * where N is the number of areas with a value and q the number of quantiles. Areas with no value get no quantile;
 * a group with fewer areas than quantiles gets none (null). When inverted, values are ranked from the highest
 * (max − value), so quantile 1 holds the highest values.
 *
 * Polarity: `invertForPolarity` follows the PHEindicatormethods test data ("RAG - Low is good" → inverted,
 * "RAG - High is good" → not), so quantile 1 always holds the worst-performing areas.
 */
import {isMissing, requireFinite, StatsInputError, type Maybe} from "./errors.js";
import type {Polarity} from "./benchmark.js";

/** Quantile names used by PHEindicatormethods (`qnames`). */
export const QUANTILE_NAMES: Readonly<Record<number, string>> = Object.freeze({
  2: "Half", 3: "Tertile", 4: "Quartile", 5: "Quintile", 6: "Sextile", 7: "Septile", 8: "Octile",
  10: "Decile", 12: "Duo-decile", 16: "Hexadecile", 20: "Ventile"
});

/** Whether to invert (rank from the highest value) for a polarity: low-is-good inverts. */
export function invertForPolarity(polarity: Polarity): boolean {
  return polarity === "low-is-good";
}

/** Minimum ranks (1-based) with ties sharing the lowest rank; null values get null. */
function minRanks(values: (number | null)[]): (number | null)[] {
  const order = values
    .map((v, i) => ({v, i}))
    .filter((x): x is {v: number; i: number} => x.v !== null)
    .sort((a, b) => a.v - b.v);
  const ranks: (number | null)[] = values.map(() => null);
  order.forEach((x, pos) => {
    const prev = order[pos - 1];
    ranks[x.i] = prev !== undefined && prev.v === x.v ? (ranks[prev.i] as number) : pos + 1;
  });
  return ranks;
}

/**
 * Quantile (1…q) for each value of one group, in input order; null for missing values, and for every value when
 * the group has fewer values than quantiles.
 */
export function assignQuantiles(values: readonly Maybe<number>[], nQuantiles = 10, invert = false): (number | null)[] {
  if (!Number.isInteger(nQuantiles) || nQuantiles < 2) {
    throw new StatsInputError(`nQuantiles must be a whole number of 2 or more, got ${nQuantiles}`);
  }
  const clean = values.map((v, i) => (isMissing(v) ? null : requireFinite(`value ${i + 1}`, v)));
  const present = clean.filter((v): v is number => v !== null);
  const n = present.length;
  if (n < nQuantiles) return clean.map(() => null);
  const max = Math.max(...present);
  const adjusted = clean.map((v) => (v === null ? null : invert ? max - v : v));
  return minRanks(adjusted).map((r) => {
    if (r === null) return null;
    const q = Math.floor(nQuantiles + 1 - Math.ceil((n + 1 - r) / (n / nQuantiles)));
    return q === 0 ? 1 : q;
  });
}

/**
 * Quantiles within groups: rows are grouped by `groupOf` and each group is ranked separately (as a grouped data
 * frame in PHEindicatormethods). Returns quantiles in the input order.
 */
export function assignQuantilesByGroup<T>(
  rows: readonly T[],
  valueOf: (row: T) => Maybe<number>,
  groupOf: (row: T) => string,
  nQuantiles = 10,
  invertOf: (row: T) => boolean = () => false
): (number | null)[] {
  const groups = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const key = groupOf(row);
    const list = groups.get(key) ?? [];
    list.push(i);
    groups.set(key, list);
  });
  const out: (number | null)[] = rows.map(() => null);
  for (const [key, indices] of groups) {
    const inverts = new Set(indices.map((i) => invertOf(rows[i] as T)));
    if (inverts.size > 1) {
      throw new StatsInputError(`group "${key}" mixes inverted and non-inverted rows; polarity must be the same within a group`);
    }
    const q = assignQuantiles(indices.map((i) => valueOf(rows[i] as T)), nQuantiles, inverts.has(true));
    indices.forEach((rowIndex, k) => {
      out[rowIndex] = q[k] ?? null;
    });
  }
  return out;
}

/**
 * A percentile as Fingertips computes the spine chart's 25th and 75th percentiles (fingertips-open
 * `PholioVisualisation.Analysis.ValueCategoriesCalculator.CalculatePercentile`, commit 678089724a51): linear
 * interpolation between order statistics at position n = (N − 1)·p + 1 of the sorted values (R's type 7, DuckDB's
 * `quantile_cont`), rounded to 10 decimal places to drop floating-point artefacts. Fingertips computes percentiles
 * only from 4 values or more (`AreEnoughValuesToCalculatePercentiles`); fewer give null.
 */
export function fingertipsPercentile(values: readonly number[], fraction: number): number | null {
  if (!(fraction >= 0 && fraction <= 1)) throw new StatsInputError(`percentile fraction must be between 0 and 1, got ${fraction}`);
  const sorted = values.map((v, i) => requireFinite(`value ${i + 1}`, v)).sort((a, b) => a - b);
  const count = sorted.length;
  if (count < 4) return null;
  const n = (count - 1) * fraction + 1;
  if (n === 1) return sorted[0] as number;
  if (n === count) return sorted[count - 1] as number;
  const k = Math.floor(n);
  const d = n - k;
  const lo = sorted[k - 1] as number;
  const hi = sorted[k] as number;
  return Math.round((lo + d * (hi - lo)) * 1e10) / 1e10;
}

/** The spine chart's summary of a peer set: worst, 25th and 75th percentiles, best (polarity decides the ends). */
export interface SpineSummary {
  worst: number;
  q25: number;
  q75: number;
  best: number;
  /** Number of peer values the summary was computed from. */
  areas: number;
}

/** Spine summary of the peers' values (missing values left out); null with fewer than 4 values, as Fingertips. */
export function spineSummary(values: readonly Maybe<number>[], polarity: Polarity): SpineSummary | null {
  const xs = values.filter((v): v is number => !isMissing(v));
  const q25 = fingertipsPercentile(xs, 0.25);
  const q75 = fingertipsPercentile(xs, 0.75);
  if (q25 === null || q75 === null) return null;
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const lowIsGood = polarity === "low-is-good";
  return {worst: lowIsGood ? hi : lo, q25, q75, best: lowIsGood ? lo : hi, areas: xs.length};
}
