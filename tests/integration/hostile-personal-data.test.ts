/**
 * Hostile-input corpus for personal data (issue 11): one case per row of the table below, each a partner file with
 * its manifest (or a planted page or table of a built site for the disclosure audit) and the outcome it must have.
 * Refused files are named by their sheet, row and column, never echo the planted value, and leave no record behind;
 * the names and places that must pass are read. Inputs are generated here, seeded; nothing is committed.
 */
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import ExcelJS from "exceljs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {loadPartnerData, type PartnerFileReport, type PartnerLoadResult} from "../../loaders/partners/load.ts";
import {auditDist} from "../../scripts/lib/disclosure-audit.ts";
import {AE_ROWS, manifestFor} from "../helpers/partner-corpus.ts";
import {writeWorkbook} from "../helpers/write-workbook.ts";

const AE_HEADER = ["Attendance date", "Attendance time", "Location of incident", "Incident LSOA", "Weapon", "Age band", "Sex"];
const SERVICE_HEADER = ["Service name", "Provider", "Service type", "Area", "Age group served"];
const SURVEY_HEADER = ["Period", "Question", "Response", "Respondents"];
const FIVE_MB = 5 * 1024 * 1024;

type Cells = (string | number | Date)[];
interface Outcome {
  status: "accepted" | "refused";
  /** Words the refusal must contain, e.g. "people's names". */
  says?: string;
  row?: number;
  column?: string;
  sheet?: string;
}
interface Case {
  name: string;
  what: string;
  expect: Outcome;
  /** Values planted in the file that no message, log line, report or output may contain. */
  secrets?: string[];
  write: (path: string) => Promise<void> | void;
  manifest?: Record<string, unknown>;
}

const quote = (v: unknown) => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const csvText = (header: string[], rows: Cells[]) => [header, ...rows].map((r) => r.map(quote).join(",")).join("\n") + "\n";
const csv = (header: string[], rows: Cells[]) => (path: string) => writeFileSync(path, csvText(header, rows));
/** The eight valid A&E rows with an extra column. */
const aeWith = (header: string, value: (i: number) => string | number | Date): [string[], Cells[]] => [[...AE_HEADER, header], AE_ROWS.map((r, i) => [...r, value(i)])];
const aeCsv = (header: string, value: (i: number) => string | number | Date) => csv(...aeWith(header, value));

/** A workbook: sheets in order, each with rows and a state. */
const xlsx = (sheets: {name: string; rows: Cells[]; hidden?: boolean}[]) => async (path: string) => {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, {state: s.hidden ? "hidden" : "visible"});
    for (const r of s.rows) ws.addRow(r);
  }
  await writeWorkbook(wb, path);
};
const aeSheet = (name = "Attendances") => ({name, rows: [AE_HEADER, ...AE_ROWS] as Cells[]});

/** Seeded dates of birth, 1940–2008. */
function birthDates(n: number): Date[] {
  let seed = 20260401;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8);
  return Array.from({length: n}, () => new Date(Date.UTC(1940 + (next() % 69), next() % 12, 1 + (next() % 28))));
}
const DOBS = birthDates(8);

const services = (names: [string, string][]): [string[], Cells[]] => [SERVICE_HEADER, names.map(([service, provider]) => [service, provider, "Youth work", "Citywide", "10-19"])];
const refusedNames: Outcome = {status: "refused", says: "people's names"};

