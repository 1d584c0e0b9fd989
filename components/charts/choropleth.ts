/**
 * Choropleth of small areas (LSOAs): Plot.geo on a Mercator projection fitted to the features, a quantile (or
 * threshold) colour legend, areas with no value hatched and keyed "no data" (never coloured as 0), a tooltip per
 * area, and a caveat under the map (police.uk locations are anonymised).
 */
import * as Plot from "@observablehq/plot";
import {geoArea, interpolateBlues, interpolateGreens, interpolateOranges, interpolatePurples, interpolateYlOrRd, quantileSorted, quantize} from "d3";
import type {Feature, FeatureCollection, Geometry, Position} from "geojson";
import {formatRate, isPresent, NO_DATA} from "../format/number.js";
import type {DistrictOutlines, OutlineProps} from "./district-outlines.js";
import {CHART_STYLE, chartWidth, documentOf, FONT_SIZE, midSentence, MUTED, textWidth, withLegend, type ChartElement, type ChartOptions} from "./common.js";
import {nudgeLabels, placedText} from "./spread-labels.js";

/** The caveat police.uk asks users to show with its maps (every map of street-level crime should carry it). */
export const POLICEUK_LOCATION_CAVEAT =
  "Crime locations are approximate: police.uk moves each crime to the nearest of a set of anonymous map points, so counts for small areas may differ slightly from police records.";

export type ChoroplethOptions = ChartOptions & {
  /** Feature property holding the area code (default LSOA21CD) and the area name (default LSOA21NM). */
  idProperty?: string;
  nameProperty?: string;
  /** What the values are: "Violent crimes per 1,000 residents". */
  valueLabel?: string;
  /** Explicit class breaks; default: quantiles of the values. */
  thresholds?: readonly number[];
  /** Number of quantile classes when no thresholds are given (default 5). */
  quantiles?: number;
  /** Sequential colour scheme (default "ylorrd"; "blues" also reads well for colour-blind readers). */
  scheme?: "ylorrd" | "blues" | "purples" | "greens" | "oranges";
  format?: (value: number) => string;
  /** Label for areas without a value: "no data" or "suppressed". */
  nullLabel?: string;
  /** Text under the map, such as POLICEUK_LOCATION_CAVEAT. */
  caveat?: string;
  /** Allow values for areas not on the map (default false: they usually mean an LSOA 2011/2021 vintage mix-up). */
  allowExtraValues?: boolean;
  /** Prefix for the ids of the hatch patterns; give each map on a page its own. */
  id?: string;
  /**
   * Discrete classes (e.g. IMD deciles): each value in its own colour, keyed by its label in a swatch legend
   * ("1 most deprived" … "10 least deprived"). Replaces thresholds/quantiles; values not listed are refused.
   */
  classes?: readonly {value: number; label: string}[];
  /** With classes: the darkest colour goes to the first class instead of the last. */
  darkestFirst?: boolean;
  /** District boundaries drawn over the areas and labelled (a county's districts: see districtOutlines). */
  outlines?: DistrictOutlines;
  /** Marks drawn over the areas and outlines, in the map's projection (e.g. services at their centroids). */
  marks?: readonly Plot.Markish[];
};

type Props = Record<string, unknown>;
type Area = {feature: Feature<Geometry, Props>; code: string; name: string; value: number | null};

/** Reverses every ring of a polygon so that d3-geo reads its outside as outside. */
function reverseRings(geometry: Geometry): Geometry {
  const rev = (rings: Position[][]): Position[][] => rings.map((ring) => [...ring].reverse());
  if (geometry.type === "Polygon") return {...geometry, coordinates: rev(geometry.coordinates)};
  if (geometry.type === "MultiPolygon") return {...geometry, coordinates: geometry.coordinates.map(rev)};
  return geometry;
}

