/**
 * Service mapping (SNA guidance section 5.6, "Mapping existing services"): the partnership's service register set
 * against where violence happens. From the register (partners-services.csv), the area's LSOAs with their 2024 wards
 * and centroids, and the LSOAs' serious violence (lsoa_violence), it computes
 * - each service with the LSOA or ward it is based in and the point where the map places it;
 * - the coverage matrix: services per level of prevention × WHO level × age group, every cell written, empty ones 0;
 * - the gaps: the ten neighbourhoods with most serious violence that have no service based in their ward, and the
 *   age groups, levels of prevention and WHO levels no service reaches.
 * Area-wide services ("Citywide", "Countywide") reach every neighbourhood but are based in none: they are counted in
 * their own column, never as a service in the ward. Pure functions but servicePlaces (one query).
 */
import {readFileSync} from "node:fs";
import type {DuckDBConnection} from "@duckdb/node-api";
import {queryRows} from "../duckdb.ts";
import {PREVENTION_LEVELS, WHO_LEVELS} from "../evidence/register.ts";
import {parseCsv} from "../lib/csv.ts";
import {type Row, TABLES} from "../../components/tables/registry.ts";
import {parseTable} from "../../components/tables/parse.ts";
import {hotspotGaps, type LsoaViolence, type Place} from "../../components/services/gaps.ts";

export {hotspotGaps};

export type ServiceInput = Row<typeof TABLES.partners_services>;
export type ServiceRow = Row<typeof TABLES.services>;
export type CoverageRow = Row<typeof TABLES.service_coverage>;
export type HotspotRow = Row<typeof TABLES.service_gap_hotspots>;
export type LevelGapRow = Row<typeof TABLES.service_gap_levels>;

export type {LsoaViolence, Place} from "../../components/services/gaps.ts";

/** The age groups the coverage is read against: children, secondary-school age, young adults, older adults. */
export const AGE_GROUPS = [
  {label: "0-9", from: 0, to: 9},
  {label: "10-17", from: 10, to: 17},
  {label: "18-24", from: 18, to: 24},
  {label: "25+", from: 25, to: Infinity}
] as const;
export const NOT_GIVEN = "not given";
/** The code partners-services.csv gives an area-wide service (loaders/partners/values.ts parseArea). */
const WHOLE_AREA = "Whole area";

/** The service register as the partner pipeline published it (partners-services.csv), typed by the registry. */
export function readServiceRegister(path: string): ServiceInput[] {
  const {columns, rows} = parseCsv(readFileSync(path, "utf-8"));
  return parseTable(TABLES.partners_services, Object.assign(rows, {columns}));
}

/** The area's LSOAs, their 2024 wards and centroids (area_lsoa and lsoa_centroid, made by the prepare step). */
export async function servicePlaces(conn: DuckDBConnection): Promise<Place[]> {
  return queryRows<Place>(
    conn,
    `SELECT a.lsoa21_code, a.lsoa21_name, a.ward_code, a.ward_name, a.lad_code, c.lat AS latitude, c.lon AS longitude
     FROM area_lsoa a LEFT JOIN lsoa_centroid c ON c.lsoa_code = a.lsoa21_code ORDER BY a.lsoa21_code`
  );
}

const list = (cell: string | null): string[] => (cell ?? "").split(";").map((s) => s.trim()).filter(Boolean);

/** The analysis age groups a served age band reaches ("16+" → 10-17, 18-24, 25+); none for a band not given. */
export function ageGroupsServed(band: string | null): string[] {
  if (!band || band === "Not known") return [];
  const range = band === "All ages" ? [0, Infinity] : /^(\d+)\+$/.test(band) ? [Number(band.slice(0, -1)), Infinity] : /^(\d+)-(\d+)$/.test(band) ? band.split("-").map(Number) : null;
  if (!range) return [];
  const [from, to] = range as [number, number];
  return AGE_GROUPS.filter((g) => from <= g.to && to >= g.from).map((g) => g.label);
}

const mean = (values: number[]) => (values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 1e5) / 1e5 : null);

