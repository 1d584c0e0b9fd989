/**
 * A fast CSV record scanner for Fingertips exports (RFC 4180 with the exports' quirks): CRLF, LF or CR record
 * ends; line feeds inside quoted fields; `""` inside quotes; records of any length (the caller decides what a
 * short or long record means); blank lines skipped; a byte-order mark removed by `readCsvText`.
 *
 * Why not DuckDB's reader: it cannot read these files in parallel (null_padding with quoted line feeds), and its
 * single-threaded read plus the hand-off of values to JavaScript took longer than the whole budget for 100k rows.
 * Unquoted fields are cut with `indexOf` (positions cached until passed), which is several times faster than a
 * character-by-character loop.
 */
import {readFile} from "node:fs/promises";

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

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
 * header). Fields are the raw text (quotes removed, `""` unescaped, not trimmed). The `fields` array is reused
 * for the next record (one array per record was a tenth of the parse time in garbage collection): copy it to keep it.
 */
export function scanCsv(text: string, onRecord: (fields: string[], index: number) => void): void {
  const n = text.length;
  let pos = 0;
  let index = 0;
  // Next comma / LF / CR at or after pos; n when there is none. Recomputed only once pos has passed them.
  let nextComma = -1;
  let nextLf = -1;
  let nextCr = -1;
  const fields: string[] = [];
  while (pos < n) {
    fields.length = 0;
    let endOfRecord = false;
    while (!endOfRecord) {
      if (text.charCodeAt(pos) === QUOTE) {
        const q = readQuoted(text, pos, index);
        let value = q.value;
        pos = q.end;
        // Text after the closing quote (`"a"b,`) is kept, as lenient readers do, up to the delimiter.
        if (pos < n && !isDelimiter(text.charCodeAt(pos))) {
          const stop = nextStop(text, pos);
          value += text.slice(pos, stop);
          pos = stop;
        }
        fields.push(value);
        const c = pos < n ? text.charCodeAt(pos) : LF;
        if (c === COMMA) pos++;
        else {
          endOfRecord = true;
          pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
        }
        continue;
      }
      if (nextComma < pos) nextComma = indexOrEnd(text, ",", pos);
      if (nextLf < pos) nextLf = indexOrEnd(text, "\n", pos);
      if (nextCr < pos) nextCr = indexOrEnd(text, "\r", pos);
      const eol = nextLf < nextCr ? nextLf : nextCr;
      if (nextComma < eol) {
        fields.push(text.slice(pos, nextComma));
        pos = nextComma + 1;
      } else {
        fields.push(text.slice(pos, eol));
        endOfRecord = true;
        pos = eol + (eol === nextCr && nextLf === eol + 1 ? 2 : 1);
      }
    }
    if (fields.length === 1 && fields[0] === "") continue; // blank line
    onRecord(fields, index++);
  }
}

function isDelimiter(c: number): boolean {
  return c === COMMA || c === LF || c === CR;
}

function indexOrEnd(text: string, s: string, from: number): number {
  const i = text.indexOf(s, from);
  return i < 0 ? text.length : i;
}

/** The first comma, LF or CR at or after `from` (or the end). */
function nextStop(text: string, from: number): number {
  let i = from;
  while (i < text.length && !isDelimiter(text.charCodeAt(i))) i++;
  return i;
}

/** Reads a quoted field starting at the opening quote; returns its value and the position after the closing quote. */
function readQuoted(text: string, open: number, index: number): {value: string; end: number} {
  let value = "";
  let from = open + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) throw new CsvSyntaxError(`a quoted field opened at character ${open} is never closed`, index);
    if (text.charCodeAt(q + 1) === QUOTE) {
      value += text.slice(from, q + 1);
      from = q + 2;
      continue;
    }
    return {value: value + text.slice(from, q), end: q + 1};
  }
}