const CASES: Case[] = [
  // --- People's names, each shape, in label columns (a service register is published as written)
  {name: "h01-given-surname.csv", what: "a service register whose service names are people", expect: {...refusedNames, row: 3, column: "A"}, secrets: ["Aisha Begum"], manifest: manifestFor("service-register"), write: csv(...services([["Youth club", "Plymouth City Council"], ["Aisha Begum", "Plymouth City Council"]]))},
  {name: "h02-surname-comma.csv", what: "providers written SURNAME, Given", expect: {...refusedNames, row: 2, column: "B"}, secrets: ["NOWAK"], manifest: manifestFor("service-register"), write: csv(...services([["Mentoring", "NOWAK, Piotr"]]))},
  {name: "h03-initial-surname.csv", what: "providers written as an initial and a surname", expect: {...refusedNames, row: 2, column: "B"}, secrets: ["J. Okonkwo"], manifest: manifestFor("service-register"), write: csv(...services([["Mentoring", "J. Okonkwo"]]))},
  {name: "h04-initial-no-dot.csv", what: "\"A Khan\" in an extra column of an A&E extract", expect: {...refusedNames, row: 2, column: "H"}, secrets: ["A Khan"], write: aeCsv("Seen by", () => "A Khan")},
  {name: "h05-survey-answer.csv", what: "a survey answer naming a person in running text", expect: {...refusedNames, row: 3, column: "C"}, secrets: ["Mohammed Ali"], manifest: manifestFor("community-survey"), write: csv(SURVEY_HEADER, [["2025", "Who do you trust to help?", "The police", 40], ["2025", "Who do you trust to help?", "My youth worker Mohammed Ali", 12]])},
  {name: "h06-lying-manifest.csv", what: "a list of people declared as a service register (the manifest lies)", expect: {...refusedNames, row: 2, column: "A"}, secrets: ["Maria Popescu", "Ayşe Yılmaz"], manifest: manifestFor("service-register"), write: csv(["Name", "Organisation", "Type", "Area"], [["Maria Popescu", "Plymouth City Council", "Client", "Citywide"], ["Ayşe Yılmaz", "Plymouth City Council", "Client", "Citywide"]])},
  // --- NHS numbers, each format (valid check digit only)
  {name: "h07-nhs-excel-float.csv", what: "NHS numbers as Excel floats (9434765919.0)", expect: {status: "refused", says: "NHS numbers", row: 2, column: "H"}, secrets: ["9434765919"], write: aeCsv("Ref", () => "9434765919.0")},
  {name: "h08-nhs-dots.csv", what: "NHS numbers written 943.476.5919", expect: {status: "refused", says: "NHS numbers", row: 2, column: "H"}, secrets: ["943.476.5919"], write: aeCsv("Ref", () => "943.476.5919")},
  {name: "h09-nhs-spaces.csv", what: "NHS numbers written 943 476 5919", expect: {status: "refused", says: "NHS numbers", row: 2, column: "H"}, secrets: ["943 476 5919"], write: aeCsv("Ref", () => "943 476 5919")},
  {name: "h10-nhs-hyphens.csv", what: "NHS numbers written 943-476-5919", expect: {status: "refused", says: "NHS numbers", row: 2, column: "H"}, secrets: ["943-476-5919"], write: aeCsv("Ref", () => "943-476-5919")},
  {name: "h11-nhs-bad-check.csv", what: "batch numbers in NHS layouts whose check digit fails", expect: {status: "accepted"}, write: aeCsv("Batch", (i) => ["943-476-5918", "943.476.5918", "9434765918.0"][i % 3]!)},
  // --- Postcodes
  {name: "h12-postcode-fixed-width.csv", what: "fixed-width postcodes (two spaces)", expect: {status: "refused", says: "postcodes", row: 2, column: "H"}, secrets: ["PL4  8AA"], write: aeCsv("Home", () => "PL4  8AA")},
  {name: "h13-postcode-lower.csv", what: "lower-case postcodes", expect: {status: "refused", says: "postcodes", row: 2, column: "H"}, secrets: ["pl4 8aa"], write: aeCsv("Home", () => "pl4 8aa")},
  // --- Dates of birth under any header, or none
  {name: "h14-dob-camel.csv", what: "a DateOfBirth column", expect: {status: "refused", says: "dates of birth", row: 1, column: "H"}, write: aeCsv("DateOfBirth", (i) => DOBS[i]!)},
  {name: "h15-dob-patientdob.csv", what: "a PatientDOB column", expect: {status: "refused", says: "dates of birth", row: 1, column: "H"}, write: aeCsv("PatientDOB", (i) => DOBS[i]!)},
  {name: "h16-dob-dotted.csv", what: "a D.O.B column", expect: {status: "refused", says: "dates of birth", row: 1, column: "H"}, write: aeCsv("D.O.B", (i) => DOBS[i]!)},
  {name: "h17-dob-birthdt.csv", what: "a BirthDt column", expect: {status: "refused", says: "dates of birth", row: 1, column: "H"}, write: aeCsv("BirthDt", (i) => DOBS[i]!)},
  {name: "h18-dob-no-header.csv", what: "a column of dates of birth under a neutral header", expect: {status: "refused", says: "dates of birth", row: 2, column: "H"}, secrets: [DOBS[0]!.toISOString().slice(0, 10)], write: aeCsv("Extra", (i) => DOBS[i]!)},
  {name: "h19-recent-dates-pass.csv", what: "a column of recent full dates (the date each record was checked) passes", expect: {status: "accepted"}, write: csv([...AE_HEADER, "Checked"], AE_ROWS.map((r, i) => [r[0]!.replace("2025-", "2024-"), ...r.slice(1), `2025-05-${String(10 + i).padStart(2, "0")}`]))},
  // --- Every sheet of a workbook, hidden or not
  {name: "h20-hidden-sheet-names.xlsx", what: "a hidden sheet listing people behind the data sheet", expect: {...refusedNames, sheet: "Patients", row: 2, column: "A"}, secrets: ["Chidi Okafor", "Grace Smith"], write: xlsx([aeSheet(), {name: "Patients", hidden: true, rows: [["Patient", "Seen"], ["Grace Smith", "yes"], ["SMITH, Grace", "no"]]}])},
  {name: "h21-hidden-sheet-dob.xlsx", what: "a hidden sheet with a column of birth dates (Excel dates, no header)", expect: {status: "refused", says: "dates of birth", sheet: "x", row: 1, column: "B"}, write: xlsx([aeSheet(), {name: "x", hidden: true, rows: DOBS.map((d, i) => [i + 1, d])}])},
  {name: "h22-visible-second-sheet-nhs.xlsx", what: "a visible second sheet with NHS numbers as numbers", expect: {status: "refused", says: "NHS numbers", sheet: "Lookup", row: 2, column: "B"}, secrets: ["9434765919"], write: xlsx([aeSheet(), {name: "Lookup", rows: [["Row", "Number"], [1, 9434765919]]}])},
  // --- Personal data in a file name, sheet name, header or manifest field
  {name: "john_smith_referrals.csv", what: "a file named after a person", expect: {status: "refused", says: "file or folder name"}, secrets: ["john_smith", "john smith"], write: csv(AE_HEADER, AE_ROWS)},
  {name: "h24-sheet-name.xlsx", what: "a sheet named after a person", expect: {...refusedNames, sheet: "#2"}, secrets: ["Priya Sharma"], write: xlsx([aeSheet(), {name: "Priya Sharma", rows: [["ok"]]}])},
  {name: "h25-header-name.csv", what: "a column headed with a person's name", expect: {...refusedNames, row: 1, column: "H"}, secrets: ["Fatima Hussain"], write: aeCsv("Fatima Hussain", () => "")},
  {name: "h26-manifest-owner.csv", what: "a manifest whose owner is a person", expect: {...refusedNames, says: "\"owner\" field"}, secrets: ["Sarah Jones"], manifest: manifestFor("ae-assault", {owner: "Dr Sarah Jones"}), write: csv(AE_HEADER, AE_ROWS)},
  {name: "h27-manifest-notes-phone.csv", what: "a manifest whose notes hold a phone number", expect: {status: "refused", says: "\"notes\" field looks like phone numbers"}, secrets: ["07700 900123"], manifest: manifestFor("ae-assault", {notes: "ring 07700 900123"}), write: csv(AE_HEADER, AE_ROWS)},
  // --- A 5 MB cell: refused as free text with its row and column, in seconds
  {name: "h28-5mb-cell.csv", what: "a 5 MB cell in an extra column of a CSV", expect: {status: "refused", says: "free text", row: 3, column: "H"}, write: aeCsv("Extra", (i) => (i === 1 ? `${"x@".repeat(FIVE_MB / 2)}` : "ok"))},
  {name: "h29-5mb-cell.xlsx", what: "a 5 MB cell in a workbook", expect: {status: "refused", says: "free text", sheet: "Attendances", row: 4, column: "E"}, write: xlsx([{name: "Attendances", rows: [AE_HEADER, ...AE_ROWS.map((r, i) => (i === 2 ? [...r.slice(0, 4), "(".repeat(FIVE_MB), ...r.slice(5)] : r))]}])},
  // --- Organisation, service and place names that must pass
  {name: "h30-organisations-pass.csv", what: "services and providers named after places, saints and people's foundations", expect: {status: "accepted"}, manifest: manifestFor("service-register"), write: csv(...services([["St Luke's Hospice", "St Luke's Hospice"], ["Custody support", "Devon and Cornwall Police"], ["ED navigators", "University Hospitals Plymouth NHS Trust"], ["Jack Straw's Castle outreach", "Drake Youth Club"], ["Mary Seacole House", "Livewell Southwest CIC"], ["Hope Street Project", "Grace Church"]]))},
  {name: "h31-wards-pass.csv", what: "services named after Plymouth and Surrey wards and places", expect: {status: "accepted"}, manifest: manifestFor("service-register"), write: csv(...services(["St Peter and the Waterfront", "Drake", "Compton", "Stoke", "Moor View", "Plympton Chaddlewood", "Woking", "Guildford", "Hinchley Wood and Weston Green", "Charles Dickens", "Rose Hill"].map((w) => [w, "Plymouth City Council"] as [string, string])))}
];

