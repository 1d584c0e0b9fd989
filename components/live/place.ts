/**
 * Place and population recomputed for one district of the partnership: the chapter's SQL (components/sql/place.ts,
 * the text the build runs in Node DuckDB) over the build's place_lsoa and place_mye, in DuckDB-WASM on the page or
 * in Node DuckDB in the tests. England's rows are the build's: the England-wide tables are not shipped.
 */
import {bandLabel, placeSql, withoutOrd, type PlaceUnit} from "../sql/place.js";
import type {SqlRunner} from "./violence.js";

/** A geography's rows of place.json, as the build writes them (loaders/ons/place.ts). */
interface Tagged {
  geography: "area" | "england";
}
export interface PlaceTables {
  pyramid: (Tagged & {code: string; name: string; sex: string; age_start: number; age_end: number | null; band: string; population: number; share: number})[];
  ageGroups: (Tagged & {code: string; name: string; group: string; population: number; share: number})[];
  ethnicity: (Tagged & {code: string; name: string; group: string; label: string; population: number; share: number})[];
  imdDeciles: {domain: string; domain_label: string; decile: number; lsoas: number; population: number; share_lsoas: number; share_population: number; england_share_population: number}[];
  ruralUrban: (Tagged & {code: string; name: string; ruc_code: string; ruc_name: string; urban: boolean; lsoas: number; population: number; share_population: number})[];
}

/** DuckDB returns BIGINT and HUGEINT columns as BigInt in the browser: the page's figures want numbers. */
const plain = <T>(rows: readonly Record<string, unknown>[]): T[] =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])) as T);

/**
 * The chapter's tables for `unit` (a district of the partnership), England's rows kept from `built` (the build's
 * place.json); also the SQL that gave each table, for the page's disclosures and Explore.
 */
export async function recomputePlace(db: SqlRunner, unit: PlaceUnit, built: PlaceTables) {
  const sql = placeSql(unit);
  const england = <T extends Tagged>(rows: readonly T[]) => rows.filter((r) => r.geography === "england");
  // One query after the other: DuckDB's worker answers one request at a time.
  const pyramid = plain<PlaceTables["pyramid"][number]>(await db.rows(sql.pyramid)).map((r) => ({...r, band: bandLabel(r.age_start, r.age_end)}));
  const ageGroups = withoutOrd(plain<PlaceTables["ageGroups"][number] & {ord: number}>(await db.rows(sql.ageGroups)));
  const ethnicity = withoutOrd(plain<PlaceTables["ethnicity"][number] & {ord: number}>(await db.rows(sql.ethnicity)));
  const englandShare = new Map(built.imdDeciles.map((d) => [`${d.domain} ${d.decile}`, d.england_share_population]));
  const imdDeciles = withoutOrd(plain<Omit<PlaceTables["imdDeciles"][number], "england_share_population"> & {ord: number}>(await db.rows(sql.imdDeciles)))
    .map((d) => ({...d, england_share_population: englandShare.get(`${d.domain} ${d.decile}`) ?? 0}));
  const ruralUrban = withoutOrd(plain<PlaceTables["ruralUrban"][number] & {ord: number}>(await db.rows(sql.ruralUrban)));
  const tables: PlaceTables = {
    pyramid: [...pyramid, ...england(built.pyramid)],
    ageGroups: [...ageGroups, ...england(built.ageGroups)],
    ethnicity: [...ethnicity, ...england(built.ethnicity)],
    imdDeciles,
    ruralUrban: [...ruralUrban, ...england(built.ruralUrban)]
  };
  return {sql, tables};
}
