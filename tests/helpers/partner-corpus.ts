/**
 * The bad-input corpus for partner extracts, generated at test time into a temporary folder (never committed):
 * each case is a file with its manifest and the outcome it must have: accepted (with checks on what was read), or
 * refused with the kind of problem and the sheet, row and column the message must name. Values that must never
 * appear in a message or an output are listed in `secrets`.
 */
import {createWriteStream, mkdirSync, writeFileSync} from "node:fs";
import {once} from "node:events";
import {join} from "node:path";
import ExcelJS from "exceljs";
import {writeWorkbook} from "./write-workbook.ts";

export interface Expectation {
  status: "accepted" | "refused";
  kind?: "personal-data" | "invalid" | "unreadable" | "manifest";
  sheet?: string;
  row?: number;
  /** Column letter the message must name. */
  column?: string;
  /** Words the message must contain (e.g. "NHS numbers"). */
  says?: string;
}

export interface CorpusCase {
  name: string;
  what: string;
  expect: Expectation;
  /** Values planted in the file that must never be echoed. */
  secrets: string[];
}

const AE_HEADER = ["Attendance date", "Attendance time", "Location of incident", "Incident LSOA", "Weapon", "Age band", "Sex"];
/** Eight valid A&E rows (Plymouth LSOAs), 2025. */
export const AE_ROWS: string[][] = [
  ["2025-01-03", "23:40", "Street or public place", "E01015109", "Knife or sharp object", "18-24", "Male"],
  ["2025-01-04", "01:10", "Pub, bar or club", "E01015110", "Body (hands, feet, head)", "25-34", "Female"],
  ["2025-02-14", "12:00", "Home", "", "Not known", "65+", "Male"],
  ["2025-02-15", "22:05", "Street or public place", "E01015109", "Glass or bottle", "18-24", "Male"],
  ["2025-03-01", "02:30", "Pub, bar or club", "E01015111", "Body (hands, feet, head)", "18-24", "Male"],
  ["2025-03-08", "19:45", "Home", "", "Blunt object", "35-44", "Female"],
  ["2025-03-09", "00:15", "Street or public place", "E01015112", "Body (hands, feet, head)", "25-34", "Male"],
  ["2025-04-12", "23:59", "Other", "", "Other weapon", "45-54", "Not known"]
];
/** Ten-digit numbers whose NHS check digit is wrong (the valid 943 476 5919 with its last digit changed, etc.). */
export const BAD_CHECKSUM = ["9434765918", "4010232138", "9434765871"];
const AMB_HEADER = ["Month", "Call type", "Age band", "Sex", "Count"];

export const manifestFor = (datasetType: string, extra: Record<string, unknown> = {}) => ({
  datasetType,
  owner: "Test Partner Trust",
  period: "2025",
  received: "2025-06-30",
  sharingAgreement: "DSA-TEST-1",
  ...extra
});

const csvLine = (cells: string[], d = ",") => cells.map((c) => (c.includes(d) || c.includes('"') || c.includes("\n") ? `"${c.replaceAll('"', '""')}"` : c)).join(d);
const csv = (header: string[], rows: string[][], d = ",", eol = "\n") => [header, ...rows].map((r) => csvLine(r, d)).join(eol) + eol;
/** A&E rows with one column replaced or added. */
const withColumn = (header: string, values: (i: number) => string) => ({header: [...AE_HEADER, header], rows: AE_ROWS.map((r, i) => [...r, values(i)])});

/** Windows-1252 bytes for a JS string (ASCII, Latin-1 and the 0x80–0x9F specials used here). */
function cp1252(text: string): Buffer {
  const specials: Record<string, number> = {"\u2013": 0x96, "\u2019": 0x92, "\u20ac": 0x80, "\u201c": 0x93, "\u201d": 0x94};
  return Buffer.from([...text].map((ch) => specials[ch] ?? ch.charCodeAt(0)));
}

/** An ISO date written as ISO, DD/MM/YYYY, DD-Mon-YYYY or an Excel serial day number (format 0–3). */
export function inFormat(iso: string, format: number): string {
  const [y, m, d] = iso.split("-") as [string, string, string];
  const mon = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ")[Number(m) - 1]!;
  const serial = (Date.UTC(+y, +m - 1, +d) - Date.UTC(1899, 11, 30)) / 86400000;
  return [iso, `${d}/${m}/${y}`, `${d}-${mon}-${y}`, String(serial)][format]!;
}

