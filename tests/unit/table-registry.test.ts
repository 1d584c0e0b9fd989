/**
 * The registry of prepared tables (components/tables/registry.ts) is the one place a table's name, file, builder and
 * columns are written: the data loaders, the pages' parsing and Explore's table list are derived from it, and these
 * tests keep each of them in step.
 */
import {describe, expect, it} from "vitest";
import {readdirSync, readFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {columnNames, describeTable, pagePath, TABLE_LIST, TABLES, tableForFile} from "../../components/tables/registry.ts";
import {cellValue, parseTable} from "../../components/tables/parse.ts";
import {rowSchema, writeTable} from "../../loaders/prepare/table-schema.ts";
import {PARTNER_RECORD_COLUMNS} from "../../loaders/partners/aggregate.ts";
import {SERVICE_COLUMNS} from "../../loaders/partners/load.ts";
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";

const ROOT = resolve(import.meta.dirname, "../..");
const pages = readdirSync(join(ROOT, "src")).filter((f) => f.endsWith(".md")).map((f) => ({file: f, text: readFileSync(join(ROOT, "src", f), "utf-8")}));

describe("the registry", () => {
  it("names each table once, by a SQL-safe name that is its key", () => {
    for (const [key, t] of Object.entries(TABLES)) expect(t.name).toBe(key);
    expect(new Set(TABLE_LIST.map((t) => t.file)).size).toBe(TABLE_LIST.length);
    for (const t of TABLE_LIST) expect(t.name).toMatch(/^[a-z][a-z0-9_]*$/);
  });
  it("gives every table a builder that exists and every column a description", () => {
    for (const t of TABLE_LIST) {
      const [module, fn] = t.builder.split(" ");
      const source = readFileSync(join(ROOT, module!), "utf-8");
      if (fn) expect(source, `${t.name}: ${t.builder}`).toMatch(new RegExp(`(function|const) ${fn}\\b`));
      // A JSON document has its own shape; a table has columns.
      expect(Object.keys(t.columns ?? {}).length > 0, t.name).toBe(t.format !== "json");
      for (const [c, def] of Object.entries(t.columns ?? {})) expect(def.description.length, `${t.name}.${c}`).toBeGreaterThan(3);
    }
  });
  it("agrees with the partner pipeline's own zod schema and service columns", () => {
    expect(columnNames(TABLES.partner_records)).toEqual(PARTNER_RECORD_COLUMNS);
    expect(columnNames(TABLES.partners_services)).toEqual(SERVICE_COLUMNS);
  });
  it("fills in the partnership's names", () => {
    expect(describeTable(TABLES.crimes, {area: "Plymouth", forces: "Devon & Cornwall Police"})).toContain("every police.uk street record of Devon & Cornwall Police");
    expect(tableForFile("partners/partner-records.csv")).toBe(TABLES.partner_records);
    expect(pagePath(TABLES.partner_records)).toBe("data/partner-records.csv");
  });
});

describe("derived: one Framework data loader per table, and no other", () => {
  const loaders = readdirSync(join(ROOT, "src/data"));
  it("src/data/<file>.js prints its table by name and prepared file", () => {
    for (const t of TABLE_LIST) {
      const loader = `${pagePath(t).slice("data/".length)}.js`;
      expect(loaders, t.name).toContain(loader);
      expect(readFileSync(join(ROOT, "src/data", loader), "utf-8")).toContain(`await printPrepared("${t.name}", "${t.file}");`);
    }
    expect(loaders).toHaveLength(TABLE_LIST.length);
  });
});

describe("derived: the pages' parsing", () => {
  it("no page lists a table's columns to type them: every CSV is read through parseTable with its registry entry", () => {
    for (const {file, text} of pages) {
      expect(text, file).not.toMatch(/\bnumeric\(|\bbooleans\(|\.csv\(\{\s*typed/);
      for (const m of text.matchAll(/FileAttachment\("(data\/[^"]+\.csv)"\)\.csv\(\)/g)) {
        const before = text.slice(Math.max(0, m.index - 60), m.index);
        const table = TABLE_LIST.find((t) => pagePath(t) === m[1]);
        expect(table, `${file}: ${m[1]} is not in the registry`).toBeDefined();
        // Parsed where it is read, or requested early as `const fooCsv = FileAttachment(…).csv();` and parsed by name.
        const early = /const (\w+) = $/.exec(before)?.[1];
        if (early) expect(text, `${file}: ${m[1]} (${early})`).toContain(`parseTable(TABLES.${table!.name}, ${early})`);
        else expect(before, `${file}: ${m[1]}`).toContain(`parseTable(TABLES.${table!.name}, await `);
      }
    }
  });
  it("types cells from the registry: numbers, booleans, and empty as null (never 0)", () => {
    const rows = Object.assign([{lad_code: "E06000026", lad_name: "Plymouth", region_name: "South West", force_id: "devon-and-cornwall", population: "264723", count: "13075", months_read: "12", rate: "49.39", lower: "", upper: "", ci_method: "", complete: "true", partnership: "false", reason: ""}], {columns: columnNames(TABLES.england_districts)});
    const [row] = parseTable(TABLES.england_districts, rows);
    expect(row).toMatchObject({population: 264723, count: 13075, rate: 49.39, lower: null, ci_method: null, complete: true, partnership: false, reason: null});
  });
  it("fails loudly, naming the file, row and column, when the file and the page disagree", () => {
    const good = {month: "2025-01", crime_type: "Robbery", count: "3"};
    expect(() => parseTable(TABLES.area_monthly, Object.assign([{month: "2025-01", count: "3"}], {columns: ["month", "count"]}))).toThrow("data/area-monthly.csv lacks crime_type: the page and the prepared data disagree. Rebuild the site");
    expect(() => parseTable(TABLES.area_monthly, Object.assign([good, {...good, count: "3,4"}], {columns: ["month", "crime_type", "count"]}))).toThrow('data/area-monthly.csv, row 3, column count: "3,4" is not a number');
    expect(() => parseTable(TABLES.area_monthly, Object.assign([{...good, count: ""}], {columns: ["month", "crime_type", "count"]}))).toThrow("row 2, column count: is empty");
    expect(() => cellValue("integer", "2.5")).toThrow("not a whole number");
  });
});

describe("derived: Explore's tables", () => {
  const explore = pages.find((p) => p.file === "explore.md")!.text;
  it("loads exactly the tables marked for Explore, each from its registry file", () => {
    const files = Object.fromEntries([...explore.matchAll(/^\s+([a-z_]+): FileAttachment\("([^"]+)"\),?$/gm)].map((m) => [m[1], m[2]]));
    const marked = TABLE_LIST.filter((t) => t.explore);
    expect(Object.keys(files).sort()).toEqual(marked.map((t) => t.name).sort());
    for (const t of marked) expect(files[t.name]).toBe(pagePath(t));
    expect(explore).toContain("TABLE_LIST.filter((t) => t.explore)");
    expect(explore).not.toMatch(/TABLE_NOTES/);
  });
});

describe("the prepare step's writer", () => {
  it("refuses a row with a column the registry lacks, or a wrong type, naming the table, row and column", () => {
    const schema = rowSchema(TABLES.outcomes);
    expect(schema.safeParse({crime_type: "Robbery", outcome: "Under investigation", count: 4}).success).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "sna-registry-"));
    try {
      const extra = [{crime_type: "Robbery", outcome: "x", count: 4, share: 0.5}] as never;
      expect(() => writeTable(dir, TABLES.outcomes, extra)).toThrow(/prepared table outcomes \(outcomes\.csv\), row 1, column share: .*violence-tables\.ts outcomes/);
      const wrong = [{crime_type: "Robbery", outcome: "x", count: 4}, {crime_type: "Robbery", outcome: "y", count: "5"}] as never;
      expect(() => writeTable(dir, TABLES.outcomes, wrong)).toThrow(/row 2, column count/);
      const missing = [{crime_type: "Robbery", outcome: "x", count: null}] as never;
      expect(() => writeTable(dir, TABLES.outcomes, missing)).toThrow(/row 1, column count/);
      writeTable(dir, TABLES.outcomes, [{count: 4, outcome: "x", crime_type: "Robbery"}]);
      expect(readFileSync(join(dir, "outcomes.csv"), "utf-8")).toBe("crime_type,outcome,count\nRobbery,x,4\n");
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
