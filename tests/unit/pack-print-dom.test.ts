// @vitest-environment jsdom
/**
 * components/pack/print.ts against the real Observable Inputs table (the ranked neighbourhoods table's component):
 * before printing, every row is rendered and every table disclosure opened; after, the disclosures close again.
 */
import {describe, expect, it} from "vitest";
import {closeDisclosures, expandLazyTables, keepFiguresTogether, openDisclosures, prepareForPrint} from "../../components/pack/print.ts";
import {figure} from "../../components/figure/figure.ts";

// The package has no type declarations; only its table is used, as the pages call it.
// @ts-expect-error TS7016: no declaration file for @observablehq/inputs
const Inputs = (await import("@observablehq/inputs")) as {table: (data: unknown[], options: {rows: number}) => HTMLElement};

const rows = Array.from({length: 317}, (_, i) => ({rank: i + 1, lsoa21_code: `E01${String(15000 + i).padStart(6, "0")}`}));

describe("printing tables in full", () => {
  it("renders every row of a lazy Inputs.table that draws only its first rows", () => {
    document.body.innerHTML = '<main id="observablehq-main"></main>';
    const table = Inputs.table(rows, {rows: 15});
    document.querySelector("#observablehq-main")!.append(table);
    const before = table.querySelectorAll("tbody tr").length;
    expect(before).toBeLessThan(rows.length); // Inputs draws twice its visible rows, more only on scroll
    expect(expandLazyTables(document)).toBe(rows.length - before);
    expect(table.querySelectorAll("tbody tr")).toHaveLength(rows.length);
    expect(table.querySelector("tbody tr:last-child")!.textContent).toContain("E01015316");
    // Its box is left as Inputs made it.
    expect(table.style.maxHeight).toBe(`${(15 + 1) * 22 - 1}px`);
  });

  it("opens closed disclosures for print and closes only those afterwards", () => {
    document.body.innerHTML = '<main id="observablehq-main"><details id="a"><summary>Table</summary><table></table></details><details id="b" open><summary>Open</summary></details></main>';
    expect(openDisclosures(document)).toBe(1);
    expect(document.querySelectorAll("details[open]")).toHaveLength(2);
    closeDisclosures(document);
    expect((document.querySelector("#a") as HTMLDetailsElement).open).toBe(false);
    expect((document.querySelector("#b") as HTMLDetailsElement).open).toBe(true);
  });

  it("wraps a figure's title, subtitle, chart and source line in one block, its table and button after it, once", () => {
    document.body.innerHTML = '<main id="observablehq-main"></main>';
    const chart = document.createElementNS("http://www.w3.org/2000/svg", "svg") as unknown as Element;
    const fig = figure({title: "Offences by month", subtitle: "A long subtitle", source: "police.uk", period: "2025", released: "2026", alt: "A chart", chart, table: {rows: [{m: "2025-01", n: 3}], columns: [{key: "m", label: "Month"}, {key: "n", label: "Offences"}]}, filename: "x.csv"});
    document.querySelector("#observablehq-main")!.append(fig);
    expect(keepFiguresTogether(document)).toBe(1);
    expect(keepFiguresTogether(document)).toBe(0);
    const keep = fig.querySelector(":scope > .sna-print-keep")!;
    expect([...keep.children].map((c) => c.className)).toEqual(["sna-figure__title", "sna-figure__subtitle", "sna-figure__chart", "sna-figure__source"]);
    expect([...fig.children].map((c) => c.className)).toEqual(["sna-print-keep", "sna-figure__table", "sna-figure__download"]);
    // The figure is still named by its title.
    expect(document.getElementById(fig.getAttribute("aria-labelledby")!)!.textContent).toBe("Offences by month");
  });

  it("does both on the beforeprint event, as the browser fires it before printing", () => {
    document.body.innerHTML = '<main id="observablehq-main"><details><summary>Table</summary></details></main>';
    const table = Inputs.table(rows, {rows: 10});
    document.querySelector("#observablehq-main")!.append(table);
    window.dispatchEvent(new Event("beforeprint"));
    expect(table.querySelectorAll("tbody tr")).toHaveLength(rows.length);
    expect(document.querySelector("details")!.open).toBe(true);
    window.dispatchEvent(new Event("afterprint"));
    expect(document.querySelector("details")!.open).toBe(false);
    expect(prepareForPrint(document)).toEqual({rows: 0, disclosures: 1, figures: 0});
  });
});
