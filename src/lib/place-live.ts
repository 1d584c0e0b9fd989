/**
 * Page-only helper for Place and population, live for a county's districts (the control: ./district-control.ts):
 * DuckDB-WASM over the build's place-lsoa.csv and place-mye.csv, and the status line. Period and definition are not
 * controls here: the chapter's sources are fixed editions (Census 2021, mid-2020 estimates, IoD2025, RUC2011) and
 * count no crime.
 */
import type {AsyncDuckDB} from "duckdb-wasm-1.32.0";
import {LiveDuckDB} from "../components/live/violence.js";
import {placeSql, type PlaceUnit} from "../components/sql/place.js";
import {TABLES} from "../components/tables/registry.js";
import {statusLine, type LiveSource} from "./live-page.js";

type Html = (strings: TemplateStringsArray, ...values: unknown[]) => HTMLElement;
interface Attachment {
  text(): Promise<string>;
}

/** DuckDB-WASM with place_lsoa and place_mye, warmed up with the chapter's queries for `warm` (a district). */
export function placeDuckDB(start: () => Promise<AsyncDuckDB>, files: {lsoa: Attachment; mye: Attachment}, warm: PlaceUnit): LiveDuckDB {
  return new LiveDuckDB(start, [
    {name: "place_lsoa", csv: () => files.lsoa.text(), table: TABLES.place_lsoa},
    {name: "place_mye", csv: () => files.mye.text(), table: TABLES.place_mye}
  ], Object.values(placeSql(warm)));
}

/** The status line: what the figures are of, where they came from and how long the browser took. */
export function placeStatus(html: Html, o: {search: string; source: LiveSource; ms: number; error?: Error; area: string; place: string}): HTMLElement {
  const text =
    o.source === "error" ? html`<span role="alert">The figures could not be recomputed in this browser (${o.error?.message}); they show the whole of ${o.area}.</span>`
    : o.source === "build" ? `Showing the build's prepared tables: the whole of ${o.area}.`
    : `${o.place}. England's rows are the build's.`;
  return statusLine(html, o, text);
}
