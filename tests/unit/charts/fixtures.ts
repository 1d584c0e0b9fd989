/** Typed access to the JSON fixtures made by fixtures/make-fixtures.ts (real data; see each file's "about"). */
import {readFileSync} from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";
import type {FeatureCollection, Geometry} from "geojson";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const rowsOf = <T>(name: string): T[] => (JSON.parse(readFileSync(path.join(dir, name), "utf8")) as {rows: T[]}).rows;

export type LsoaRow = {lsoa: string; name: string; count: number; residents: number; decile: number; value: number; lower: number; upper: number};
export type LadRow = {lad: string; lad_code: string; count: number; residents: number; value: number; lower: number; upper: number};
export type DecileRow = {decile: number; count: number; residents: number; value: number; lower: number; upper: number};

export const monthly = rowsOf<{month: string; series: string; count: number}>("plymouth-monthly.json");
export const seasonal = rowsOf<{year: number; monthOfYear: number; count: number}>("plymouth-violence-seasonal.json");
export const lsoas = rowsOf<LsoaRow>("plymouth-lsoa-violence-2025.json");
export const lads = rowsOf<LadRow>("devon-cornwall-lad-violence-2025.json");
export const deciles = rowsOf<DecileRow>("plymouth-violence-by-imd-2025.json");
export const centre = JSON.parse(readFileSync(path.join(dir, "plymouth-centre-lsoa21.geojson"), "utf8")) as FeatureCollection<Geometry, Record<string, unknown>>;