/** The first exterior ring of a polygon or multipolygon (null for other geometries). */
function firstRing(geometry: Geometry): Position[] | null {
  if (geometry.type === "Polygon") return geometry.coordinates[0] ?? null;
  if (geometry.type === "MultiPolygon") return geometry.coordinates[0]?.[0] ?? null;
  return null;
}

/**
 * Whether a ring runs anticlockwise on the longitude–latitude plane (the sign of its shoelace area), or null where the
 * plane cannot tell: a ring spanning 180° of longitude or more.
 */
function planarAnticlockwise(ring: readonly Position[]): boolean | null {
  let twiceArea = 0;
  let west = Infinity;
  let east = -Infinity;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j]!;
    const [x1, y1] = ring[i]!;
    twiceArea += x0! * y1! - x1! * y0!;
    west = Math.min(west, x1!);
    east = Math.max(east, x1!);
  }
  return east - west < 180 ? twiceArea > 0 : null;
}

/**
 * d3-geo (and so Plot) wants exterior rings clockwise; RFC 7946 GeoJSON has them anticlockwise. A polygon wound the
 * "wrong" way covers the whole globe except itself (area > 2π steradians), so flip it: works for either convention.
 * For a ring spanning less than 180° of longitude (every boundary in Britain) the winding is the sign of its area on
 * the longitude–latitude plane (the shoelace formula), which gives the same answer as the spherical area at a
 * fraction of its cost (the spherical area was a third of a map's drawing time in a CPU profile); wider rings still
 * use the spherical area.
 */
export function rewindFeature<F extends Feature<Geometry, Props>>(feature: F): F {
  const ring = firstRing(feature.geometry);
  const wrongWay = (ring && ring.length > 3 ? planarAnticlockwise(ring) : null) ?? geoArea(feature) > 2 * Math.PI;
  return wrongWay ? {...feature, geometry: reverseRings(feature.geometry)} : feature;
}

/**
 * What the map's Mercator projection is fitted to: the corners of the features' longitude–latitude box. On Mercator,
 * x follows longitude and y latitude, so the box fits the map exactly as the features would, without projecting
 * every vertex once more only to measure them.
 */
export function mercatorDomain(features: readonly Feature<Geometry, Props>[]): {type: "MultiPoint"; coordinates: Position[]} | {type: "FeatureCollection"; features: Feature<Geometry, Props>[]} {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (p: Position): void => {
    west = Math.min(west, p[0]!);
    east = Math.max(east, p[0]!);
    south = Math.min(south, p[1]!);
    north = Math.max(north, p[1]!);
  };
  for (const f of features) {
    const g = f.geometry;
    if (g.type === "Polygon") g.coordinates.forEach((r) => r.forEach(visit));
    else if (g.type === "MultiPolygon") g.coordinates.forEach((poly) => poly.forEach((r) => r.forEach(visit)));
    else return {type: "FeatureCollection", features: [...features]}; // points, lines: let d3-geo measure them
  }
  // A box across the antimeridian is not a box on the map: measure the features themselves.
  if (!(east - west < 180)) return {type: "FeatureCollection", features: [...features]};
  return {type: "MultiPoint", coordinates: [[west, south], [east, north]]};
}

