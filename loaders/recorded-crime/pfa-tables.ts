/**
 * ONS "Police force area data tables" (Home Office police recorded crime), the eight original workbooks of
 * data/snapshot/recorded-crime/pfa/ (editions YE Mar 2018 … YE Dec 2019), read with exceljs by sheet and column name.
 *
 * What the tables hold (read from the workbooks themselves):
 * - Table P1: recorded crime by offence group, one period (the edition's year ending): homicide is a column.
 * - Table P3: rates per 1,000 by offence group, with the mid-year population ONS used ("Population figures (mid-2018)
 *   rounded to 100"): the source of `forcePopulation` (mid-2016 for YE Mar 2018, mid-2017 for YE Jun 2018 – YE Mar 2019,
 *   mid-2018 for YE Jun – YE Dec 2019).
 * - Table P4: knife or sharp instrument offences by selected offence (total of selected serious offences, attempted
 *   murder, threats to kill, assault with injury and assault with intent to cause serious harm, robbery, rape and
 *   sexual assault, homicide): for each a count and "% involving a knife". No rates and no % change.
 * - Table P5 (latest edition, YE Dec 2019): the same total of selected offences involving a knife for the financial
 *   years YE Mar 2011 … YE Mar 2019 (9 periods) and the rolling years YE Dec 2018 and YE Dec 2019 (11 periods in
 *   all), each with a count and "% involving a knife", then % change columns (not read). No rates, no population.
 *   England and Wales and England are "NA" from YE Mar 2018 and Greater Manchester from YE Mar 2018 (it could not
 *   supply Jul–Dec 2019; its earlier figures predate its December 2017 review); ONS prints "England and Wales
 *   (excluding Greater Manchester Police)" and "England (excluding …)" rows, without codes, for every period: they
 *   are kept (area_type "nation", area_code null). In the YE Sep and Dec 2019 editions the rows coded K04000001 and
 *   E92000001 of P1, P3 and P4 also exclude Greater Manchester (said in their footnotes, kept in `note`).
 *
 * Traps handled: sheet names with trailing spaces ("Table P4  ") are matched trimmed; header rows are found by name
 * ("Area Code(s)", "Area Name") in the first rows, columns by their heading; the data stop deliberately at the
 * first blank or "Source"/numbered footnote row, and the footnotes below are read as notes, never as data; footnote
 * markers glued to names and headings ("Surrey8", "Sussex8,9", "knife3", "[note 5]", superscripts) are split off
 * and recorded; "..", ".", "NA", "N/A", "-", ":", "[x]", "+" and blanks are missing (null), never 0.
 *
 * Breaks in series come from the workbook's own footnotes, by two rules:
 * - revision: a footnote marked on the area or naming it says its figures "have (been) revised", "differ from those
 *   published" or that the force is "revising their figures". In the P5 series the break falls on the first period
 *   whose count now differs by more than 10% from the count first published for it (the earliest edition's P5 that
 *   holds the period): Surrey's revision ("Numbers differ from those published prior to year ending March 2019")
 *   reaches back to YE Mar 2017 (first published 52, now 294), so the break is before YE Mar 2017, not before
 *   YE Mar 2019. Across P4 editions the break falls on the first edition carrying such a footnote for the area
 *   (Surrey: YE Mar 2019, 60 → 464), because earlier editions stay as published.
 * - review: a footnote naming the area that says a force "reviewed their recording … in <Month> <year>" breaks the
 *   P5 series at the first period ending after that month (Greater Manchester: YE Mar 2018).
 * A footnote that only announces a future revision ("will be revised") is a note, not a break.
 *
 * Area codes map to the project's police.uk force ids by PFA code (FORCE_BY_PFA, loaders/policeuk/forces.ts), with
 * the names cross-checked; an English force code the project does not know, or a name that disagrees, is refused.
 * Welsh forces and British Transport Police keep force_id null (the project's force list is England's).
 */
import ExcelJS from "exceljs";
import {existsSync, readdirSync} from "node:fs";
import {join} from "node:path";
import {FORCE_BY_PFA, normaliseForceName} from "../policeuk/forces.ts";
import {
  forcePopulationRowSchema,
  homicideCountRowSchema,
  KNIFE_OFFENCES,
  knifeByOffenceRowSchema,
  knifeSeriesRowSchema,
  type ForcePopulationRow,
  type HomicideCountRow,
  type KnifeByOffenceRow,
  type KnifeOffence,
  type KnifeSeriesRow
} from "./pfa-schemas.ts";