async function xlsx(path: string, build: (wb: ExcelJS.Workbook) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  await writeWorkbook(wb, path);
}

function aeSheet(wb: ExcelJS.Workbook, name = "Attendances"): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.addRow(AE_HEADER);
  for (const r of AE_ROWS) ws.addRow(r);
  return ws;
}

/** Writes every case (file + `<file>.manifest.json`) into dir and returns the cases. */
export async function writePartnerCorpus(dir: string): Promise<CorpusCase[]> {
  mkdirSync(dir, {recursive: true});
  const cases: CorpusCase[] = [];
  const add = (name: string, what: string, data: string | Buffer | null, expect: Expectation, opts: {dataset?: string; manifest?: Record<string, unknown> | null; secrets?: string[]} = {}) => {
    if (data !== null) writeFileSync(join(dir, name), data);
    if (opts.manifest !== null) writeFileSync(join(dir, `${name}.manifest.json`), JSON.stringify(opts.manifest ?? manifestFor(opts.dataset ?? "ae-assault")));
    cases.push({name, what, expect, secrets: opts.secrets ?? []});
  };
  const ok: Expectation = {status: "accepted"};

  // --- Reading: encodings, delimiters, layouts (all read correctly)
  add("01-good.csv", "a clean A&E extract", csv(AE_HEADER, AE_ROWS), ok);
  add("02-semicolon.csv", "semicolon-delimited (European Excel)", csv(AE_HEADER, AE_ROWS, ";", "\r\n"), ok);
  add("03-tab.tsv", "tab-delimited", csv(AE_HEADER, AE_ROWS, "\t"), ok);
  add("04-pipe.txt", "pipe-delimited", csv(AE_HEADER, AE_ROWS, "|"), ok);
  add("05-windows-1252.csv", "Windows-1252 with en dashes in age bands (bytes 0x96)", cp1252(csv(AE_HEADER, AE_ROWS.map((r) => [...r.slice(0, 5), r[5]!.replace("-", "\u2013"), r[6]!]), ",", "\r\n")), ok);
  add("06-latin1-only.csv", "Windows-1252 with only Latin-1 letters (é) in an extra column", cp1252(csv([...AE_HEADER, "Département"], AE_ROWS.map((r) => [...r, "Médecine"]))), ok);
  add("07-bom.csv", "UTF-8 with a byte-order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(AE_HEADER, AE_ROWS, ",", "\r\n"))]), ok);
  add("08-utf16.txt", "UTF-16LE with BOM, tab-delimited (Excel 'Unicode text')", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv(AE_HEADER, AE_ROWS, "\t", "\r\n"), "utf16le")]), ok);
  const fourFormats = AE_ROWS.map((r, i) => [inFormat(r[0]!, i % 4), ...r.slice(1)]);
  add("09-dates-four-formats.csv", "dates as ISO, DD/MM/YYYY, DD-Mon-YYYY and Excel serial", csv(AE_HEADER, fourFormats), ok);
  add("10-us-dates.csv", "month/day/year dates", csv(AE_HEADER, AE_ROWS.map((r, i) => [i === 2 ? "02/14/2025" : r[0]!, ...r.slice(1)])), {status: "refused", kind: "invalid", row: 4, column: "A", says: "day/month/year"});
  add("11-totals-row.csv", "a totals row at the bottom", csv(AE_HEADER, [...AE_ROWS, ["Total", "", "", "", "", "", ""]]), ok);
  add("12-repeated-header.csv", "the header repeated half-way (two exports pasted together)", csv(AE_HEADER, [...AE_ROWS.slice(0, 4), AE_HEADER, ...AE_ROWS.slice(4)]), ok);
  add("13-duplicate-column.csv", "the Sex column twice", csv([...AE_HEADER, "Sex"], AE_ROWS.map((r) => [...r, r[6]!])), {status: "refused", kind: "invalid", row: 1, column: "H", says: "second"});
  add("14-empty.csv", "an empty file", "", {status: "refused", kind: "unreadable", says: "empty"});
  add("15-header-only.csv", "a header and no rows", csv(AE_HEADER, []), {status: "refused", kind: "invalid", says: "no data rows"});
  add("16-thousands-and-suppressed.csv", "counts with thousands separators and partner-suppressed '<5'", csv(AMB_HEADER, [["2025-01", "Assault", "18-24", "Male", "1,204"], ["2025-01", "Stab", "18-24", "Male", "<5"], ["2025-02", "Assault", "25-34", "Female", "1 020"]]), ok, {dataset: "ambulance-assault"});
  add("17-bad-count.csv", "a fractional count", csv(AMB_HEADER, [["2025-01", "Assault", "18-24", "Male", "12"], ["2025-02", "Assault", "18-24", "Male", "12.5"]]), {status: "refused", kind: "invalid", row: 3, column: "E", says: "whole number"}, {dataset: "ambulance-assault"});
  add("18-title-rows.csv", "two title lines above the header", `Derriford ED: assault attendances\nExtracted 2025-06-30\n${csv(AE_HEADER, AE_ROWS)}`, ok);
  add("19-ragged-row.csv", "a row with an extra field (stray comma)", csv(AE_HEADER, AE_ROWS).replace("2025-02-14,12:00,Home,", "2025-02-14,12:00,Home,,"), {status: "refused", row: 4, says: "fields"});
  add("20-missing-column.csv", "no Sex column", csv(AE_HEADER.slice(0, 6), AE_ROWS.map((r) => r.slice(0, 6))), {status: "refused", kind: "invalid", row: 1, says: "Sex"});
  add("21-quoted-newline.csv", "a quoted value spanning two lines in an extra column", csv([...AE_HEADER, "Site"], AE_ROWS.map((r, i) => [...r, i === 1 ? "Derriford\nMain" : "Derriford"])), ok);

  // --- Personal data: refused, never echoed
  const nhs = ["943 476 5919", "401 023 2137", "9434765870"];
  add("30-pd-name-header.csv", "a 'Patient name' column", (() => { const t = withColumn("Patient name", () => "Redacted"); return csv(t.header, t.rows); })(), {status: "refused", kind: "personal-data", row: 1, column: "H", says: "names"});
  add("31-pd-name-values.csv", "people's names in an unnamed extra column", (() => { const t = withColumn("Contact", (i) => ["John Smith", "Sarah Jones"][i % 2]!); return csv(t.header, t.rows); })(), {status: "refused", kind: "personal-data", row: 2, column: "H", says: "names"}, {secrets: ["John Smith"]});
  add("32-pd-dob-header.csv", "a DOB column", (() => { const t = withColumn("DOB", () => "01/01/1990"); return csv(t.header, t.rows); })(), {status: "refused", kind: "personal-data", row: 1, column: "H", says: "dates of birth"});
  add("33-pd-dob-values.csv", "dates of birth in the attendance date column", csv(AE_HEADER, AE_ROWS.map((r, i) => [i === 5 ? "1987-04-12" : r[0]!, ...r.slice(1)])), {status: "refused", kind: "personal-data", row: 7, column: "A", says: "dates of birth"}, {secrets: ["1987-04-12"]});
  add("34-pd-nhs.csv", "NHS numbers (valid check digit) in a 'Ref' column", (() => { const t = withColumn("Ref", (i) => nhs[i % 3]!); return csv(t.header, t.rows); })(), {status: "refused", kind: "personal-data", row: 2, column: "H", says: "NHS numbers"}, {secrets: nhs});
  add("35-nhs-bad-checksum.csv", "10-digit batch numbers that fail the NHS check digit", (() => { const t = withColumn("Batch", (i) => BAD_CHECKSUM[i % BAD_CHECKSUM.length]!); return csv(t.header, t.rows); })(), ok);
  add("36-pd-postcode.csv", "full postcodes in the incident area column", csv(AE_HEADER, AE_ROWS.map((r, i) => [...r.slice(0, 3), i === 2 ? "PL1 2AB" : r[3]!, ...r.slice(4)])), {status: "refused", kind: "personal-data", row: 4, column: "D", says: "postcodes"}, {secrets: ["PL1 2AB"]});
  add("37-pd-phone.csv", "mobile numbers in an extra column", (() => { const t = withColumn("Contact", () => "07700 900123"); return csv(t.header, t.rows); })(), {status: "refused", kind: "personal-data", row: 2, column: "H", says: "phone"}, {secrets: ["07700 900123"]});
  add("38-pd-email.csv", "email addresses in an extra column", (() => { const t = withColumn("Contact", () => "a.patient@example.org"); return csv(t.header, t.rows); })(), {status: "refused", kind: "personal-data", row: 2, column: "H", says: "email"}, {secrets: ["a.patient@example.org"]});
  add("39-pd-notes-header.csv", "a free-text 'Notes' column", (() => { const t = withColumn("Notes", () => ""); return csv(t.header, t.rows); })(), {status: "refused", kind: "personal-data", row: 1, column: "H", says: "free text"});
  const story = "Patient says she was hit by her ex partner outside the flat on Union Street last night";
  add("40-pd-free-text.csv", "a sentence in the weapon column", csv(AE_HEADER, AE_ROWS.map((r, i) => [...r.slice(0, 4), i === 3 ? story : r[4]!, ...r.slice(5)])), {status: "refused", kind: "personal-data", row: 5, column: "E", says: "free text"}, {secrets: ["Union Street"]});
  add("41-pd-exact-age.csv", "exact ages instead of bands", csv([...AE_HEADER.slice(0, 5), "Age", "Sex"], AE_ROWS.map((r, i) => [...r.slice(0, 5), String(20 + i), r[6]!])), {status: "refused", kind: "personal-data", row: 2, column: "F", says: "exact age"});
  add("42-pd-title-email.csv", "an email address in a title line above the header", `Prepared by j.bloggs@nhs.example.net\n${csv(AE_HEADER, AE_ROWS)}`, {status: "refused", kind: "personal-data", row: 1, column: "A", says: "email"}, {secrets: ["j.bloggs@nhs.example.net"]});

  // --- Manifests
  add("50-no-manifest.csv", "a data file without a manifest", csv(AE_HEADER, AE_ROWS), {status: "refused", kind: "manifest", says: "no manifest"}, {manifest: null});
  add("51-bad-manifest.csv", "a manifest with an unknown dataset type", csv(AE_HEADER, AE_ROWS), {status: "refused", kind: "manifest", says: "datasetType"}, {manifest: manifestFor("a-and-e")});

  // --- XLSX
  await xlsx(join(dir, "60-good.xlsx"), (wb) => void aeSheet(wb));
  add("60-good.xlsx", "a clean XLSX", null, ok);
  await xlsx(join(dir, "61-merged-title.xlsx"), (wb) => {
    const ws = wb.addWorksheet("Data");
    ws.addRow(["Assault attendances 2025"]);
    ws.mergeCells("A1:G1");
    ws.addRow(AE_HEADER);
    for (const r of AE_ROWS) ws.addRow(r);
  });
  add("61-merged-title.xlsx", "a merged title row above the header", null, ok);
  await xlsx(join(dir, "62-two-row-header.xlsx"), (wb) => {
    const ws = wb.addWorksheet("Data");
    ws.addRow(["When", "", "Where", "", "What", "Who", ""]);
    ws.mergeCells("A1:B1");
    ws.mergeCells("C1:D1");
    ws.mergeCells("F1:G1");
    ws.addRow(AE_HEADER);
    for (const r of AE_ROWS) ws.addRow(r);
  });
  add("62-two-row-header.xlsx", "merged group headers above the real header row", null, ok);
  await xlsx(join(dir, "63-merged-data.xlsx"), (wb) => {
    const ws = aeSheet(wb, "Data");
    ws.mergeCells("A3:A4");
  });
  add("63-merged-data.xlsx", "a date merged over two data rows", null, {status: "refused", kind: "invalid", sheet: "Data", row: 3, column: "A", says: "merged"});
  await xlsx(join(dir, "64-formulas.xlsx"), (wb) => {
    const ws = wb.addWorksheet("Calls");
    ws.addRow(AMB_HEADER);
    ws.addRow(["2025-01", "Assault", "18-24", "Male", {formula: "20+22", result: 42}]);
    ws.addRow(["2025-02", "Assault", "18-24", "Male", 17]);
  });
  add("64-formulas.xlsx", "counts computed by formulas with saved results", null, ok, {dataset: "ambulance-assault"});
  await xlsx(join(dir, "65-formula-no-result.xlsx"), (wb) => {
    const ws = wb.addWorksheet("Calls");
    ws.addRow(AMB_HEADER);
    ws.addRow(["2025-01", "Assault", "18-24", "Male", 30]);
    ws.addRow(["2025-02", "Assault", "18-24", "Male", {formula: "E2*2"}]);
  });
  add("65-formula-no-result.xlsx", "a formula with no saved result", null, {status: "refused", kind: "unreadable", sheet: "Calls", row: 3, column: "E", says: "formula"}, {dataset: "ambulance-assault"});
  await xlsx(join(dir, "66-hidden-sheet.xlsx"), (wb) => {
    const hidden = wb.addWorksheet("Lookup", {state: "hidden"});
    hidden.addRow(["code", "label"]);
    hidden.addRow(["K", "Knife"]);
    aeSheet(wb, "Attendances");
  });
  add("66-hidden-sheet.xlsx", "a hidden lookup sheet before the data sheet", null, ok);
  await xlsx(join(dir, "67-hidden-pd.xlsx"), (wb) => {
    aeSheet(wb, "Summary");
    const raw = wb.addWorksheet("raw", {state: "hidden"});
    raw.addRow(["NHS", "Date"]);
    raw.addRow(["943 476 5919", "2025-01-03"]);
  });
  add("67-hidden-pd.xlsx", "a hidden sheet holding NHS numbers behind a summary", null, {status: "refused", kind: "personal-data", sheet: "raw", row: 2, column: "A", says: "NHS numbers"}, {secrets: ["943 476 5919"]});
  await xlsx(join(dir, "68-excel-dates.xlsx"), (wb) => {
    const ws = wb.addWorksheet("Data");
    ws.addRow(AE_HEADER);
    for (const r of AE_ROWS) {
      const [y, m, d] = r[0]!.split("-").map(Number) as [number, number, number];
      const [hh, mm] = r[1]!.split(":").map(Number) as [number, number];
      ws.addRow([new Date(Date.UTC(y, m - 1, d)), (hh * 60 + mm) / 1440, ...r.slice(2)]);
    }
  });
  add("68-excel-dates.xlsx", "real Excel dates and times", null, ok);
  await xlsx(join(dir, "69-named-sheet.xlsx"), (wb) => {
    const notes = wb.addWorksheet("Read me");
    notes.addRow(["This workbook holds A&E assault attendances."]);
    aeSheet(wb, "Extract");
  });
  add("69-named-sheet.xlsx", "the data on the second sheet, named in the manifest", null, ok, {manifest: manifestFor("ae-assault", {sheet: "Extract"})});
  return cases;
}

