/**
 * Parsers for the values of partner extracts. Each takes a raw cell (CSV text or an XLSX value) and returns the
 * canonical value, null for a blank, or a Problem saying what is wrong (never repeating the value).
 */

export type RawCell = string | number | boolean | Date | null;

export class Problem {
  constructor(
    readonly message: string,
    /** Set when the problem is personal data rather than a malformed value. */
    readonly personal: boolean = false
  ) {}
}

export type Parsed<T> = T | null | Problem;

export const NOT_KNOWN = "Not known";

const MONTHS: Record<string, number> = {jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12};
const MONTH_NAMES = "january february march april may june july august september october november december".split(" ");
for (const [i, name] of MONTH_NAMES.entries()) MONTHS[name] = i + 1;

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

export function isBlank(cell: RawCell): boolean {
  return cell === null || (typeof cell === "string" && cell.trim() === "");
}

export function cellText(cell: RawCell): string {
  if (cell === null) return "";
  if (cell instanceof Date) return cell.toISOString();
  return String(cell).trim();
}

function validYmd(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2100) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 ? `${y}-${pad(m)}-${pad(d)}` : null;
}

/** Excel's serial day number (1900 system, with its fictitious 29 Feb 1900) to an ISO date. */
function fromExcelSerial(serial: number): string | null {
  if (!(serial >= 1 && serial < 80000)) return null;
  const dt = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86400000);
  return dt.toISOString().slice(0, 10);
}

const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

const DATE_HELP = "write dates as YYYY-MM-DD, DD/MM/YYYY, DD-Mon-YYYY (e.g. 14-Mar-2025) or as an Excel date";

/** A calendar date in one of the accepted formats (ISO, DD/MM/YYYY, DD-Mon-YYYY, YYYYMMDD, Excel date). */
export function parseDate(cell: RawCell): Parsed<string> {
  if (isBlank(cell)) return null;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? new Problem(`not a date; ${DATE_HELP}`) : cell.toISOString().slice(0, 10);
  if (typeof cell === "number") return fromExcelSerial(cell) ?? new Problem(`not a date; ${DATE_HELP}`);
  const s = cellText(cell);
  let m: RegExpMatchArray | null;
  let iso: string | null = null;
  if ((m = s.match(/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/))) iso = validYmd(+m[1]!, +m[2]!, +m[3]!);
  else if ((m = s.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/))) {
    if (+m[2]! > 12) return new Problem(`the month is above 12: dates must be day/month/year (UK order), not month/day/year; ${DATE_HELP}`);
    iso = validYmd(fullYear(m[3]!), +m[2]!, +m[1]!);
  } else if ((m = s.match(/^(\d{1,2})[- ]([A-Za-z]{3,9})[- ,]+(\d{4}|\d{2})$/))) {
    const month = MONTHS[m[2]!.toLowerCase()];
    iso = month ? validYmd(fullYear(m[3]!), month, +m[1]!) : null;
  } else if ((m = s.match(/^(\d{4})(\d{2})(\d{2})$/))) iso = validYmd(+m[1]!, +m[2]!, +m[3]!);
  else if (/^\d{5}(\.\d+)?$/.test(s)) iso = fromExcelSerial(Number(s));
  return iso ?? new Problem(`not a date; ${DATE_HELP}`);
}

/** A month, written YYYY-MM on output. Accepts a date, YYYY-MM, MM/YYYY, Mon-YYYY, Month YYYY or Mon-YY. */
export function parseMonth(cell: RawCell): Parsed<string> {
  if (isBlank(cell)) return null;
  const s = typeof cell === "string" ? cell.trim() : "";
  let m: RegExpMatchArray | null;
  if ((m = s.match(/^(\d{4})[-/](\d{1,2})$/)) && +m[2]! >= 1 && +m[2]! <= 12) return `${m[1]}-${pad(+m[2]!)}`;
  if ((m = s.match(/^(\d{1,2})[/-](\d{4})$/)) && +m[1]! >= 1 && +m[1]! <= 12) return `${m[2]}-${pad(+m[1]!)}`;
  if ((m = s.match(/^([A-Za-z]{3,9})[- ,]+(\d{4}|\d{2})$/))) {
    const month = MONTHS[m[1]!.toLowerCase()];
    if (month) return `${fullYear(m[2]!)}-${pad(month)}`;
  }
  const date = parseDate(cell);
  if (typeof date === "string") return date.slice(0, 7);
  return new Problem("not a month; write months as YYYY-MM (e.g. 2025-03), Mar-2025 or a date");
}

/**
 * A reporting period: a calendar year (2024), a financial or academic year (2024/25), a quarter of either
 * (2024/25 Q1, 2024 Q1) or a month (2024-03).
 */
