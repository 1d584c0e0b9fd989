/**
 * The bad-input corpus (tests/helpers/partner-corpus.ts): every file is either read correctly or refused with the
 * file, sheet, row and column in the message, never echoing a planted value; a refused file leaves nothing behind.
 */
import {mkdtempSync, readdirSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {loadPartnerData, type PartnerLoadResult} from "../../loaders/partners/load.ts";
import {writePartnerCorpus, type CorpusCase} from "../helpers/partner-corpus.ts";

let dir: string;
let cases: CorpusCase[];
let result: PartnerLoadResult;
const logs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "partners-corpus-"));
  cases = await writePartnerCorpus(join(dir, "drop"));
  // The corpus holds many versions of one A&E extract: overlapping periods are allowed here (the hostile corpus,
  // hostile-partner-disclosure.test.ts, tests their refusal).
  result = await loadPartnerData(join(dir, "drop"), join(dir, "out"), {smallNumberThreshold: 5}, {log: (l) => logs.push(l), overlappingPeriods: "allow"});
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const reportOf = (name: string) => {
  const r = result.reports.find((x) => x.file === name);
  if (!r) throw new Error(`no report for ${name}`);
  return r;
};

describe("partner bad-input corpus", () => {
  it("has at least 30 files", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(result.reports).toHaveLength(cases.length);
  });

  it("reads or refuses each file as expected, naming sheet, row and column", () => {
    for (const c of cases) {
      const r = reportOf(c.name);
      expect.soft(r.status, `${c.name} (${c.what}): ${r.refusal?.message ?? ""}`).toBe(c.expect.status);
      if (c.expect.status === "refused" && r.refusal) {
        const msg = r.refusal.message;
        expect.soft(msg.startsWith(c.name), `${c.name}: message names the file`).toBe(true);
        if (c.expect.kind) expect.soft(r.refusal.kind, `${c.name} kind`).toBe(c.expect.kind);
        if (c.expect.sheet) expect.soft(msg, `${c.name} sheet`).toContain(`sheet "${c.expect.sheet}"`);
        if (c.expect.row) expect.soft(msg, `${c.name} row`).toMatch(new RegExp(`row ${c.expect.row}\\b`));
        if (c.expect.column) expect.soft(msg, `${c.name} column`).toMatch(new RegExp(`column ${c.expect.column}\\b`));
        if (c.expect.says) expect.soft(msg, `${c.name} says`).toContain(c.expect.says);
      }
    }
  });

  it("never echoes a planted personal value in a message, a log line or an output", () => {
    const outputs = readdirSync(join(dir, "out")).map((f) => readFileSync(join(dir, "out", f), "utf-8")).join("\n");
    const text = [logs.join("\n"), outputs].join("\n");
    for (const c of cases) for (const secret of c.secrets) expect(text, `${c.name} leaks a planted value`).not.toContain(secret);
  });

  it("writes no record from a refused file and reads accepted files fully", () => {
    const refused = new Set(result.reports.filter((r) => r.status === "refused").map((r) => r.file));
    expect(result.records.some((r) => refused.has(r.source))).toBe(false);
    for (const name of ["01-good.csv", "02-semicolon.csv", "03-tab.tsv", "04-pipe.txt", "05-windows-1252.csv", "07-bom.csv", "08-utf16.txt", "09-dates-four-formats.csv", "60-good.xlsx", "68-excel-dates.xlsx"]) {
      const total = result.records.find((r) => r.source === name && r.table === "by-month" && r.row === "Total");
      // eight attendances: a grand total of 8 (not suppressed at threshold 5)
      expect(total?.count, name).toBe(8);
    }
  });

  it("decodes Windows-1252 and UTF-16 text to the same values as UTF-8", () => {
    const ages = (name: string) => result.records.filter((r) => r.source === name && r.table === "by-age-sex" && !r.total).map((r) => r.row).sort();
    expect(ages("05-windows-1252.csv")).toEqual(ages("01-good.csv"));
    expect(ages("08-utf16.txt")).toEqual(ages("01-good.csv"));
    expect(reportOf("05-windows-1252.csv").qualityFlags.join(" ")).toContain("Windows-1252");
    expect(reportOf("07-bom.csv").qualityFlags.join(" ")).toContain("byte-order mark");
  });

  it("reads dates in four formats to the same months", () => {
    const months = result.records.filter((r) => r.source === "09-dates-four-formats.csv" && r.table === "by-month" && !r.total).map((r) => r.row);
    expect(months).toEqual(["2025-01", "2025-02", "2025-03", "2025-04"]);
  });

  it("skips totals rows, repeated headers and title rows, and reports them", () => {
    expect(reportOf("11-totals-row.csv").rowsSkipped?.totals).toBe(1);
    expect(reportOf("12-repeated-header.csv").rowsSkipped?.repeatedHeader).toBe(1);
    expect(reportOf("18-title-rows.csv").rowsSkipped?.preamble).toBe(2);
    expect(reportOf("61-merged-title.xlsx").qualityFlags.join(" ")).toContain("A1:G1");
    expect(reportOf("62-two-row-header.xlsx").status).toBe("accepted");
  });

  it("reads thousands separators and keeps partner-suppressed '<5' suppressed, never 0", () => {
    const rows = result.records.filter((r) => r.source === "16-thousands-and-suppressed.csv");
    const stab = rows.find((r) => r.table === "by-month-type" && r.row === "2025-01" && r.col === "Stab, gunshot or penetrating trauma");
    // Suppressed, and nothing says why (a reader must not tell the partner's "<5" from a secondary suppression).
    expect(stab).toMatchObject({count: null, suppressed: true});
    expect(stab).not.toHaveProperty("suppression");
    const feb = rows.find((r) => r.table === "by-month-type" && r.row === "2025-02" && r.col === "Assault or sexual assault");
    expect(feb?.count).toBe(1020);
  });

  it("uses saved formula results, reports hidden sheets and reads the sheet named in the manifest", () => {
    expect(reportOf("64-formulas.xlsx").qualityFlags.join(" ")).toContain("1 formula cell");
    const jan = result.records.find((r) => r.source === "64-formulas.xlsx" && r.table === "by-month-type" && r.row === "2025-01" && r.col === "Total");
    expect(jan?.count).toBe(42);
    expect(reportOf("66-hidden-sheet.xlsx").qualityFlags.join(" ")).toContain('sheet "Lookup" (hidden)');
    expect(reportOf("69-named-sheet.xlsx").sheet).toBe("Extract");
  });

  it("treats an NHS-like number with a wrong check digit as ordinary data", () => {
    expect(reportOf("35-nhs-bad-checksum.csv").status).toBe("accepted");
    expect(reportOf("35-nhs-bad-checksum.csv").unknownColumns).toEqual(['H "Batch"']);
  });

  it("leaves no temporary copy of a partner file behind", () => {
    const leftovers = readdirSync(tmpdir()).filter((f) => f.startsWith("sna-partner-"));
    expect(leftovers).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(["drop", "out"]);
  });
});