/** Each service with the LSOA or ward it is based in; the map places it at that LSOA's centroid or the ward's. */
export function placeServices(services: readonly ServiceInput[], places: readonly Place[], districts: readonly string[]): ServiceRow[] {
  const byLsoa = new Map(places.map((p) => [p.lsoa21_code, p]));
  const wards = new Map<string, Place[]>();
  for (const p of places) if (p.ward_code) wards.set(p.ward_code, [...(wards.get(p.ward_code) ?? []), p]);
  const unitary = districts.length === 1;
  return services.map((s) => {
    const base = {service_name: s.service_name, provider: s.provider, service_type: s.service_type, area: s.area, age_group: s.age_group, age_groups: ageGroupsServed(s.age_group).join("; ") || null, prevention_level: s.prevention_level, who_level: s.who_level, example: s.example, source: s.source};
    const none = {lsoa21_code: null, lsoa21_name: null, ward_code: null, ward_name: null, latitude: null, longitude: null};
    const lsoa = byLsoa.get(s.area);
    if (lsoa) return {...base, area_kind: "LSOA", lsoa21_code: lsoa.lsoa21_code, lsoa21_name: lsoa.lsoa21_name, ward_code: lsoa.ward_code, ward_name: lsoa.ward_name, latitude: lsoa.latitude, longitude: lsoa.longitude};
    const ward = wards.get(s.area);
    if (ward) {
      const located = ward.filter((p) => p.latitude !== null && p.longitude !== null);
      return {...base, area_kind: "ward", ...none, ward_code: s.area, ward_name: ward[0]!.ward_name, latitude: mean(located.map((p) => p.latitude!)), longitude: mean(located.map((p) => p.longitude!))};
    }
    // A unitary authority's own code is the whole area; a county's district code is that district.
    if (s.area === WHOLE_AREA || (unitary && s.area === districts[0])) return {...base, area_kind: "area-wide", ...none};
    if (districts.includes(s.area)) return {...base, area_kind: "district", ...none};
    return {...base, area_kind: areaKind(s.area), ...none};
  });
}

/** What an area code that is not a place of the partnership is. */
function areaKind(code: string): string {
  if (code === "Not known") return "not known";
  // An LSOA, ward or district code that is not one of the partnership's.
  if (/^[EW]0[1-9]\d{6}$/.test(code)) return "outside the area";
  if (/^[A-Z]{1,2}\d[A-Z\d]? \d$/.test(code)) return "postcode sector";
  return "postcode district";
}

const levelsWithGaps = (levels: readonly string[], services: readonly ServiceRow[], of: (s: ServiceRow) => string[]) => (services.some((s) => of(s).length === 0) ? [...levels, NOT_GIVEN] : [...levels]);
const valuesOf = (of: (s: ServiceRow) => string[]) => (s: ServiceRow) => {
  const v = of(s);
  return v.length ? v : [NOT_GIVEN];
};
const prevention = valuesOf((s) => list(s.prevention_level));
const who = valuesOf((s) => list(s.who_level));
const ages = valuesOf((s) => list(s.age_groups));

/**
 * Services per level of prevention × WHO level × age group: a service at several levels or ages counts in each of its
 * cells. Every cell of the vocabularies is written (0 = no service), plus "not given" where a service leaves one out.
 */
export function coverageMatrix(services: readonly ServiceRow[]): CoverageRow[] {
  if (!services.length) return [];
  const rows: CoverageRow[] = [];
  for (const p of levelsWithGaps(PREVENTION_LEVELS, services, (s) => list(s.prevention_level))) {
    for (const w of levelsWithGaps(WHO_LEVELS, services, (s) => list(s.who_level))) {
      for (const a of levelsWithGaps(AGE_GROUPS.map((g) => g.label), services, (s) => list(s.age_groups))) {
        const inCell = services.filter((s) => prevention(s).includes(p) && who(s).includes(w) && ages(s).includes(a));
        rows.push({prevention_level: p, who_level: w, age_group: a, services: inCell.length, area_wide: inCell.filter((s) => s.area_kind === "area-wide").length, service_names: inCell.map((s) => s.service_name).join("; ") || null});
      }
    }
  }
  return rows;
}

/** Each age group, level of prevention and WHO level with the services that reach it; a gap is one with none. */
export function levelGaps(services: readonly ServiceRow[]): LevelGapRow[] {
  if (!services.length) return [];
  const dims: [string, readonly string[], (s: ServiceRow) => string[]][] = [
    ["age group", AGE_GROUPS.map((g) => g.label), ages],
    ["prevention level", PREVENTION_LEVELS, prevention],
    ["WHO level", WHO_LEVELS, who]
  ];
  return dims.flatMap(([dimension, levels, of]) =>
    levels.map((level) => {
      const reached = services.filter((s) => of(s).includes(level));
      return {dimension, level, services: reached.length, area_wide: reached.filter((s) => s.area_kind === "area-wide").length, not_given: services.filter((s) => of(s).includes(NOT_GIVEN)).length, gap: reached.length === 0};
    })
  );
}

/** Every table of the chapter; with no service register, each is empty and the chapter says how to add one. */
export function serviceTables(register: readonly ServiceInput[], places: readonly Place[], lsoas: readonly LsoaViolence[], districts: readonly string[]) {
  const services = placeServices(register, places, districts);
  return {services, coverage: coverageMatrix(services), hotspots: hotspotGaps(lsoas, places, services), levels: levelGaps(services)};
}