/** The workbooks' folder, relative to the snapshot directory. */
export const PFA_TABLES_DIR = "recorded-crime/pfa";

const FIX = "ONS has changed the layout: update loaders/recorded-crime/pfa-tables.ts.";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const HEADER_SEARCH_ROWS = 15;
/** A P5 count that moved by more than this share of its first-published value was revised. */
const REVISION_SHARE = 0.1;

/** One row as exceljs's streaming reader gives it: plain values by 1-based column. */
class SheetRow {
  constructor(readonly number: number, readonly values: ExcelJS.CellValue[]) {}
  cell(c: number): ExcelJS.CellValue {
    return this.values[c] ?? null;
  }
  eachCell(fn: (v: ExcelJS.CellValue, c: number) => void): void {
    this.values.forEach((v, c) => {
      if (c > 0 && v !== null && v !== undefined) fn(v, c);
    });
  }
}

class Sheet {
  constructor(readonly name: string, private readonly rows: Map<number, SheetRow>, readonly rowCount: number) {}
  row(r: number): SheetRow {
    return this.rows.get(r) ?? new SheetRow(r, []);
  }
}

interface Edition {
  /** Path relative to the snapshot directory, for messages and records. */
  file: string;
  year_ending: string;
  label: string;
  sheets: Sheet[];
}

interface Area {
  area_code: string | null;
  area_key: string;
  area_name: string;
  area_type: "force" | "region" | "nation";
  force_id: string | null;
}

interface AreaRow extends Area {
  row: SheetRow;
  markers: number[];
}

interface Table {
  file: string;
  sheet: string;
  ws: Sheet;
  header: number;
  rows: AreaRow[];
  footnotes: Map<number, string>;
}

/** Plain text of a cell (exceljs gives rich text, hyperlinks and formulas as objects). */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object" && "richText" in v) return v.richText.map((r) => r.text).join("");
  if (typeof v === "object" && "text" in v) return String(v.text);
  if (typeof v === "object" && "result" in v) return v.result === undefined ? "" : String(v.result);
  if (typeof v === "object" && "error" in v) return String(v.error);
  return String(v);
}

const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";
const TRAILING_SUPERSCRIPTS = /([⁰¹²³⁴-⁹]+(?:,[⁰¹²³⁴-⁹]+)*)$/u;
/** Footnote numbers glued to the end of a name or heading: "Surrey8", "Sussex8,9", "harassment 5". */
const TRAILING_MARKERS = /^(.*[A-Za-z)\]'])\s?(\d{1,2}(?:\s*,\s*\d{1,2})*)$/s;

/** Splits footnote markers off a name or heading: "[note 5]" tags, trailing superscripts and trailing digits. */
export function splitMarkers(raw: string): {text: string; markers: number[]} {
  const markers: number[] = [];
  let text = raw.replace(/\s+/g, " ").trim();
  text = text.replace(/\s*\[notes?\s*(\d+)\]/gi, (_m, n: string) => {
    markers.push(Number(n));
    return "";
  }).trim();
  const sup = text.match(TRAILING_SUPERSCRIPTS);
  if (sup) {
    for (const part of sup[1]!.split(",")) markers.push(Number([...part].map((ch) => SUPERSCRIPT.indexOf(ch)).join("")));
    text = text.slice(0, sup.index).trim();
  }
  const plain = text.match(TRAILING_MARKERS);
  if (plain) {
    for (const n of plain[2]!.split(",")) markers.push(Number(n.trim()));
    text = plain[1]!.trim();
  }
  return {text, markers};
}

const normalise = (s: string): string => splitMarkers(s).text.toLowerCase();

/** Values ONS prints for "not available", "suppressed" or "not applicable": all missing, never 0. */
const MISSING = new Set(["", ".", "..", "...", "-", "–", "—", "na", "n/a", ":", "x", "[x]", "[c]", "[z]", "[u]", "c", "z", "+", "*"]);

