/**
 * ONS "Police force area data tables", year ending June 2025, Table C2: police recorded crimes for 23 headline offences
 * by Community Safety Partnership (a CSV export of the workbook's sheet; OGL v3.0). Read by column name after the
 * title lines; the multi-line headings are compared with whitespace collapsed.
 *
 * What the file holds, and how it is read:
 * - Rows with a CSP code are CSPs (314: 293 English, 21 Welsh). Some CSPs combine districts: their Local Authority
 *   code says "Combined Local Authorities" and names none, so every CSP's 2024 districts come from the ONS
 *   LAD → CSP → PFA (December 2024) lookup of the snapshot; the file's own code is kept and checked against it
 *   (Cumbria's CSPs carry pre-2023 district codes, checked through their current successors).
 * - Rows with no CSP code are the force totals (no CSP name), "Unassigned <force>" rows and other areas
 *   (Greater Manchester's "Manchester Airport"). Every force total equals the sum of its other rows.
 * - Two "Unassigned" rows carry another force's code ("unassigned Surrey" has Kent's, "Unassigned Gwent" South
 *   Wales'): a row's force is taken from its force name's total row, and each such change is listed in `corrections`.
 * - `[x]` or a blank cell is unavailable: null, never 0 ("unassigned Surrey" is blank throughout).
 * - Rows after the table whose first cell is not a force code and whose other cells are empty are notes and skipped;
 *   a data row after a note is refused.
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {parseCsv, type CsvRow} from "../lib/csv.ts";
import {ONS_FILES} from "../ons/lookups.ts";
import {
  C2_ID_COLUMNS, C2_OFFENCES, c2TableSchema,
  type C2Correction, type C2Counts, type C2CspRow, type C2ForceRow, type C2NonCspRow, type C2Table
} from "./schemas.ts";

export const C2_FILE = "recorded-crime/csp/policeforceareatablesyejune25final_TableC2.csv";
/** The period of the edition in the snapshot (its title says "year ending June 2025"; checked when read). */
export const C2_PERIOD = {start: "2024-07", end: "2025-06", label: "year ending June 2025"} as const;
const LA_ALL_CODES = "ons/lookups/la_all_codes.csv";
const COMBINED = "Combined Local Authorities";

/** A heading or name as compared: whitespace collapsed, "[note N]" markers dropped. */
export const normaliseHeading = (s: string): string => s.replace(/\[note \d+\]/gi, " ").replace(/\s+/g, " ").trim();

/** A count cell: "15,974 " → 15974; "[x]" or blank → null; anything else is an error naming where it is. */
export function parseC2Count(cell: string, where: () => string): number | null {
  const s = cell.trim();
  if (s === "" || s.toLowerCase() === "[x]") return null;
  if (!/^\d{1,3}(,\d{3})*$|^\d+$/.test(s)) throw new Error(`${where()}: "${s.slice(0, 20)}" is not a count (expected digits with thousands commas, [x] or blank).`);
  return Number(s.replaceAll(",", ""));
}

