/**
 * References in the analyst's text (loaders/content/references.ts): parsing, resolving against rows typed by the
 * registry, formats, empty and suppressed values (never a number), unknown names with close matches, and the EXAMPLE
 * label on the page (components/content/slot.ts). Rows are small, real-shaped excerpts of the prepared tables.
 */
import {describe, expect, it} from "vitest";
import {JSDOM} from "jsdom";
import {TABLES} from "../../components/tables/registry.ts";
import {closeMatches, fillReferences, levenshtein, parseReference, ReferenceError, resolveReference, type RefTable, type RefTables} from "../../loaders/content/references.ts";
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {loadContent, splitContent, ContentError} from "../../loaders/content/load.ts";
import {parseConfig} from "../../loaders/config/load-config.ts";
import plymouth from "../../sna.config.ts";
import {configErrorOf} from "../helpers/config.ts";
import {slot} from "../../components/content/slot.ts";

const lsoa = (rank: number, code: string, name: string, ward: string | null, decile: number | null, count: number, rate: number, lower: number, upper: number) => ({
  rank, lsoa21_code: code, lsoa21_name: name, ward_name: ward, lad_code: "E06000026", lad_name: "Plymouth", population: 2000, imd_decile: decile, count, rate, lower, upper, ci_method: "Byar"
});
const record = (row: string, count: number | null, suppressed: boolean) => ({
  source: "examples/E06000026/EXAMPLE-ae-assault-plymouth-2025.csv", dataset: "ae-assault", example: true, owner: "NHS (EXAMPLE)", period: "2025-01 to 2025-12", table: "by-weapon", title: "Attendances by weapon",
  split_dim: null, split: null, row_dim: "Weapon", row, col_dim: null, col: null, total: false, count, suppressed, denominator: null, rate: null, rate_unit: null
});

const DATA: Record<string, RefTable> = {
  partnership: {kind: "json", value: {headline: {count: 13072, population: 264723, rate: 49.38, lower: 48.537, upper: 50.234, byType: [{crime_type: "Robbery", count: 175}, {crime_type: "Possession of weapons", count: 419}]}, concentration: {top10: {share: 0.3273}}, window: {available: ["2025-01", "2025-02", "2025-03"]}, note: null}},
  lsoa_violence: {kind: "rows", columns: TABLES.lsoa_violence.columns, rows: [lsoa(1, "E01015156", "Plymouth 027E", "St Peter and the Waterfront", 3, 752, 373.572, 347.345, 401.254), lsoa(2, "E01032658", "Plymouth 027G", null, 1, 466, 302.597, 275.743, 331.36), lsoa(3, "E01015152", "Plymouth 027C", "St Peter and the Waterfront", 1, 428, 170.247, 154.497, 187.166)]},
  partner_records: {kind: "rows", columns: TABLES.partner_records.columns, rows: [record("Glass or bottle", null, true), record("Knife", 12, false), record("Other", null, false)]}
};
const tables: RefTables = {get: (name) => DATA[name], names: () => [...Object.keys(DATA), "imd_deciles", "area_monthly"]};
const fill = (ref: string) => resolveReference(parseReference(ref), tables);
const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ReferenceError);
    return (e as Error).message;
  }
  throw new Error("expected a ReferenceError");
};

describe("parseReference", () => {
  it("reads a path, row conditions, an aggregate and a format with digits", () => {
    expect(parseReference(" lsoa_violence[rank=1].ward_name ")).toMatchObject({path: [{name: "lsoa_violence", where: [{column: "rank", value: "1"}]}, {name: "ward_name"}]});
    expect(parseReference("sum(partner_records[row=Knife, suppressed=false].count)|count")).toMatchObject({aggregate: "sum", format: "count", path: [{name: "partner_records", where: [{column: "row", value: "Knife"}, {column: "suppressed", value: "false"}]}, {name: "count"}]});
    expect(parseReference("partnership.concentration.top10.share|percent:0")).toMatchObject({format: "percent", digits: 0});
  });

  it("refuses malformed references with the fix", () => {
    expect(errorOf(() => parseReference("partnership..rate"))).toMatch(/name is missing/);
    expect(errorOf(() => parseReference("lsoa_violence[rank].count"))).toMatch(/write \[column=value\]/);
    expect(errorOf(() => parseReference("partnership.headline.rate|rat"))).toMatch(/unknown format "rat"; did you mean rate\?/);
    expect(errorOf(() => parseReference("total(lsoa_violence)"))).toMatch(/unknown function "total"/);
    expect(errorOf(() => parseReference(""))).toMatch(/empty reference/);
  });
});

