/**
 * The disclosure audit over a fake built site: partner tables produced by loadPartnerData from the example extracts
 * pass; a planted small count, a suppressed cell that still carries a value, or personal data in a page or table
 * makes the audit refuse the site.
 */
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {tableFromJSON, tableToIPC} from "apache-arrow";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {loadPartnerData} from "../../loaders/partners/load.ts";
import {assertDisclosureSafe, auditDist, parseCsv} from "../../scripts/lib/disclosure-audit.ts";

const ROOT = resolve(import.meta.dirname, "../..");
let dir: string;
let dist: string;
let aeCsv: string;

/** A fresh copy of the clean fake site, so each test plants into its own. */
function site(name: string): string {
  const d = join(dir, name);
  mkdirSync(join(d, "_file/data"), {recursive: true});
  copyFileSync(join(dist, "_file/data/partner-ae-assault.3f2a9c1d.csv"), join(d, "_file/data/partner-ae-assault.3f2a9c1d.csv"));
  return d;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "partners-audit-"));
  const out = join(dir, "partners");
  await loadPartnerData(join(ROOT, "data/partners"), out, {smallNumberThreshold: 5}, {log: () => undefined});
  dist = join(dir, "dist");
  mkdirSync(join(dist, "_file/data"), {recursive: true});
  // As Framework publishes them: content hash before the extension.
  copyFileSync(join(out, "partner-ae-assault.csv"), join(dist, "_file/data/partner-ae-assault.3f2a9c1d.csv"));
  copyFileSync(join(out, "partner-records.csv"), join(dist, "_file/data/partner-records.0a1b2c3d.csv"));
  copyFileSync(join(out, "partners-report.json"), join(dist, "_file/data/partners-report.9e8d7c6b.json"));
  copyFileSync(join(out, "partners-services.csv"), join(dist, "_file/data/partners-services.11aa22bb.csv"));
  writeFileSync(join(dist, "index.html"), `<!doctype html><html><head><script type="module">const t = 9434765919; fetch("./_file/data/x.csv")</script></head><body><h1>Partner data</h1><p>Contact the team at sna@plymouth.example.gov.uk.</p></body></html>`);
  aeCsv = readFileSync(join(dist, "_file/data/partner-ae-assault.3f2a9c1d.csv"), "utf-8");
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe("disclosure audit", () => {
  it("passes the example build's partner tables, ignores numbers inside scripts and allows listed addresses", () => {
    expect(auditDist(dist, {threshold: 5}).findings.map((f) => `${f.file} ${f.kind}`)).toEqual(["index.html email"]);
    const result = auditDist(dist, {threshold: 5, allow: ["sna@plymouth.example.gov.uk."]});
    expect(result.findings).toEqual([]);
    expect(result.partnerTables).toBe(2);
    expect(result.filesScanned).toBe(5);
  });

  it("knows both partner prefixes and reports what it scanned in one line", () => {
    const result = auditDist(dist, {threshold: 5, allow: ["sna@plymouth.example.gov.uk."]});
    // partner-ae-assault, partner-records, partners-report, partners-services
    expect(result.partnerFiles).toBe(4);
    expect(result.countColumns).toEqual(["count", "denominator"]);
    expect(result.tablesSolved).toBeGreaterThan(10);
    expect(result.intervalCells).toBeGreaterThan(50);
    expect(result.summary).not.toContain("\n");
    expect(result.summary).toMatch(/^5 files; 4 partner-derived \(partner-\*, partners-\*\), 2 with counts; [\d,]+ count-like cells in count, denominator checked against 5; \d+ tables re-solved, [\d,]+ suppressed cells interval-checked \(≥ 5 wide\); [\d,]+ values and every page scanned for patterns: .*nhs-number.*date-of-birth column$/);
  });

  it("refuses a partner count below the threshold planted in a CSV, naming file, row and column", () => {
    const d = site("small-csv");
    const {rows} = parseCsv(aeCsv);
    const target = rows.findIndex((r) => r.suppressed === "false" && Number(r.count) >= 5);
    const lines = aeCsv.split("\n");
    const cols = lines[0]!.split(",");
    const cells = parseCsv(`${lines[0]}\n${lines[target + 1]}\n`).rows[0]!;
    cells.count = "3";
    lines[target + 1] = cols.map((c) => (/[",]/.test(cells[c] as string) ? `"${String(cells[c]).replaceAll('"', '""')}"` : cells[c])).join(",");
    writeFileSync(join(d, "_file/data/partner-ae-assault.3f2a9c1d.csv"), lines.join("\n"));
    const result = auditDist(d, {threshold: 5});
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([expect.objectContaining({file: "_file/data/partner-ae-assault.3f2a9c1d.csv", kind: "small-count", where: `row ${target + 2}, column count`})]);
    expect(() => assertDisclosureSafe(d, {threshold: 5})).toThrow(/disclosure audit failed/);
    // The same count is fine under a lower threshold.
    expect(auditDist(d, {threshold: 3}).ok).toBe(true);
  });

  it("refuses a small count in a partner Arrow IPC file and in partner JSON", () => {
    const d = site("small-arrow");
    const records = [{row: "a", count: 12, suppressed: false}, {row: "b", count: 2, suppressed: false}, {row: "c", count: null, suppressed: true}];
    writeFileSync(join(d, "_file/data/partner-weapons.abcd1234.arrow"), tableToIPC(tableFromJSON(records), "stream"));
    writeFileSync(join(d, "_file/data/partner-weapons.abcd1234.json"), JSON.stringify({records}));
    const kinds = auditDist(d, {threshold: 5}).findings.map((f) => `${f.file} ${f.kind} ${f.where}`);
    expect(kinds).toEqual(["_file/data/partner-weapons.abcd1234.arrow small-count row 3, column count", "_file/data/partner-weapons.abcd1234.json small-count row 3, column count"]);
  });

  it("refuses a suppressed cell that still carries its count, and a partner table without the flag column", () => {
    const d = site("leaky");
    writeFileSync(join(d, "_file/data/partner-x.csv"), "row,count,suppressed\na,3,true\nb,40,false\n");
    writeFileSync(join(d, "_file/data/partner-y.csv"), "row,count\na,40\n");
    writeFileSync(join(d, "_file/data/partner-z.parquet"), "PAR1");
    const kinds = auditDist(d, {threshold: 5}).findings.map((f) => `${f.file} ${f.kind}`).sort();
    expect(kinds).toEqual(["_file/data/partner-x.csv suppressed-with-value", "_file/data/partner-y.csv unreadable-partner-table", "_file/data/partner-z.parquet unreadable-partner-table"]);
  });

  it("refuses personal data anywhere in the site", () => {
    const d = site("personal");
    writeFileSync(join(d, "notes.html"), "<p>Seen: patient 943 476 5919 of PL1 2AB, call 07700 900123, <b>x@y.org</b></p>");
    writeFileSync(join(d, "_file/data/cohort.csv"), "id,DOB\n1,2001-01-01\n");
    const found = auditDist(d, {threshold: 5}).findings;
    expect(found.map((f) => `${f.file} ${f.kind}`).sort()).toEqual(["_file/data/cohort.csv date-of-birth-column", "notes.html email"]);
    // One finding per line of text: the email is found first; each other kind is found on its own line.
    writeFileSync(join(d, "notes.html"), "<p>NHS 943 476 5919</p>\n<p>PL1 2AB</p>\n<p>07700 900123</p>");
    const kinds = auditDist(d, {threshold: 5}).findings.filter((f) => f.file === "notes.html").map((f) => f.kind);
    expect(kinds).toEqual(["nhs-number", "postcode", "phone"]);
    for (const f of found) expect(f.message).not.toMatch(/943 476 5919|PL1 2AB|07700|x@y\.org/);
  });
});
