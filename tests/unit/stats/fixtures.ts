/**
 * Test helper: read the PHEindicatormethods / Fingertips fixture CSVs in tests/fixtures/phe-methods.
 * A small RFC 4180 reader: quoted fields (with embedded commas, quotes and newlines), CRLF or LF, UTF-8 BOM.
 */
import {readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import {expect} from "vitest";

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

/** A numeric cell, or null when the cell is empty (missing in the published sheet). */
export function num(record: CsvRecord, column: string): number | null {
  const raw = record[column];
  if (raw === undefined) throw new Error(`no column ${column} in fixture record ${JSON.stringify(record)}`);
  if (raw.trim() === "") return null;
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
  expect(actual, label).not.toBeNull();
  expect(actual, label).not.toBeUndefined();
  const a = actual as number;
  if (expected === 0) {
    expect(Math.abs(a), label).toBeLessThanOrEqual(rel);
    return;
  }
  const err = Math.abs(a / expected - 1);
  if (!(err <= rel)) {
    throw new Error(`${label}: expected ${expected}, got ${a} (relative error ${err.toExponential(2)} > ${rel})`);
  }
}
