/**
 * Row validation for one sheet or CSV of a partner file: finds the header row (skipping title rows above it), maps
 * headers to the dataset's columns by alias, refuses personal data (by header and by value), skips blank, totals and
 * repeated header rows, parses every value and checks it against the dataset's zod schema.
 * Stops at the first problem with a PartnerFileError naming file, sheet, row and column (never the value).
 *
 * Speed: parsed values are cached per column (a 1,000,000-row extract has a few thousand distinct dates, times and
 * categories), so most cells cost one Map lookup.
 */
import type {z} from "zod";
import type {DatasetSpec, ColumnSpec} from "./datasets.ts";
import {columnLetter, describeColumn, PartnerFileError, PERSONAL_DATA_FIX, type PartnerLocation} from "./errors.ts";
import type {PartnerManifest} from "./manifest.ts";
import {BirthDateColumn, cellFullDate, headerPersonalData, looksLikeFreeText, looksLikePersonName, MAX_CELL_CHARS, normaliseHeader, PERSONAL_DATA_LABEL, valuePersonalData, type PersonalDataKind} from "./personal-data.ts";
import type {RawRow} from "./read-csv.ts";
import type {Merge} from "./read-xlsx.ts";
import {cellText, isBlank, isTotalLabel, NOT_KNOWN, parseDate, Problem, type AreaValue, type RawCell} from "./values.ts";

/** How far down a sheet the header row may be (title rows, notes and merged banners above it). */
export const HEADER_SEARCH_ROWS = 30;
const CACHE_LIMIT = 20_000;
const DIMENSION_KINDS = new Set(["date", "month", "period", "category", "age-band", "sex", "area"]);
/** A date this long before the file was received is more likely a date of birth than an event date. */
const MAX_EVENT_AGE_YEARS = 10;

export interface ColumnReport {
  key: string;
  label: string;
  unit: string;
  header: string;
  column: string;
  /** Rows with a value that is not blank and not "Not known". */
  filled: number;
}

export interface SkippedRows {
  preamble: number;
  blank: number;
  totals: number;
  repeatedHeader: number;
}

type Mapped = {index: number; key: string; spec: ColumnSpec; header: string; cache: Map<string, unknown>};

const isoOf = (text: string): unknown => parseDate(text);

/**
 * Refuses a cell longer than MAX_CELL_CHARS as free text, before any pattern or parser reads it: no category, label
 * or count is that long, and a multi-megabyte cell must not reach a regular expression.
 */
export function checkCellLengths(file: string, sheet: string | null, row: number, cells: readonly RawCell[], headers: readonly RawCell[] = []): void {
  // A plain loop: this runs on every row of a million-row extract.
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (typeof cell === "string" && cell.length > MAX_CELL_CHARS) {
      throw new PartnerFileError("personal-data", {file, sheet, row, column: describeColumn(i, cellText(headers[i] ?? null))}, `holds a value of more than ${MAX_CELL_CHARS.toLocaleString("en-GB")} characters, which looks like ${PERSONAL_DATA_LABEL["free-text"]}.`, PERSONAL_DATA_FIX);
    }
  }
}