function columnLetter(c: number): string {
  let s = "";
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function where(t: Table, r: number, c?: number, heading?: string): string {
  const col = c === undefined ? "" : `, column ${columnLetter(c)}${heading ? ` ("${heading}")` : ""}`;
  return `${t.file}, sheet "${t.sheet}" row ${r}${col}`;
}

/** A number, or null for a missing marker; a value with a "[note N]" tag adds N to `markers`. Anything else is refused. */
function numberAt(t: Table, row: SheetRow, c: number, heading: string, markers: number[]): number | null {
  const v = row.cell(c);
  if (typeof v === "number") return v;
  const {text, markers: m} = ((): {text: string; markers: number[]} => {
    const raw = cellText(v).replace(/\s+/g, " ").trim();
    const tags: number[] = [];
    const stripped = raw.replace(/\s*\[notes?\s*(\d+)\]/gi, (_x, n: string) => {
      tags.push(Number(n));
      return "";
    });
    return {text: stripped.trim(), markers: tags};
  })();
  markers.push(...m);
  if (MISSING.has(text.toLowerCase())) return null;
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$|^-?\d+(\.\d+)?(E-?\d+)?$/i.test(text)) return Number(text.replaceAll(",", ""));
  throw new Error(`${where(t, row.number, c, heading)}: "${text.slice(0, 40)}" is neither a number nor a missing-value marker ("..", "NA", "-", "[x]"). ${FIX}`);
}

function countAt(t: Table, row: SheetRow, c: number, heading: string, markers: number[]): number | null {
  const n = numberAt(t, row, c, heading, markers);
  if (n !== null && (!Number.isInteger(n) || n < 0)) throw new Error(`${where(t, row.number, c, heading)}: ${n} is not a count. ${FIX}`);
  return n;
}

function sheetOf(ed: Edition, name: string): Sheet {
  const ws = ed.sheets.find((w) => w.name.trim() === name);
  if (!ws) {
    throw new Error(`${ed.file}: no sheet "${name}" (sheets: ${ed.sheets.map((w) => `"${w.name}"`).join(", ")}). Is this an ONS "Police force area data tables" workbook? ${FIX}`);
  }
  return ws;
}

/** Finds the header row by its "Area Code(s)" and "Area Name" cells; returns the row and their columns. */
function findHeader(file: string, ws: Sheet): {header: number; codeCol: number; nameCol: number} {
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, ws.rowCount); r++) {
    let codeCol = 0;
    let nameCol = 0;
    ws.row(r).eachCell((v, c) => {
      const h = normalise(cellText(v));
      if (h === "area code" || h === "area codes") codeCol = c;
      if (h === "area name") nameCol = c;
    });
    if (codeCol && nameCol) return {header: r, codeCol, nameCol};
  }
  throw new Error(`${file}, sheet "${ws.name}": no header row with "Area Code" and "Area Name" in the first ${HEADER_SEARCH_ROWS} rows. ${FIX}`);
}

