/**
 * Errors about a partner file. The message names the file, sheet, row and column, and never quotes a cell's value:
 * partner rows may hold personal data and must not reach logs.
 */
import {looksLikePersonName, valuePersonalData} from "./personal-data.ts";

export interface PartnerLocation {
  /** The file as the analyst sees it (relative to the drop folder). */
  file: string;
  sheet?: string | null;
  /** Row number as a spreadsheet shows it: the first line of the file is row 1. */
  row?: number | null;
  /** Column letter (A, B, …, AA) and header text, when known. */
  column?: string | null;
}

export type PartnerErrorKind = "personal-data" | "invalid" | "unreadable" | "manifest";

/** Spreadsheet column letter for a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** `column C "Sex"`, or `column C` when the header is blank, long, or itself looks like personal data. */
export function describeColumn(index: number, header: string | null | undefined): string {
  const h = (header ?? "").trim();
  if (!h || h.length > 60 || valuePersonalData(h) || looksLikePersonName(h)) return columnLetter(index);
  return `${columnLetter(index)} "${h}"`;
}

export function formatLocation(loc: PartnerLocation): string {
  const parts = [loc.file];
  if (loc.sheet) parts.push(`sheet "${loc.sheet}"`);
  if (loc.row) parts.push(`row ${loc.row}`);
  if (loc.column) parts.push(`column ${loc.column}`);
  return parts.join(", ");
}

/** The problem with its sheet, row and column but not the file's name: how the site names a refusal. */
export function refusalReason(error: PartnerFileError): string {
  const where = formatLocation({...error.location, file: ""}).replace(/^, /, "");
  return `${where ? `${where}: ` : ""}${error.problem}`;
}

export class PartnerFileError extends Error {
  override name = "PartnerFileError";
  constructor(
    readonly kind: PartnerErrorKind,
    readonly location: PartnerLocation,
    /** What is wrong, without any cell value. */
    readonly problem: string,
    /** What the analyst should do. */
    readonly fix: string
  ) {
    super(`${formatLocation(location)}: ${problem} ${fix}`.trim());
  }
}

/** The standing advice for a refused personal-data file. */
export const PERSONAL_DATA_FIX =
  "Personal data is refused, not cleaned: nothing from this file was read further, copied or written. Delete the file from the drop folder and ask the partner for an aggregated, anonymised extract (see data/partners/README.md).";