let dir: string;
let result: PartnerLoadResult;
let everything = "";
const logs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hostile-pd-"));
  const drop = join(dir, "drop");
  mkdirSync(drop);
  for (const c of CASES) {
    await c.write(join(drop, c.name));
    writeFileSync(join(drop, `${c.name}.manifest.json`), JSON.stringify(c.manifest ?? manifestFor("ae-assault")));
  }
  result = await loadPartnerData(drop, join(dir, "out"), {smallNumberThreshold: 5}, {log: (l) => logs.push(l)});
  const outputs = readdirSync(join(dir, "out")).map((f) => readFileSync(join(dir, "out", f), "utf-8"));
  everything = [logs.join("\n"), ...outputs].join("\n");
}, 120_000);
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** The report of a case: by its file name, or by its neutral label when the name itself was personal. */
function reportOf(c: Case): PartnerFileReport {
  const r = result.reports.find((x) => x.file === c.name) ?? result.reports.find((x) => x.file === `file ${[...CASES].map((k) => k.name).sort().indexOf(c.name) + 1} of ${CASES.length}`);
  if (!r) throw new Error(`no report for ${c.name}`);
  return r;
}

describe("hostile personal data: partner files", () => {
  it("has a case for every shape the issue lists", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
    expect(result.reports).toHaveLength(CASES.length);
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const r = reportOf(c);
    expect(r.status, `${c.what}: ${r.refusal?.message ?? ""}`).toBe(c.expect.status);
    if (c.expect.status === "refused") {
      const msg = r.refusal!.message;
      if (c.expect.says) expect(msg).toContain(c.expect.says);
      if (c.expect.sheet) expect(msg).toContain(`sheet "${c.expect.sheet}"`);
      if (c.expect.row) expect(msg).toMatch(new RegExp(`row ${c.expect.row}\\b`));
      if (c.expect.column) expect(msg).toMatch(new RegExp(`column ${c.expect.column}\\b`));
      expect(r.refusal!.reason, "the page's reason names no file").not.toContain(c.name);
      expect(result.records.some((x) => x.source === r.file), "no record from a refused file").toBe(false);
    }
    for (const secret of c.secrets ?? []) expect(everything.toLowerCase(), `${c.name} leaks a planted value`).not.toContain(secret.toLowerCase());
  });

  it("names a file whose name is personal by a neutral label, on the page and in every message", () => {
    const c = CASES.find((k) => k.name.startsWith("john_smith"))!;
    const r = reportOf(c);
    expect(r.file).toMatch(/^file \d+ of \d+$/);
    expect(r.owner, "nothing is read from its manifest").toBeNull();
    expect(everything).not.toContain("john_smith");
  });
});