const isFootnoteStart = (s: string): boolean => /^source\b/i.test(s) || /^\d+\.\s/.test(s) || /^\[?notes?\b/i.test(s);

/** Every data row (areas) of a table, stopping at the first blank or footnote row, and the numbered footnotes below. */
function readTable(ed: Edition, name: string): Table {
  const ws = sheetOf(ed, name);
  const {header, codeCol, nameCol} = findHeader(ed.file, ws);
  const t: Table = {file: ed.file, sheet: ws.name, ws, header, rows: [], footnotes: new Map()};
  let r = header + 1;
  let started = false;
  for (; r <= ws.rowCount; r++) {
    const row = ws.row(r);
    const code = cellText(row.cell(codeCol)).trim();
    const rawName = cellText(row.cell(nameCol)).trim();
    if (isFootnoteStart(code) || (!code && isFootnoteStart(rawName))) break;
    if (!code && !rawName) {
      if (started) break; // the blank row that ends the table
      continue; // units rows ("Numbers") between the header and the first area
    }
    if (!rawName) throw new Error(`${where(t, r)}: area code "${code}" has no name. ${FIX}`);
    started = true;
    const {text, markers} = splitMarkers(rawName);
    t.rows.push({...resolveArea(code || null, text, where(t, r)), row, markers});
  }
  if (!t.rows.length) throw new Error(`${ed.file}, sheet "${ws.name}": no area rows below the header (row ${header}). ${FIX}`);
  for (; r <= ws.rowCount; r++) {
    const first = Array.from(ws.row(r).values, (v) => cellText(v ?? null).trim()).find((s) => s !== "") ?? "";
    const m = first.match(/^\[?notes?\s*(\d+)\]?[:.]?\s+(.+)$/is) ?? first.match(/^(\d+)\.\s*(.+)$/s);
    if (m) t.footnotes.set(Number(m[1]), m[2]!.replace(/\s+/g, " ").trim());
  }
  return t;
}

const slug = (s: string): string => s.toLowerCase().replaceAll("&", "and").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
/**
 * A force name without its "Police"/"Constabulary" suffix, compared loosely ("Metropolitan Police" = "Metropolitan
 * Police Service"); ONS's inverted form "London, City of" reads as "City of London".
 */
const forceCore = (name: string): string => {
  const inverted = name.match(/^([^,]+),\s*(.+)$/);
  return normaliseForceName(inverted ? `${inverted[2]} ${inverted[1]}` : name).replace(/(policeservice|police|constabulary)$/, "");
};

/** Area type and the project's force id for a row; refuses an English force the project cannot match. */
function resolveArea(code: string | null, name: string, at: string): Area {
  if (code === null) {
    if (/^british transport police$/i.test(name)) return {area_code: null, area_key: slug(name), area_name: name, area_type: "force", force_id: null};
    if (/^(england and wales|england|wales) \(excluding greater manchester police\)$/i.test(name)) {
      return {area_code: null, area_key: slug(name), area_name: name, area_type: "nation", force_id: null};
    }
    throw new Error(`${at}: area "${name}" has no area code, and is not a row ONS prints without one (British Transport Police, totals excluding Greater Manchester Police). ${FIX}`);
  }
  const base = {area_code: code, area_key: code, area_name: name};
  if (/^(K04|E92|W92)\d{6}$/.test(code)) return {...base, area_type: "nation", force_id: null};
  if (/^E12\d{6}$/.test(code)) return {...base, area_type: "region", force_id: null};
  if (/^W15\d{6}$/.test(code)) return {...base, area_type: "force", force_id: null};
  if (/^E23\d{6}$/.test(code)) {
    const force = FORCE_BY_PFA[code];
    if (!force) throw new Error(`${at}: police force area ${code} ("${name}") is not in the project's force list (loaders/policeuk/forces.ts); add it there with its police.uk id.`);
    if (forceCore(name) !== forceCore(force.name)) {
      throw new Error(`${at}: police force area ${code} is "${name}" here but "${force.name}" in loaders/policeuk/forces.ts; check the code and the lookup.`);
    }
    return {...base, area_type: "force", force_id: force.id};
  }
  throw new Error(`${at}: "${code}" is not an area code of a force, region or nation (E23/W15, E12, E92/W92/K04). ${FIX}`);
}

/** The footnotes that apply to an area: those marked on its name and, for forces, those whose text names it. */
function footnotesFor(t: Table, a: AreaRow): number[] {
  const ns = new Set(a.markers.filter((n) => t.footnotes.has(n)));
  if (a.area_type === "force") {
    const name = a.area_name.toLowerCase().replaceAll("&", "and");
    const pattern = new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "i");
    for (const [n, text] of t.footnotes) if (pattern.test(text.replaceAll("&", "and"))) ns.add(n);
  }
  return [...ns].sort((x, y) => x - y);
}

const noteText = (t: Table, ns: number[]): string | null => (ns.length ? ns.map((n) => `${n}. ${t.footnotes.get(n)}`).join("\n\n") : null);

const REVISION = /\b(?:have|has)(?: been)? revised\b|\brevising their figures\b|\bnumbers differ from those\b/i;
const REVIEW = /\breviewed their recording\b.*?\bin (january|february|march|april|may|june|july|august|september|october|november|december) (\d{4})/i;