export function parsePeriod(cell: RawCell): Parsed<string> {
  if (isBlank(cell)) return null;
  const s = cellText(cell).replace(/\s+/g, " ");
  let m: RegExpMatchArray | null;
  if (typeof cell === "number" && Number.isInteger(cell) && cell >= 1990 && cell <= 2100) return String(cell);
  if ((m = s.match(/^(?:FY ?|AY ?)?(\d{4}) ?[/-] ?(\d{2}|\d{4})(?: ?(Q[1-4]))?$/i))) {
    const a = +m[1]!;
    const b = m[2]!.length === 4 ? +m[2]! : Math.floor(a / 100) * 100 + +m[2]!;
    if (b === a + 1) return `${a}/${pad(b % 100)}${m[3] ? ` ${m[3].toUpperCase()}` : ""}`;
  }
  if ((m = s.match(/^(\d{4})$/)) && +m[1]! >= 1990 && +m[1]! <= 2100) return m[1]!;
  if ((m = s.match(/^(\d{4}) ?(Q[1-4])$/i)) || (m = s.match(/^(Q[1-4]) ?(\d{4})$/i))) {
    const [y, q] = /^\d/.test(m[1]!) ? [m[1]!, m[2]!] : [m[2]!, m[1]!];
    return `${y} ${q.toUpperCase()}`;
  }
  const month = parseMonth(cell);
  if (typeof month === "string") return month;
  return new Problem("not a period; write a year (2024), financial or academic year (2024/25), quarter (2024/25 Q1) or month (2024-03)");
}

/** A time of day, HH:MM. Accepts HH:MM[:SS], HHMM, an Excel time (fraction of a day) or an Excel date-time. */
export function parseTime(cell: RawCell): Parsed<string> {
  if (isBlank(cell)) return null;
  if (cell instanceof Date) return `${pad(cell.getUTCHours())}:${pad(cell.getUTCMinutes())}`;
  if (typeof cell === "number" && cell >= 0 && cell < 1) {
    const minutes = Math.round(cell * 1440) % 1440;
    return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  }
  const s = cellText(cell);
  const m = s.match(/^(\d{1,2})[:.](\d{2})(?::\d{2})?$/) ?? s.match(/^(\d{2})(\d{2})$/) ?? s.match(/^\d{4}-\d{2}-\d{2}[T ](\d{1,2}):(\d{2})/);
  if (m && +m[1]! < 24 && +m[2]! < 60) return `${pad(+m[1]!)}:${m[2]}`;
  return new Problem("not a time of day; write times as HH:MM on the 24-hour clock (e.g. 23:40)");
}

export interface CountValue {
  /** The count, or null when the partner supplied it already suppressed ("<5", "*", "c"). */
  value: number | null;
}

const PRE_SUPPRESSED = /^(<\s*\d+|\*|c|x|\[c\]|\[x\]|\[low\]|supp(ressed)?|s|~|-\*)$/i;

/** A whole-number count: "1,234", "1 234" and 1234 are read as 1234; "<5", "*", "c", "[x]" as already suppressed. */
export function parseCount(cell: RawCell): Parsed<CountValue> {
  if (isBlank(cell)) return null;
  if (typeof cell === "number") {
    return Number.isInteger(cell) && cell >= 0 ? {value: cell} : new Problem("not a whole number of 0 or more; counts must be whole numbers");
  }
  const s = cellText(cell);
  if (PRE_SUPPRESSED.test(s)) return {value: null};
  const plain = s.replace(/(?<=\d)[, \u00a0\u202f](?=\d{3}(?:\D|$))/g, "").replace(/\.0+$/, "");
  if (/^\d+$/.test(plain)) return {value: Number(plain)};
  return new Problem('not a count; counts must be whole numbers (thousands separators are fine; write "<5" for a count the partner suppressed)');
}

/** A number such as a denominator or a percentage: thousands separators and a trailing % are accepted. */
export function parseNumber(cell: RawCell): Parsed<number> {
  if (isBlank(cell)) return null;
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : new Problem("not a number");
  const s = cellText(cell).replace(/(?<=\d)[, \u00a0](?=\d{3}(?:\D|$))/g, "").replace(/%$/, "");
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : new Problem("not a number; write plain numbers (thousands separators are fine)");
}

/** Lower-case words only, for matching categories: "Knife / sharp object" → "knife sharp object". */
export const categoryKey = (s: string): string => s.toLowerCase().replace(/[^a-z0-9+]+/g, " ").trim();

