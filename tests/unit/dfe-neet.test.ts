import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {significanceOf} from "../../components/benchmarking/benchmarking.js";
import {readAreaCodeMap} from "../../loaders/fingertips/snapshot.ts";
import {readNeetFile, readNeetFiles, type NeetRow} from "../../loaders/dfe/neet.ts";
import {neetIndicators, NEET_CI_METHOD} from "../../loaders/dfe/neet-indicators.ts";

const SNAPSHOT = resolve(import.meta.dirname, "../../data/snapshot");
const DIR = join(SNAPSHOT, "dfe/neet");
const FILES = {
  2021: "2021-UD_NEETNK_LA_dashboard_2021_vg_removed.csv",
  2022: "2022-UD_NEETNK_LA_dashboard_2022_final.csv",
  2023: "2023-UD_NEETNK_LA_dashboard_2023_final.csv",
  2025: "2025-UD_NEETNK_LA_dashboard_final.csv"
} as const;
const YEARS = [2021, 2022, 2023, 2025] as const;
const PLYMOUTH = "E06000026";
const SURREY = "E10000030";
const ENGLAND = "E92000001";

const tmp = mkdtempSync(join(tmpdir(), "dfe-neet-"));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

/** An independent reader: split lines and commas (commas inside quotes, as in "Bristol, City of", are kept apart). */
function plainRead(year: (typeof YEARS)[number]): Record<string, string>[] {
  const lines = readFileSync(join(DIR, FILES[year]), "utf-8").split(/\r?\n/).filter((l) => l !== "");
  const split = (l: string) => l.replace(/"[^"]*"/g, (q) => q.replace(/,/g, ";")).split(",");
  const header = split(lines[0] as string);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [header[i] as string, v])));
}
/** DfE's text as our value: a number, or null for c, z, x and blank. */
const expected = (text: string | undefined): number | null => (text === undefined || ["c", "z", "x", ""].includes(text.trim()) ? null : Number(text));

const data = readNeetFiles(SNAPSHOT);
const row = (year: number, code: string): NeetRow | undefined => data.rows.find((r) => r.year === year && r.area_code === code);