function ym(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, "0")}`;
}
const yeLabel = (yearEnding: string): string => `YE ${MONTHS[Number(yearEnding.slice(5)) - 1]} ${yearEnding.slice(0, 4)}`;

/** The edition's year ending, from the title of P4 (or P1, P3): "… year ending December 2019…". */
function editionOf(file: string, sheets: Sheet[]): {year_ending: string; label: string} {
  for (const name of ["Table P4", "Table P1", "Table P3"]) {
    const ws = sheets.find((w) => w.name.trim() === name);
    const title = ws ? cellText(ws.row(1).cell(1)) : "";
    const m = title.match(/year ending\s+([a-z]+)\s+(\d{4})/i);
    const month = m ? MONTH_NAMES.indexOf(m[1]!.toLowerCase()) + 1 : 0;
    if (m && month) {
      const year_ending = ym(Number(m[2]), month);
      return {year_ending, label: yeLabel(year_ending)};
    }
  }
  throw new Error(`${file}: no "year ending <Month> <year>" in the title of Table P4, P1 or P3, so the edition is unknown. ${FIX}`);
}

/**
 * Every sheet of a workbook as plain row values, through exceljs's streaming reader: styles are not needed, and
 * skipping them makes the read several times faster than a full workbook load.
 */
async function readSheets(path: string): Promise<Sheet[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {worksheets: "emit", sharedStrings: "cache", hyperlinks: "ignore", styles: "ignore", entries: "ignore"});
  const sheets: Sheet[] = [];
  for await (const worksheet of reader) {
    // exceljs's typings omit the name its WorksheetReader carries once workbook.xml has been read.
    const name = (worksheet as unknown as {name?: string}).name ?? `#${sheets.length + 1}`;
    const rows = new Map<number, SheetRow>();
    let rowCount = 0;
    for await (const row of worksheet) {
      rows.set(row.number, new SheetRow(row.number, Array.isArray(row.values) ? (row.values as ExcelJS.CellValue[]) : []));
      rowCount = Math.max(rowCount, row.number);
    }
    sheets.push(new Sheet(name, rows, rowCount));
  }
  return sheets;
}

/** Every workbook of the folder, read once, oldest edition first. */
async function loadEditions(snapshotDir: string): Promise<Edition[]> {
  const dir = join(snapshotDir, PFA_TABLES_DIR);
  if (!existsSync(dir)) throw new Error(`${dir}: folder missing. Restore data/snapshot from git (git checkout -- data/snapshot).`);
  const files = readdirSync(dir).filter((f) => f.toLowerCase().endsWith(".xlsx")).sort();
  if (!files.length) throw new Error(`${dir}: no .xlsx workbooks. Restore data/snapshot from git (git checkout -- data/snapshot).`);
  const editions = await Promise.all(
    files.map(async (f): Promise<Edition> => {
      const file = `${PFA_TABLES_DIR}/${f}`;
      let sheets: Sheet[];
      try {
        sheets = await readSheets(join(dir, f));
      } catch (e) {
        throw new Error(`${file}: not a readable .xlsx workbook (${(e as Error).message}). Replace it with ONS's original file.`);
      }
      return {file, sheets, ...editionOf(file, sheets)};
    })
  );
  editions.sort((a, b) => a.year_ending.localeCompare(b.year_ending));
  for (let i = 1; i < editions.length; i++) {
    if (editions[i]!.year_ending === editions[i - 1]!.year_ending) {
      throw new Error(`${editions[i - 1]!.file} and ${editions[i]!.file} are both the ${editions[i]!.label} edition; keep one.`);
    }
  }
  return editions;
}

// ---------------------------------------------------------------------------------------------------------------
// Table P5: the knife series

interface Period {
  count: number;
  pct: number | null;
  year_ending: string;
  period_start: string;
  label: string;
  kind: "financial" | "rolling";
}

/** "Apr '10 to Mar '11" → its months. */
function parsePeriod(text: string): Omit<Period, "count" | "pct"> | null {
  const m = text.replace(/\s+/g, " ").trim().match(/^([A-Z][a-z]{2}) '(\d{2}) to ([A-Z][a-z]{2}) '(\d{2})$/);
  if (!m) return null;
  const sm = MONTHS.indexOf(m[1] as (typeof MONTHS)[number]) + 1;
  const em = MONTHS.indexOf(m[3] as (typeof MONTHS)[number]) + 1;
  if (!sm || !em) return null;
  const year_ending = ym(2000 + Number(m[4]), em);
  return {year_ending, period_start: ym(2000 + Number(m[2]), sm), label: yeLabel(year_ending), kind: sm === 4 && em === 3 ? "financial" : "rolling"};
}

