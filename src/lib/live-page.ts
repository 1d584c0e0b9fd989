/**
 * Page-only helper shared by the live chapters (Overview, Violence profile, Service mapping, Benchmarking's funnel):
 * the reader's controls (district, period, definition), the selection they give and its place in the URL, DuckDB-WASM
 * over the build's violence or England tables, when it starts, the status line saying what the figures are of, and the "SQL behind this figure" disclosure.
 * Framework's `Inputs` and `html` are passed in, as this module is also type-checked outside the page.
 */
import type {AsyncDuckDB} from "duckdb-wasm-1.32.0";
import {formatMonth, formatMonthRuns, formatPeriod} from "../components/format/index.js";
import {defaultSelection, isDefault, linkNotices, monthChoices, parseSelection, selectionSearch, usesLocalDefinition, type LinkProblem, type LiveDefaults, type LivePartnership, type LiveSelection} from "../components/live/selection.js";

// The defaults a selection is read against, for the pages that import them from here.
export {liveDefaults, type LivePartnership} from "../components/live/selection.js";
import {chapterSql, LiveDuckDB} from "../components/live/violence.js";
import type {AnalysisWindow} from "../components/sql/window.js";
import {TABLES} from "../components/tables/registry.js";
import {arrowStream} from "./duckdb-tables.js";
import {linkWarning as statusWarning, statusLine, type LiveSource} from "./live-status.js";
import {replaceSearch} from "./address-bar.js";
import {READER_EVENTS} from "./reader-events.js";

// The status line and the SQL disclosure, for the pages that import them from here.
export {sqlOf, statusLine, type LiveSource} from "./live-status.js";

type Html = (strings: TemplateStringsArray, ...values: unknown[]) => HTMLElement;
// Framework's Inputs (npm:@observablehq/inputs): only the three inputs the controls use.
interface InputsLike {
  form(inputs: Record<string, HTMLElement>): HTMLElement;
  select(values: readonly (string | null)[], options: {label: string; value: string | null; format: (v: string | null) => string}): HTMLElement;
  checkbox(values: readonly string[], options: {label: string; value: readonly string[]}): HTMLElement;
}
interface Attachment {
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
}

/**
 * DuckDB-WASM with the chapter's two tables (lsoa_month_type, area_lsoa), loaded from the build's files when the
 * engine starts, and warmed up with the chapter's own queries for the default selection (or `warmUp`). `start` is
 * the page's (Framework resolves the engine's files only from literal names in the page).
 */
export function violenceDuckDB(start: () => Promise<AsyncDuckDB>, files: {lsoaMonthType: Attachment; areaLsoa: Attachment}, d: LiveDefaults, warmUp?: readonly string[]): LiveDuckDB {
  const warm = chapterSql(defaultSelection(d), d);
  return new LiveDuckDB(start, [
    {name: "lsoa_month_type", arrow: () => files.lsoaMonthType.arrayBuffer().then(arrowStream)},
    {name: "area_lsoa", csv: () => files.areaLsoa.text(), table: TABLES.area_lsoa}
  ], warmUp ?? [warm.monthly, warm.lsoas]);
}

/**
 * DuckDB-WASM with the Benchmarking funnel's three tables (components/sql/england.ts), loaded from the build's files
 * when the engine starts, and warmed up with the funnel's query for the default selection.
 */
export function englandDuckDB(start: () => Promise<AsyncDuckDB>, files: {districtMonthType: Attachment; forceMonths: Attachment; districts: Attachment}, warmUp: string): LiveDuckDB {
  return new LiveDuckDB(start, [
    {name: "england_district_month_type", csv: () => files.districtMonthType.text(), table: TABLES.england_district_month_type},
    {name: "england_force_months", csv: () => files.forceMonths.text(), table: TABLES.england_force_months},
    {name: "england_districts", csv: () => files.districts.text(), table: TABLES.england_districts}
  ], [warmUp]);
}

/**
 * Starts the engine in the background as soon as a reader is there: at their first pointer movement, wheel, touch or
 * key anywhere on the page (or focus on a control), so that by the time they change a control it has started,
 * loaded the chapter's tables and warmed up with the chapter's queries. Not at page load: the engine's start costs
 * about 2.5 s of a core and 150 MB, which a print job, the board pack (it opens every chapter) or a link checker
 * would pay for nothing, and which slowed the chapter's own drawing by 0.2-0.5 s when started with it (measured here).
 */
export function startInBackground(db: LiveDuckDB, controls: HTMLElement): void {
  const start = () => {
    for (const type of READER_EVENTS) removeEventListener(type, start, true);
    void db.ready().catch(() => undefined);
  };
  for (const type of READER_EVENTS) addEventListener(type, start, {capture: true, passive: true});
  controls.addEventListener("focusin", start, {once: true});
}

