/**
 * A live chapter's selection and its place in the URL, so that a shared link reproduces the view:
 *   ?district=E07000209&from=2025-01&to=2025-06&types=Robbery,Possession%20of%20weapons
 * `district` is one district code of the area (absent: the whole area); `from`/`to` the first and last month
 * (absent: the configured analysis window); `types` the crime types counted as serious violence (absent: the local
 * definition). Only what differs from the default is written. A parameter that names nothing the build has is
 * ignored (the default is used for that part), and listed in `rejected`: `linkNotices` words it for the page's reader,
 * `problems` for the board pack's command line.
 */
import {formatList} from "../format/list.js";
import {formatMonth, isMonth, monthRange} from "../format/month.js";

export interface LiveDefaults {
  /** Every district of the area (codes); the default is all of them. */
  districts: readonly string[];
  /** Months with data in the build, sorted. */
  monthsAvailable: readonly string[];
  /** The configured window. */
  from: string;
  to: string;
  /** The configured definition, and the types a reader may choose from. */
  crimeTypes: readonly string[];
  typeChoices: readonly string[];
}

export interface LiveSelection {
  /** One district code, or null for the whole area. */
  district: string | null;
  from: string;
  to: string;
  crimeTypes: string[];
}

/** What of the prepared partnership.json the live chapters (and a board pack for a link's view) read. */
export interface LivePartnership {
  area: {name: string};
  districts: {code: string; name: string}[];
  monthsAvailable: string[];
  window: {start: string; end: string};
  seriousViolence: {crimeTypes: string[]};
}

const ASB = "Anti-social behaviour";

/** The defaults a selection is read against: the whole area, the analysis window, the local definition. */
export function liveDefaults(p: LivePartnership, monthly: readonly {crime_type: string}[]): LiveDefaults {
  return {
    districts: p.districts.map((d) => d.code),
    monthsAvailable: p.monthsAvailable,
    from: p.window.start,
    to: p.window.end,
    crimeTypes: p.seriousViolence.crimeTypes,
    typeChoices: [...new Set(monthly.map((d) => d.crime_type))].filter((t) => t !== ASB).sort()
  };
}

/** Months a period may start or end on: those with data, and the configured window's ends. */
export const monthChoices = (d: LiveDefaults): string[] => [...new Set([...d.monthsAvailable, d.from, d.to])].sort();

export const defaultSelection = (d: LiveDefaults): LiveSelection => ({district: null, from: d.from, to: d.to, crimeTypes: [...d.crimeTypes]});

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function isDefault(sel: LiveSelection, d: LiveDefaults): boolean {
  return sel.district === null && sel.from === d.from && sel.to === d.to && sameSet(sel.crimeTypes, d.crimeTypes);
}

/** Whether a selection counts the configured crime types (whatever its district and period). */
export const usesLocalDefinition = (sel: LiveSelection, d: LiveDefaults): boolean => sameSet(sel.crimeTypes, d.crimeTypes);

/** What a link asked for that the build does not have; the selection keeps the default for that part. */
export type LinkProblem =
  | {param: "district"; asked: string}
  | {param: "period"; from: string; to: string}
  | {param: "types"; asked: string; unknown: string[]};

/** Reads a selection from a URL's query string; unknown or inconsistent values fall back to the default. */
export function parseSelection(search: string, d: LiveDefaults): {selection: LiveSelection; problems: string[]; rejected: LinkProblem[]} {
  const q = new URLSearchParams(search);
  const sel = defaultSelection(d);
  const rejected: LinkProblem[] = [];
  const district = q.get("district");
  // A one-district area has nothing to choose: its only district is the whole area.
  if (district !== null && d.districts.length > 1) {
    if (d.districts.includes(district)) sel.district = district;
    else rejected.push({param: "district", asked: district});
  }
  const from = q.get("from") ?? d.from;
  const to = q.get("to") ?? d.to;
  if (from !== d.from || to !== d.to) {
    const ok = monthChoices(d).includes(from) && monthChoices(d).includes(to) && from <= to;
    if (ok) Object.assign(sel, {from, to});
    else rejected.push({param: "period", from, to});
  }
  const types = q.get("types");
  if (types !== null) {
    const list = types.split(",").map((t) => t.trim()).filter(Boolean);
    const unknown = list.filter((t) => !d.typeChoices.includes(t));
    if (list.length && !unknown.length) sel.crimeTypes = d.typeChoices.filter((t) => list.includes(t));
    else rejected.push({param: "types", asked: types, unknown});
  }
  return {selection: sel, problems: rejected.map((r) => problemText(r, d)), rejected};
}

