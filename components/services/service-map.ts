/**
 * Services on the hotspot map (guidance 5.6: "whether the right services are available in the right locations"):
 * the LSOA choropleth of serious violence with each service drawn at the place it is based, the LSOA's population-
 * weighted centroid (a circle) or its ward's centre (a diamond). Services at one place share one mark, larger the more
 * there are, with their names in its tooltip. Area-wide services and those the register places by district or
 * postcode have no point: the key under the map counts them, and the chapter lists them.
 */
import * as Plot from "@observablehq/plot";
import {symbolCircle, symbolDiamond} from "d3";
import type {FeatureCollection, Geometry} from "geojson";
import {choropleth, type ChoroplethOptions} from "../charts/choropleth.js";
import {categoryLegend, chartWithKey} from "../charts/significance.js";
import {documentOf, type ChartElement} from "../charts/common.js";

/** The fields of a row of the prepared `services` table the map reads. */
export type MapService = {
  service_name: string;
  area_kind: string;
  lsoa21_name: string | null;
  ward_name: string | null;
  latitude: number | null;
  longitude: number | null;
};

/** One mark: the services based at one point. */
export type ServicePoint = {latitude: number; longitude: number; kind: "LSOA" | "ward"; place: string; names: string[]};

const FILL = "#000000";

/** Groups the placed services by point (same LSOA, or same ward); the rest are returned apart. */
export function servicePoints(services: readonly MapService[]): {points: ServicePoint[]; unplaced: MapService[]} {
  const points = new Map<string, ServicePoint>();
  const unplaced: MapService[] = [];
  for (const s of services) {
    if (s.latitude === null || s.longitude === null || (s.area_kind !== "LSOA" && s.area_kind !== "ward")) {
      unplaced.push(s);
      continue;
    }
    const kind = s.area_kind;
    const place = kind === "LSOA" ? `${s.lsoa21_name ?? "LSOA"}${s.ward_name ? `, ${s.ward_name}` : ""}` : `${s.ward_name ?? "ward"} ward`;
    const key = `${kind} ${s.latitude} ${s.longitude}`;
    const point = points.get(key) ?? {latitude: s.latitude, longitude: s.longitude, kind, place, names: []};
    point.names.push(s.service_name);
    points.set(key, point);
  }
  return {points: [...points.values()], unplaced};
}

const radius = (p: ServicePoint) => 6 + 2 * Math.sqrt(p.names.length - 1);

/** The choropleth of `values` by LSOA with the services on it, and a key of the service marks under the colour legend. */
export function serviceMap(features: FeatureCollection<Geometry, Record<string, unknown> | null>, values: ReadonlyMap<string, number | null>, services: readonly MapService[], options: ChoroplethOptions & {areaWideLabel: string}): ChartElement {
  const doc = documentOf(options, "serviceMap");
  const {points, unplaced} = servicePoints(services);
  const tip = (p: ServicePoint) => `${p.place}: ${p.names.length} ${p.names.length === 1 ? "service" : "services"} (${p.names.join("; ")})`;
  const marks = [
    Plot.dot(points, {x: "longitude", y: "latitude", r: radius, symbol: (p: ServicePoint) => (p.kind === "LSOA" ? "circle" : "diamond"), fill: FILL, stroke: "white", strokeWidth: 2, title: tip}),
    Plot.text(points.filter((p) => p.names.length > 1), {x: "longitude", y: "latitude", text: (p: ServicePoint) => String(p.names.length), fill: "white", fontSize: 12, fontWeight: "bold", ariaHidden: "true"})
  ];
  const placed = points.reduce((n, p) => n + p.names.length, 0);
  const map = choropleth(features, values, {...options, marks, ariaDescription: `${options.ariaDescription ?? ""} ${placed} services placed on the map at ${points.length} places; ${unplaced.length} not placed (area-wide, district or postcode).`.trim()});
  const items = [
    {label: "Services based in an LSOA (at its population-weighted centroid)", style: {fill: FILL, ink: "white" as const, symbol: symbolCircle, shape: "circle"}},
    {label: "Services based in a ward (at the centre of its LSOAs)", style: {fill: FILL, ink: "white" as const, symbol: symbolDiamond, shape: "diamond"}}
  ];
  const caption = `A larger mark holds more services (the number is printed on it). ${unplaced.length ? `${unplaced.length} ${unplaced.length === 1 ? "service is" : "services are"} not on the map: ${options.areaWideLabel}.` : "Every service of the register is on the map."}`;
  return chartWithKey(doc, map, {legend: categoryLegend(doc, items, "sna-service-key"), caption});
}
