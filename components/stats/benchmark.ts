/**
 * Comparison of an area with a benchmark (England, region…) by confidence-interval overlap, Fingertips' convention
 * (comparator method "confidence intervals overlapping reference value"): the area is significantly higher when its
 * lower limit is above the benchmark *value*, lower when its upper limit is below it, similar otherwise. Polarity
 * turns higher/lower into Better/Worse; with no judgement the words are Higher/Lower.
 *
 * Fingertips compares at 95% (method 1), at 99.8%, or at both ("DoubleOverlappingCIs", method 12): then the
 * outcome carries the highest level at which the difference holds.
 *
 * References: Fingertips Public Health Technical Guidance, "Comparing an indicator value with a benchmark";
 * fingertips-open `ComparatorMethodIds` and FingertipsNext `CIOverlappingReferenceValue95/99_8`.
 */
import {isMissing, requireFinite, StatsInputError, type Maybe} from "./errors.js";

export type Polarity = "high-is-good" | "low-is-good" | "no-judgement";

export type BenchmarkOutcome = "Better" | "Similar" | "Worse" | "Higher" | "Lower" | "Not compared";

export interface Interval {
  lower: Maybe<number>;
  upper: Maybe<number>;
}

export interface BenchmarkComparison {
  outcome: BenchmarkOutcome;
  /** Direction of a significant difference, whatever the polarity. */
  direction: "higher" | "lower" | "similar" | null;
  /** Highest confidence level at which the difference is significant (0.95 or 0.998), null when not. */
  level: number | null;
}

/** Map Fingertips' polarity wording ("RAG - Low is good", "LowIsGood", "BlueOrangeBlue", "No judgement"…). */
export function parsePolarity(text: string): Polarity {
  const t = text.toLowerCase().replace(/[^a-z]/g, "");
  if (t.includes("lowisgood") || t === "raglowisgood") return "low-is-good";
  if (t.includes("highisgood")) return "high-is-good";
  if (t.includes("nojudgement") || t.includes("blueorangeblue") || t === "notapplicable" || t === "") return "no-judgement";
  throw new StatsInputError(
    `unknown polarity "${text}"; use "high-is-good", "low-is-good" or "no-judgement" (Fingertips: RAG - High is good, RAG - Low is good, BlueOrangeBlue)`
  );
}

/** Direction of an interval against a benchmark value: strict inequalities, a touching limit is "similar". */
export function directionAgainst(ci: Interval, benchmark: Maybe<number>): "higher" | "lower" | "similar" | null {
  if (isMissing(ci.lower) || isMissing(ci.upper) || isMissing(benchmark)) return null;
  requireFinite("lower", ci.lower);
  requireFinite("upper", ci.upper);
  requireFinite("benchmark", benchmark);
  if (ci.lower > ci.upper) {
    throw new StatsInputError(`lower limit ${ci.lower} is above upper limit ${ci.upper}; check the column order`);
  }
  if (ci.lower > benchmark) return "higher";
  if (ci.upper < benchmark) return "lower";
  return "similar";
}

/** Word for a direction under a polarity. */
export function outcomeFor(direction: "higher" | "lower" | "similar" | null, polarity: Polarity): BenchmarkOutcome {
  if (direction === null) return "Not compared";
  if (direction === "similar") return "Similar";
  if (polarity === "no-judgement") return direction === "higher" ? "Higher" : "Lower";
  const good = (direction === "higher") === (polarity === "high-is-good");
  return good ? "Better" : "Worse";
}

/**
 * Compare an area's interval (at one confidence level, 95% by default) with the benchmark's value.
 * Missing limits or a missing benchmark give "Not compared".
 */
export function compareToBenchmark(
  ci: Interval,
  benchmark: Maybe<number>,
  polarity: Polarity,
  level = 0.95
): BenchmarkComparison {
  const direction = directionAgainst(ci, benchmark);
  return {
    outcome: outcomeFor(direction, polarity),
    direction,
    level: direction === "higher" || direction === "lower" ? level : null
  };
}

/**
 * Fingertips' two-level comparison: significant at 99.8% when the 99.8% interval excludes the benchmark, else at
 * 95% when the 95% interval does, else similar. The 99.8% interval must contain the 95% one.
 */
export function compareToBenchmarkTwoLevels(
  ci95: Interval,
  ci998: Interval,
  benchmark: Maybe<number>,
  polarity: Polarity
): BenchmarkComparison {
  const at998 = directionAgainst(ci998, benchmark);
  if (at998 === "higher" || at998 === "lower") return {outcome: outcomeFor(at998, polarity), direction: at998, level: 0.998};
  return compareToBenchmark(ci95, benchmark, polarity, 0.95);
}
