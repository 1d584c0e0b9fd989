/**
 * The CSV twin of a figure's table: RFC 4180 quoting (d3-dsv), CRLF line ends, numbers written as plain numbers
 * (no thousands separators), missing values written as empty cells and explained in a final "Note" column,
 * so a suppressed value can never be read as 0. Text cells that a spreadsheet would run as a formula get a leading '
 * (csv-injection.ts).
 */
import {csvFormatRow} from "d3";
import {isPresent, NO_DATA} from "../format/number.js";
import {neutraliseCsvText} from "./csv-injection.js";


/** One column of a figure's table and CSV; a union over the keys so that `format` gets the type of its own column. */
export type TableColumn<T> = {
  [K in keyof T & string]: {
    key: K;
    label: string;
    /** Text for the HTML table; default: en-GB number formatting. The CSV always gets the plain value. */
    format?: (value: T[K], row: T) => string;
    /** Decimal places for the table (default: 0 for whole numbers, 1 otherwise) and for rounding in the CSV (default: none). */
    digits?: number;
    /** Label for a missing value in this column: "no data" (default) or "suppressed"; or a function of the row. */
    nullLabel?: string | ((row: T) => string);
  };
}[keyof T & string];

export type TableData<T> = {rows: readonly T[]; columns: readonly TableColumn<T>[]};

/** True when a cell holds no value (null, undefined, NaN or empty text). */
export function isMissing(value: unknown): boolean {
  return value === null || value === undefined || value === "" || (typeof value === "number" && !isPresent(value));
}

/** The label for a missing cell. */
export function nullLabelFor<T>(column: TableColumn<T>, row: T): string {
  return typeof column.nullLabel === "function" ? column.nullLabel(row) : (column.nullLabel ?? NO_DATA);
}

/** A cell as CSV text: numbers as plain numbers (rounded to column.digits when given), dates as ISO dates. */
function csvCell(value: unknown, digits: number | undefined): string {
  if (isMissing(value)) return "";
  if (typeof value === "number") return digits === undefined ? String(value) : String(Number(value.toFixed(digits)));
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return neutraliseCsvText(String(value));
}

/** The whole CSV text, header first. */
export function tableCsv<T>({rows, columns}: TableData<T>): string {
  const lines = [csvFormatRow([...columns.map((c) => neutraliseCsvText(c.label)), "Note"])];
  for (const row of rows) {
    const notes = columns.filter((c) => isMissing(row[c.key])).map((c) => `${c.label}: ${nullLabelFor(c, row)}`);
    lines.push(csvFormatRow([...columns.map((c) => csvCell(row[c.key], c.digits)), neutraliseCsvText(notes.join("; "))]));
  }
  return lines.join("\r\n") + "\r\n";
}