/** P5's period columns: each "Number of selected offences involving a knife" heading, its period above it, and the "% involving a knife" column after it. */
function p5Periods(t: Table): Period[] {
  const head = t.ws.row(t.header);
  const above = t.ws.row(t.header - 1);
  const periods: Period[] = [];
  head.eachCell((v, c) => {
    if (!normalise(cellText(v)).startsWith("number of selected offences involving")) return;
    const label = cellText(above.cell(c));
    const p = parsePeriod(label);
    if (!p) throw new Error(`${where(t, t.header - 1, c)}: "${label.trim()}" is not a period like "Apr '10 to Mar '11". ${FIX}`);
    const next = normalise(cellText(head.cell(c + 1)));
    periods.push({...p, count: c, pct: next === "% involving a knife" ? c + 1 : null});
  });
  if (!periods.length) throw new Error(`${t.file}, sheet "${t.sheet}" row ${t.header}: no column headed "Number of selected offences involving a knife". ${FIX}`);
  return periods;
}

interface SeriesPoint {
  area: AreaRow;
  period: Period;
  count: number | null;
  pct: number | null;
  markers: number[];
}

function readP5(ed: Edition): {t: Table; points: SeriesPoint[]} {
  const t = readTable(ed, "Table P5");
  const periods = p5Periods(t);
  const points: SeriesPoint[] = [];
  for (const area of t.rows) {
    for (const period of periods) {
      const markers = [...area.markers];
      const count = countAt(t, area.row, period.count, "Number of selected offences involving a knife", markers);
      const pct = period.pct === null ? null : numberAt(t, area.row, period.pct, "% involving a knife", markers);
      points.push({area, period, count, pct, markers});
    }
  }
  return {t, points};
}

