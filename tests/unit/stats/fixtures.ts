/**
 * Test helper: read the PHEindicatormethods / Fingertips fixture CSVs in tests/fixtures/phe-methods.
 * A small RFC 4180 reader: quoted fields (with embedded commas, quotes and newlines), CRLF or LF, UTF-8 BOM.
 */
import {readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";

export const FIXTURES = fileURLToPath(new URL("../../fixtures/phe-methods/", import.meta.url));

/** Parse CSV text into rows of string cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

export type CsvRecord = Record<string, string>;

/**
 * Read a fixture CSV (path relative to tests/fixtures/phe-methods) as records keyed by trimmed header names.
 * `allowShortRows`: the Fingertips export omits its last (empty) column on every data row; missing cells read "".
 */
export function readFixture(relativePath: string, options: {allowShortRows?: boolean} = {}): CsvRecord[] {
  const [header, ...body] = parseCsv(readFileSync(FIXTURES + relativePath, "utf8"));
  if (!header) throw new Error(`fixture ${relativePath} is empty`);
  const names = header.map((h) => h.trim());
  return body.map((cells, r) => {
    const short = options.allowShortRows === true && cells.length < names.length;
    if (cells.length !== names.length && !short) {
      throw new Error(`fixture ${relativePath} row ${r + 2}: ${cells.length} cells, header has ${names.length}`);
    }
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? ""]));
  });
}

/** A numeric cell, or null when the cell is empty or R's "NA" (missing in the published sheet). */
export function num(record: CsvRecord, column: string): number | null {
  const raw = record[column];
  if (raw === undefined) throw new Error(`no column ${column} in fixture record ${JSON.stringify(record)}`);
  if (raw.trim() === "" || raw.trim() === "NA") return null;
  const v = Number(raw);
  if (!Number.isFinite(v)) throw new Error(`column ${column}: not a number: ${raw}`);
  return v;
}

/** A numeric cell that must be present. */
export function req(record: CsvRecord, column: string): number {
  const v = num(record, column);
  if (v === null) throw new Error(`column ${column} is empty in ${JSON.stringify(record)}`);
  return v;
}

/** Assert |actual/expected − 1| ≤ rel (or |actual − expected| ≤ abs when expected is 0). */
export function expectClose(actual: number | null | undefined, expected: number, rel = 1e-9, label = ""): void {
  if (actual === null || actual === undefined || Number.isNaN(actual)) {
    throw new Error(`${label}: expected ${expected}, got ${String(actual)}`);
  }
  const err = expected === 0 ? Math.abs(actual) : Math.abs(actual / expected - 1);
  if (!(err <= rel)) {
    throw new Error(`${label}: expected ${expected}, got ${actual} (relative error ${err.toExponential(2)} > ${rel})`);
  }
}

/** A text cell that must exist in the record (empty string allowed). */
export function text(record: CsvRecord, column: string): string {
  const raw = record[column];
  if (raw === undefined) throw new Error(`no column ${column} in fixture record ${JSON.stringify(record)}`);
  return raw;
}

/** Half a unit in the last printed digit of a published number: the rounding it carries. */
export function printedHalfUnit(raw: string): number {
  const m = /^-?\d*(?:\.(\d+))?(?:[eE]([-+]?\d+))?$/.exec(raw.trim());
  if (!m) throw new Error(`not a plain number: ${raw}`);
  const decimals = m[1]?.length ?? 0;
  const exponent = Number(m[2] ?? 0);
  return 0.5 * 10 ** (exponent - decimals);
}

/** Assert that `actual` rounds to the published figure, allowing `slack` relative error on top of the rounding. */
export function expectToPrinted(actual: number, record: CsvRecord, column: string, slack = 1e-12, label = column): void {
  const raw = text(record, column);
  const published = Number(raw);
  const tolerance = printedHalfUnit(raw) + Math.abs(published) * slack;
  if (!(Math.abs(actual - published) <= tolerance)) {
    throw new Error(`${label}: published ${raw}, got ${actual} (difference ${Math.abs(actual - published).toExponential(2)} > ${tolerance.toExponential(2)})`);
  }
}