/** A hatch pattern of grey diagonal lines on a light background, drawn by a render-function mark. */
function hatchPattern(doc: Document, id: string): SVGDefsElement {
  const ns = "http://www.w3.org/2000/svg";
  const defs = doc.createElementNS(ns, "defs");
  const pattern = doc.createElementNS(ns, "pattern");
  for (const [k, v] of Object.entries({id, width: "6", height: "6", patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)"})) pattern.setAttribute(k, v);
  const bg = doc.createElementNS(ns, "rect");
  for (const [k, v] of Object.entries({width: "6", height: "6", fill: "#f0f0f0"})) bg.setAttribute(k, v);
  const line = doc.createElementNS(ns, "line");
  for (const [k, v] of Object.entries({x1: "0", y1: "0", x2: "0", y2: "6", stroke: MUTED, "stroke-width": "1.5"})) line.setAttribute(k, v);
  pattern.append(bg, line);
  defs.append(pattern);
  return defs;
}

/** The "no data" key shown beside the colour legend: a hatched swatch and its label. */
function noDataKey(doc: Document, id: string, label: string, count: number): HTMLElement {
  const ns = "http://www.w3.org/2000/svg";
  const key = doc.createElement("div");
  key.setAttribute("class", "sna-no-data-key");
  key.setAttribute("style", "display: flex; align-items: center; gap: 6px; font: 12px system-ui, sans-serif; margin: 4px 0;");
  const svg = doc.createElementNS(ns, "svg");
  for (const [k, v] of Object.entries({width: "18", height: "14", "aria-hidden": "true"})) svg.setAttribute(k, v);
  const rect = doc.createElementNS(ns, "rect");
  for (const [k, v] of Object.entries({width: "18", height: "14", fill: `url(#${id})`, stroke: MUTED})) rect.setAttribute(k, v);
  svg.append(hatchPattern(doc, id), rect);
  key.append(svg, doc.createTextNode(`${label[0]!.toUpperCase()}${label.slice(1)} (${count} ${count === 1 ? "area" : "areas"})`));
  return key;
}

const SCHEMES = {ylorrd: interpolateYlOrRd, blues: interpolateBlues, purples: interpolatePurples, greens: interpolateGreens, oranges: interpolateOranges};

/**
 * Class breaks for a sequential map: the quantiles of the values (where a quantile scale puts them: d3.quantileSorted
 * at 1/n … (n−1)/n). When a class's worth of the values (1/n or more) share the least value, as most LSOAs have no
 * crime in a short period or for a rare offence, a quantile scale's breaks are 0, 0, 0, 0 and it puts every 0 in its
 * darkest class. Here the least value is then a class of its own (the lightest), and the other classes split the
 * values above it by their quantiles. Breaks are distinct and above the least value (a value below a break is in the
 * class before it); empty when every value is the same.
 */
export function quantileBreaks(values: readonly number[], n: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const least = sorted[0];
  if (least === undefined) return [];
  const above = sorted.filter((v) => v > least);
  if (!above.length) return [];
  const quantiles = (xs: number[], k: number) => Array.from({length: k - 1}, (_, i) => quantileSorted(xs, (i + 1) / k)!);
  // No more classes above the least value than it has distinct values (three LSOAs with a crime: three classes).
  const breaks = (sorted.length - above.length) / sorted.length >= 1 / n ? [above[0]!, ...quantiles(above, Math.min(n - 1, new Set(above).size))] : quantiles(sorted, n);
  return [...new Set(breaks)].filter((b) => b > least).sort((a, b) => a - b);
}

/** The colour scale: discrete classes (swatches), explicit thresholds, or quantiles of the values. */
function colorScale(options: ChoroplethOptions, withValue: readonly Area[], d: {quantiles: number; scheme: string; valueLabel: string; format: (v: number) => string}): Plot.ScaleOptions {
  const {classes} = options;
  if (classes) {
    const label = new Map(classes.map((c) => [c.value, c.label]));
    const stray = withValue.find((a) => !label.has(a.value as number));
    if (stray) throw new Error(`choropleth: ${stray.name} (${stray.code}) has value ${stray.value}, which is not one of the classes ${classes.map((c) => c.value).join(", ")}`);
    // Explicit colours from the scheme, skipping its near-white start so the lightest class still shows on the page.
    const range = quantize((t) => SCHEMES[d.scheme as keyof typeof SCHEMES](0.15 + 0.85 * t), classes.length);
    if (options.darkestFirst) range.reverse();
    return {type: "ordinal", domain: classes.map((c) => c.value), range, label: d.valueLabel, tickFormat: (v: number) => label.get(v) ?? String(v)} as Plot.ScaleOptions;
  }
  const breaks = options.thresholds ? [...options.thresholds] : quantileBreaks(withValue.map((a) => a.value as number), d.quantiles);
  // Every area the same value (none, in a short period): one class, keyed by that value.
  if (!breaks.length) return {type: "ordinal", domain: [withValue[0]!.value], range: [SCHEMES[d.scheme as keyof typeof SCHEMES](0.3)], label: d.valueLabel, tickFormat: d.format} as Plot.ScaleOptions;
  return {type: "threshold", domain: breaks, scheme: d.scheme, label: d.valueLabel, tickFormat: d.format} as Plot.ScaleOptions;
}

/** District boundaries in black and their names in bold with a white halo, so they read over any fill. */
function outlineMarks(outlines: DistrictOutlines | undefined, width: number): Plot.Markish[] {
  if (!outlines?.features.length) return [];
  const labels = outlines.features.map((f) => f.properties);
  return [
    Plot.geo(outlines, {stroke: "black", strokeWidth: 1.5, fill: "none", ariaHidden: "true"}),
    Plot.text(labels, {
      x: (d: OutlineProps) => d.label[0],
      y: (d: OutlineProps) => d.label[1],
      text: "name",
      fontWeight: "bold",
      // On a phone the labels get one word a line so neighbouring districts' names overlap less.
      lineWidth: width < 560 ? 6 : 12,
      stroke: "white",
      strokeWidth: 3,
      fill: "black",
      ariaHidden: "true",
      render: (index: number[], scales: Plot.ScaleFunctions, values: Plot.ChannelValues, dimensions: Plot.Dimensions, context: Plot.Context, next?: Plot.RenderFunction) =>
        nudgeDistrictNames(next?.(index, scales, values, dimensions, context) ?? null, dimensions)
    })
  ];
}

/**
 * Moves any district name Plot has drawn that would overlap another (small districts side by side, a phone's map) to
 * the nearest free place (nudgeLabels), at most 36 px each way, so that a name stays over its district. Names are not
 * kept off the services' marks: on a map with many services that moved names out of their districts. Sizes are
 * estimated as the margins are (textWidth, bold 8% wider), a 14 px line per tspan (the glyphs overrun the 12 px
 * line), with the halo around them.
 */
function nudgeDistrictNames(g: SVGElement | null, dimensions: Plot.Dimensions): SVGElement | null {
  if (!g) return g;
  const texts = [...g.querySelectorAll("text")];
  const at = texts.map(placedText);
  const labels = at.map((p) => {
    const lines = p?.lines ?? [""];
    return {x: p?.x ?? 0, y: p?.y ?? 0, width: Math.max(...lines.map((l) => textWidth(l) * 1.08)) + 4, height: lines.length * (FONT_SIZE + 2) + 4};
  });
  const {width, height, marginLeft, marginRight, marginTop, marginBottom} = dimensions;
  const moves = nudgeLabels(labels, {left: marginLeft, right: width - marginRight, top: marginTop, bottom: height - marginBottom}, 6, 6);
  texts.forEach((t, i) => {
    const {dx, dy} = moves[i]!;
    if (at[i] && (dx || dy)) t.setAttribute("transform", `translate(${labels[i]!.x + dx},${labels[i]!.y + dy})`);
  });
  return g;
}

/** Map of values by area; `values` maps area codes to a value, or null when suppressed or missing. */
export function choropleth(features: FeatureCollection<Geometry, Props | null>, values: ReadonlyMap<string, number | null>, options: ChoroplethOptions = {}): ChartElement {
  const doc = documentOf(options, "choropleth");
  const width = chartWidth(options.width ?? 640);
  const {idProperty = "LSOA21CD", nameProperty = "LSOA21NM", valueLabel = "Value", quantiles = 5, scheme = "ylorrd", nullLabel = NO_DATA, id = "choropleth"} = options;
  if (!features?.features?.length) throw new Error("choropleth: the FeatureCollection has no features");
  // Default: one decimal, more when most values are below 1 (a short period or a rare offence), so that the legend's
  // class breaks do not read "0.0, 0.0": the digits follow the median of the values above zero.
  const positive = [...values.values()].filter(isPresent).map(Number).filter((v) => v > 0).sort((a, b) => a - b);
  const typical = positive.length ? positive[Math.floor(positive.length / 2)]! : 1;
  const format = options.format ?? ((v: number) => formatRate(v, typical >= 1 ? 1 : typical >= 0.1 ? 2 : 3));
  const areas: Area[] = features.features.map((f, i) => {
    const props = f.properties ?? {};
    const code = props[idProperty];
    if (typeof code !== "string" || !code) throw new Error(`choropleth: feature ${i} has no "${idProperty}" property; set idProperty to the property that holds the area code`);
    const value = values.get(code);
    return {feature: rewindFeature({...f, properties: props}), code, name: String(props[nameProperty] ?? code), value: isPresent(value) ? value : null};
  });
  const known = new Set(areas.map((a) => a.code));
  const stray = [...values.keys()].filter((k) => !known.has(k));
  if (stray.length && !options.allowExtraValues) throw new Error(`choropleth: ${stray.length} value(s) have no boundary, e.g. ${stray.slice(0, 3).join(", ")}; check the boundary vintage (LSOA 2011 vs 2021) matches the data, or pass allowExtraValues: true to map a subset`);
  const withValue = areas.filter((a) => a.value !== null);
  const noValue = areas.filter((a) => a.value === null);
  if (!withValue.length) throw new Error("choropleth: no area has a value to map");
  const patternId = `${id}-no-data`;
  const tip = (a: Area): string => `${a.name} (${a.code}): ${a.value === null ? nullLabel : format(a.value)}`;
  const ranked = [...withValue].sort((a, b) => (b.value as number) - (a.value as number));
  const description =
    options.ariaDescription ??
    `${valueLabel} for ${areas.length} areas: highest ${ranked[0]!.name} (${format(ranked[0]!.value as number)}), lowest ${ranked[ranked.length - 1]!.name} (${format(ranked[ranked.length - 1]!.value as number)})` +
      (noValue.length ? `; ${noValue.length} ${noValue.length === 1 ? "area" : "areas"} ${nullLabel}.` : ".");
  // The ramp legend is as wide as its (bold) title, which Plot writes on one line, up to the map's width.
  const color = {...withLegend(colorScale(options, withValue, {quantiles, scheme, valueLabel, format})), width: Math.min(width, Math.max(240, Math.ceil(textWidth(valueLabel) * 1.1) + 8))} as Plot.ScaleOptions;

  const chart = Plot.plot({
    document: doc,
    width,
    margin: 4,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel ?? `Map: ${midSentence(valueLabel)} for ${areas.length} areas`,
    ariaDescription: description,
    caption: options.caveat,
    projection: {type: "mercator", domain: mercatorDomain(areas.map((a) => a.feature))},
    color,
    marks: [
      () => hatchPattern(doc, patternId),
      Plot.geo(noValue, {geometry: (a: Area) => a.feature, fill: `url(#${patternId})`, stroke: MUTED, strokeWidth: 0.75, title: tip}),
      Plot.geo(withValue, {geometry: (a: Area) => a.feature, fill: "value", stroke: "white", strokeWidth: 0.75, title: tip}),
      ...outlineMarks(options.outlines, width),
      ...(options.marks ?? [])
    ]
  });
  if (noValue.length) {
    // Plot returns a figure when it draws a legend; put the "no data" key just after the colour legend.
    const svg = [...chart.children].find((c) => c.localName === "svg" && c.classList.contains("plot-d6a7b5")) ?? null;
    chart.insertBefore(noDataKey(doc, `${id}-no-data-key`, nullLabel, noValue.length), svg);
  }
  return chart;
}