/** Index of the first character of the header record: the line whose first cell starts with "Police Force". */
function headerOffset(text: string, file: string): {offset: number; line: number} {
  let offset = 0;
  for (let line = 1; offset < text.length; line++) {
    if (/^"?Police Force/.test(text.slice(offset, offset + 20))) return {offset, line};
    const next = text.indexOf("\n", offset);
    if (next < 0) break;
    offset = next + 1;
  }
  throw new Error(`${file}: no header row (a row whose first cell starts with "Police Force") was found; ONS changed the layout of Table C2. Update loaders/recorded-crime/c2-csp.ts and schemas.ts (C2_ID_COLUMNS, C2_OFFENCES) to the new file.`);
}

/** Checks the headings are exactly the 6 identifying and 23 count columns; returns nothing, throws naming the file. */
function checkColumns(columns: string[], file: string, line: number): void {
  const have = columns.map(normaliseHeading);
  const want: string[] = [...Object.values(C2_ID_COLUMNS), ...C2_OFFENCES.map((o) => o.label)];
  const missing = want.filter((w) => !have.includes(w));
  const extra = have.filter((h) => !want.includes(h));
  if (missing.length || extra.length) {
    throw new Error(`${file} (header at line ${line}): ONS changed the layout of Table C2: ${missing.length ? `missing column(s) ${missing.map((m) => `"${m}"`).join(", ")}` : ""}${missing.length && extra.length ? "; " : ""}${extra.length ? `unexpected column(s) ${extra.map((e) => `"${e}"`).join(", ")}` : ""}. Update C2_ID_COLUMNS / C2_OFFENCES in loaders/recorded-crime/schemas.ts.`);
  }
}

/** The title (first line) must name the edition read, so a newer file is not labelled with the old period. */
function checkTitle(text: string, file: string): void {
  const title = text.slice(0, text.indexOf("\n"));
  if (!title.includes("Table C2") || !title.toLowerCase().includes(C2_PERIOD.label.toLowerCase())) {
    throw new Error(`${file}: line 1 should be the title of Table C2 for the ${C2_PERIOD.label}; a different edition needs C2_PERIOD in loaders/recorded-crime/c2-csp.ts updated.`);
  }
}

type Lookup = {cspLads: Map<string, string[]>; successor: Map<string, string>};

/** ONS LAD 2024 → CSP lookup (districts of each CSP) and every LAD code → its current code (la_all_codes). */
export function readCspLookup(snapshotDir: string): Lookup {
  const cspLads = new Map<string, string[]>();
  for (const r of parseCsv(readFileSync(join(snapshotDir, ONS_FILES.ladToPfa), "utf-8")).rows) {
    const lad = r.ltla24_code ?? "";
    const csp = r.csp24_code ?? "";
    if (!lad || !csp) throw new Error(`${ONS_FILES.ladToPfa}: a row has no ltla24_code or csp24_code; restore the file (git checkout -- data/snapshot/${ONS_FILES.ladToPfa}).`);
    cspLads.set(csp, [...(cspLads.get(csp) ?? []), lad]);
  }
  const successor = new Map<string, string>();
  for (const r of parseCsv(readFileSync(join(snapshotDir, LA_ALL_CODES), "utf-8")).rows) {
    if (r.LADCD && r.LADCD_ACTIVE) successor.set(r.LADCD, r.LADCD_ACTIVE);
  }
  return {cspLads, successor};
}

type Cells = {line: number; get: (column: string) => string; where: (column: string) => string};

function counts(c: Cells): C2Counts {
  return Object.fromEntries(C2_OFFENCES.map((o) => [o.key, parseC2Count(c.get(o.label), () => c.where(o.label))])) as C2Counts;
}

/** The CSP of a row, with its 2024 districts from the lookup; the file's own LA code must agree with them. */
function cspRow(c: Cells, pfa: {code: string; name: string}, lookup: Lookup, file: string): C2CspRow {
  const csp_code = c.get(C2_ID_COLUMNS.csp_code).trim();
  if (!/^(E22|W14)\d{6}$/.test(csp_code)) throw new Error(`${c.where(C2_ID_COLUMNS.csp_code)}: "${csp_code.slice(0, 12)}" is not a CSP code (E22/W14).`);
  const la_codes = lookup.cspLads.get(csp_code);
  if (!la_codes) throw new Error(`${file} line ${c.line}: CSP ${csp_code} is not in the ONS LAD → CSP lookup (data/snapshot/${ONS_FILES.ladToPfa}); import a newer lookup.`);
  const la = c.get(C2_ID_COLUMNS.la_code).trim();
  const la_code_in_file = la === COMBINED ? null : la;
  if (la_code_in_file === null ? la_codes.length < 2 : !(la_codes.includes(la_code_in_file) || la_codes.includes(lookup.successor.get(la_code_in_file) ?? ""))) {
    throw new Error(`${c.where(C2_ID_COLUMNS.la_code)}: "${la.slice(0, 30)}" does not match CSP ${csp_code}'s districts in the ONS lookup (${la_codes.join(", ")}).`);
  }
  const shared = [...lookup.cspLads].filter(([code]) => code !== csp_code).flatMap(([, lads]) => lads);
  return {
    line: c.line, pfa_code: pfa.code, pfa_name: pfa.name, csp_code, csp_name: normaliseHeading(c.get(C2_ID_COLUMNS.csp_name)),
    la_code_in_file, la_codes, la_codes_shared: la_codes.filter((l) => shared.includes(l)), counts: counts(c)
  };
}

/**
 * Reads Table C2 from the snapshot. Throws, naming the file, line and column, on a missing or changed column, a
 * cell that is not a count, an unknown CSP or an unexpected row.
 */
export function readTableC2(snapshotDir: string): C2Table {
  const path = join(snapshotDir, C2_FILE);
  const text = readFileSync(path, "utf-8").replace(/^\uFEFF/, "");
  checkTitle(text, C2_FILE);
  const header = headerOffset(text, C2_FILE);
  const {columns, rows} = parseCsv(text.slice(header.offset));
  checkColumns(columns, C2_FILE, header.line);
  const byHeading = new Map(columns.map((h) => [normaliseHeading(h), h]));
  const lookup = readCspLookup(snapshotDir);

  // Line numbers: the header's own line breaks, then each record's (a quoted cell may hold one).
  let line = header.line + columns.join(",").split("\n").length;
  const records: {line: number; row: CsvRow}[] = [];
  for (const row of rows) {
    records.push({line, row});
    line += Object.values(row).join(",").split("\n").length;
  }

  const forceTotals: C2ForceRow[] = [];
  const others: {c: Cells; pfaCode: string; pfaName: string; csp: boolean}[] = [];
  let notesFrom: number | null = null;
  for (const {line, row} of records) {
    const get = (column: string) => row[byHeading.get(column) ?? column] ?? "";
    const c: Cells = {line, get, where: (column) => `${C2_FILE} line ${line}, column "${column}"`};
    const pfaCode = get(C2_ID_COLUMNS.pfa_code).trim();
    if (!/^(E23|W15)\d{6}$/.test(pfaCode)) {
      // A note under the table: text in the first cell only. Anything else is not a row this reader knows.
      if (columns.slice(1).every((h) => (row[h] ?? "").trim() === "")) { notesFrom ??= line; continue; }
      throw new Error(`${c.where(C2_ID_COLUMNS.pfa_code)}: expected a police force area code (E23…/W15…); the row is neither data nor a note.`);
    }
    if (notesFrom !== null) throw new Error(`${C2_FILE} line ${line}: a data row after the notes that start at line ${notesFrom}; the table must end before its notes.`);
    const pfaName = normaliseHeading(get(C2_ID_COLUMNS.pfa_name));
    const hasCsp = get(C2_ID_COLUMNS.csp_code).trim() !== "";
    if (!hasCsp && get(C2_ID_COLUMNS.csp_name).trim() === "") forceTotals.push({line, pfa_code: pfaCode, pfa_name: pfaName, counts: counts(c)});
    else others.push({c, pfaCode, pfaName, csp: hasCsp});
  }
  if (!forceTotals.length) throw new Error(`${C2_FILE}: no force total rows (rows with a force code and no CSP) were found; ONS changed the layout.`);

  // A row's force is its name's total row (two Unassigned rows carry another force's code).
  const totalByName = new Map(forceTotals.map((t) => [t.pfa_name.toLowerCase(), t]));
  const corrections: C2Correction[] = [];
  const csps: C2CspRow[] = [];
  const unassigned: C2NonCspRow[] = [];
  const otherAreas: C2NonCspRow[] = [];
  for (const {c, pfaCode, pfaName, csp} of others) {
    const total = totalByName.get(pfaName.toLowerCase());
    const code = total?.pfa_code ?? pfaCode;
    if (code !== pfaCode) {
      corrections.push({line: c.line, column: C2_ID_COLUMNS.pfa_code, file_value: pfaCode, used_value: code,
        reason: `the row is named for ${pfaName}, whose force total row (line ${total?.line}) has ${code}`});
    }
    if (csp) { csps.push(cspRow(c, {code, name: pfaName}, lookup, C2_FILE)); continue; }
    const name = normaliseHeading(c.get(C2_ID_COLUMNS.csp_name));
    const rec = {line: c.line, pfa_code: code, pfa_name: pfaName, name, counts: counts(c)};
    (/^unassigned\b/i.test(name) ? unassigned : otherAreas).push(rec);
  }
  const seen = new Set<string>();
  for (const r of csps) {
    if (seen.has(r.csp_code)) throw new Error(`${C2_FILE} line ${r.line}: CSP ${r.csp_code} appears twice.`);
    seen.add(r.csp_code);
  }
  return c2TableSchema.parse({
    file: C2_FILE, period: C2_PERIOD, offences: C2_OFFENCES.map((o) => ({key: o.key, label: o.label})),
    csps, forceTotals, unassigned, otherAreas, corrections
  });
}
