/**
 * Input validation shared by the statistics module.
 *
 * Every function in `components/stats` refuses bad input with a `StatsInputError` whose message names the
 * argument, the value received and what to pass instead, so that a loader can report the file/row it came from.
 */

/** A statistics function was given an input it cannot use (negative count, zero denominator, bad level…). */
export class StatsInputError extends Error {
  override name = "StatsInputError";
}

/** A value that may be missing in real data: suppressed or not collected. */
export type Maybe<T> = T | null | undefined;

/** True when a value is missing (null or undefined). NaN is not "missing": it is refused as an error. */
export function isMissing(value: Maybe<number>): value is null | undefined {
  return value === null || value === undefined;
}

/** Refuse NaN and infinities: they come from a parsing bug upstream, never from data. */
export function requireFinite(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new StatsInputError(
      `${name} must be a finite number, got ${String(value)}; pass null for a missing or suppressed value`
    );
  }
  return value;
}

/** A count of events or cases: finite and not negative (fractional counts are allowed, as in PHEindicatormethods). */
export function requireCount(name: string, value: number): number {
  requireFinite(name, value);
  if (value < 0) throw new StatsInputError(`${name} must be 0 or more, got ${value}`);
  return value;
}

/** A whole-number count (binomial and conditional tests need integers). */
export function requireIntegerCount(name: string, value: number): number {
  requireCount(name, value);
  if (!Number.isInteger(value)) throw new StatsInputError(`${name} must be a whole number, got ${value}`);
  return value;
}

/** A denominator (population, person-years, expected events): finite and strictly positive. */
export function requirePositive(name: string, value: number): number {
  requireFinite(name, value);
  if (value <= 0) {
    throw new StatsInputError(
      `${name} must be greater than 0, got ${value}; a rate or proportion with no population cannot be calculated`
    );
  }
  return value;
}

/**
 * A confidence level written as a fraction, e.g. 0.95 or 0.998 (Fingertips' two levels).
 * Percentages (95, 99.8) are refused rather than guessed, so a mistake cannot pass silently.
 */
export function requireLevel(level: number): number {
  requireFinite("level", level);
  if (!(level > 0.5 && level < 1)) {
    throw new StatsInputError(
      `level must be a fraction between 0.5 and 1 (e.g. 0.95 or 0.998), got ${level}`
    );
  }
  return level;
}
