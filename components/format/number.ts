/**
 * Number formatting for figures, tables and text alternatives (en-GB: "1,234", "12.3", "12.3%").
 * Missing values (null/undefined/NaN) are never shown as 0: they get a label such as "no data" or "suppressed".
 * d3-format rather than Intl so output is identical in every browser and in Node.
 */
import {format} from "d3-format";

/** A value that may be missing: null means suppressed or no data, never zero. */
export type Maybe = number | null | undefined;

export const NO_DATA = "no data";
export const SUPPRESSED = "suppressed";

/** True when a value is a real, finite number (the one test used everywhere for "present"). */
export function isPresent(value: Maybe): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

const formatters = new Map<string, (n: number) => string>();
function cached(spec: string): (n: number) => string {
  let f = formatters.get(spec);
  if (!f) formatters.set(spec, (f = format(spec)));
  return f;
}

/** A number with thousands separators and a fixed number of decimal places: formatNumber(1234.56, 1) → "1,234.6". */
export function formatNumber(value: Maybe, digits = 0, missing = NO_DATA): string {
  return isPresent(value) ? cached(`,.${digits}f`)(value) : missing;
}

/** A count: formatCount(1234) → "1,234". */
export function formatCount(value: Maybe, missing = NO_DATA): string {
  return formatNumber(value, 0, missing);
}

/** A rate (per 1,000, per 100,000…) to 1 decimal place by default: formatRate(12.345) → "12.3". */
export function formatRate(value: Maybe, digits = 1, missing = NO_DATA): string {
  return formatNumber(value, digits, missing);
}

/** A share given as a proportion 0–1: formatPercent(0.1234) → "12.3%". */
export function formatPercent(share: Maybe, digits = 1, missing = NO_DATA): string {
  return isPresent(share) ? cached(`,.${digits}%`)(share) : missing;
}

/**
 * A value with its confidence interval: formatCI(12.34, 11.1, 13.56) → "12.3 (11.1 to 13.6)".
 * "to" rather than a dash so that negative limits read unambiguously; a missing limit is said so.
 */
export function formatCI(value: Maybe, lower: Maybe, upper: Maybe, digits = 1, missing = NO_DATA): string {
  if (!isPresent(value)) return missing;
  const v = formatNumber(value, digits);
  if (!isPresent(lower) || !isPresent(upper)) return `${v} (CI not available)`;
  return `${v} (${formatNumber(lower, digits)} to ${formatNumber(upper, digits)})`;
}
