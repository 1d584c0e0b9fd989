/**
 * The two success-measure partner dataset types (issue 13; statutory guidance ¶123): hospital admissions for assault
 * by a sharp object (ICD-10 X99) and police-recorded knife or sharp instrument offences. The committed examples of both
 * partnerships go through the real loader; small synthetic extracts (written into a temporary folder) provoke
 * suppression, personal-data refusal, a bad offence group and overlapping periods.
 */
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {csvParse} from "d3-dsv";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {partnerRecordSchema, type PartnerRecord} from "../../loaders/partners/aggregate.ts";
import {DATASETS} from "../../loaders/partners/datasets.ts";
import {loadPartnerData, type PartnerLoadResult} from "../../loaders/partners/load.ts";
import {checkPartnerIntervals, emptyPartnerStats} from "../../scripts/lib/partner-audit.ts";
import {manifestFor} from "../helpers/partner-corpus.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const THRESHOLD = 5;
const AREAS = {E06000026: "plymouth", E10000030: "surrey"} as const;
let dir: string;
const examples = new Map<string, PartnerLoadResult & {out: string}>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "partners-success-"));
  for (const area of Object.keys(AREAS)) {
    const out = join(dir, `out-${area}`);
    examples.set(area, {...(await loadPartnerData(join(ROOT, "data/partners"), out, {smallNumberThreshold: THRESHOLD}, {exampleArea: area, log: () => undefined})), out});
  }
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const csv = (header: string[], rows: (string | number)[][]) => `${[header, ...rows].map((r) => r.join(",")).join("\n")}\n`;

/** Writes the files with their manifests into a fresh drop folder and loads it as a build does. */
async function load(name: string, files: Record<string, {dataset: string; text: string}>): Promise<PartnerLoadResult> {
  const drop = join(dir, name);
  mkdirSync(drop, {recursive: true});
  for (const [file, f] of Object.entries(files)) {
    writeFileSync(join(drop, file), f.text);
    writeFileSync(join(drop, `${file}.manifest.json`), JSON.stringify(manifestFor(f.dataset, {received: "2026-01-20"})));
  }
  return loadPartnerData(drop, join(dir, `${name}-out`), {smallNumberThreshold: THRESHOLD}, {log: () => undefined});
}

const table = (records: PartnerRecord[], dataset: string, name: string) => records.filter((r) => r.dataset === dataset && r.table === name);
const cell = (records: PartnerRecord[], row: string, col: string | null = null) => records.find((r) => r.row === row && r.col === col);

/** Every suppressed cell of every table in the records, re-solved from what was published: the audit's check. */
function derivable(records: PartnerRecord[]): number {
  let found = 0;
  checkPartnerIntervals(Object.keys(records[0] ?? {}), records as unknown as Record<string, unknown>[], THRESHOLD, emptyPartnerStats(), () => found++);
  return found;
}

