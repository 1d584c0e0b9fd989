/**
 * Page-only helper for Place and population, live for a county's districts: the district control and its place in
 * the URL (`?district=E07000209`, the same parameter as the other live chapters), DuckDB-WASM over the build's
 * place-lsoa.csv and place-mye.csv, and the status line. Period and definition are not controls here: the chapter's
 * sources are fixed editions (Census 2021, mid-2020 estimates, IoD2025, RUC2011) and count no crime.
 */
import type {AsyncDuckDB} from "@duckdb/duckdb-wasm";
import {LiveDuckDB} from "../components/live/violence.js";
import {placeSql, type PlaceUnit} from "../components/sql/place.js";
import {TABLES} from "../components/tables/registry.js";
import {statusLine, type LiveSource} from "./live-page.js";

type Html = (strings: TemplateStringsArray, ...values: unknown[]) => HTMLElement;
interface InputsLike {
  form(inputs: Record<string, HTMLElement>): HTMLElement;
  select(values: readonly (string | null)[], options: {label: string; value: string | null; format: (v: string | null) => string}): HTMLElement;
}
interface Attachment {
  text(): Promise<string>;
}
interface District {
  code: string;
  name: string;
}

/** DuckDB-WASM with place_lsoa and place_mye, warmed up with the chapter's queries for `warm` (a district). */
export function placeDuckDB(start: () => Promise<AsyncDuckDB>, files: {lsoa: Attachment; mye: Attachment}, warm: PlaceUnit): LiveDuckDB {
  return new LiveDuckDB(start, [
    {name: "place_lsoa", csv: () => files.lsoa.text(), table: TABLES.place_lsoa},
    {name: "place_mye", csv: () => files.mye.text(), table: TABLES.place_mye}
  ], Object.values(placeSql(warm)));
}

/** The district a link asks for (null: the whole area), and what it named that is not a district of the area. */
export function districtFromUrl(districts: readonly District[]): {district: string | null; problem: string | null} {
  const code = new URLSearchParams(location.search).get("district");
  if (code === null || districts.length < 2) return {district: null, problem: null};
  return districts.some((d) => d.code === code) ? {district: code, problem: null} : {district: null, problem: `district "${code}" is not a district of this area, so the whole area is shown`};
}

/** Writes the district into the address bar (removed for the whole area), keeping every other parameter. */
export function keepDistrictInUrl(district: string | null): string {
  const q = new URLSearchParams(location.search);
  if (district) q.set("district", district);
  else q.delete("district");
  const search = q.toString() ? `?${q}` : "";
  history.replaceState(history.state, "", `${location.pathname}${search}${location.hash}`);
  return search;
}

/** The district control: the whole area or one of its districts. */
export function districtControl(Inputs: InputsLike, area: string, districts: readonly District[], initial: string | null): HTMLElement {
  const name = new Map(districts.map((d) => [d.code, d.name]));
  return Inputs.form({district: Inputs.select([null, ...districts.map((d) => d.code)], {label: "District", value: initial, format: (c) => (c ? (name.get(c) ?? c) : `All of ${area}`)})});
}

/** The status line: what the figures are of, where they came from and how long the browser took. */
export function placeStatus(html: Html, o: {search: string; source: LiveSource; ms: number; error?: Error; area: string; place: string}): HTMLElement {
  const text =
    o.source === "error" ? html`<span role="alert">The figures could not be recomputed in this browser (${o.error?.message}); they show the whole of ${o.area}.</span>`
    : o.source === "build" ? `Showing the build's prepared tables: the whole of ${o.area}.`
    : `Recomputed in this browser in ${o.ms.toFixed(0)} ms: ${o.place}. England's rows are the build's.`;
  return statusLine(html, o, text);
}