/** The received date less MAX_EVENT_AGE_YEARS (ISO): older dates look like dates of birth. */
function eventCutoff(received: string): string {
  const d = new Date(`${received}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - MAX_EVENT_AGE_YEARS);
  return d.toISOString().slice(0, 10);
}

/** Cache key that keeps the cell's type (the number 5 and the text "5" parse differently). */
function cacheKey(cell: RawCell): string {
  if (cell instanceof Date) return `d${cell.getTime()}`;
  return `${typeof cell === "string" ? "s" : typeof cell === "number" ? "n" : "b"}${String(cell)}`;
}

export class RowValidator {
  private columns: Mapped[] = [];
  private unknown: {index: number; header: string}[] = [];
  private headerRow: number | null = null;
  private headerKeys: string[] = [];
  private width = 0;
  private readonly flags = new Map<string, string>();
  readonly skipped: SkippedRows = {preamble: 0, blank: 0, totals: 0, repeatedHeader: 0};
  rowsUsed = 0;
  private readonly minDate: string;
  private readonly received: string;

  constructor(
    private readonly spec: DatasetSpec,
    private readonly file: string,
    private readonly sheet: string | null,
    manifest: PartnerManifest,
    private readonly merges: Merge[] | null = null
  ) {
    this.received = manifest.received;
    this.minDate = eventCutoff(manifest.received);
  }

  /** Columns watched for dates of birth: those not part of the dataset and its free-text label columns. */
  private readonly birthDates = new Map<number, BirthDateColumn>();

  private watchBirthDates(index: number, cell: RawCell, row: number): void {
    const iso = cellFullDate(cell, isoOf);
    if (!iso) return;
    let col = this.birthDates.get(index);
    if (!col) this.birthDates.set(index, (col = new BirthDateColumn(this.minDate)));
    col.observe(iso, row);
  }

  private loc(row: number | null, index?: number, header?: string): PartnerLocation {
    return {file: this.file, sheet: this.sheet, row, column: index === undefined ? null : describeColumn(index, header)};
  }

  private personal(kind: PersonalDataKind, row: number, index: number, header: string): never {
    throw new PartnerFileError("personal-data", this.loc(row, index, header), `looks like ${PERSONAL_DATA_LABEL[kind]}.`, PERSONAL_DATA_FIX);
  }

  /** Quality flags gathered so far, one line each. */
  qualityFlags(): string[] {
    return [...this.flags.values()];
  }

  private flag(key: string, text: string): void {
    if (!this.flags.has(key)) this.flags.set(key, text);
  }

  private matchHeader(cell: RawCell): string | null {
    if (typeof cell !== "string") return null;
    const h = normaliseHeader(cell);
    if (!h) return null;
    for (const [key, spec] of Object.entries(this.spec.columns)) {
      if (normaliseHeader(spec.label) === h || spec.aliases.includes(h)) return key;
    }
    return null;
  }

  /** Title or note rows above the header: not data, but still refused if they carry personal data. */
  private scanPreamble(row: RawRow): void {
    row.cells.forEach((cell, i) => {
      if (cell === null || cell instanceof Date) return;
      const kind = valuePersonalData(cellText(cell));
      if (kind) this.personal(kind, row.row, i, "");
    });
  }

  private requiredKeys(): string[] {
    return Object.entries(this.spec.columns)
      .filter(([, s]) => s.required)
      .map(([k]) => k);
  }

  private tryHeader(row: RawRow): boolean {
    const keys = row.cells.map((c) => this.matchHeader(c));
    const matched = keys.filter(Boolean).length;
    if (matched < Math.min(2, this.requiredKeys().length)) return false;
    this.headerRow = row.row;
    this.width = row.cells.length;
    this.headerKeys = row.cells.map((c) => normaliseHeader(cellText(c)));
    this.headerCells = [...row.cells];
    const seen = new Map<string, number>();
    row.cells.forEach((cell, i) => {
      const header = cellText(cell);
      const key = keys[i];
      if (key) {
        const first = seen.get(key);
        if (first !== undefined) {
          throw new PartnerFileError("invalid", this.loc(row.row, i, header), `is a second "${this.spec.columns[key]!.label}" column (the first is column ${columnLetter(first)}).`, "Remove the duplicated column so each field appears once, then drop the file again.");
        }
        seen.set(key, i);
        this.columns.push({index: i, key, spec: this.spec.columns[key]!, header, cache: new Map()});
        return;
      }
      if (!header) return;
      const kind = headerPersonalData(header);
      if (kind) this.personal(kind, row.row, i, header);
      this.unknown.push({index: i, header});
    });
    const missing = this.requiredKeys().filter((k) => !seen.has(k));
    if (missing.length) {
      const list = missing.map((k) => `"${this.spec.columns[k]!.label}" (also accepted: ${this.spec.columns[k]!.aliases.slice(0, 4).join(", ")})`).join("; ");
      throw new PartnerFileError("invalid", this.loc(row.row), `the header row has no column for ${list}.`, `Add or rename the column(s) in the header row; a ${this.spec.title} extract needs them.`);
    }
    this.absent = Object.keys(this.spec.columns).filter((k) => !seen.has(k));
    this.checkMerges(row.row);
    if (this.unknown.length) {
      this.flag("unknown", `${this.unknown.length} column(s) not part of the ${this.spec.type} dataset were checked for personal data and not kept: ${this.unknown.map((u) => describeColumn(u.index, u.header)).join(", ")}`);
    }
    return true;
  }

  private checkMerges(headerRow: number): void {
    if (!this.merges?.length) return;
    const inTable = this.merges.find((m) => m.bottom >= headerRow);
    if (inTable) {
      throw new PartnerFileError(
        "invalid",
        {file: this.file, sheet: this.sheet, row: Math.max(inTable.top, headerRow), column: columnLetter(inTable.left)},
        `cells ${inTable.ref} are merged inside the table (a merged header spanning two rows, or one value for several rows).`,
        "Unmerge the cells, write one header per column in a single row and a value in every cell, then drop the file again."
      );
    }
    this.flag("merged", `merged title cells above the header (${this.merges.map((m) => m.ref).join(", ")}) were skipped`);
  }

  /** Parses one known cell, refusing personal data first. Results are cached per column. */
  private parseCell(col: Mapped, cell: RawCell, row: number): unknown {
    const key = cacheKey(cell);
    let value = col.cache.get(key);
    if (value === undefined) {
      value = this.parseFresh(col, cell);
      if (col.cache.size < CACHE_LIMIT) col.cache.set(key, value);
    }
    if (value instanceof Problem) {
      if (value.personal) throw new PartnerFileError("personal-data", this.loc(row, col.index, col.header), `${value.message}.`, PERSONAL_DATA_FIX);
      throw new PartnerFileError("invalid", this.loc(row, col.index, col.header), `${value.message}.`, "Correct the value (or ask the partner to) and drop the file again.");
    }
    return value;
  }

  private parseFresh(col: Mapped, cell: RawCell): unknown {
    if (!(cell instanceof Date) && cell !== null) {
      const text = cellText(cell);
      const kind = valuePersonalData(text);
      if (kind) return new Problem(`looks like ${PERSONAL_DATA_LABEL[kind]}`, true);
      if (col.spec.kind === "category" && looksLikeFreeText(text)) return new Problem(`looks like ${PERSONAL_DATA_LABEL["free-text"]}`, true);
      // Label columns (service names, providers, survey questions and answers) are published as written.
      if (col.spec.kind === "label" && looksLikePersonName(text)) return new Problem(`looks like ${PERSONAL_DATA_LABEL.name}`, true);
    }
    const parsed = col.spec.parse(cell);
    if (parsed instanceof Problem) return parsed;
    // The dataset's zod schema checks each distinct value once (cached with it), not every row.
    const field = (this.spec.schema.shape as Record<string, z.ZodType>)[col.key];
    if (field && parsed !== null && !field.safeParse(parsed).success) return new Problem(`does not fit the ${this.spec.type} dataset's ${col.spec.label} column`);
    if (col.spec.kind === "date" && typeof parsed === "string") {
      if (parsed < this.minDate) return new Problem(`holds dates more than ${MAX_EVENT_AGE_YEARS} years before the file was received, which look like ${PERSONAL_DATA_LABEL["date-of-birth"]}`, true);
      if (parsed > this.received) return new Problem(`holds a date after the date the file was received (${this.received}, from the manifest)`);
    }
    return parsed === undefined ? null : parsed;
  }

  private checkUnknown(index: number, header: string, cell: RawCell, row: number): void {
    if (cell === null || typeof cell === "boolean") return;
    this.watchBirthDates(index, cell, row);
    if (cell instanceof Date) return;
    const text = cellText(cell);
    if (!text) return;
    const kind = valuePersonalData(text) ?? (looksLikePersonName(text) ? "name" : looksLikeFreeText(text) ? "free-text" : null);
    if (kind) this.personal(kind, row, index, header);
  }

  private isRepeatedHeader(row: RawRow): boolean {
    for (const col of this.columns) {
      const cell = row.cells[col.index] ?? null;
      if (typeof cell !== "string") return false;
      let like = this.headerLike.get(`${col.index}\u0000${cell}`);
      if (like === undefined) {
        like = normaliseHeader(cell) === this.headerKeys[col.index];
        if (this.headerLike.size < CACHE_LIMIT) this.headerLike.set(`${col.index}\u0000${cell}`, like);
      }
      if (!like) return false;
    }
    return true;
  }

  private totalLabel(cell: RawCell): boolean {
    if (typeof cell !== "string") return false;
    let like = this.totalLike.get(cell);
    if (like === undefined) {
      like = isTotalLabel(cell);
      if (this.totalLike.size < CACHE_LIMIT) this.totalLike.set(cell, like);
    }
    return like;
  }

  private isTotalsRow(row: RawRow): boolean {
    if (this.spec.register) return false;
    const first = row.cells.find((c) => !isBlank(c)) ?? null;
    if (this.totalLabel(first)) return true;
    return this.columns.some((c) => DIMENSION_KINDS.has(c.spec.kind) && this.totalLabel(row.cells[c.index] ?? null));
  }

  /** Validates one row: the normalised record, or null when the row is skipped (title, blank, totals, header). */
  accept(row: RawRow): Record<string, unknown> | null {
    checkCellLengths(this.file, this.sheet, row.row, row.cells, this.headerCells);
    if (this.headerRow === null) {
      if (row.cells.every(isBlank)) return null;
      if (this.tryHeader(row)) return null;
      if (row.row >= HEADER_SEARCH_ROWS) this.noHeader(row.row);
      this.scanPreamble(row);
      this.skipped.preamble++;
      return null;
    }
    const cells = row.cells;
    if (cells.every(isBlank)) {
      this.skipped.blank++;
      return null;
    }
    if (this.isRepeatedHeader(row)) {
      this.skipped.repeatedHeader++;
      this.flag("header", `repeated header row(s) skipped, first at row ${row.row}`);
      return null;
    }
    if (this.isTotalsRow(row)) {
      this.skipped.totals++;
      this.flag("totals", `totals row(s) skipped (totals are recomputed after suppression), first at row ${row.row}`);
      return null;
    }
    for (const u of this.unknown) this.checkUnknown(u.index, u.header, cells[u.index] ?? null, row.row);
    for (let i = this.width; i < cells.length; i++) {
      if (!isBlank(cells[i] ?? null)) {
        this.checkUnknown(i, "", cells[i] ?? null, row.row);
        this.flag(`extra${i}`, `values beyond the last header (column ${columnLetter(i)}) were checked for personal data and not kept`);
      }
    }
    const record: Record<string, unknown> = {};
    for (const col of this.columns) {
      if (col.spec.kind === "label") this.watchBirthDates(col.index, cells[col.index] ?? null, row.row);
      const value = this.parseCell(col, cells[col.index] ?? null, row.row);
      if (value === null && col.spec.required) {
        throw new PartnerFileError("invalid", this.loc(row.row, col.index, col.header), "is blank, but every row needs a value here.", `Fill it in (write "${NOT_KNOWN}" where the partner does not know it, if the column allows) and drop the file again.`);
      }
      record[col.key] = value;
    }
    for (const key of this.absent) record[key] = null;
    this.rowsUsed++;
    for (const col of this.columns) {
      const v = record[col.key];
      if (v !== null && v !== NOT_KNOWN && (v as AreaValue).kind !== "not known") this.filled.set(col.key, (this.filled.get(col.key) ?? 0) + 1);
    }
    return record;
  }

  private readonly filled = new Map<string, number>();
  private headerCells: RawCell[] = [];
  /** Optional columns the file does not have (null in every record). */
  private absent: string[] = [];
  private readonly headerLike = new Map<string, boolean>();
  private readonly totalLike = new Map<string, boolean>();

  private noHeader(row: number | null): never {
    const expected = this.requiredKeys().map((k) => `"${this.spec.columns[k]!.label}"`).join(", ");
    const merged = this.merges?.length ? ` The sheet has merged cells (${this.merges.slice(0, 3).map((m) => m.ref).join(", ")}): a header split over two merged rows cannot be read.` : "";
    throw new PartnerFileError("invalid", this.loc(row), `no header row was found in the first ${HEADER_SEARCH_ROWS} rows (expected columns such as ${expected}).${merged}`, "Put one header row above the data with one name per column (see data/partners/README.md for accepted names).");
  }

  /** Ends the sheet: refuses one without a header, returns per-column completeness. */
  finish(): {columns: ColumnReport[]; unknownColumns: string[]; headerRow: number} {
    if (this.headerRow === null) this.noHeader(null);
    for (const [index, col] of this.birthDates) {
      const row = col.verdict();
      if (row !== null) this.personal("date-of-birth", row, index, cellText(this.headerCells[index] ?? null));
    }
    return {
      headerRow: this.headerRow,
      columns: this.columns.map((c) => ({key: c.key, label: c.spec.label, unit: c.spec.unit, header: c.header, column: columnLetter(c.index), filled: this.filled.get(c.key) ?? 0})),
      unknownColumns: this.unknown.map((u) => describeColumn(u.index, u.header))
    };
  }
}

