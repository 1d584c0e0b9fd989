/**
 * ONS mid-year population estimates (MYE) workbook → compact CSV rows, run once at import time so that builds never
 * parse a spreadsheet. Reads the MYE2 single-year-of-age sheets (males, females) and the MYE 5 density sheet of
 * "Mid-Year Population Estimates, UK, June 2020" on April 2021 local authority geography (.xlsx).
 *
 * The mid-2021 edition (`ukpopestimatesmid2021on2021geographyfinal.xls`) is an Excel 97 (BIFF8) workbook: exceljs
 * reads only the OOXML (.xlsx) format and no BIFF reader is installed, so the snapshot uses mid-2020 until the
 * refresh fetches a newer year from Nomis (loaders/ons/nomis-client.ts).
 */
import ExcelJS from "exceljs";
import {z} from "zod";
import {formatCsv} from "../lib/csv.ts";

export const MYE_SEXES = ["male", "female"] as const;
/** Oldest single year in MYE2: the column "90+" is stored as age 90 and means "90 and over". */
import {MYE_OPEN_AGE} from "../../components/sql/place.js";
export {MYE_OPEN_AGE};

export const myeSyaRowSchema = z.object({
  code: z.string().regex(/^[EWSNK]\d{8}$/),
  name: z.string().min(1),
  geography: z.string().min(1),
  sex: z.enum(MYE_SEXES),
  age: z.number().int().min(0).max(MYE_OPEN_AGE),
  population: z.number().int().nonnegative()
});
export type MyeSyaRow = z.infer<typeof myeSyaRowSchema>;

export const myeAreaRowSchema = z.object({
  code: z.string().regex(/^[EWSNK]\d{8}$/),
  name: z.string().min(1),
  geography: z.string().min(1),
  area_sq_km: z.number().positive(),
  population: z.number().int().positive()
});
export type MyeAreaRow = z.infer<typeof myeAreaRowSchema>;

const SYA_SHEETS: Record<(typeof MYE_SEXES)[number], string> = {male: "MYE2 - Males", female: "MYE2 - Females"};
const AREA_SHEET = "MYE 5";

/** Plain text of a cell (exceljs gives rich text and hyperlinks as objects). */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object" && "richText" in v) return v.richText.map((r) => r.text).join("");
  if (typeof v === "object" && "text" in v) return String(v.text);
  if (typeof v === "object" && "result" in v) return String(v.result);
  return String(v).trim();
}

function sheet(wb: ExcelJS.Workbook, name: string, file: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`${file}: no sheet "${name}" (sheets: ${wb.worksheets.map((w) => w.name).join(", ")}). Is this the ONS MYE workbook on 2021 geography?`);
  return ws;
}

/** Finds the header row (first cell "Code") within the first 20 rows and maps header text → column number. */
function headerOf(ws: ExcelJS.Worksheet, file: string, required: string[]): {row: number; col: Map<string, number>} {
  for (let r = 1; r <= 20; r++) {
    const row = ws.getRow(r);
    if (cellText(row.getCell(1).value) !== "Code") continue;
    const col = new Map<string, number>();
    row.eachCell((cell, c) => col.set(cellText(cell.value), c));
    const missing = required.filter((h) => !col.has(h));
    if (missing.length) throw new Error(`${file}, sheet "${ws.name}" row ${r}: missing column(s) ${missing.map((m) => `"${m}"`).join(", ")}; ONS has changed the layout, update loaders/ons/mye.ts.`);
    return {row: r, col};
  }
  throw new Error(`${file}, sheet "${ws.name}": no header row starting with "Code" in the first 20 rows; ONS has changed the layout, update loaders/ons/mye.ts.`);
}

function numberAt(row: ExcelJS.Row, c: number, where: () => string): number {
  const v = row.getCell(c).value;
  const n = typeof v === "number" ? v : Number(cellText(v));
  if (!Number.isFinite(n)) throw new Error(`${where()}: "${cellText(v)}" is not a number.`);
  return n;
}

const AGE_HEADERS = Array.from({length: MYE_OPEN_AGE + 1}, (_, a) => (a === MYE_OPEN_AGE ? `${a}+` : String(a)));

/** Reads MYE2 males and females (every area of the UK) and MYE 5 area and population, checked by the zod schemas. */
export async function readMyeWorkbook(file: string): Promise<{sya: MyeSyaRow[]; area: MyeAreaRow[]}> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sya: MyeSyaRow[] = [];
  for (const sex of MYE_SEXES) {
    const ws = sheet(wb, SYA_SHEETS[sex], file);
    const {row: h, col} = headerOf(ws, file, ["Code", "Name", "Geography", "All ages", ...AGE_HEADERS]);
    for (let r = h + 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const code = cellText(row.getCell(col.get("Code")!).value);
      if (!code) continue;
      const where = (c: string) => () => `${file}, sheet "${ws.name}" row ${r} (${code}), column "${c}"`;
      let total = 0;
      for (const [age, label] of AGE_HEADERS.entries()) {
        const population = numberAt(row, col.get(label)!, where(label));
        total += population;
        sya.push(myeSyaRowSchema.parse({code, name: cellText(row.getCell(col.get("Name")!).value), geography: cellText(row.getCell(col.get("Geography")!).value), sex, age, population}));
      }
      const allAges = numberAt(row, col.get("All ages")!, where("All ages"));
      if (total !== allAges) throw new Error(`${where("All ages")()}: single years sum to ${total}, not ${allAges}; the sheet is damaged.`);
    }
  }
  const ws = sheet(wb, AREA_SHEET, file);
  const {row: h, col} = headerOf(ws, file, ["Code", "Name", "Geography", "Area (sq km)", "Estimated population mid-2020"]);
  const area: MyeAreaRow[] = [];
  for (let r = h + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const code = cellText(row.getCell(col.get("Code")!).value);
    if (!code) continue;
    const where = (c: string) => () => `${file}, sheet "${ws.name}" row ${r} (${code}), column "${c}"`;
    area.push(myeAreaRowSchema.parse({
      code, name: cellText(row.getCell(col.get("Name")!).value), geography: cellText(row.getCell(col.get("Geography")!).value),
      area_sq_km: numberAt(row, col.get("Area (sq km)")!, where("Area (sq km)")),
      population: numberAt(row, col.get("Estimated population mid-2020")!, where("Estimated population mid-2020"))
    }));
  }
  return {sya, area};
}

/** CSV text (header + rows, LF) of records whose keys are `columns` (loaders/lib/csv.ts; a snapshot file, not a download). */
export function toCsv<T extends Record<string, string | number>>(rows: T[], columns: (keyof T & string)[]): string {
  return formatCsv(rows, columns, {neutralise: false});
}
