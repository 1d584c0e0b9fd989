/**
 * The project's one CSV reader and writer, over d3-dsv (RFC 4180: fields with the delimiter, quotes or line breaks are
 * quoted; CR, LF and CRLF line ends are read). Writers for files a reader may open in a spreadsheet neutralise
 * formula-like text (components/figure/csv-injection.ts).
 */
import {csvFormatRows, dsvFormat} from "d3-dsv";
import {neutraliseCsvText} from "../../components/figure/csv-injection.ts";

export type CsvRow = Record<string, string>;

/** CSV text (header, then one line per record, LF, ending in a newline) of the given columns of each record. */
export function formatCsv(rows: readonly Record<string, unknown>[], columns: readonly string[], {neutralise = true}: {neutralise?: boolean} = {}): string {
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return "";
    const s = String(v);
    return neutralise && typeof v === "string" ? neutraliseCsvText(s) : s;
  };
  return `${csvFormatRows([[...columns], ...rows.map((r) => columns.map((c) => cell(r[c])))])}\n`;
}

/** Records of a CSV (or, with delimiter "\t", TSV) text whose first line is the header; a leading BOM is dropped. */
export function parseCsv(text: string, delimiter = ","): {columns: string[]; rows: CsvRow[]} {
  const [header = [], ...body] = dsvFormat(delimiter)
    .parseRows(text.replace(/^\uFEFF/, ""))
    .filter((r) => !(r.length === 1 && r[0] === ""));
  return {columns: header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])))};
}