describe("readNeetFiles on the snapshot's four DfE files", () => {
  it("reads every row of each file (161/160/160/161, as the MANIFEST says), keeping out DfE's two 'demo' rows of 2021", () => {
    expect(data.files.map((f) => [f.year, f.rows])).toEqual([[2021, 161], [2022, 160], [2023, 160], [2025, 161]]);
    for (const y of YEARS) expect(plainRead(y)).toHaveLength(data.files.find((f) => f.year === y)?.rows ?? -1);
    expect(data.excluded.map((e) => [e.file, e.name])).toEqual([[FILES[2021], "Region demo"], [FILES[2021], "LA demo"]]);
    expect(YEARS.map((y) => data.rows.filter((r) => r.year === y).length)).toEqual([159, 160, 160, 161]);
    expect(YEARS.map((y) => data.rows.filter((r) => r.year === y && r.level === "local authority").length)).toEqual([149, 150, 150, 151]);
  });

  it("gives England's NEET and not known as the MANIFEST quotes: 5.5% in 2021, 5.6% in 2025", () => {
    expect(row(2021, ENGLAND)?.neet_nk_pct).toBe(5.5);
    expect(row(2025, ENGLAND)?.neet_nk_pct).toBe(5.6);
    expect(row(2021, ENGLAND)).toMatchObject({level: "national", area_name: "England"});
  });

  it("finds Plymouth and Surrey under E06000026 and E10000030 in every year, with the raw files' values", () => {
    const columns: [keyof NeetRow, string][] = [
      ["cohort", "Cohort_DJFavg"], ["neet_nk_pct", "NEET_not_known_percent"], ["neet_pct", "NEET_percent"], ["not_known_pct", "Notknown_percent"],
      ["overall_absence_pct", "sess_overall_percent"], ["neet_nk_no_send_pct", "NEET_NK_noSEN_percent"], ["neet_nk_send_ehcp_pct", "NEET_NK_EHCP_percent"],
      ["neet_nk_send_support_pct", "NEET_NK_SENDsupport_percent"], ["cohort_send_ehcp_share_pct", "cohort_EHCP_percent"], ["cohort_send_support_share_pct", "cohort_SENDsupport_percent"]
    ];
    for (const y of YEARS) {
      const raw = plainRead(y);
      for (const code of [PLYMOUTH, SURREY]) {
        const r = raw.find((x) => x.new_la_code === code);
        const mine = row(y, code);
        expect(r, `${code} in ${y}`).toBeDefined();
        expect(mine?.area_code_status).toBe("current");
        for (const [field, col] of columns) expect(mine?.[field], `${code} ${y} ${col}`).toBe(expected(r?.[col]));
        const pa = r?.enrolments_pa_10_exact_percent ?? r?.sess_overall_percent_pa_10_exact;
        expect(mine?.persistent_absence_pct).toBe(expected(pa));
      }
    }
    // Spot values written in from the files.
    expect(row(2025, PLYMOUTH)).toMatchObject({cohort: 6117, neet_nk_pct: 6.7, neet_pct: 4.7, persistent_absence_pct: 32.7, neet_nk_send_ehcp_pct: 10.5});
    expect(row(2023, SURREY)).toMatchObject({cohort: 24436, neet_nk_pct: 15.2, not_known_pct: 14.3, neet_nk_send_support_pct: null, missing: {neet_nk_send_support_pct: "c"}});
  });

  it("reads c, z and blank cells as null with the reason, never 0 (every such cell of every file)", () => {
    // Real cells: Surrey 2023 SEN support suppressed (c); two 2022 authorities with no absence (z).
    expect(row(2023, SURREY)?.missing.neet_nk_send_support_pct).toBe("c");
    const z2022 = plainRead(2022).filter((r) => r.sess_overall_percent === "z");
    expect(z2022.length).toBe(2);
    for (const r of z2022) expect(row(2022, r.new_la_code as string)).toMatchObject({overall_absence_pct: null, missing: {overall_absence_pct: "z"}});
    let coded = 0;
    for (const y of YEARS) {
      for (const [i, r] of plainRead(y).entries()) {
        const mine = data.rows.find((m) => m.year === y && m.line === i + 2);
        if (!mine) continue;
        for (const [field, col] of [["neet_nk_send_support_pct", "NEET_NK_SENDsupport_percent"], ["cohort_send_support_share_pct", "cohort_SENDsupport_percent"], ["overall_absence_pct", "sess_overall_percent"]] as const) {
          const t = r[col] ?? "";
          if (["c", "z", "x"].includes(t)) {
            coded++;
            expect(mine[field]).toBeNull();
            expect(mine.missing[field]).toBe(t);
          }
        }
      }
    }
    expect(coded).toBeGreaterThanOrEqual(20);
  });

  it("reads persistent absence under both of DfE's column names and records which", () => {
    expect(data.files.map((f) => [f.year, f.columnOf.persistent_absence_pct])).toEqual([
      [2021, "sess_overall_percent_pa_10_exact"], [2022, "sess_overall_percent_pa_10_exact"], [2023, "sess_overall_percent_pa_10_exact"], [2025, "enrolments_pa_10_exact_percent"]
    ]);
    expect(row(2023, PLYMOUTH)).toMatchObject({persistent_absence_pct: 22.6, persistent_absence_column: "sess_overall_percent_pa_10_exact"});
    expect(row(2025, PLYMOUTH)).toMatchObject({persistent_absence_pct: 32.7, persistent_absence_column: "enrolments_pa_10_exact_percent"});
  });

  it("produces no 2024 and maps a recoded area to today's code (North Yorkshire county E10000023 → E06000065)", () => {
    expect(data.rows.some((r) => r.year === 2024)).toBe(false);
    expect(row(2021, "E10000023")).toMatchObject({area_code_status: "recoded", area_code_current: "E06000065"});
    expect(row(2021, "E10000006")).toMatchObject({area_code_status: "split", area_code_current: null});
  });
});