describe("resolveReference", () => {
  it("fills known references, formatted by the registry's column type or the value", () => {
    expect(fill("partnership.headline.count")).toBe("13,072");
    expect(fill("partnership.headline.rate")).toBe("49.4");
    expect(fill("lsoa_violence[rank=1].ward_name")).toBe("St Peter and the Waterfront");
    expect(fill("lsoa_violence[lsoa21_name=Plymouth 027E].count")).toBe("752");
    expect(fill("partnership.headline.byType[crime_type=Possession of weapons].count")).toBe("419");
  });

  it("applies explicit formats: count, rate with digits, percent, ci, number", () => {
    expect(fill("partnership.headline.rate|rate:2")).toBe("49.38");
    expect(fill("partnership.concentration.top10.share|percent")).toBe("32.7%");
    expect(fill("partnership.concentration.top10.share|percent:0")).toBe("33%");
    expect(fill("partnership.headline.rate|ci")).toBe("49.4 (48.5 to 50.2)");
    expect(fill("lsoa_violence[rank=1].rate|ci")).toBe("373.6 (347.3 to 401.3)");
    expect(fill("partnership.headline.population|number")).toBe("264,723");
    expect(fill("lsoa_violence[rank=2].rate|number:3")).toBe("302.597");
  });

  it("aggregates: count of rows or list items, sum, min and max of a column", () => {
    expect(fill("count(lsoa_violence)")).toBe("3");
    expect(fill("count(lsoa_violence[imd_decile=1])")).toBe("2");
    expect(fill("count(partnership.window.available)")).toBe("3");
    expect(fill("sum(lsoa_violence.count)")).toBe("1,646");
    expect(fill("sum(lsoa_violence[imd_decile=1].count)")).toBe("894");
    expect(fill("max(lsoa_violence.rate)")).toBe("373.6");
    expect(fill("min(lsoa_violence.count)")).toBe("428");
  });

  it("writes suppressed and empty values as words, never as a number or 0", () => {
    expect(fill("partner_records[row=Glass or bottle].count")).toBe("suppressed");
    expect(fill("partner_records[row=Glass or bottle].count|count")).toBe("suppressed");
    expect(fill("partner_records[row=Glass or bottle].count|percent")).toBe("suppressed");
    expect(fill("partner_records[row=Other].count")).toBe("no data");
    expect(fill("lsoa_violence[rank=2].ward_name")).toBe("no data");
    expect(fill("partnership.note")).toBe("no data");
    expect(errorOf(() => fill("partnership.constructor"))).toMatch(/has no field "constructor"/);
    expect(fill("partner_records[row=Knife].count")).toBe("12");
    // A sum over a suppressed cell is unknown: a partial sum would understate.
    expect(fill("sum(partner_records.count)")).toBe("suppressed");
    expect(fill("sum(partner_records[suppressed=false].count)")).toBe("no data");
    expect(fill("sum(partner_records[row=Knife].count)")).toBe("12");
  });

  it("refuses unknown tables, columns, fields and rows, with close matches", () => {
    expect(errorOf(() => fill("lsoa_violance[rank=1].ward_name"))).toBe('no table "lsoa_violance"; did you mean lsoa_violence?');
    expect(errorOf(() => fill("lsoa_violence[rank=1].ward"))).toMatch(/lsoa_violence\[rank=1\] has no column "ward"; did you mean ward_name\?/);
    expect(errorOf(() => fill("lsoa_violence[rnk=1].count"))).toMatch(/has no column "rnk"; did you mean rank\?/);
    expect(errorOf(() => fill("lsoa_violence[rank=9].count"))).toMatch(/no row of lsoa_violence where rank is "9"/);
    expect(errorOf(() => fill("partnership.headline.rat"))).toMatch(/partnership.headline has no field "rat"; did you mean rate\?/);
    expect(errorOf(() => fill("partnership.headline.byType[crime_type=Robery].count"))).toMatch(/did you mean Robbery\?/);
  });

  it("refuses references that do not name one value", () => {
    expect(errorOf(() => fill("lsoa_violence.count"))).toMatch(/has 3 rows: choose one with \[column=value\]/);
    expect(errorOf(() => fill("lsoa_violence[imd_decile=1].count"))).toMatch(/matches 2 rows|has 2 rows/);
    expect(errorOf(() => fill("partnership.headline"))).toMatch(/not a single value/);
    expect(errorOf(() => fill("lsoa_violence[rank=1].ward_name|count"))).toMatch(/is text; \|count is for numbers/);
    expect(errorOf(() => fill("lsoa_violence[rank=1].count|ci"))).toMatch(/needs lower and upper limits/);
    expect(errorOf(() => fill("sum(lsoa_violence)"))).toMatch(/needs a column/);
  });
});

