/**
 * The service mapping chapter's pieces (components/services/) in jsdom, on the tables service-tables.ts computes
 * from a small register in real Plymouth LSOAs and wards: the heatmap's cells and its "none" gaps, the map's marks
 * (one per place, services of one ward together), and the gap tables' highlighted rows and CSV.
 */
import {describe, expect, it} from "vitest";
import {coverageHeatmap} from "../../components/services/coverage-heatmap.ts";
import {servicePoints} from "../../components/services/service-map.ts";
import {tableBlock} from "../../components/services/table-block.ts";
import {coverageMatrix, levelGaps, placeServices, type Place, type ServiceInput} from "../../loaders/prepare/service-tables.ts";
import {newDocument} from "./charts/snapshot.ts";

const PLACES: Place[] = [
  {lsoa21_code: "E01015156", lsoa21_name: "Plymouth 027E", ward_code: "E05002094", ward_name: "St Peter and the Waterfront", lad_code: "E06000026", latitude: 50.36749540210243, longitude: -4.139980828042667},
  {lsoa21_code: "E01032658", lsoa21_name: "Plymouth 027G", ward_code: "E05002094", ward_name: "St Peter and the Waterfront", lad_code: "E06000026", latitude: 50.37095044738377, longitude: -4.136461049710519},
  {lsoa21_code: "E01015023", lsoa21_name: "Plymouth 003A", ward_code: "E05002078", ward_name: "Budshead", lad_code: "E06000026", latitude: 50.41952676346349, longitude: -4.1453194167772}
];
const service = (name: string, area: string, prevention: string | null): ServiceInput => ({source: "services.csv", example: false, service_name: name, provider: "Plymouth City Council", service_type: "Youth work", area, age_group: "10-17", prevention_level: prevention, who_level: "individual"});
const SERVICES = placeServices(
  [service("Detached youth work", "E01015156", "primary"), service("Mentoring", "E01015156", "secondary"), service("Street pastors", "E05002094", "primary"), service("Outreach", "E05002094", "tertiary"), service("Victim support", "Whole area", null)],
  PLACES,
  ["E06000026"]
);

describe("servicePoints", () => {
  it("draws services at one LSOA, or of one ward, as one mark, and leaves the area-wide ones off the map", () => {
    const {points, unplaced} = servicePoints(SERVICES);
    expect(points.map((p) => [p.kind, p.place, p.names])).toEqual([
      ["LSOA", "Plymouth 027E, St Peter and the Waterfront", ["Detached youth work", "Mentoring"]],
      ["ward", "St Peter and the Waterfront ward", ["Street pastors", "Outreach"]]
    ]);
    expect(unplaced.map((s) => s.service_name)).toEqual(["Victim support"]);
  });
});

describe("coverageHeatmap", () => {
  const cells = coverageMatrix(SERVICES);
  it("draws a cell for every row of the matrix and writes none in each empty one", () => {
    const doc = newDocument();
    const chart = coverageHeatmap(cells, {document: doc, width: 640});
    const rects = chart.querySelectorAll('svg g[aria-label="cell"]')[0]!.querySelectorAll("rect");
    expect(rects).toHaveLength(cells.length);
    const texts = [...chart.querySelectorAll('svg g[aria-label="text"] text')].map((t) => t.textContent);
    expect(texts.filter((t) => t === "none")).toHaveLength(cells.filter((c) => c.services === 0).length);
    expect(texts.filter((t) => t !== "none").map(Number).sort()).toEqual(cells.filter((c) => c.services > 0).map((c) => c.services).sort());
    expect(chart.querySelector("svg[aria-description]")!.getAttribute("aria-description")).toContain(`${cells.filter((c) => c.services === 0).length} of ${cells.length} cells have no service`);
  });
  it("splits the row labels over two lines on a phone, so that the columns keep room for none", () => {
    const narrow = coverageHeatmap(cells, {document: newDocument(), width: 330});
    const wide = coverageHeatmap(cells, {document: newDocument(), width: 900});
    const labels = (chart: Element) => [...chart.querySelectorAll('svg g[aria-label="y-axis tick label"] text')].map((t) => t.querySelectorAll("tspan").length || 1);
    expect(Math.max(...labels(narrow))).toBe(2);
    expect(Math.max(...labels(wide))).toBe(1);
  });
});

describe("tableBlock", () => {
  it("shows the table with its gaps marked, its source line and a CSV of the same rows", () => {
    const doc = newDocument();
    const rows = levelGaps(SERVICES);
    const block = tableBlock({title: "Levels and the services that reach them", source: "Plymouth City Council service register", period: "2025", released: "received 2026-01-20", table: {rows, columns: [{key: "dimension", label: "Dimension"}, {key: "level", label: "Level"}, {key: "services", label: "Services"}]}, rowClass: (r) => (r.gap ? "sna-gap" : null), filename: "gaps.csv", document: doc});
    const gapRows = [...block.querySelectorAll("tbody tr.sna-gap")].map((tr) => tr.querySelector("td")!.textContent);
    expect(gapRows).toEqual(rows.filter((r) => r.gap).map((r) => r.level));
    expect(gapRows).toContain("contextual");
    expect(block.querySelector(".sna-figure__source")!.textContent).toBe("Source: Plymouth City Council service register · Period: 2025 · Released: received 2026-01-20");
    expect(block.querySelector('[role="region"]')!.getAttribute("aria-labelledby")).toBe(block.querySelector("h3")!.id);
    expect(() => tableBlock({title: "x", source: "", period: "2025", released: "2026", table: {rows, columns: [{key: "level", label: "Level"}]}, filename: "x.csv", document: doc})).toThrow(/"source" is empty/);
  });
});