describe("bad files are refused with the file, row and column", () => {
  const codeMap = readAreaCodeMap(SNAPSHOT);

  it("refuses a file whose time_period disagrees with its name", () => {
    const path = join(tmp, "2022-UD_NEETNK_LA_dashboard_2022_final.csv");
    writeFileSync(path, readFileSync(join(DIR, FILES[2021])));
    expect(() => readNeetFile(path, codeMap)).toThrow(/2022-UD_NEETNK_LA_dashboard_2022_final\.csv: row 2, column "time_period": the row is for "2021" but the file name says 2022/);
  });

  it("refuses a file missing the persistent absence column, naming both names tried", () => {
    const lines = readFileSync(join(DIR, FILES[2025]), "utf-8").split("\n");
    writeFileSync(join(tmp, "2025-no-pa.csv"), [(lines[0] as string).replace("enrolments_pa_10_exact_percent", "pa_renamed"), ...lines.slice(1)].join("\n"));
    expect(() => readNeetFile(join(tmp, "2025-no-pa.csv"), codeMap)).toThrow(
      /2025-no-pa\.csv: row 1 \(header\): no column for persistent absence \(%\) \(persistent_absence_pct\); tried "enrolments_pa_10_exact_percent", "sess_overall_percent_pa_10_exact"/
    );
  });

  it("reads DfE's x as null, and refuses text that is neither a number nor a DfE code", () => {
    const text = readFileSync(join(DIR, FILES[2025]), "utf-8");
    const plymouthLine = text.split("\n").findIndex((l) => l.includes(`,${PLYMOUTH},`)) + 1;
    const edit = (cell: string) => text.replace(`,${PLYMOUTH},Plymouth,16-17,6117,6.7,`, `,${PLYMOUTH},Plymouth,16-17,6117,${cell},`);
    writeFileSync(join(tmp, "2025-x.csv"), edit("x"));
    const x = readNeetFile(join(tmp, "2025-x.csv"), codeMap).rows.find((r) => r.area_code === PLYMOUTH);
    expect(x).toMatchObject({neet_nk_pct: null, missing: {neet_nk_pct: "x"}});
    writeFileSync(join(tmp, "2025-bad.csv"), edit("6.7%"));
    expect(() => readNeetFile(join(tmp, "2025-bad.csv"), codeMap)).toThrow(new RegExp(`2025-bad\\.csv: row ${plymouthLine}, column "NEET_not_known_percent": .* is not a number nor one of DfE's codes c, z, x`));
  });

  it("refuses two files of the same year in the folder", () => {
    const snap = join(tmp, "snapshot");
    mkdirSync(join(snap, "dfe/neet"), {recursive: true});
    mkdirSync(join(snap, "fingertips"), {recursive: true});
    copyFileSync(join(SNAPSHOT, "fingertips/area_codes.csv"), join(snap, "fingertips/area_codes.csv"));
    copyFileSync(join(DIR, FILES[2025]), join(snap, "dfe/neet", FILES[2025]));
    copyFileSync(join(DIR, FILES[2025]), join(snap, "dfe/neet/2025-copy.csv"));
    expect(readdirSync(join(snap, "dfe/neet"))).toHaveLength(2);
    expect(() => readNeetFiles(snap)).toThrow(/2025-copy\.csv and 2025-UD_NEETNK_LA_dashboard_final\.csv are both for 2025|2025-UD_NEETNK_LA_dashboard_final\.csv and 2025-copy\.csv are both for 2025/);
  });
});

