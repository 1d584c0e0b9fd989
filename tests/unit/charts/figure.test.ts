/** The figure wrapper: title, chart as an image with text alternatives, source line, table twin and CSV download. */
import {describe, expect, it, vi} from "vitest";
import {monthlySeries} from "../../../components/charts/index.ts";
import {figure, tableCsv, type TableColumn} from "../../../components/figure/index.ts";
import {formatCI} from "../../../components/format/index.ts";
import {lads, monthly} from "./fixtures.ts";
import {assertSnapshot, newDocument} from "./snapshot.ts";

type Monthly = {month: string; series: string; count: number | null};
const columns: TableColumn<Monthly>[] = [
  {key: "month", label: "Month"},
  {key: "series", label: "Crime type"},
  {key: "count", label: "Crimes", nullLabel: "no data"}
];

function monthlyFigure(doc: Document, rows: readonly Monthly[] = monthly) {
  return figure({
    title: "Violence, public order and weapons offences in Plymouth by month",
    subtitle: "Crimes recorded by Devon & Cornwall Police in Plymouth's LSOAs",
    source: "police.uk street-level crime (Home Office)",
    period: "Jan 2024 to Dec 2025",
    released: "Jan 2026",
    note: "May to Dec 2024 are missing from the snapshot.",
    alt: "Line chart of monthly crimes in Plymouth for three crime types, Jan 2024 to Dec 2025",
    chart: monthlySeries(rows, {document: doc}),
    table: {rows, columns},
    filename: "plymouth-monthly-crime.csv",
    document: doc
  });
}

