/**
 * District outlines from small-area boundaries: the edges of a district's LSOAs that no other LSOA of the same
 * district shares are the district's boundary. Works on the prepared LSOA 2021 boundaries (generalised by ONS on a
 * shared topology, so neighbouring areas share their vertices; coordinates are compared at 5 decimal places, about
 * 1 m, as the prepare step rounds them). Pure: used by the choropleth to draw and label a county's districts.
 */
import {geoCentroid} from "d3";
import type {Feature, FeatureCollection, Geometry, MultiLineString, Position} from "geojson";

export type OutlineProps = {code: string; name: string; /** Longitude and latitude to put the label at. */ label: [number, number]};
export type DistrictOutlines = FeatureCollection<MultiLineString, OutlineProps>;

const key = (p: Position): string => `${p[0]!.toFixed(5)},${p[1]!.toFixed(5)}`;

function rings(geometry: Geometry): Position[][] {
  if (geometry.type === "Polygon") return geometry.coordinates;
  if (geometry.type === "MultiPolygon") return geometry.coordinates.flat();
  return [];
}

/** Joins unordered edges into as few lines as possible (each edge used once). */
function chain(edges: readonly [Position, Position][]): Position[][] {
  const at = new Map<string, number[]>();
  edges.forEach(([a, b], i) => {
    for (const p of [a, b]) at.set(key(p), [...(at.get(key(p)) ?? []), i]);
  });
  const used = new Set<number>();
  const lines: Position[][] = [];
  for (let start = 0; start < edges.length; start++) {
    if (used.has(start)) continue;
    used.add(start);
    const line = [...edges[start]!];
    for (;;) {
      const end = line[line.length - 1]!;
      const next = (at.get(key(end)) ?? []).find((i) => !used.has(i));
      if (next === undefined) break;
      used.add(next);
      const [a, b] = edges[next]!;
      line.push(key(a) === key(end) ? b : a);
    }
    lines.push(line);
  }
  return lines;
}

/**
 * One MultiLineString per district: `group` names the feature property holding the district code (the prepared
 * boundaries carry `lad`), `names` maps codes to names for the labels. Districts keep the order of `names`.
 */
export function districtOutlines<P extends Record<string, unknown>>(
  features: FeatureCollection<Geometry, P | null>,
  names: ReadonlyMap<string, string>,
  group = "lad"
): DistrictOutlines {
  const byDistrict = new Map<string, Feature<Geometry, P | null>[]>();
  for (const f of features.features) {
    const code = f.properties?.[group];
    if (typeof code !== "string") throw new Error(`districtOutlines: a feature has no "${group}" property; the prepared boundaries name each LSOA's district there`);
    byDistrict.set(code, [...(byDistrict.get(code) ?? []), f]);
  }
  const unknown = [...byDistrict.keys()].filter((c) => !names.has(c));
  if (unknown.length) throw new Error(`districtOutlines: no name for district(s) ${unknown.join(", ")}`);
  const out: Feature<MultiLineString, OutlineProps>[] = [];
  for (const [code, name] of names) {
    const members = byDistrict.get(code);
    if (!members) continue;
    // Count each undirected edge; an edge shared by two LSOAs of the district is inside it.
    const edges = new Map<string, {edge: [Position, Position]; n: number}>();
    for (const f of members) {
      for (const ring of rings(f.geometry)) {
        for (let i = 1; i < ring.length; i++) {
          const a = ring[i - 1]!;
          const b = ring[i]!;
          const [ka, kb] = [key(a), key(b)];
          if (ka === kb) continue;
          const k = ka < kb ? `${ka};${kb}` : `${kb};${ka}`;
          const e = edges.get(k);
          if (e) e.n++;
          else edges.set(k, {edge: [a, b], n: 1});
        }
      }
    }
    const boundary = [...edges.values()].filter((e) => e.n === 1).map((e) => e.edge);
    const label = geoCentroid({type: "FeatureCollection", features: members} as FeatureCollection) as [number, number];
    out.push({type: "Feature", properties: {code, name, label}, geometry: {type: "MultiLineString", coordinates: chain(boundary)}});
  }
  return {type: "FeatureCollection", features: out};
}