/**
 * Streams a large A&E extract (valid rows, Plymouth-like) to path until it reaches `bytes` or `rows`, whichever
 * comes first. Returns the number of data rows written.
 */
export async function writeLargeAeCsv(path: string, limit: {bytes?: number; rows?: number}): Promise<number> {
  const out = createWriteStream(path);
  out.write(`${AE_HEADER.join(",")}\n`);
  const locations = ["Street or public place", "Pub, bar or club", "Home", "Other", "Not known"];
  const weapons = ["Body (hands, feet, head)", "Knife or sharp object", "Blunt object", "Glass or bottle", "Not known"];
  const ages = ["0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"];
  const sexes = ["Male", "Female", "Not known"];
  let bytes = 0;
  let rows = 0;
  let seed = 12345;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8);
  let batch: string[] = [];
  while ((limit.bytes === undefined || bytes < limit.bytes) && (limit.rows === undefined || rows < limit.rows)) {
    const day = next() % 365;
    const date = new Date(Date.UTC(2025, 0, 1 + day)).toISOString().slice(0, 10);
    const line = `${date},${String(next() % 24).padStart(2, "0")}:${String(next() % 60).padStart(2, "0")},"${locations[next() % 5]}",E010${15000 + (next() % 400)},"${weapons[next() % 5]}",${ages[next() % 7]},${sexes[next() % 3]}\n`;
    batch.push(line);
    bytes += line.length;
    rows++;
    if (batch.length === 5000) {
      if (!out.write(batch.join(""))) await once(out, "drain");
      batch = [];
    }
  }
  out.end(batch.join(""));
  await once(out, "finish");
  return rows;
}