describe("figure", () => {
  it("wraps the monthly chart with its title, source line, table and CSV button", async () => {
    const doc = newDocument();
    const fig = monthlyFigure(doc);
    await assertSnapshot("figure-monthly-plymouth", fig);
    expect(fig.localName).toBe("figure");
    const title = fig.querySelector("h3")!;
    expect(fig.getAttribute("aria-labelledby")).toBe(title.id);
    expect(title.textContent).toBe("Violence, public order and weapons offences in Plymouth by month");
    expect(fig.querySelector(".sna-figure__source")!.textContent).toBe(
      "Source: police.uk street-level crime (Home Office) · Period: Jan 2024 to Dec 2025 · Released: Jan 2026"
    );
  });

  it("makes the chart one image named by the alt text and described by the longer text", () => {
    const doc = newDocument();
    const fig = monthlyFigure(doc);
    doc.body.append(fig);
    const img = fig.querySelector('[role="img"]')!;
    expect(img.getAttribute("aria-label")).toBe("Line chart of monthly crimes in Plymouth for three crime types, Jan 2024 to Dec 2025");
    const desc = doc.getElementById(img.getAttribute("aria-describedby")!)!;
    expect(desc.textContent).toMatch(/^Possession of weapons: monthly counts from Jan 2024 to Dec 2025; .*Violence and sexual offences: .*8 months missing \(May 2024 to Dec 2024\)\.$/);
    // Ids are unique in the page.
    const ids = [...doc.querySelectorAll("[id]")].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("holds an accessible table with a row per record, and never shows a missing value as 0", () => {
    const doc = newDocument();
    const rows: Monthly[] = [...monthly.slice(0, 3), {month: "2024-05", series: "Possession of weapons", count: null}];
    const fig = monthlyFigure(doc, rows);
    // The table scrolls in its own focusable region, named by the figure's title, so that a phone's page never does.
    const region = fig.querySelector('details > [role="region"]')!;
    expect([region.getAttribute("tabindex"), region.getAttribute("aria-labelledby")]).toEqual(["0", fig.querySelector("h3")!.id]);
    const table = region.querySelector(":scope > table")!;
    expect(fig.querySelector("details > summary")!.textContent).toBe("Table: Violence, public order and weapons offences in Plymouth by month");
    expect(table.querySelector("caption")!.textContent).toBe("Violence, public order and weapons offences in Plymouth by month");
    expect([...table.querySelectorAll("thead th")].map((th) => [th.getAttribute("scope"), th.textContent])).toEqual([
      ["col", "Month"],
      ["col", "Crime type"],
      ["col", "Crimes"]
    ]);
    const body = [...table.querySelectorAll("tbody tr")];
    expect(body).toHaveLength(rows.length);
    expect(body.every((tr) => tr.firstElementChild!.localName === "th" && tr.firstElementChild!.getAttribute("scope") === "row")).toBe(true);
    const last = body[3]!.querySelectorAll("td")[1]!;
    expect(last.textContent).toBe("no data");
    expect(last.className).toBe("sna-missing");
  });

  it("downloads the CSV twin through a Blob URL when the button is pressed", async () => {
    const doc = newDocument();
    const view = doc.defaultView!;
    const blobs: Blob[] = [];
    // jsdom has no object URLs; stand in for the browser's, keeping the Blob to read back.
    view.URL.createObjectURL = (b: Blob) => (blobs.push(b), "blob:test/1");
    view.URL.revokeObjectURL = vi.fn();
    const clicked: string[] = [];
    view.HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(`${this.getAttribute("download")} ${this.getAttribute("href")}`);
    };
    const fig = monthlyFigure(doc, monthly.slice(0, 2));
    doc.body.append(fig);
    const button = fig.querySelector("button")!;
    expect(button.textContent).toBe("Download CSV");
    button.click();
    expect(clicked).toEqual(["plymouth-monthly-crime.csv blob:test/1"]);
    expect(blobs[0]!.type).toBe("text/csv;charset=utf-8");
    const reader = new view.FileReader();
    const bytes = await new Promise<ArrayBuffer>((resolve) => {
      reader.onload = () => resolve(reader.result as ArrayBuffer);
      reader.readAsArrayBuffer(blobs[0]!);
    });
    expect(new TextDecoder("utf-8", {ignoreBOM: true}).decode(bytes)).toBe(
      "\ufeffMonth,Crime type,Crimes,Note\r\n2024-01,Possession of weapons,33,\r\n2024-02,Possession of weapons,32,\r\n"
    );
    expect(doc.querySelectorAll("a[download]")).toHaveLength(0);
  });

  it("refuses a figure without its source, period or release", () => {
    const doc = newDocument();
    const base = {title: "T", source: "S", period: "P", released: "R", alt: "A", chart: doc.createElement("div"), table: {rows: [], columns}, filename: "t.csv", document: doc};
    expect(() => figure({...base, source: " "})).toThrow(/"source" is empty; every figure must name its source/);
    expect(() => figure({...base, released: ""})).toThrow(/"released" is empty/);
    expect(() => figure({...base, filename: "../t.csv"})).toThrow(/must be a plain name ending in \.csv/);
  });
});

describe("tableCsv", () => {
  it("quotes as RFC 4180, writes plain numbers, and leaves suppressed cells empty with a note", () => {
    type Row = {area: string; count: number | null; value: number | null; lower: number | null; upper: number | null};
    const rows: Row[] = [
      ...lads.slice(0, 2).map((r) => ({area: r.lad, count: r.count, value: r.value, lower: r.lower, upper: r.upper})),
      {area: 'Area "A", with comma', count: null, value: null, lower: null, upper: null},
      {area: "Zero area", count: 0, value: 0, lower: 0, upper: 1.2345}
    ];
    const cols: TableColumn<Row>[] = [
      {key: "area", label: "Area"},
      {key: "count", label: "Crimes", nullLabel: "suppressed"},
      {key: "value", label: "Rate per 1,000", nullLabel: "suppressed", digits: 1},
      {key: "lower", label: "Lower 95% CI", digits: 1, nullLabel: (r) => (r.count === null ? "suppressed" : "not calculated")},
      {key: "upper", label: "Upper 95% CI", digits: 1}
    ];
    expect(tableCsv({rows, columns: cols})).toBe(
      [
        "Area,Crimes,\"Rate per 1,000\",Lower 95% CI,Upper 95% CI,Note",
        "Plymouth,12478,47.1,46.3,48,",
        "Torbay,6436,46.2,45.1,47.3,",
        '"Area ""A"", with comma",,,,,"Crimes: suppressed; Rate per 1,000: suppressed; Lower 95% CI: suppressed; Upper 95% CI: no data"',
        "Zero area,0,0,0,1.2,",
        ""
      ].join("\r\n")
    );
  });

  it("formats table cells with column formats and en-GB numbers", () => {
    const doc = newDocument();
    type Row = {area: string; count: number; value: number; lower: number; upper: number};
    const rows: Row[] = lads.slice(0, 1).map((r) => ({area: r.lad, count: r.count, value: r.value, lower: r.lower, upper: r.upper}));
    const fig = figure({
      title: "Violence rate", source: "police.uk", period: "2025", released: "Jan 2026", alt: "Dot plot", chart: doc.createElement("div"), filename: "rate.csv", document: doc,
      table: {rows, columns: [{key: "area", label: "Area"}, {key: "count", label: "Crimes"}, {key: "value", label: "Rate (95% CI)", format: (v, r) => formatCI(v, r.lower, r.upper)}]}
    });
    expect([...fig.querySelectorAll("tbody tr > *")].map((c) => c.textContent)).toEqual(["Plymouth", "12,478", "47.1 (46.3 to 48.0)"]);
  });
});
