/**
 * A live chapter's selection and its place in the URL, so that a shared link reproduces the view:
 *   ?district=E07000209&from=2025-01&to=2025-06&types=Robbery,Possession%20of%20weapons
 * `district` is one district code of the area (absent: the whole area); `from`/`to` the first and last month
 * (absent: the configured analysis window); `types` the crime types counted as serious violence (absent: the local
 * definition). Only what differs from the default is written. A parameter that names nothing the build has is
 * ignored (the default is used), and listed in `problems` so the page can say so.
 */
import {monthRange} from "../format/month.js";

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

/** Reads a selection from a URL's query string; unknown or inconsistent values fall back to the default. */
export function parseSelection(search: string, d: LiveDefaults): {selection: LiveSelection; problems: string[]} {
  const q = new URLSearchParams(search);
  const sel = defaultSelection(d);
  const problems: string[] = [];
  const district = q.get("district");
  // A one-district area has nothing to choose: its only district is the whole area.
  if (district !== null && d.districts.length > 1) {
    if (d.districts.includes(district)) sel.district = district;
    else problems.push(`district "${district}" is not a district of this area`);
  }
  const from = q.get("from") ?? d.from;
  const to = q.get("to") ?? d.to;
  if (from !== d.from || to !== d.to) {
    const ok = monthChoices(d).includes(from) && monthChoices(d).includes(to) && from <= to;
    if (ok) Object.assign(sel, {from, to});
    else problems.push(`the period ${from} to ${to} is not a run of months this build has (${monthChoices(d)[0]} to ${monthChoices(d).at(-1)})`);
  }
  const types = q.get("types");
  if (types !== null) {
    const list = types.split(",").map((t) => t.trim()).filter(Boolean);
    const known = list.filter((t) => d.typeChoices.includes(t));
    if (known.length && known.length === list.length) sel.crimeTypes = d.typeChoices.filter((t) => known.includes(t));
    else problems.push(`the crime types "${types}" are not all police.uk types of this build`);
  }
  return {selection: sel, problems};
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