describe("hostile personal data: the disclosure audit of a built site", () => {
  const site = (files: Record<string, string>) => {
    const d = mkdtempSync(join(tmpdir(), "hostile-site-"));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(d, name, ".."), {recursive: true});
      writeFileSync(join(d, name), text);
    }
    return d;
  };
  const page = (body: string) => `<!doctype html><html><head><script type="module">import "./_observablehq/client.js";</script></head><body>${body}</body></html>`;
  const clean = {
    "methods.html": page("<h1>Methods</h1><p>Rates have 95% confidence intervals by Byar's method, proportions by the Wilson score method; directly standardised rates follow Dobson et al. (1991); funnel plots follow Spiegelhalter (2005).</p>"),
    "_file/data/partners-services.11aa22bb.csv": "source,example,service_name,provider\nx.csv,false,St Luke's Hospice,Livewell Southwest CIC\n"
  };
  const audit: {name: string; files: Record<string, string>; kinds: string[]}[] = [
    {name: "a clean page with cited authors and a clean partner table", files: clean, kinds: []},
    {name: "a partner's person planted in a page", files: {...clean, "partner-data.html": page("<table><tr><td>Referred by Aisha Begum</td></tr></table>")}, kinds: ["partner-data.html name"]},
    {name: "a partner's person planted in a partner CSV", files: {...clean, "_file/data/partners-services.11aa22bb.csv": "source,example,service_name,provider\nx.csv,false,Mentoring,\"NOWAK, Piotr\"\n"}, kinds: ["_file/data/partners-services.11aa22bb.csv name"]},
    {name: "a person in the partner report JSON (a file label)", files: {...clean, "_file/data/partners-report.9e8d7c6b.json": JSON.stringify({files: [{file: "J. Okonkwo referrals.csv"}]})}, kinds: ["_file/data/partners-report.9e8d7c6b.json name"]},
    {name: "a 5 MB line of unclosed tags ending in an NHS number", files: {...clean, "big.html": page(`${"<".repeat(FIVE_MB)} 943 476 5919`)}, kinds: ["big.html nhs-number"]},
    {name: "a 5 MB line without an @ ending in an address", files: {...clean, "big.txt": `${"a.".repeat(FIVE_MB / 2)} someone@example.org`}, kinds: ["big.txt email"]}
  ];
  it.each(audit.map((a) => [a.name, a] as const))("%s", (_name, a) => {
    const d = site(a.files);
    try {
      const found = auditDist(d, {threshold: 5}).findings.filter((f) => ["name", "nhs-number", "email", "postcode", "phone"].includes(f.kind));
      expect(found.map((f) => `${f.file} ${f.kind}`)).toEqual(a.kinds);
      for (const f of found) expect(f.message).not.toMatch(/Begum|NOWAK|Okonkwo|5919|someone@/);
    } finally {
      rmSync(d, {recursive: true, force: true});
    }
  });
});