/** A problem as a command line says it (the board pack's `--link`): the values as written, months as YYYY-MM. */
function problemText(r: LinkProblem, d: LiveDefaults): string {
  if (r.param === "district") return `district "${r.asked}" is not a district of this area`;
  if (r.param === "period") return `the period ${r.from} to ${r.to} is not a run of months this build has (${monthChoices(d)[0]} to ${monthChoices(d).at(-1)})`;
  return `the crime types "${r.asked}" are not all police.uk types of this build`;
}

/** A value from a link, quoted for a sentence; a long one (a mangled link) is cut short. */
const quoted = (s: string): string => `"${s.length > 60 ? `${s.slice(0, 57)}…` : s}"`;

/** "Jan 2025" for a month, the value quoted as written for anything else. */
const monthOrQuoted = (m: string): string => (isMonth(m) ? formatMonth(m) : quoted(m));

/** Why a link's period is not a run of the site's months, in the page's words (months as "Jan 2025"). */
function periodProblem(from: string, to: string, d: LiveDefaults): string {
  if (!isMonth(from) || !isMonth(to)) return `The link's period, from ${monthOrQuoted(from)} to ${monthOrQuoted(to)}, is not written as months (YYYY-MM, e.g. ${d.to})`;
  if (from > to) return `The link's period starts (${formatMonth(from)}) after it ends (${formatMonth(to)})`;
  const months = monthChoices(d);
  const [first, last] = [months[0] ?? d.from, months.at(-1) ?? d.to];
  const asked = `The link's period, ${formatMonth(from)} to ${formatMonth(to)},`;
  if (from < first || to > last) return `${asked} is not within the months this site has (${formatMonth(first)} to ${formatMonth(last)})`;
  // Inside the site's months, but starting or ending on a month the source published nothing for.
  const [noFrom, noTo] = [!months.includes(from), !months.includes(to)];
  const where = noFrom && noTo && from !== to ? "starts and ends on months" : noFrom ? "starts on a month" : "ends on a month";
  return `${asked} ${where} with no police.uk data in this site (${formatList([...new Set([from, to].filter((m) => !months.includes(m)))].map(formatMonth))})`;
}

/** A link's district that is not one of the area's, as every live chapter says it (Place, Risk factors and Success measures too). */
export function districtNotice(asked: string, area: string): string {
  return `District ${quoted(asked)} is not one of ${area}'s districts, so the whole of ${area} is shown.`;
}

/**
 * What a page tells its reader of a link's problems: one sentence each, saying what the link asked for, what this site
 * has, and what is shown instead, with months written as the page writes them ("Jan 2025"). A board member's link
 * from an earlier edition, or one cut short in an email, then explains itself instead of silently showing the default.
 */
export function linkNotices(rejected: readonly LinkProblem[], d: LiveDefaults, p: Pick<LivePartnership, "area">): string[] {
  const period = `${formatMonth(d.from)} to ${formatMonth(d.to)}`;
  const types = `the local definition (${formatList(d.crimeTypes)})`;
  return rejected.map((r) => {
    if (r.param === "district") return districtNotice(r.asked, p.area.name);
    if (r.param === "period") return `${periodProblem(r.from, r.to, d)}, so the default period, ${period}, is shown.`;
    if (!r.unknown.length) return `The link ticks no crime type, so ${types} is counted.`;
    const these = formatList(r.unknown.map(quoted));
    return `${these} ${r.unknown.length === 1 ? "is not one of the police.uk crime types" : "are not among the police.uk crime types"} this site can count, so ${types} is counted.`;
  });
}

/** The query string for a selection ("" for the default), keeping any other parameters of `search`. */
export function selectionSearch(sel: LiveSelection, d: LiveDefaults, search = ""): string {
  const q = new URLSearchParams(search);
  for (const k of ["district", "from", "to", "types"]) q.delete(k);
  if (sel.district) q.set("district", sel.district);
  if (sel.from !== d.from || sel.to !== d.to) {
    q.set("from", sel.from);
    q.set("to", sel.to);
  }
  if (!sameSet(sel.crimeTypes, d.crimeTypes)) q.set("types", sel.crimeTypes.join(","));
  const s = q.toString().replaceAll("%2C", ",");
  return s ? `?${s}` : "";
}

/** The selection's calendar months (gaps included; the window says which have data). */
export const selectionMonths = (sel: LiveSelection): string[] => monthRange(sel.from, sel.to);
