/**
 * District outlines for the polygon query, the 503 split, and the placement of crimes in LSOAs, on the real Plymouth
 * LSOA 2021 boundaries and real police.uk crimes (data/snapshot).
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {gunzipSync} from "node:zlib";
import {csvParse} from "d3-dsv";
import {describe, expect, it} from "vitest";
import {districtOutline, loadDistrictLsoas, LsoaLocator} from "../../loaders/policeuk/api/lsoa-boundaries.ts";
import {clipToRect, convexHull, outlinePolygon, polyParam, ringArea, simplifyConvexOutward, splitInFour, type Point, type Ring} from "../../loaders/policeuk/api/polygon.ts";

const SNAPSHOT = join(import.meta.dirname, "../../data/snapshot");

/** Plane point-in-polygon with a tolerance, independent of the code under test. */
function inside(ring: Ring, [x, y]: Point, eps = 1e-12): boolean {
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % ring.length]!;
    if ((b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]) < -eps) return false; // right of a CCW edge
  }
  return true;
}

describe("polygon outline", () => {
  it("hull of a grid is its four corners, counter-clockwise", () => {
    const grid: Point[] = [];
    for (let x = 0; x <= 4; x++) for (let y = 0; y <= 3; y++) grid.push([x, y]);
    const hull = convexHull(grid);
    expect(hull).toHaveLength(4);
    expect(ringArea(hull)).toBe(12);
  });

  it("reduces a 500-vertex hull to 100 vertices without leaving any point out, adding little area", () => {
    const circle: Point[] = Array.from({length: 500}, (_, i) => [Math.cos((2 * Math.PI * i) / 500), Math.sin((2 * Math.PI * i) / 500)] as const);
    const reduced = simplifyConvexOutward(convexHull(circle), 100);
    expect(reduced.length).toBeLessThanOrEqual(100);
    expect(circle.every((p) => inside(reduced, p, 1e-9))).toBe(true);
    expect(ringArea(reduced) / Math.PI).toBeLessThan(1.001);
    expect(ringArea(reduced)).toBeGreaterThan(ringArea(convexHull(circle)));
  });

  it("outlines Plymouth in at most 100 vertices covering every vertex of its 164 LSOAs", () => {
    const lsoas = loadDistrictLsoas(SNAPSHOT, "E06000026");
    expect(lsoas).toHaveLength(164);
    const outline = districtOutline(lsoas);
    expect(outline.length).toBeLessThanOrEqual(100);
    const vertices = lsoas.flatMap((l) => (l.feature.geometry.type === "Polygon" ? [l.feature.geometry.coordinates] : l.feature.geometry.coordinates).flat(2)) as unknown as number[][];
    expect(vertices.length).toBeGreaterThan(7000);
    expect(vertices.every((v) => inside(outline, [v[0]!, v[1]!]))).toBe(true);
    // And stays within a few hundred metres of them (0.01° ≈ 700–1100 m).
    const xs = vertices.map((v) => v[0]!);
    const ox = outline.map((p) => p[0]);
    expect(Math.min(...xs) - Math.min(...ox)).toBeLessThan(0.01);
  });

  it("forces a small vertex budget without losing coverage", () => {
    const pts: Point[] = Array.from({length: 300}, (_, i) => [Math.cos(i) * (1 + (i % 7) / 10), Math.sin(i) * (1 + (i % 5) / 10)] as const);
    const outline = outlinePolygon(pts, 8, 0.01);
    expect(outline).toHaveLength(8);
    expect(pts.every((p) => inside(outline, p))).toBe(true);
  });
});

describe("four-way split", () => {
  it("splits into the quadrants of the bounding box, areas adding up, each inside its quadrant", () => {
    const lsoas = loadDistrictLsoas(SNAPSHOT, "E06000026");
    const outline = districtOutline(lsoas);
    const parts = splitInFour(outline);
    expect(parts).toHaveLength(4);
    const total = parts.reduce((s, p) => s + ringArea(p), 0);
    expect(total / ringArea(outline)).toBeCloseTo(1, 9);
    const xs = outline.map((p) => p[0]);
    const midX = (Math.min(...xs) + Math.max(...xs)) / 2;
    expect(parts[0]!.every((p) => p[0] <= midX + 1e-12)).toBe(true);
    expect(parts[1]!.every((p) => p[0] >= midX - 1e-12)).toBe(true);
  });

  it("clips to a rectangle and drops empty quadrants", () => {
    const triangle: Ring = [
      [0, 0],
      [4, 0],
      [0, 4]
    ];
    expect(ringArea(clipToRect(triangle, [0, 0, 2, 2]))).toBe(4);
    expect(clipToRect(triangle, [3, 3, 4, 4])).toEqual([]);
    expect(splitInFour(triangle)).toHaveLength(3); // the top-right quadrant only touches the triangle at a point
  });

  it("writes poly as lat,lng pairs joined by colons", () => {
    expect(polyParam([[-4.1, 50.3], [-4.0, 50.3], [-4.0, 50.4]])).toBe("50.300000,-4.100000:50.300000,-4.000000:50.400000,-4.000000");
  });
});

describe("placing real crimes in LSOAs (d3-geo geoContains)", () => {
  const locator = new LsoaLocator(loadDistrictLsoas(SNAPSHOT, "E06000026"));
  const rows = csvParse(gunzipSync(readFileSync(join(SNAPSHOT, "policeuk/street/devon-and-cornwall/2025-12-devon-and-cornwall-street.csv.gz"))).toString("utf-8"));

  it("places police.uk's Plymouth crimes in Plymouth LSOAs, mostly the same LSOA as police.uk, and no other crime in Plymouth", () => {
    let plymouth = 0;
    let placed = 0;
    let same = 0;
    let intruders = 0;
    for (const r of rows) {
      if (!r.Longitude) continue;
      const lsoa = locator.locate(Number(r.Longitude), Number(r.Latitude));
      if (r["LSOA name"]!.startsWith("Plymouth ")) {
        plymouth++;
        if (lsoa) placed++;
        if (lsoa?.code === r["LSOA code"]) same++;
      } else if (lsoa) intruders++;
    }
    expect(plymouth).toBe(2234);
    // The ONS boundaries are generalised: a few snap points on the coast fall outside, and points on a boundary
    // street can land in the LSOA next door (all within 15 m of the boundary in this month).
    expect(placed / plymouth).toBeGreaterThan(0.995);
    expect(same / plymouth).toBeGreaterThan(0.93);
    expect(intruders).toBe(0);
  });
});
