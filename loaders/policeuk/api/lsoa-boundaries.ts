/**
 * The partnership's LSOA 2021 boundaries (data/snapshot/ons/boundaries/lsoa21/<LAD>.geojson.gz): the outline of each
 * district sent to police.uk, and the point-in-polygon assignment of each crime to its LSOA (d3-geo geoContains).
 */
import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {gunzipSync} from "node:zlib";
import {geoArea, geoContains} from "d3";
import type {Feature, MultiPolygon, Polygon} from "geojson";
import {z} from "zod";
import {outlinePolygon, type Point, type Ring} from "./polygon.ts";

const position = z.tuple([z.number(), z.number()]).rest(z.number());
const polygonCoords = z.array(z.array(position).min(4));
const lsoaFeatureSchema = z.object({
  type: z.literal("Feature"),
  properties: z.object({LSOA21CD: z.string().regex(/^[EW]01\d{6}$/), LSOA21NM: z.string().min(1)}),
  geometry: z.discriminatedUnion("type", [
    z.object({type: z.literal("Polygon"), coordinates: polygonCoords}),
    z.object({type: z.literal("MultiPolygon"), coordinates: z.array(polygonCoords)})
  ])
});
const lsoaCollectionSchema = z.object({type: z.literal("FeatureCollection"), features: z.array(lsoaFeatureSchema).min(1)});

export interface LsoaBoundary {
  code: string;
  name: string;
  /** The local authority district (file) it came from. */
  district: string;
  bbox: [number, number, number, number];
  feature: Feature<Polygon | MultiPolygon>;
}

export function boundaryPath(snapshotDir: string, districtCode: string): string {
  return join(snapshotDir, "ons", "boundaries", "lsoa21", `${districtCode}.geojson.gz`);
}

/** Reads and checks one district's LSOA boundaries. */
export function loadDistrictLsoas(snapshotDir: string, districtCode: string): LsoaBoundary[] {
  const path = boundaryPath(snapshotDir, districtCode);
  if (!existsSync(path)) {
    throw new Error(
      `LSOA boundaries for district ${districtCode} not found at ${path}: the refresh needs them to outline the district and place each crime in its LSOA. ` +
        `Add the ONS LSOA 2021 boundaries of ${districtCode} there (GeoJSON, gzipped) or fix the district code in the configuration.`
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(gunzipSync(readFileSync(path)).toString("utf-8"));
  } catch (error) {
    throw new Error(`${path} is not gzipped GeoJSON (${(error as Error).message}); restore it from git.`);
  }
  const parsed = lsoaCollectionSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: unexpected LSOA boundary file at features.${issue?.path.map(String).join(".")}: ${issue?.message}. Expected ONS LSOA 2021 features with LSOA21CD and LSOA21NM.`);
  }
  return parsed.data.features.map((f) => {
    const feature = {type: "Feature", properties: {}, geometry: f.geometry} as Feature<Polygon | MultiPolygon>;
    // d3-geo wants clockwise outer rings (the opposite of RFC 7946): a ring wound the other way covers the globe.
    if (geoArea(feature) > 2 * Math.PI) reverseRings(feature.geometry);
    return {code: f.properties.LSOA21CD, name: f.properties.LSOA21NM, district: districtCode, bbox: featureBbox(feature.geometry), feature};
  });
}

function reverseRings(geometry: Polygon | MultiPolygon): void {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) for (const ring of polygon) ring.reverse();
}

function* outerVertices(geometry: Polygon | MultiPolygon): Generator<Point> {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) for (const p of polygon[0] ?? []) yield [p[0]!, p[1]!];
}

function featureBbox(geometry: Polygon | MultiPolygon): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of outerVertices(geometry)) {
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  }
  return box;
}

/**
 * The polygon asked of police.uk for a district: the convex hull of its LSOAs' outer-ring vertices, reduced to at most
 * `maxVertices` without shrinking, plus a ~100 m margin. It covers every LSOA of the district (and some land beyond,
 * whose crimes the LSOA assignment drops and counts).
 */
export function districtOutline(lsoas: readonly LsoaBoundary[], maxVertices = 100): Ring {
  return outlinePolygon(
    (function* () {
      for (const l of lsoas) yield* outerVertices(l.feature.geometry);
    })(),
    maxVertices
  );
}

/** Finds the LSOA a point lies in, among the given boundaries (bounding-box filter, then geoContains). */
export class LsoaLocator {
  constructor(private readonly lsoas: readonly LsoaBoundary[]) {}

  locate(lng: number, lat: number): LsoaBoundary | undefined {
    for (const l of this.lsoas) {
      const [x0, y0, x1, y1] = l.bbox;
      if (lng < x0 || lng > x1 || lat < y0 || lat > y1) continue;
      if (geoContains(l.feature, [lng, lat])) return l;
    }
    return undefined;
  }
}
