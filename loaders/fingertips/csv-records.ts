/**
 * CSV records of Fingertips exports, read with d3-dsv (RFC 4180 with the exports' quirks): CRLF or LF record ends
 * (a CR-only file is normalised first); line feeds inside quoted fields; `""` inside quotes; records of any length
 * (the caller decides what a short or long record means); blank lines skipped; a byte-order mark removed by
 * `readCsvText`.
 *
 * Why not DuckDB's reader: it cannot read these files in parallel (null_padding with quoted line feeds), and its
 * single-threaded read plus the hand-off of values to JavaScript took longer than the whole budget for 100k rows.
 */
import {readFile} from "node:fs/promises";
import {csvParseRows} from "d3-dsv";

/** Thrown for text that is not CSV at all (an unclosed quote); `record` is 0 for the header, 1.. for data. */
export class CsvSyntaxError extends Error {
  constructor(message: string, readonly record: number) {
    super(message);
    this.name = "CsvSyntaxError";
  }
}

/** The file's text as UTF-8, without a byte-order mark. */
export async function readCsvText(path: string): Promise<string> {
  const text = await readFile(path, "utf-8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Calls `onRecord(fields, index)` for each record in file order (index 0 is the first record, usually the
 * header), parsed by d3-dsv (RFC 4180: quoted fields, `""`, line feeds inside quotes, LF or CRLF). Fields are the
 * raw text, not trimmed. Blank lines are skipped. An unclosed quote, which d3-dsv would read to the end of the file,
 * is refused.
 */
export function scanCsv(text: string, onRecord: (fields: string[], index: number) => void): void {
  let index = 0;
  csvParseRows(text.includes("\r") && !text.includes("\n") ? text.replaceAll("\r", "\n") : text, (fields) => {
    if (fields.length === 1 && fields[0] === "") return null; // blank line
    onRecord(fields, index++);
    return null;
  });
  assertQuotesClosed(text);
}

/** A file with an odd number of quote characters has a quoted field that never closes. */
function assertQuotesClosed(text: string): void {
  let quotes = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) quotes++;
  if (quotes % 2 === 1) {
    const before = text.slice(0, text.lastIndexOf('"'));
    const record = before.split("\n").length - 1;
    throw new CsvSyntaxError(`a quoted field is never closed (an odd number of quote characters; the last one is on line ${record + 1})`, record);
  }
}