describe("a table with no rows in this build (the data is absent, not mistyped)", () => {
  const empty: RefTables = {get: (name) => (name === "service_gap_hotspots" ? {kind: "rows", columns: TABLES.service_gap_hotspots.columns, rows: []} : tables.get(name)), names: () => [...tables.names(), "service_gap_hotspots"]};
  const fillEmpty = (ref: string) => resolveReference(parseReference(ref), empty);

  it("writes a value as no data and a count of rows as 0, never failing the build", () => {
    expect(fillEmpty("service_gap_hotspots[rank=1].lsoa21_name")).toBe("no data");
    expect(fillEmpty("service_gap_hotspots[rank=1].services_in_ward")).toBe("no data");
    expect(fillEmpty("count(service_gap_hotspots[gap=true])")).toBe("0");
    expect(fillEmpty("sum(service_gap_hotspots.count)")).toBe("no data");
  });

  it("still refuses a column the registry does not have, with close matches", () => {
    expect(() => fillEmpty("service_gap_hotspots[rnk=1].lsoa21_name")).toThrow(/service_gap_hotspots has no column "rnk"; did you mean rank\?/);
    expect(() => fillEmpty("service_gap_hotspots[rank=1].lsoa_name")).toThrow(/has no column "lsoa_name"; did you mean lsoa21_name\?/);
    expect(() => fillEmpty("service_gap_hotspots[rank=1]")).toThrow(/is a table: choose a row and a column/);
  });

  it("says which line read the empty table, for the build log", () => {
    const notes: string[] = [];
    expect(fillReferences("Top: {{service_gap_hotspots[rank=1].lsoa21_name}};\nRate {{partnership.headline.rate}}.", {file: "content/E06000026/service-mapping.md", line: 9}, empty, notes)).toBe("Top: no data;\nRate 49.4.");
    expect(notes).toEqual(['content/E06000026/service-mapping.md, line 9: {{service_gap_hotspots[rank=1].lsoa21_name}} reads service_gap_hotspots, which has no rows in this build: written "no data"']);
  });
});

describe("fillReferences", () => {
  it("fills every reference of a text and keeps the rest", () => {
    expect(fillReferences("Rate {{partnership.headline.rate}} per 1,000;\n{{ count(lsoa_violence) }} LSOAs.", {file: "content/E06000026/index.md", line: 5}, tables)).toBe("Rate 49.4 per 1,000;\n3 LSOAs.");
  });

  it("names the file and line of every unknown reference at once", () => {
    const message = errorOf(() => fillReferences("One.\nTop: {{lsoa_violance[rank=1].ward_name}}.\nAnd {{partnership.headline.rat}} {{partnership.headline.count", {file: "content/E06000026/index.md", line: 6}, tables));
    expect(message).toContain('content/E06000026/index.md, line 7: {{lsoa_violance[rank=1].ward_name}}: no table "lsoa_violance"; did you mean lsoa_violence?');
    expect(message).toContain("content/E06000026/index.md, line 8: {{partnership.headline.rat}}: partnership.headline has no field");
    expect(message).toMatch(/line 8: "\{\{" and "\}\}" must come in pairs/);
  });
});

describe("close matches", () => {
  it("computes edit distance", () => {
    expect(levenshtein("", "")).toBe(0);
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("lsoa_violance", "lsoa_violence")).toBe(1);
    expect(levenshtein("abc", "")).toBe(3);
    expect(levenshtein("flaw", "lawn")).toBe(2);
  });

  it("offers the nearest few, nearest first, and nothing far away", () => {
    expect(closeMatches("lsoa_violance", ["lsoa_violence", "imd_deciles", "lsoa_risk_factors"])).toEqual(["lsoa_violence"]);
    expect(closeMatches("rate", ["rate", "rank", "lower", "upper"])).toEqual(["rate", "rank"]);
    expect(closeMatches("ward", ["ward_name", "lad_name"])).toEqual(["ward_name"]);
    expect(closeMatches("zzzz", ["rate", "rank"])).toEqual([]);
  });
});

