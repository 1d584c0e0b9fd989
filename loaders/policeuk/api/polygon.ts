/**
 * Plane geometry on [longitude, latitude] pairs for the police.uk `poly` query: a convex hull of a district's
 * LSOA boundary points, reduced to at most N vertices without shrinking (so it still covers every LSOA), a small
 * outward margin, and the four-way split used when police.uk answers 503 (more than 10,000 crimes).
 * Polygons here are open rings (first vertex not repeated), counter-clockwise.
 */

export type Point = readonly [lng: number, lat: number];
export type Ring = Point[];

const cross = (o: Point, a: Point, b: Point): number => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Andrew's monotone chain; returns the hull counter-clockwise without collinear points. */
export function convexHull(points: Iterable<Point>): Ring {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const half = (list: Point[]): Point[] => {
    const out: Point[] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2]!, out[out.length - 1]!, p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(pts), ...half([...pts].reverse())];
}

/** Signed area (positive for counter-clockwise). */
export function ringArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % ring.length]!;
    sum += a[0] * b[1] - b[0] * a[1];
  }
  return sum / 2;
}

/**
 * Where edge i→i+1 goes if it is removed and its neighbours are extended to meet, and the area that adds.
 * Undefined when the neighbours do not meet beyond the edge (their turns add up to 180° or more).
 */
function edgeRemoval(ring: Ring, i: number): {point: Point; addedArea: number} | undefined {
  const n = ring.length;
  const prev = ring[(i - 1 + n) % n]!;
  const a = ring[i]!;
  const b = ring[(i + 1) % n]!;
  const next = ring[(i + 2) % n]!;
  const r: Point = [a[0] - prev[0], a[1] - prev[1]];
  const s: Point = [b[0] - next[0], b[1] - next[1]];
  const denom = r[0] * s[1] - r[1] * s[0];
  if (Math.abs(denom) < 1e-18) return undefined;
  const d: Point = [b[0] - a[0], b[1] - a[1]];
  const t = (d[0] * s[1] - d[1] * s[0]) / denom;
  const u = (d[0] * r[1] - d[1] * r[0]) / denom;
  if (!(t > 0 && u > 0)) return undefined;
  const point: Point = [a[0] + t * r[0], a[1] + t * r[1]];
  return {point, addedArea: Math.abs(cross(a, point, b)) / 2};
}

/**
 * Reduces a convex ring to at most `maxVertices` by repeatedly removing the edge whose removal adds least area.
 * The result contains the input (it only grows), so no crime of the district is lost by simplifying.
 */
export function simplifyConvexOutward(hull: Ring, maxVertices: number): Ring {
  if (maxVertices < 3) throw new RangeError("maxVertices must be at least 3");
  const ring = [...hull];
  while (ring.length > maxVertices) {
    let best: {i: number; point: Point; addedArea: number} | undefined;
    for (let i = 0; i < ring.length; i++) {
      const removal = edgeRemoval(ring, i);
      if (removal && (!best || removal.addedArea < best.addedArea)) best = {i, ...removal};
    }
    if (!best) throw new Error(`cannot reduce a ${ring.length}-vertex hull to ${maxVertices} vertices`);
    // Replace vertices i and i+1 by the meeting point of the neighbouring edges.
    const j = (best.i + 1) % ring.length;
    ring[best.i] = best.point;
    ring.splice(j, 1);
  }
  return ring;
}

/**
 * Moves every vertex `margin` degrees further from the vertices' centroid. For a convex ring the result contains the
 * input (each triangle centroid–edge grows), which keeps snap points on the outline and coordinate rounding inside.
 */
export function expandRing(ring: Ring, margin: number): Ring {
  const cx = ring.reduce((s, p) => s + p[0], 0) / ring.length;
  const cy = ring.reduce((s, p) => s + p[1], 0) / ring.length;
  return ring.map((p) => {
    const dx = p[0] - cx;
    const dy = p[1] - cy;
    const len = Math.hypot(dx, dy);
    return len === 0 ? p : ([p[0] + (dx / len) * margin, p[1] + (dy / len) * margin] as const);
  });
}

/** The outline sent to police.uk for a set of boundary points: hull, ≤ maxVertices, plus an outward margin. */
export function outlinePolygon(points: Iterable<Point>, maxVertices = 100, margin = 0.001): Ring {
  const hull = convexHull(points);
  if (hull.length < 3) throw new Error("cannot outline fewer than three distinct boundary points");
  return expandRing(simplifyConvexOutward(hull, maxVertices), margin);
}

export function bbox(ring: Ring): [minLng: number, minLat: number, maxLng: number, maxLat: number] {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return [x0, y0, x1, y1];
}

/** Sutherland–Hodgman clip of a ring to an axis-aligned rectangle. */
export function clipToRect(ring: Ring, [x0, y0, x1, y1]: readonly [number, number, number, number]): Ring {
  const edges: {inside: (p: Point) => boolean; cut: (a: Point, b: Point) => Point}[] = [
    {inside: (p) => p[0] >= x0, cut: (a, b) => atX(a, b, x0)},
    {inside: (p) => p[0] <= x1, cut: (a, b) => atX(a, b, x1)},
    {inside: (p) => p[1] >= y0, cut: (a, b) => atY(a, b, y0)},
    {inside: (p) => p[1] <= y1, cut: (a, b) => atY(a, b, y1)}
  ];
  let out: Ring = [...ring];
  for (const {inside, cut} of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i]!;
      const prev = input[(i - 1 + input.length) % input.length]!;
      if (inside(cur)) {
        if (!inside(prev)) out.push(cut(prev, cur));
        out.push(cur);
      } else if (inside(prev)) out.push(cut(prev, cur));
    }
    if (out.length === 0) break;
  }
  return out;
}
const atX = (a: Point, b: Point, x: number): Point => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
const atY = (a: Point, b: Point, y: number): Point => [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];

/** Splits a ring into (up to) four: its parts in each quadrant of its bounding box. Empty parts are dropped. */
export function splitInFour(ring: Ring): Ring[] {
  const [x0, y0, x1, y1] = bbox(ring);
  const mx = (x0 + x1) / 2;
  const my = (y0 + y1) / 2;
  const quadrants = [
    [x0, y0, mx, my],
    [mx, y0, x1, my],
    [x0, my, mx, y1],
    [mx, my, x1, y1]
  ] as const;
  return quadrants.map((q) => clipToRect(ring, q)).filter((part) => part.length >= 3 && Math.abs(ringArea(part)) > 0);
}

/** The police.uk `poly` parameter: `lat,lng:lat,lng:...` with 6 decimals (about 0.1 m). */
export function polyParam(ring: Ring): string {
  return ring.map(([lng, lat]) => `${lat.toFixed(6)},${lng.toFixed(6)}`).join(":");
}
