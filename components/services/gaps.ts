/**
 * The service gap analysis that depends on where violence is (SNA guidance 5.6): the ten neighbourhoods with most
 * serious violence and the services based in or near each. Pure, for the build (loaders/prepare/service-tables.ts)
 * and the live Service mapping chapter, which runs it on the LSOAs DuckDB-WASM recomputes for a reader's selection.
 */
import type {Row, TABLES} from "../tables/registry.js";

type ServiceRow = Row<typeof TABLES.services>;
type HotspotRow = Row<typeof TABLES.service_gap_hotspots>;

const HOTSPOTS = 10;

/** An LSOA of the area with its ward (null when the ONS lookup gives none) and population-weighted centroid. */
export interface Place {
  lsoa21_code: string;
  lsoa21_name: string;
  ward_code: string | null;
  ward_name: string | null;
  lad_code: string;
  latitude: number | null;
  longitude: number | null;
}

/** The fields of lsoa_violence the gap analysis reads. */
export interface LsoaViolence {
  rank: number;
  lsoa21_code: string;
  lsoa21_name: string;
  ward_name: string | null;
  count: number;
  rate: number;
}

/**
 * The ten LSOAs with most serious violence (lsoa_violence's rank), each with the services based in it and in its ward
 * and the area-wide services counted apart. A gap is a hotspot with no service based in its ward, or, for an LSOA the
 * lookup gives no ward, in the LSOA itself.
 */
export function hotspotGaps(lsoas: readonly LsoaViolence[], places: readonly Pick<Place, "lsoa21_code" | "ward_code" | "ward_name" | "lad_code">[], services: readonly ServiceRow[]): HotspotRow[] {
  if (!services.length) return [];
  const byLsoa = new Map(places.map((p) => [p.lsoa21_code, p]));
  const areaWide = services.filter((s) => s.area_kind === "area-wide").length;
  return [...lsoas]
    .sort((a, b) => a.rank - b.rank)
    .slice(0, HOTSPOTS)
    .map((l) => {
      const place = byLsoa.get(l.lsoa21_code);
      const ward = place?.ward_code ?? null;
      const inLsoa = services.filter((s) => s.lsoa21_code === l.lsoa21_code).length;
      const inWard = ward ? services.filter((s) => s.ward_code === ward).length : null;
      const district = services.filter((s) => s.area_kind === "district" && s.area === place?.lad_code).length;
      return {
        rank: l.rank,
        lsoa21_code: l.lsoa21_code,
        lsoa21_name: l.lsoa21_name,
        ward_code: ward,
        ward_name: place?.ward_name ?? l.ward_name,
        count: l.count,
        rate: l.rate,
        services_in_lsoa: inLsoa,
        services_in_ward: inWard,
        district_wide: district,
        area_wide: areaWide,
        gap: (inWard ?? inLsoa) === 0,
        basis: ward ? "ward" : "LSOA (no ward in the ONS lookup)"
      };
    });
}