/** The P5 series of the latest edition, with breaks from its footnotes checked against the earlier editions' P5. */
function knifeSeries(editions: Edition[]): KnifeSeriesRow[] {
  const latest = editions.at(-1)!;
  const {t, points} = readP5(latest);
  // The count first published for each area and period: the earliest edition's P5 that holds it.
  const firstPublished = new Map<string, number>();
  for (const ed of editions.slice(0, -1)) {
    for (const p of readP5(ed).points) {
      const key = `${p.area.area_key}|${p.period.year_ending}|${p.period.period_start}`;
      if (p.count !== null && !firstPublished.has(key)) firstPublished.set(key, p.count);
    }
  }
  const byArea = new Map<string, SeriesPoint[]>();
  for (const p of points) byArea.set(p.area.area_key, [...(byArea.get(p.area.area_key) ?? []), p]);
  const rows: KnifeSeriesRow[] = [];
  for (const series of byArea.values()) {
    series.sort((a, b) => a.period.year_ending.localeCompare(b.period.year_ending));
    const area = series[0]!.area;
    const notes = footnotesFor(t, area);
    const breaks = new Map<string, number[]>(); // year_ending → footnotes that break the series there
    const addBreak = (ye: string, n: number) => breaks.set(ye, [...(breaks.get(ye) ?? []), n]);
    if (area.area_type === "force") {
      for (const n of notes) {
        const text = t.footnotes.get(n)!;
        if (REVISION.test(text)) {
          const revised = series.find((p) => {
            const first = firstPublished.get(`${area.area_key}|${p.period.year_ending}|${p.period.period_start}`);
            return first !== undefined && p.count !== null && Math.abs(p.count - first) > REVISION_SHARE * Math.max(first, 10);
          });
          if (revised) addBreak(revised.period.year_ending, n);
        }
        const review = text.match(REVIEW);
        if (review) {
          const after = ym(Number(review[2]), MONTH_NAMES.indexOf(review[1]!.toLowerCase()) + 1);
          const first = series.find((p) => p.period.year_ending > after);
          if (first) addBreak(first.period.year_ending, n);
        }
      }
    }
    for (const p of series) {
      const breakNotes = breaks.get(p.period.year_ending) ?? [];
      rows.push(knifeSeriesRowSchema.parse({
        area_code: area.area_code, area_key: area.area_key, area_name: area.area_name, area_type: area.area_type, force_id: area.force_id,
        edition: latest.year_ending, year_ending: p.period.year_ending, period_start: p.period.period_start, label: p.period.label,
        period_kind: p.period.kind, count: p.count, pct_involving_knife: p.pct, rate_per_100k: null,
        break_before: breakNotes.length > 0, break_note: noteText(t, breakNotes),
        markers: [...new Set(p.markers)], note: noteText(t, notes)
      }));
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Table P4: knife offences by selected offence, every edition

/** Offence headings of P4 (normalised, markers removed) → offence keys. */
const P4_OFFENCES: Record<string, KnifeOffence> = {
  "total of selected serious offences": "total_selected",
  "attempted murder": "attempted_murder",
  "threats to kill": "threats_to_kill",
  "assault with injury and assault with intent to cause serious harm": "assault_injury_serious_harm",
  robbery: "robbery",
  "rape and sexual assault": "rape_sexual_assault",
  homicide: "homicide"
};

interface OffenceColumns {
  offence: KnifeOffence;
  label: string;
  count: number;
  pct: number | null;
  markers: number[];
}

function p4Columns(t: Table): OffenceColumns[] {
  const head = t.ws.row(t.header);
  const above = t.ws.row(t.header - 1);
  const found = new Map<KnifeOffence, OffenceColumns>();
  head.eachCell((v, c) => {
    if (!normalise(cellText(v)).startsWith("number of offences involving")) return;
    const {text, markers} = splitMarkers(cellText(above.cell(c)));
    const offence = P4_OFFENCES[text.toLowerCase()];
    if (!offence) throw new Error(`${where(t, t.header - 1, c)}: offence heading "${text}" is not one of P4's selected offences (${Object.keys(P4_OFFENCES).join(", ")}). ${FIX}`);
    const next = normalise(cellText(head.cell(c + 1)));
    found.set(offence, {offence, label: text, count: c, pct: next === "% involving a knife" ? c + 1 : null, markers});
  });
  const missing = KNIFE_OFFENCES.filter((o) => !found.has(o));
  if (missing.length) {
    const names = Object.entries(P4_OFFENCES).filter(([, o]) => missing.includes(o)).map(([h]) => `"${h}"`);
    throw new Error(`${t.file}, sheet "${t.sheet}" rows ${t.header - 1}–${t.header}: no "Number of offences involving a knife" column under ${names.join(", ")}. ${FIX}`);
  }
  return KNIFE_OFFENCES.map((o) => found.get(o)!);
}

/** Each area's first edition whose P4 footnotes say its figures were revised (earlier editions stay as published). */
function p4Breaks(tables: {ed: Edition; t: Table}[]): Map<string, Map<string, number[]>> {
  const breaks = new Map<string, Map<string, number[]>>(); // area_key → edition → footnotes
  const revisedBefore = new Set<string>();
  for (const [i, {ed, t}] of tables.entries()) {
    const revisedNow = new Set<string>();
    for (const area of t.rows) {
      if (area.area_type !== "force") continue;
      const ns = footnotesFor(t, area).filter((n) => REVISION.test(t.footnotes.get(n)!));
      if (!ns.length) continue;
      revisedNow.add(area.area_key);
      if (i > 0 && !revisedBefore.has(area.area_key)) breaks.set(area.area_key, (breaks.get(area.area_key) ?? new Map()).set(ed.year_ending, ns));
    }
    revisedBefore.clear();
    for (const k of revisedNow) revisedBefore.add(k);
  }
  return breaks;
}

function knifeByOffence(editions: Edition[]): KnifeByOffenceRow[] {
  const tables = editions.map((ed) => ({ed, t: readTable(ed, "Table P4")}));
  const breaks = p4Breaks(tables);
  const rows: KnifeByOffenceRow[] = [];
  for (const {ed, t} of tables) {
    const columns = p4Columns(t);
    for (const area of t.rows) {
      const notes = footnotesFor(t, area);
      const breakNotes = breaks.get(area.area_key)?.get(ed.year_ending) ?? [];
      for (const col of columns) {
        const markers = [...area.markers];
        const count = countAt(t, area.row, col.count, `${col.label}: Number of offences involving a knife`, markers);
        const pct = col.pct === null ? null : numberAt(t, area.row, col.pct, `${col.label}: % involving a knife`, markers);
        rows.push(knifeByOffenceRowSchema.parse({
          area_code: area.area_code, area_key: area.area_key, area_name: area.area_name, area_type: area.area_type, force_id: area.force_id,
          edition: ed.year_ending, edition_label: ed.label, file: ed.file, offence: col.offence, offence_label: col.label,
          count, pct_involving_knife: pct, break_before: breakNotes.length > 0, break_note: noteText(t, breakNotes),
          offence_note: noteText(t, col.markers.filter((n) => t.footnotes.has(n))), markers: [...new Set(markers)], note: noteText(t, notes)
        }));
      }
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Table P1 homicide counts and Table P3 populations

/** The column whose heading (markers removed) satisfies `match`, in the header row. */
function columnNamed(t: Table, what: string, match: (h: string) => boolean): {col: number; heading: string} {
  let found: {col: number; heading: string} | null = null;
  t.ws.row(t.header).eachCell((v, c) => {
    const heading = cellText(v).replace(/\s+/g, " ").trim();
    if (!found && match(normalise(heading))) found = {col: c, heading};
  });
  if (!found) throw new Error(`${t.file}, sheet "${t.sheet}" row ${t.header}: no column headed ${what}. ${FIX}`);
  return found;
}

function homicideCounts(editions: Edition[]): HomicideCountRow[] {
  const rows: HomicideCountRow[] = [];
  for (const ed of editions) {
    const t = readTable(ed, "Table P1");
    const {col} = columnNamed(t, `"Homicide"`, (h) => h === "homicide");
    for (const area of t.rows) {
      const markers = [...area.markers];
      const count = countAt(t, area.row, col, "Homicide", markers);
      rows.push(homicideCountRowSchema.parse({
        area_code: area.area_code, area_key: area.area_key, area_name: area.area_name, area_type: area.area_type, force_id: area.force_id,
        edition: ed.year_ending, year_ending: ed.year_ending, label: ed.label, file: ed.file, count,
        markers: [...new Set(markers)], note: noteText(t, footnotesFor(t, area))
      }));
    }
  }
  return rows;
}

function forcePopulations(editions: Edition[]): ForcePopulationRow[] {
  const rows: ForcePopulationRow[] = [];
  for (const ed of editions) {
    const t = readTable(ed, "Table P3");
    const {col, heading} = columnNamed(t, `"Population figures (mid-YYYY) rounded to 100"`, (h) => h.startsWith("population figures"));
    const basis = heading.match(/mid-(\d{4})/);
    if (!basis) throw new Error(`${where(t, t.header, col, heading)}: the heading names no "mid-YYYY" estimate. ${FIX}`);
    const source = `ONS Police force area data tables, ${ed.label}, ${t.sheet.trim()}, column "${splitMarkers(heading).text.replace(/\)\d+/, ")")}" (ONS mid-${basis[1]} population estimate, rounded to 100)`;
    for (const area of t.rows) {
      const markers = [...area.markers];
      const population = numberAt(t, area.row, col, heading, markers);
      rows.push(forcePopulationRowSchema.parse({
        area_code: area.area_code, area_key: area.area_key, area_name: area.area_name, area_type: area.area_type, force_id: area.force_id,
        edition: ed.year_ending, file: ed.file, population, population_basis: `mid-${basis[1]}`, source,
        markers: [...new Set(markers)], note: noteText(t, footnotesFor(t, area))
      }));
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Exports

/** Table P5 of the latest edition (YE Dec 2019): selected offences involving a knife, YE Mar 2011 – YE Dec 2019, per area. */
export async function readKnifeSeries(snapshotDir: string): Promise<KnifeSeriesRow[]> {
  return knifeSeries(await loadEditions(snapshotDir));
}

/** Table P4 of every edition: knife offences per area and selected offence. */
export async function readKnifeBySelectedOffence(snapshotDir: string): Promise<KnifeByOffenceRow[]> {
  return knifeByOffence(await loadEditions(snapshotDir));
}

/** Table P1 of every edition: homicides recorded by the police per area in the edition's year ending. */
export async function readHomicideCounts(snapshotDir: string): Promise<HomicideCountRow[]> {
  return homicideCounts(await loadEditions(snapshotDir));
}

/** Table P3 of every edition: the mid-year population ONS used for the edition's rates, per area. */
export async function forcePopulation(snapshotDir: string): Promise<ForcePopulationRow[]> {
  return forcePopulations(await loadEditions(snapshotDir));
}

/** All four, reading each workbook once (for the prepare step). */
export async function readPfaTables(snapshotDir: string): Promise<{
  knifeSeries: KnifeSeriesRow[];
  knifeByOffence: KnifeByOffenceRow[];
  homicide: HomicideCountRow[];
  population: ForcePopulationRow[];
}> {
  const editions = await loadEditions(snapshotDir);
  return {knifeSeries: knifeSeries(editions), knifeByOffence: knifeByOffence(editions), homicide: homicideCounts(editions), population: forcePopulations(editions)};
}
