/**
 * The MYE workbook reader, on workbooks written here in the ONS MYE2/MYE 5 layout (title rows, header row starting
 * "Code", ages 0…89 and "90+") holding the real mid-2020 values of Plymouth and England (tests/fixtures/ons).
 */
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {csvParse} from "d3-dsv";
import ExcelJS from "exceljs";
import {afterAll, describe, expect, it} from "vitest";
import {readMyeWorkbook, toCsv} from "../../loaders/ons/mye.ts";
import {ONS_FIXTURES} from "../fixtures/ons/ons-replay-server.ts";
import {writeWorkbook} from "../helpers/write-workbook.ts";

const real = csvParse(readFileSync(join(ONS_FIXTURES, "mye2020_sya_plymouth_england.csv"), "utf-8"));
const dir = mkdtempSync(join(tmpdir(), "ons-mye-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const AGES = [...Array.from({length: 90}, (_, a) => String(a)), "90+"];
const AREA = {E06000026: 79.8497, E92000001: 130310.4928};

async function workbook(name: string, edit: (wb: ExcelJS.Workbook) => void = () => {}): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const pops = new Map<string, number>();
  for (const [sex, sheet] of [["male", "MYE2 - Males"], ["female", "MYE2 - Females"]] as const) {
    const ws = wb.addWorksheet(sheet);
    ws.addRow([`MYE2: ${sheet} by single year of age and sex for local authorities in the UK, mid-2020`]);
    ws.addRow(["This worksheet contains one table."]);
    ws.addRow(["Code", "Name", "Geography", "All ages", ...AGES]);
    for (const code of ["E92000001", "E06000026"]) {
      const rows = real.filter((r) => r.code === code && r.sex === sex).sort((a, b) => Number(a.age) - Number(b.age));
      const values = rows.map((r) => Number(r.population));
      const total = values.reduce((s, v) => s + v, 0);
      pops.set(code, (pops.get(code) ?? 0) + total);
      ws.addRow([code, rows[0]!.name, rows[0]!.geography, total, ...values]);
    }
  }
  const ws = wb.addWorksheet("MYE 5");
  ws.addRow(["MYE5: Population density for local authorities in the UK, mid-2001 to mid-2020"]);
  ws.addRow(["Code", "Name", "Geography", "Area (sq km)", "Estimated population mid-2020", "2020 people per sq. km"]);
  for (const [code, area] of Object.entries(AREA)) ws.addRow([code, code === "E92000001" ? "ENGLAND" : "Plymouth", code === "E92000001" ? "Country" : "Unitary Authority", area, pops.get(code), pops.get(code)! / area]);
  edit(wb);
  const path = join(dir, name);
  await writeWorkbook(wb, path);
  return path;
}

describe("readMyeWorkbook", () => {
  it("reads single years by sex and area, values unchanged", async () => {
    const {sya, area} = await readMyeWorkbook(await workbook("ok.xlsx"));
    expect(sya).toHaveLength(2 * 2 * 91);
    expect(sya.filter((r) => r.code === "E06000026").reduce((s, r) => s + r.population, 0)).toBe(262_839);
    expect(sya.find((r) => r.code === "E06000026" && r.sex === "female" && r.age === 90)!.population).toBe(Number(real.find((r) => r.code === "E06000026" && r.sex === "female" && r.age === "90")!.population));
    expect(area).toEqual([
      {code: "E06000026", name: "Plymouth", geography: "Unitary Authority", area_sq_km: 79.8497, population: 262_839},
      {code: "E92000001", name: "ENGLAND", geography: "Country", area_sq_km: 130310.4928, population: 56_550_138}
    ]);
  });

  it("names a missing sheet", async () => {
    const path = await workbook("nosheet.xlsx", (wb) => wb.removeWorksheet(wb.getWorksheet("MYE2 - Females")!.id));
    await expect(readMyeWorkbook(path)).rejects.toThrow(/no sheet "MYE2 - Females"/);
  });

  it("names a missing column", async () => {
    const path = await workbook("nocol.xlsx", (wb) => {
      wb.getWorksheet("MYE2 - Males")!.getRow(3).getCell(5 + 90).value = "90 and over";
    });
    await expect(readMyeWorkbook(path)).rejects.toThrow(/sheet "MYE2 - Males" row 3: missing column\(s\) "90\+"/);
  });

  it("names a cell that is not a number, and a row whose ages do not add up", async () => {
    const bad = await workbook("nan.xlsx", (wb) => {
      wb.getWorksheet("MYE2 - Males")!.getRow(5).getCell(5 + 16).value = "x";
    });
    await expect(readMyeWorkbook(bad)).rejects.toThrow(/sheet "MYE2 - Males" row 5 \(E06000026\), column "16": "x" is not a number/);
    const off = await workbook("sum.xlsx", (wb) => {
      wb.getWorksheet("MYE2 - Females")!.getRow(4).getCell(4).value = 1;
    });
    await expect(readMyeWorkbook(off)).rejects.toThrow(/row 4 \(E92000001\), column "All ages": single years sum to \d+, not 1/);
  });
});

describe("toCsv", () => {
  it("quotes names with commas and keeps numbers plain", () => {
    expect(toCsv([{code: "E06000023", name: "Bristol, City of", n: 5}], ["code", "name", "n"])).toBe('code,name,n\nE06000023,"Bristol, City of",5\n');
  });
});
