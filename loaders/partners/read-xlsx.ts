/**
 * Reads the sheets of a partner XLSX with exceljs, as a stream of events (a sheet starts, a row of plain cell
 * values). Workbooks up to XLSX_FULL_READ_BYTES are read whole, which also gives merged cells; larger ones go through
 * exceljs's streaming reader (bounded memory; merged ranges are not available there, and a merged data cell shows up
 * as a blank that the validator refuses as a missing value).
 *
 * Formulas: a formula cell is read as the result Excel saved with it, and counted for the file's report; a formula
 * with no saved result (a file written by a program that does not calculate) is refused with its cell.
 * Note: when a workbook stores its shared strings after its sheets, exceljs's streaming reader parks each sheet's XML
 * in the OS temporary folder until the strings are read, and deletes it afterwards.
 */
import {statSync} from "node:fs";
import ExcelJS from "exceljs";
import {columnLetter, PartnerFileError, PERSONAL_DATA_FIX} from "./errors.ts";
import {namePersonalData, PERSONAL_DATA_LABEL} from "./personal-data.ts";
import type {RawCell} from "./values.ts";

export const XLSX_FULL_READ_BYTES = 20 * 1024 * 1024;

export interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
  ref: string;
}

export type XlsxEvent =
  | {kind: "sheet"; name: string; hidden: boolean; merges: Merge[] | null}
  | {kind: "row"; row: number; cells: RawCell[]; formulas: number};

/** "B2:D3" → its bounds (1-based rows, 0-based columns to match cell arrays). */
export function parseRange(ref: string): Merge | null {
  const m = ref.match(/^\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$/);
  if (!m) return null;
  const col = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return {top: +m[2]!, left: col(m[1]!), bottom: +m[4]!, right: col(m[3]!), ref};
}

interface Converted {
  cell: RawCell;
  formula: boolean;
}

/** An exceljs cell value as a plain value. Throws (via `missing`) on a formula without a saved result. */
function convert(value: unknown, missing: () => never): Converted {
  if (value === null || value === undefined) return {cell: null, formula: false};
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value instanceof Date) return {cell: value, formula: false};
  const v = value as Record<string, unknown>;
  if ("formula" in v || "sharedFormula" in v) {
    if (v.result === undefined || v.result === null) missing();
    return {cell: convert(v.result, missing).cell, formula: true};
  }
  if (Array.isArray(v.richText)) return {cell: (v.richText as {text?: string}[]).map((r) => r.text ?? "").join(""), formula: false};
  if (typeof v.text === "string") return {cell: v.text, formula: false};
  if (typeof v.error === "string") return {cell: v.error, formula: false};
  return {cell: String(value), formula: false};
}

function rowEvent(file: string, sheet: string, rowNumber: number, values: unknown[]): XlsxEvent {
  const cells: RawCell[] = [];
  let formulas = 0;
  for (let c = 1; c < values.length; c++) {
    const missing = (): never => {
      throw new PartnerFileError(
        "unreadable",
        {file, sheet, row: rowNumber, column: columnLetter(c - 1)},
        "holds a formula with no saved result, so its value is unknown.",
        "Open the workbook in Excel, let it calculate and save it, or paste the sheet as values, then drop it again."
      );
    };
    const {cell, formula} = convert(values[c], missing);
    cells.push(cell);
    if (formula) formulas++;
  }
  return {kind: "row", row: rowNumber, cells, formulas};
}

/**
 * Refuses a workbook whose sheet name holds personal data ("John Smith", "PL4 8AA"). The message names the sheet by
 * its position only, so the name itself reaches no message or page.
 */
export function checkSheetName(file: string, name: string, position: number): void {
  const kind = namePersonalData(name);
  if (kind) {
    throw new PartnerFileError("personal-data", {file, sheet: `#${position}`}, `has a sheet name that looks like ${PERSONAL_DATA_LABEL[kind]}.`, PERSONAL_DATA_FIX);
  }
}

async function* fullRead(path: string, file: string): AsyncGenerator<XlsxEvent> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  workbook.worksheets.forEach((sheet, i) => checkSheetName(file, sheet.name, i + 1));
  for (const sheet of workbook.worksheets) {
    const merges = (sheet.model.merges ?? []).map(parseRange).filter((m): m is Merge => m !== null);
    yield {kind: "sheet", name: sheet.name, hidden: sheet.state !== "visible", merges};
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      yield rowEvent(file, sheet.name, r, Array.isArray(row.values) ? row.values : []);
    }
  }
}

async function* streamRead(path: string, file: string): AsyncGenerator<XlsxEvent> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {worksheets: "emit", sharedStrings: "cache", hyperlinks: "ignore", styles: "cache", entries: "ignore"});
  let position = 0;
  for await (const worksheet of reader) {
    // exceljs's typings omit the name and state its WorksheetReader carries once workbook.xml has been read.
    const meta = worksheet as unknown as {name?: string; state?: string};
    const name = meta.name ?? "Sheet";
    checkSheetName(file, name, ++position);
    yield {kind: "sheet", name, hidden: meta.state !== undefined && meta.state !== "visible", merges: null};
    for await (const row of worksheet) yield rowEvent(file, name, row.number, Array.isArray(row.values) ? row.values : []);
  }
}

/** Every sheet and row of the workbook, in order. */
export function xlsxEvents(path: string, file: string): AsyncGenerator<XlsxEvent> {
  return statSync(path).size <= XLSX_FULL_READ_BYTES ? fullRead(path, file) : streamRead(path, file);
}