describe.each(Object.entries(AREAS))("the %s examples", (area, slug) => {
  const result = () => examples.get(area)!;

  it("are accepted, marked EXAMPLE, with the owners of the partnership", () => {
    const reports = result().reports.filter((r) => r.dataset === "sharp-object-admissions" || r.dataset === "police-knife-crime");
    expect(reports.map((r) => r.file).sort()).toEqual([`examples/${area}/EXAMPLE-police-knife-crime-${slug}-2025.csv`, `examples/${area}/EXAMPLE-sharp-object-admissions-${slug}-2020-2025.csv`]);
    for (const r of reports) {
      expect(r.status, r.refusal?.message).toBe("accepted");
      expect(r.example).toBe(true);
      expect(r.owner).toMatch(/\(EXAMPLE\)$/);
    }
    const owner = (t: string) => reports.find((r) => r.dataset === t)!.owner;
    expect(owner("police-knife-crime")).toBe(area === "E06000026" ? "Devon & Cornwall Police (EXAMPLE)" : "Surrey Police (EXAMPLE)");
    expect(owner("sharp-object-admissions")).toBe(area === "E06000026" ? "NHS Devon Integrated Care Board (EXAMPLE)" : "NHS Surrey Heartlands and Frimley ICBs (EXAMPLE)");
  });

  it("publish the sharp-object admissions by financial year and age band, the under-25s as their own rows", () => {
    const out = readFileSync(join(result().out, "partner-sharp-object-admissions.csv"), "utf-8");
    const rows = csvParse(out);
    expect(rows.columns).toEqual(Object.keys(partnerRecordSchema.shape));
    expect([...new Set(rows.map((r) => r.table))]).toEqual(DATASETS["sharp-object-admissions"].outputs.map((o) => o.name));
    const records = result().records.filter((r) => r.dataset === "sharp-object-admissions");
    const byPeriodAge = table(records, "sharp-object-admissions", "by-period-age");
    // By period: the row totals; by age band: the column totals; the under-25s are the 0-17 and 18-24 columns.
    expect(byPeriodAge.filter((r) => r.col === "Total" && r.row !== "Total").map((r) => r.row)).toEqual(["2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]);
    expect(byPeriodAge.filter((r) => r.row === "Total" && r.col !== "Total").map((r) => r.col)).toEqual(["0-17", "18-24", "25+"]);
    expect(byPeriodAge.every((r) => r.row_dim === "Period" && r.col_dim === "Age band")).toBe(true);
    // Volumes of the header's scaling: England's ~4,500 a year times the population share (about 21 and 95 a year).
    const total = cell(byPeriodAge, "Total", "Total")!.count!;
    expect(total / 5).toBeGreaterThan(area === "E06000026" ? 12 : 70);
    expect(total / 5).toBeLessThan(area === "E06000026" ? 32 : 125);
    const sex = table(records, "sharp-object-admissions", "by-sex");
    expect(cell(sex, "Total")!.count).toBe(total);
  });

  it("publish knife offences by month, offence group and age band of victim and suspect", () => {
    const records = result().records.filter((r) => r.dataset === "police-knife-crime");
    expect([...new Set(records.map((r) => r.table))]).toEqual(["by-month", "by-offence-group", "by-victim-age", "by-suspect-age"]);
    const months = table(records, "police-knife-crime", "by-month").filter((r) => !r.total).map((r) => r.row);
    expect(months).toEqual(Array.from({length: 12}, (_, i) => `2025-${String(i + 1).padStart(2, "0")}`));
    const total = cell(table(records, "police-knife-crime", "by-month"), "Total")!.count!;
    // ONS P4 (YE Dec 2019): Devon and Cornwall 484 (Plymouth about a fifth of its violence), Surrey 467.
    expect(total).toBeGreaterThan(area === "E06000026" ? 70 : 380);
    expect(total).toBeLessThan(area === "E06000026" ? 150 : 560);
    for (const name of ["by-offence-group", "by-victim-age", "by-suspect-age"]) expect(cell(table(records, "police-knife-crime", name), "Total")!.count, name).toBe(total);
    const groups = table(records, "police-knife-crime", "by-offence-group").map((r) => r.row);
    for (const g of groups.filter((g) => g !== "Total")) expect(DATASETS["police-knife-crime"].columns.offence_group!.values).toContain(g);
    for (const name of ["by-victim-age", "by-suspect-age"]) {
      const rows = table(records, "police-knife-crime", name).map((r) => r.row);
      expect(rows.slice(0, 2), name).toEqual(["0-17", "18-24"]);
    }
  });

  it("show no count below the threshold and no suppressed cell a reader could work out", () => {
    const records = result().records.filter((r) => r.dataset === "sharp-object-admissions" || r.dataset === "police-knife-crime");
    for (const r of records) {
      if (r.suppressed) expect(r.count).toBeNull();
      else expect(r.count === 0 || r.count! >= THRESHOLD, `${r.table} ${r.row} ${r.col}`).toBe(true);
    }
    expect(derivable(records)).toBe(0);
  });
});

describe("synthetic extracts", () => {
  const ADM = ["Month", "Age band", "Sex", "Admissions"];
  const monthly = (month: string, counts: [string, number][]) => counts.map(([age, n]) => [month, age, "Male", n]);

  it("suppress a count of 2, with complementary suppression that survives the interval check", async () => {
    const data: Record<string, Record<string, number>> = {"2025-01": {"0-17": 2, "18-24": 9, "25+": 30}, "2025-02": {"0-17": 7, "18-24": 11, "25+": 26}, "2025-03": {"0-17": 8, "18-24": 6, "25+": 31}};
    const text = csv(ADM, Object.entries(data).flatMap(([month, ages]) => monthly(month, Object.entries(ages))));
    const r = await load("small", {"x99.csv": {dataset: "sharp-object-admissions", text}});
    expect(r.reports[0]!.status, r.reports[0]!.refusal?.message).toBe("accepted");
    const t = table(r.records, "sharp-object-admissions", "by-period-age");
    expect(cell(t, "2025-01", "0-17")).toMatchObject({count: null, suppressed: true});
    // Complementary: the 0-17 column and the January row each need a second suppressed member.
    expect(t.filter((c) => c.col === "0-17" && c.suppressed).length).toBeGreaterThanOrEqual(2);
    expect(t.filter((c) => c.row === "2025-01" && c.suppressed).length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(r.records)).not.toMatch(/"count":2\b/);
    // Re-solved from what was published (the audit's linear programme), no suppressed cell is pinned to a range
    // narrower than the threshold; showing one complementary cell again would give the 2 away.
    expect(derivable(r.records)).toBe(0);
    const complement = t.find((c) => c.suppressed && !c.total && !(c.row === "2025-01" && c.col === "0-17") && (c.row === "2025-01" || c.col === "0-17"))!;
    const shown = r.records.map((c) => (c === complement ? {...c, suppressed: false, count: data[c.row]![c.col!]!} : c));
    expect(derivable(shown)).toBeGreaterThan(0);
  });

  it("suppress a knife-crime month of 2 and one more month so the total does not give it away", async () => {
    const text = csv(["Month", "Offence group", "Victim age band", "Offences"], [["2025-01", "Robbery", "18-24", 2], ["2025-02", "Robbery", "18-24", 9], ["2025-03", "Assault with injury", "25-34", 12], ["2025-04", "GBH with intent", "0-17", 6]]);
    const r = await load("knife-small", {"knife.csv": {dataset: "police-knife-crime", text}});
    expect(r.reports[0]!.status, r.reports[0]!.refusal?.message).toBe("accepted");
    const byMonth = table(r.records, "police-knife-crime", "by-month");
    expect(cell(byMonth, "2025-01")).toMatchObject({count: null, suppressed: true});
    expect(byMonth.filter((c) => c.suppressed).length).toBeGreaterThanOrEqual(2);
    expect(cell(table(r.records, "police-knife-crime", "by-offence-group"), "Assault with intent to cause serious harm")).toMatchObject({count: 6});
    // No suspect age band column: every offence counts as "Not known" there.
    expect(table(r.records, "police-knife-crime", "by-suspect-age").map((c) => c.row)).toEqual(["Not known", "Total"]);
    expect(derivable(r.records)).toBe(0);
  });

  it("refuse a row with an NHS number, naming file, row and column, never the value", async () => {
    const nhs = "943 476 5919";
    const text = csv(["Month", "Age band", "Admissions", "Extra"], [["2025-01", "18-24", 6, "A"], ["2025-02", "25+", 8, nhs]]);
    const r = await load("nhs", {"x99-nhs.csv": {dataset: "sharp-object-admissions", text}});
    const report = r.reports[0]!;
    expect(report.status).toBe("refused");
    expect(report.refusal).toMatchObject({kind: "personal-data", row: 3});
    expect(report.refusal!.column).toMatch(/^D/);
    expect(report.refusal!.message).toContain("x99-nhs.csv");
    expect(report.refusal!.message).toMatch(/NHS number/i);
    expect(JSON.stringify(r)).not.toContain(nhs);
    expect(JSON.stringify(r)).not.toContain(nhs.replaceAll(" ", ""));
    expect(r.records).toEqual([]);
  });

  it("refuse an offence group outside the ONS selected offences, naming the accepted values", async () => {
    const text = csv(["Month", "Offence group", "Offences"], [["2025-01", "Robbery", 6], ["2025-02", "Possession of article with blade or point", 7]]);
    const r = await load("bad-group", {"knife-bad.csv": {dataset: "police-knife-crime", text}});
    const report = r.reports[0]!;
    expect(report.status).toBe("refused");
    expect(report.refusal).toMatchObject({kind: "invalid", row: 3});
    expect(report.refusal!.column).toMatch(/^B/);
    for (const v of DATASETS["police-knife-crime"].columns.offence_group!.values!) expect(report.refusal!.message).toContain(v);
    expect(report.refusal!.message).not.toContain("Possession of article");
  });

  it("refuse an age band that spans 25, since the under-25s could not be counted", async () => {
    const text = csv(ADM, [["2025-01", "15-19", "Male", 6], ["2025-01", "20-29", "Male", 7]]);
    const r = await load("band-25", {"x99-bands.csv": {dataset: "sharp-object-admissions", text}});
    expect(r.reports[0]!.refusal).toMatchObject({kind: "invalid", row: 3});
    expect(r.reports[0]!.refusal!.message).toMatch(/spans age 25/);
  });

  it("refuse a monthly extract and an annual extract of the same financial year (overlapping periods)", async () => {
    const months = Array.from({length: 12}, (_, i) => `${i < 9 ? 2024 : 2025}-${String(((i + 3) % 12) + 1).padStart(2, "0")}`);
    const r = await load("overlap", {
      "x99-a-monthly.csv": {dataset: "sharp-object-admissions", text: csv(ADM, months.map((m) => [m, "25+", "Male", 7]))},
      "x99-b-annual.csv": {dataset: "sharp-object-admissions", text: csv(["Financial year", "Age band", "Admissions"], [["2024/25", "25+", 84]])}
    });
    expect(r.reports.map((x) => [x.file, x.status])).toEqual([["x99-a-monthly.csv", "accepted"], ["x99-b-annual.csv", "refused"]]);
    expect(r.reports[1]!.refusal!.message).toContain("overlaps that of x99-a-monthly.csv");
    expect(r.records.every((x) => x.source === "x99-a-monthly.csv")).toBe(true);
  });

  // Known limit (data/partners/README.md, "periods that nest inside one file … are not refused"): a year and its
  // months in one file are added together in the age-band margins. The fix is in loaders/partners/{periods,load}.ts,
  // outside this task; when it lands this test fails as a reminder to turn `it.fails` into `it`.
  it("refuse monthly and annual rows for the same financial year in one file", async () => {
    const text = csv(["Period", "Age band", "Admissions"], [["2024/25", "25+", 84], ["2024-04", "25+", 7], ["2024-05", "25+", 7]]);
    const r = await load("nested-one-file", {"x99-mixed.csv": {dataset: "sharp-object-admissions", text}});
    expect(r.reports[0]!.status).toBe("refused");
  });
});
