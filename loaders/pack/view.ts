/**
 * A board pack of a shared link's view (`npm run pack -- --link "<link>"`): the live chapters print the district,
 * period and definition the link names, as a reader who opens the link sees them, and the chapters without controls
 * print the configured default. The link is read as the pages read it (components/live/selection.ts), but where a
 * page would fall back to the default with a note, the pack refuses the link and says what the build has: a board
 * should never be handed the default under a title that names another view. Pure.
 */
import {formatPeriod} from "../../components/format/index.ts";
import {formatList} from "../../components/format/list.ts";
import {isDefault, monthChoices, parseSelection, selectionSearch, usesLocalDefinition, type LiveDefaults, type LivePartnership, type LiveSelection} from "../../components/live/selection.ts";

/** The parameters a chapter's link may carry: the selection's, and `recompute` (which changes no figure). */
const SELECTION_PARAMS = ["district", "from", "to", "types"];
const IGNORED_PARAMS = ["recompute"];

export interface PackView {
  selection: LiveSelection;
  /** The query string every page is opened with ("?district=…"), only what differs from the default. */
  search: string;
  /** The cover's line: "Guildford (Surrey); Mar 2025 to Aug 2025; serious violence counted as …". */
  label: string;
  /** The running header's and the PDF title's: "Guildford, Mar 2025 to Aug 2025, Possession of weapons and Robbery". */
  short: string;
  /** For the file name: "guildford-2025-03-to-2025-08-possession-of-weapons-robbery". */
  slug: string;
}

/**
 * The query string of a link: a whole URL, a page and its query ("violence-profile?district=…"), the query alone
 * ("district=…"), or a page with none ("violence-profile": the default). The hash is not part of it.
 */
export function linkQuery(link: string): string {
  const text = link.trim();
  if (/^https?:\/\//i.test(text)) return new URL(text).search.replace(/^\?/, "");
  const noHash = text.replace(/#.*$/, "");
  const at = noHash.indexOf("?");
  return at >= 0 ? noHash.slice(at + 1) : noHash.includes("=") ? noHash : "";
}

const slugOf = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/**
 * The view a link asks for, or null when it is the configured default (the ordinary pack). Throws, naming the
 * parameter and what this build has, for a parameter the pages do not read or a value the build lacks.
 */
export function packView(link: string, p: LivePartnership, d: LiveDefaults): PackView | null {
  const query = linkQuery(link);
  const q = new URLSearchParams(query);
  const unknown = [...new Set(q.keys())].filter((k) => !SELECTION_PARAMS.includes(k) && !IGNORED_PARAMS.includes(k));
  if (unknown.length) throw new Error(`--link: ${unknown.map((k) => `"${k}"`).join(", ")} is not a parameter of a chapter's view; a link may carry ${SELECTION_PARAMS.join(", ")} (copy it from a live chapter's address bar, e.g. violence-profile?district=${d.districts[1] ?? d.districts[0]}&from=${d.from}&to=${d.to})`);
  const {selection, problems} = parseSelection(query, d);
  const district = q.get("district");
  // The pages ignore a district on a one-district area (it is the whole area); a different code is a mistake here.
  if (district !== null && d.districts.length === 1 && district !== d.districts[0]) problems.push(`district "${district}" is not a district of this area`);
  if (problems.length) {
    const has = [
      `districts ${p.districts.map((x) => `${x.code} (${x.name})`).join(", ")}${d.districts.length === 1 ? ": one district, the whole area, so no district parameter is needed" : ""}`,
      `months ${monthChoices(d)[0]} to ${monthChoices(d).at(-1)} (from and to, YYYY-MM)`,
      `crime types ${d.typeChoices.join(", ")} (types, comma-separated)`
    ];
    throw new Error(`--link: ${problems.join("; ")}. This build has ${has.join("; ")}.`);
  }
  if (isDefault(selection, d)) return null;
  const name = new Map(p.districts.map((x) => [x.code, x.name]));
  const place = selection.district ? name.get(selection.district) ?? selection.district : p.area.name;
  const period = formatPeriod(selection.from, selection.to);
  const localDefinition = usesLocalDefinition(selection, d);
  return {
    selection,
    search: selectionSearch(selection, d),
    label: [
      selection.district ? `${place} (${p.area.name})` : p.area.name,
      period,
      localDefinition ? "the local definition of serious violence" : `serious violence counted as ${selection.crimeTypes.join(", ")} (not the local definition)`
    ].join("; "),
    short: [place, period, ...(localDefinition ? [] : [formatList(selection.crimeTypes)])].join(", "),
    slug: slugOf([place, selection.from, "to", selection.to, ...(localDefinition ? [] : selection.crimeTypes)].join(" "))
  };
}