/** Builds a category parser from canonical values and their aliases (matched after categoryKey). */
export function categoryParser(name: string, categories: Record<string, readonly string[]>): (cell: RawCell) => Parsed<string> {
  const lookup = new Map<string, string>();
  for (const [canonical, aliases] of Object.entries(categories)) {
    lookup.set(categoryKey(canonical), canonical);
    for (const a of aliases) lookup.set(categoryKey(a), canonical);
  }
  const allowed = Object.keys(categories).join("; ");
  return (cell) => {
    if (isBlank(cell)) return null;
    return lookup.get(categoryKey(cellText(cell))) ?? new Problem(`not a recognised ${name}; use one of: ${allowed}`);
  };
}

const NOT_KNOWN_ALIASES = ["not known", "unknown", "nk", "n k", "not stated", "not recorded", "missing", "prefer not to say", "u", "z"];

/** An age band: "18-24", "18 to 24", "18–24 years", "65+", "65 and over", "under 18". An exact age is refused. */
export function parseAgeBand(cell: RawCell): Parsed<string> {
  if (isBlank(cell)) return null;
  const s = cellText(cell).toLowerCase().replace(/[\u2012-\u2015]/g, "-").replace(/years?|yrs?|aged/g, "").trim();
  let m: RegExpMatchArray | null;
  if (NOT_KNOWN_ALIASES.includes(categoryKey(s))) return NOT_KNOWN;
  if (s === "all ages" || s === "all") return "All ages";
  if ((m = s.match(/^(\d{1,2}) ?(?:-|to) ?(\d{1,3})$/)) && +m[1]! < +m[2]!) return `${+m[1]!}-${+m[2]!}`;
  if ((m = s.match(/^(\d{1,2}) ?(?:\+|and over|or over|plus|and older)$/))) return `${+m[1]!}+`;
  if ((m = s.match(/^(?:under|less than|<) ?(\d{1,2})$/))) return `0-${+m[1]! - 1}`;
  if (/^\d{1,3}(\.\d+)?$/.test(s)) return new Problem("is an exact age; supply age bands (e.g. 18-24) instead of ages", true);
  return new Problem('not an age band; write bands such as 0-17, 18-24, 25-34 or 65+ (or "Not known")');
}

/** Sex as recorded: Male, Female, Other or Not known. */
export const parseSex = categoryParser("sex", {
  Male: ["m", "male", "man", "boy", "males"],
  Female: ["f", "female", "woman", "girl", "females"],
  Other: ["other", "indeterminate", "non binary", "i", "x"],
  [NOT_KNOWN]: NOT_KNOWN_ALIASES
});

export type AreaKind = "LSOA 2021" | "ward" | "local authority" | "postcode district" | "postcode sector" | "whole area" | "not known";

export interface AreaValue {
  code: string;
  kind: AreaKind;
}

/** An area: an LSOA, ward or local authority code, a postcode district (PL1) or sector (PL1 2). Never a full postcode. */
export function parseArea(cell: RawCell): Parsed<AreaValue> {
  if (isBlank(cell)) return null;
  const s = cellText(cell).toUpperCase().replace(/\s+/g, " ");
  if (/^[EW]01\d{6}$/.test(s)) return {code: s, kind: "LSOA 2021"};
  if (/^[EW]05\d{6}$/.test(s)) return {code: s, kind: "ward"};
  if (/^[EW]0[6-9]\d{6}$/.test(s)) return {code: s, kind: "local authority"};
  if (/^[A-Z]{1,2}\d[A-Z\d]?$/.test(s)) return {code: s, kind: "postcode district"};
  if (/^[A-Z]{1,2}\d[A-Z\d]? \d$/.test(s)) return {code: s, kind: "postcode sector"};
  if (/^(CITYWIDE|CITY WIDE|COUNTYWIDE|COUNTY WIDE|ALL AREAS|WHOLE AREA|AREA WIDE)$/.test(s)) return {code: "Whole area", kind: "whole area"};
  if (NOT_KNOWN_ALIASES.includes(categoryKey(s))) return {code: NOT_KNOWN, kind: "not known"};
  return new Problem("not an area code; write an LSOA 2021 code (E01…), a ward code (E05…), a postcode district (PL1) or sector (PL1 2), or \"Not known\"");
}

/** A short text label (a service name, a survey question): refused when it reads like free text. */
export function labelParser(maxWords: number): (cell: RawCell) => Parsed<string> {
  return (cell) => {
    if (isBlank(cell)) return null;
    const s = cellText(cell).replace(/\s+/g, " ");
    const words = s.split(" ").length;
    if (words > maxWords || s.length > maxWords * 12) return new Problem(`reads like free text (more than ${maxWords} words); free text is refused as it can identify people`, true);
    return s;
  };
}

/** True for a value that means "total" in a dimension column: such rows are skipped and totals recomputed. */
export function isTotalLabel(cell: RawCell): boolean {
  if (typeof cell !== "string") return false;
  return /^(grand total|total|totals|sum|all|all (ages|areas|offences|phases|persons|people|months|types|schools))$/.test(categoryKey(cell));
}