/**
 * The checks for a sheet of a workbook that is not read as data (hidden or not): personal data anywhere in a
 * workbook refuses the file. Every cell is checked for identifiers, names and over-long text, and each column for
 * dates of birth. Headers are not judged there: a field-definitions sheet may list "NHS number" to say it is absent.
 */
export class SheetScanner {
  private readonly birthDates = new Map<number, BirthDateColumn>();
  private readonly cutoff: string;

  constructor(
    private readonly file: string,
    private readonly sheet: string,
    manifest: PartnerManifest
  ) {
    this.cutoff = eventCutoff(manifest.received);
  }

  private refuse(kind: PersonalDataKind, row: number, index: number): never {
    throw new PartnerFileError("personal-data", {file: this.file, sheet: this.sheet, row, column: columnLetter(index)}, `looks like ${PERSONAL_DATA_LABEL[kind]}.`, PERSONAL_DATA_FIX);
  }

  scan(row: RawRow): void {
    checkCellLengths(this.file, this.sheet, row.row, row.cells);
    row.cells.forEach((cell, i) => {
      if (cell === null || typeof cell === "boolean") return;
      const iso = cellFullDate(cell, isoOf);
      if (iso) {
        let col = this.birthDates.get(i);
        if (!col) this.birthDates.set(i, (col = new BirthDateColumn(this.cutoff)));
        col.observe(iso, row.row);
      }
      if (cell instanceof Date) return;
      const text = cellText(cell);
      if (!text) return;
      const kind = valuePersonalData(text) ?? (looksLikePersonName(text) ? "name" : null);
      if (kind) this.refuse(kind, row.row, i);
    });
  }

  /** Ends the sheet: refuses a column of dates of birth. */
  finish(): void {
    for (const [index, col] of this.birthDates) {
      const row = col.verdict();
      if (row !== null) this.refuse("date-of-birth", row, index);
    }
  }
}