describe("neetIndicators: the DfE figures as risk-factor indicators", () => {
  const plymouth = neetIndicators(data, {areaCode: PLYMOUTH, regionCode: "E12000009", peers: ["E06000065", "E06000063", "E07000209"]});
  const surrey = neetIndicators(data, {areaCode: SURREY, regionCode: "E12000008", peers: []});
  const value = (t: typeof plymouth, id: string, code: string, year: number) => t.values.find((v) => v.indicator_id === id && v.area_code === code && v.year === year);

  it("gives Plymouth 2025 NEET or not known a Wilson interval on round(6.7% × 6,117) = 410 of 6,117, labelled as ours", () => {
    // Expected limits computed independently in Python (Wilson score, z = 1.959963984540054): 6.102747042309025, 7.356864097160417.
    const v = value(plymouth, "dfe-neet-nk", PLYMOUTH, 2025);
    expect(v?.value).toBe(6.7);
    expect(v?.lower).toBeCloseTo(6.102747, 3);
    expect(v?.upper).toBeCloseTo(7.356864, 3);
    const ind = plymouth.indicators.find((i) => i.id === "dfe-neet-nk");
    expect(ind).toMatchObject({period: "2025", value: 6.7, england: 5.6, region: 6.1, polarity: "low-is-good", level: "community", unit: "%", ciMethod: NEET_CI_METHOD, licence: "Open Government Licence v3.0"});
    expect(ind?.ciMethod).toContain("DfE publishes none");
    // Surrey 2025: 1,556 of 27,294 (5.7%); Python: 5.43200166190279 to 5.982239509953232.
    expect(value(surrey, "dfe-neet-nk", SURREY, 2025)).toMatchObject({value: 5.7, lower: expect.closeTo(5.432002, 3), upper: expect.closeTo(5.982240, 3)});
  });

  it("compares with England by the benchmarking module's rule, and leaves England and missing values uncompared", () => {
    for (const v of plymouth.values.filter((x) => x.indicator_id === "dfe-neet-nk")) {
      const england = value(plymouth, "dfe-neet-nk", ENGLAND, v.year)?.value ?? null;
      const s = significanceOf({lower: v.lower, upper: v.upper}, england, "low-is-good");
      expect(v.compared_to_england).toBe(v.area_code === ENGLAND || v.value === null ? null : s.outcome);
    }
    expect(value(plymouth, "dfe-neet-nk", PLYMOUTH, 2025)?.compared_to_england).toBe("Worse");
    expect(value(surrey, "dfe-neet", SURREY, 2025)?.compared_to_england).toBe("Better");
  });

  it("keeps suppressed values as null with DfE's reason, and has no 2024 rows but says there was no 2024 release", () => {
    expect(value(surrey, "dfe-neet-nk-sen-support", SURREY, 2023)).toMatchObject({value: null, lower: null, upper: null, value_note: "c: suppressed by DfE"});
    expect(plymouth.values.some((v) => v.year === 2024 || v.period === "2024")).toBe(false);
    expect(plymouth.missingReleases.map((m) => m.period)).toEqual(["2024"]);
    expect(plymouth.missingReleases[0]?.note).toMatch(/no 2024 release/);
    for (const ind of plymouth.indicators) expect(ind.missingPeriods.map((m) => m.period)).toContain("2024");
  });

  it("has a row for England, every region and every upper-tier authority of each year, under today's code where the area was recoded", () => {
    const rows2025 = plymouth.values.filter((v) => v.indicator_id === "dfe-neet-nk" && v.year === 2025);
    expect(rows2025).toHaveLength(161);
    expect(rows2025.filter((v) => v.area_code.startsWith("E12"))).toHaveLength(9);
    expect(value(plymouth, "dfe-neet-nk", "E06000065", 2021)?.area_name).toBe("North Yorkshire");
    expect(value(plymouth, "dfe-neet-nk", "E10000023", 2021)).toBeUndefined();
    expect(plymouth.peers.find((p) => p.code === "E06000063")?.note).toMatch(/Cumbria \(E10000006\)/);
    expect(plymouth.peers.find((p) => p.code === "E07000209")?.note).toMatch(/upper-tier authorities/);
    expect(plymouth.indicators.find((i) => i.id === "dfe-neet-nk")?.spine?.areas).toBe(151);
  });

  it("uses SEND and absence only where DfE publishes them for local authorities, and never joins the two persistent absence measures", () => {
    const ehcp = plymouth.indicators.find((i) => i.id === "dfe-neet-nk-ehcp");
    expect(ehcp?.periods).toEqual(["2022", "2023", "2025"]);
    expect(ehcp?.missingPeriods.find((m) => m.period === "2021")?.note).toMatch(/England only.*2022 file's/);
    expect(value(plymouth, "dfe-neet-nk-ehcp", ENGLAND, 2021)).toBeUndefined();
    // EHCP subgroup cohort: round(6117 × 6.5%) = 398; 10.5% → 42 of 398.
    expect(value(plymouth, "dfe-neet-nk-ehcp", PLYMOUTH, 2025)).toMatchObject({value: 10.5, lower: expect.closeTo(7.902, 2), upper: expect.closeTo(13.957, 2)});
    expect(plymouth.indicators.find((i) => i.id === "dfe-persistent-absence")?.periods).toEqual(["2025"]);
    expect(plymouth.indicators.find((i) => i.id === "dfe-persistent-absentee-absence-rate")?.periods).toEqual(["2022", "2023"]);
    expect(value(plymouth, "dfe-persistent-absence", PLYMOUTH, 2025)).toMatchObject({value: 32.7, lower: null, upper: null, compared_to_england: null});
  });
});
