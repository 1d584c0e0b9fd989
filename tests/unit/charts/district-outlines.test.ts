/** District outlines from the snapshot's real LSOA 2021 boundaries (Surrey's 11 districts, Plymouth). */
import {readFileSync} from "node:fs";
import {gunzipSync} from "node:zlib";
import {join} from "node:path";
import {geoLength} from "d3";
import type {Feature, FeatureCollection, Geometry} from "geojson";
import {describe, expect, it} from "vitest";
import {districtOutlines} from "../../../components/charts/district-outlines.ts";
import {choropleth} from "../../../components/charts/choropleth.ts";
import {textWidth} from "../../../components/charts/common.ts";
import surrey from "../../../configs/surrey.ts";
import {newDocument} from "./snapshot.ts";
import {geoArea} from "d3";

const DIR = join(import.meta.dirname, "../../../data/snapshot/ons/boundaries/lsoa21");
const SURREY = ["E07000207", "E07000208", "E07000209", "E07000210", "E07000211", "E07000212", "E07000213", "E07000214", "E07000215", "E07000216", "E07000217"];

/** The LSOAs of each district as the prepare step writes them: code, name, district and coordinates to 5 places. */
function lsoasOf(codes: readonly string[]): FeatureCollection<Geometry, {code: string; name: string; lad: string}> {
  const features = codes.flatMap((lad) => {
    const fc = JSON.parse(gunzipSync(readFileSync(join(DIR, `${lad}.geojson.gz`))).toString("utf-8")) as FeatureCollection<Geometry, Record<string, string>>;
    return fc.features.map((f): Feature<Geometry, {code: string; name: string; lad: string}> => ({
      type: "Feature",
      properties: {code: f.properties.LSOA21CD!, name: f.properties.LSOA21NM!, lad},
      geometry: JSON.parse(JSON.stringify(f.geometry, (_k, v: unknown) => (typeof v === "number" ? Math.round(v * 1e5) / 1e5 : v))) as Geometry
    }));
  });
  return {type: "FeatureCollection", features};
}

const perimeter = (fc: FeatureCollection): number => fc.features.reduce((s, f) => s + geoLength(f as Feature), 0);

describe("districtOutlines", () => {
  it("finds each Surrey district's boundary: closed lines, far shorter than its LSOAs' perimeters", () => {
    const lsoas = lsoasOf(SURREY);
    const names = new Map(SURREY.map((c, i) => [c, `District ${i + 1}`]));
    const outlines = districtOutlines(lsoas, names);
    expect(outlines.features.map((f) => f.properties.code)).toEqual(SURREY);
    for (const f of outlines.features) {
      const members: FeatureCollection = {type: "FeatureCollection", features: lsoas.features.filter((l) => l.properties.lad === f.properties.code)};
      const outline = geoLength(f);
      // Interior edges cancel out: a district's outline is a small part of the sum of its LSOAs' perimeters.
      expect(outline).toBeGreaterThan(0);
      expect(outline).toBeLessThan(perimeter(members) * 0.4);
      // The edges join into a few closed lines (the outer boundary, plus any islands or enclaves).
      expect(f.geometry.coordinates.length).toBeLessThanOrEqual(4);
      for (const line of f.geometry.coordinates) expect(line[0]).toEqual(line[line.length - 1]);
      // The label sits inside Surrey's bounding box.
      const [lon, lat] = f.properties.label;
      expect(lon).toBeGreaterThan(-0.9);
      expect(lon).toBeLessThan(0.1);
      expect(lat).toBeGreaterThan(51.0);
      expect(lat).toBeLessThan(51.5);
    }
  });

  it("gives a unitary authority one outline and refuses features without a district", () => {
    const plymouth = lsoasOf(["E06000026"]);
    const outlines = districtOutlines(plymouth, new Map([["E06000026", "Plymouth"]]));
    expect(outlines.features).toHaveLength(1);
    expect(() => districtOutlines(plymouth, new Map([["E07000209", "Guildford"]]))).toThrow(/no name for district\(s\) E06000026/);
    const stripped = {...plymouth, features: plymouth.features.map((f) => ({...f, properties: {code: f.properties.code}}))};
    expect(() => districtOutlines(stripped, new Map())).toThrow(/has no "lad" property/);
  });

  it("draws and names a county's districts over the choropleth", () => {
    const lsoas = lsoasOf(["E07000209", "E07000217"]);
    const outlines = districtOutlines(lsoas, new Map([["E07000209", "Guildford"], ["E07000217", "Woking"]]));
    // Each LSOA's own area (steradians × 1e9) stands in for a value: the map's colouring is not what is tested.
    const values = new Map(lsoas.features.map((f) => [f.properties.code, geoArea(f) * 1e9]));
    const chart = choropleth(lsoas, values, {document: newDocument(), idProperty: "code", nameProperty: "name", outlines, width: 640});
    const lines = [...chart.querySelectorAll('g[aria-label="geo"] path')].filter((p) => p.closest("g")?.getAttribute("stroke") === "black");
    expect(lines).toHaveLength(2);
    const names = [...chart.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent);
    expect(names).toEqual(["Guildford", "Woking"]);
  });

  it("moves Surrey's district names off each other on a phone's map (358 px) and a laptop's (640 px)", () => {
    const lsoas = lsoasOf(SURREY);
    const names = new Map(surrey.districts.map((d) => [d.code, d.name]));
    const outlines = districtOutlines(lsoas, names);
    const values = new Map(lsoas.features.map((f) => [f.properties.code, geoArea(f) * 1e9]));
    for (const width of [358, 640]) {
      const chart = choropleth(lsoas, values, {document: newDocument(), idProperty: "code", nameProperty: "name", outlines, width});
      const svg = chart.querySelector("svg.plot-d6a7b5")!;
      const texts = [...svg.querySelectorAll('g[aria-label="text"] text')];
      expect(texts.map((t) => [...t.querySelectorAll("tspan")].map((l) => l.textContent).join(" ") || t.textContent).sort()).toEqual([...names.values()].sort());
      // Boxes as the chart estimates them (bold 8% wider, 14 px lines): no two overlap.
      const boxes = texts.map((t) => {
        const [, x, y] = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(t.getAttribute("transform")!)!.map(Number) as [number, number, number];
        const lines = t.querySelectorAll("tspan").length ? [...t.querySelectorAll("tspan")].map((l) => l.textContent ?? "") : [t.textContent ?? ""];
        const w = Math.max(...lines.map((l) => textWidth(l) * 1.08));
        return {name: lines.join(" "), x0: x - w / 2, x1: x + w / 2, y0: y - (lines.length * 14) / 2, y1: y + (lines.length * 14) / 2};
      });
      for (const a of boxes) for (const b of boxes) if (a !== b) expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1, `${width} px: ${a.name} over ${b.name}`).toBe(false);
    }
  });
});