describe("content files", () => {
  it("splits front matter and slots, with the line of each slot's first line", () => {
    const {example, sections} = splitContent("---\nexample: true\n---\n\n## Introduction\nHello.\n\n## Implications\nAct.\n", "content/X/index.md");
    expect(example).toBe(true);
    expect(sections.map((s) => [s.slot, s.line, s.body.trim()])).toEqual([["introduction", 6, "Hello."], ["implications", 9, "Act."]]);
  });

  it("refuses an unknown slot heading, text outside a slot and unknown front matter, naming the line", () => {
    const err = (text: string) => {
      try {
        splitContent(text, "content/X/index.md");
      } catch (e) {
        expect(e).toBeInstanceOf(ContentError);
        return (e as Error).message;
      }
      throw new Error("expected a ContentError");
    };
    expect(err("## Introduction\nA.\n## Interpretaton\nB.")).toMatch(/content\/X\/index.md, line 3: "## Interpretaton" is not a slot.*did you mean interpretation/);
    expect(err("Stray words.\n## Introduction\n")).toMatch(/line 1: text before the first slot heading/);
    expect(err("---\ntitle: x\n---\n## Introduction\n")).toMatch(/line 2: the only front matter is "example: true"/);
  });
});

describe("hostile text", () => {
  it("long lines of brackets, spaces and hashes are read once (no backtracking), and refused with the line", () => {
    expect(() => splitContent(`## ${" ".repeat(200_000)}x${"#".repeat(200_000)}`, "content/X/index.md")).toThrow(/line 1: "## x" is not a slot/);
    expect(() => fillReferences(`${"{{".repeat(100_000)}${"[".repeat(100_000)}`, {file: "content/X/index.md", line: 3}, tables)).toThrow(/line 3: "\{\{" and "\}\}" must come in pairs/);
    expect(() => fillReferences(`{{${"a[".repeat(50_000)}}}`, {file: "content/X/index.md", line: 1}, tables)).toThrow(ReferenceError);
  });
});

describe("slot on the page", () => {
  const {document} = new JSDOM("<!doctype html><body></body>").window;
  const content = {chapters: {index: {introduction: {html: "<p>Rate 49.4.</p>", example: true}, implications: {html: "<p>Act.</p>", example: false}}}};

  it("labels EXAMPLE narrative and shows the slot's text", () => {
    const el = slot(content, "index", "introduction", document) as HTMLElement;
    expect(el.querySelector(".sna-slot__label")?.textContent).toMatch(/^EXAMPLE narrative\./);
    expect(el.textContent).toContain("Rate 49.4.");
    const real = slot(content, "index", "implications", document) as HTMLElement;
    expect(real.querySelector(".sna-slot__label")).toBeNull();
    expect(real.querySelector("h2")?.textContent).toBe("Implications");
  });

  it("shows nothing for a chapter or slot with no text", () => {
    expect(slot(content, "index", "interpretation", document)).toBe("");
    expect(slot(content, "methods", "introduction", document)).toBe("");
  });
});

describe("rendering and the EXAMPLE switch", () => {
  const render = (files: Record<string, string>, showExamples = true) => {
    const root = mkdtempSync(join(tmpdir(), "sna-content-unit-"));
    try {
      mkdirSync(join(root, "E06000026"));
      for (const [name, text] of Object.entries(files)) writeFileSync(join(root, "E06000026", name), text);
      return loadContent(root, "E06000026", tables, {showExamples, projectRoot: root});
    } finally {
      rmSync(root, {recursive: true, force: true});
    }
  };

  it("renders Markdown with references filled; javascript: links and raw HTML never become markup", () => {
    const doc = render({"index.md": "## Introduction\n**{{partnership.headline.count}}** offences. [x](javascript:alert(1)) <img src=x onerror=alert(1)>\n"});
    const html = doc.chapters.index!.introduction!.html;
    expect(html).toContain("<strong>13,072</strong> offences.");
    expect(html).not.toContain("href=\"javascript");
    expect(html).not.toContain("<img");
  });

  it("drops files marked example: true when showExamples is false, and keeps the rest", () => {
    const files = {"index.md": "---\nexample: true\n---\n## Introduction\nExample words.\n", "violence-profile.md": "## Implications\nOur words.\n"};
    expect(Object.keys(render(files).chapters).sort()).toEqual(["index", "violence-profile"]);
    expect(render(files).chapters.index!.introduction!.example).toBe(true);
    expect(render(files, false).chapters).toEqual({"violence-profile": {implications: {html: "<p>Our words.</p>\n", example: false}}});
  });

  it("configuration: content.showExamples defaults to true and must be a boolean", () => {
    expect(parseConfig(plymouth, "sna.config.ts").content).toEqual({showExamples: true});
    expect(parseConfig({...plymouth, content: {showExamples: false}}, "sna.config.ts").content.showExamples).toBe(false);
    expect(configErrorOf({...plymouth, content: {showExamples: "no"}})).toMatch(/content.showExamples/);
  });
});