/** The controls form, set to the selection a link asked for; its value is read with `readControls`. */
export function liveControls(Inputs: InputsLike, p: LivePartnership, d: LiveDefaults, initial: LiveSelection): HTMLElement {
  const districtName = new Map(p.districts.map((x) => [x.code, x.name]));
  const months = monthChoices(d);
  return Inputs.form({
    // A one-district area has nothing to choose.
    ...(p.districts.length < 2 ? {} : {district: Inputs.select([null, ...d.districts], {label: "District", value: initial.district, format: (c) => (c ? (districtName.get(c) ?? c) : `All of ${p.area.name}`)})}),
    from: Inputs.select(months, {label: "From", value: initial.from, format: (m) => formatMonth(m ?? "")}),
    to: Inputs.select(months, {label: "To", value: initial.to, format: (m) => formatMonth(m ?? "")}),
    types: Inputs.checkbox(d.typeChoices, {label: "Serious violence", value: initial.crimeTypes})
  });
}

/** The help under the controls: what can be chosen, and what is recomputed. */
export function liveHelp(html: Html, p: LivePartnership, what: string): HTMLElement {
  // Not printed (nor in the board pack, which renames ids): on paper there is nothing to choose.
  return html`<p class="small muted sna-print-hide" id="live-help">${p.districts.length < 2 ? `${p.area.name} is one district, so there is no district to choose. ` : ""}Choose ${p.districts.length < 2 ? "" : "a district, "}a period (any run of the months this build has; default: the analysis window) and the crime types counted as serious violence (default: the local definition, ${p.seriousViolence.crimeTypes.join(", ")}). ${what} then recomputed in this browser from the build's own files, with the same SQL and statistics; the link in the address bar reproduces the view.</p>`;
}

export interface ControlsValue {
  district?: string | null;
  from: string;
  to: string;
  types: readonly string[];
}

/** The selection the controls give; an impossible one is mended, and `problems` says how. */
export function readControls(controls: ControlsValue, d: LiveDefaults): {selection: LiveSelection; problems: string[]} {
  const problems: string[] = [];
  let {from, to} = controls;
  if (from > to) {
    problems.push(`the period starts (${formatMonth(from)}) after it ends (${formatMonth(to)}), so the two are swapped`);
    [from, to] = [to, from];
  }
  if (!controls.types.length) problems.push("no crime type is ticked, so the local definition is used");
  return {selection: {district: controls.district ?? null, from, to, crimeTypes: controls.types.length ? [...controls.types] : [...d.crimeTypes]}, problems};
}

/** Writes the selection into the address bar (only what differs from the default); returns the query string. */
export function keepInUrl(sel: LiveSelection, d: LiveDefaults): string {
  const search = selectionSearch(sel, d, location.search);
  replaceSearch(search);
  return search;
}

/** The selection a link asks for (`?district=…&from=…&to=…&types=…`), with what it named that the build lacks. */
export const selectionFromUrl = (d: LiveDefaults) => parseSelection(location.search, d);

/** What a link asked for that this site does not have, and what is shown instead (null when it asked for nothing amiss). */
export const linkWarning = (html: Html, rejected: readonly LinkProblem[], d: LiveDefaults, p: Pick<LivePartnership, "area">): HTMLElement | null => statusWarning(html, linkNotices(rejected, d, p));

/** `?recompute=1` recomputes even the default in the browser (a check that the browser and the build agree). */
export const recomputeAlways = (): boolean => new URLSearchParams(location.search).get("recompute") === "1";

/** Whether the figures come from the build's prepared tables (the default selection) or the browser. */
export const fromBuild = (sel: LiveSelection, d: LiveDefaults): boolean => isDefault(sel, d) && !recomputeAlways();

/** How the selection is named in titles and the status line. */
export function describeSelection(p: LivePartnership, sel: LiveSelection, d: LiveDefaults, window: AnalysisWindow) {
  const districtName = new Map(p.districts.map((x) => [x.code, x.name]));
  const place = sel.district ? `${districtName.get(sel.district) ?? sel.district} (${p.area.name})` : p.area.name;
  const period = `${formatPeriod(window.start, window.end)}${window.missing.length ? ` (no data for ${formatMonthRuns(window.missing)})` : ""}`;
  const localDefinition = usesLocalDefinition(sel, d);
  const definitionNote = localDefinition ? "" : `; serious violence here counts ${sel.crimeTypes.join(", ")} (not the local definition)`;
  return {place, period, definitionNote, isDefault: isDefault(sel, d)};
}


/** The status line: what the figures are of, where they came from and how long the browser took. */
export function liveStatus(html: Html, o: {search: string; source: LiveSource; ms: number; error?: Error; p: LivePartnership; place: string; period: string; definitionNote: string}): HTMLElement {
  const text =
    o.source === "error" ? html`<span role="alert">The figures could not be recomputed in this browser (${o.error?.message}); they show the build's default.</span>`
    : o.source === "build" ? `Showing the build's prepared tables: ${o.p.area.name}, ${o.period}, the local definition.`
    : `${o.place}, ${o.period}${o.definitionNote}.`;
  return statusLine(html, o, text);
}

