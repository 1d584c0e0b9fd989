/**
 * The benchmarking tables on the committed snapshot (data/snapshot/fingertips/), checked against figures computed
 * outside the project: plain DuckDB queries of the raw extracts (read_csv, quantile_cont), not the project's code.
 */
import {resolve} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {formatIndicatorValue, spineChartRows, tiersOfCode} from "../../components/benchmarking/index.ts";
import {readNeetFiles} from "../../loaders/dfe/neet.ts";
import {neetIndicators} from "../../loaders/dfe/neet-indicators.ts";
import {defaultIndicatorSet} from "../../loaders/fingertips/indicator-set.ts";
import {riskTables, withNewerSeries, type RiskTables} from "../../loaders/prepare/risk-tables.ts";

const SNAPSHOT = resolve(import.meta.dirname, "../../data/snapshot");
const VALUES = resolve(SNAPSHOT, "fingertips/values");
const set = defaultIndicatorSet();
const plymouth = {code: "E06000026", name: "Plymouth"};
const bcp = {code: "E06000058", name: "Bournemouth, Christchurch and Poole"};
const brighton = {code: "E06000043", name: "Brighton and Hove"};
const southWest = {code: "E12000009", name: "South West"};

let tables: RiskTables;
let duck: Awaited<ReturnType<DuckDBInstance["connect"]>>;
beforeAll(async () => {
  tables = riskTables(SNAPSHOT, set, plymouth, southWest, [{code: "E06000027", name: "Torbay"}], [brighton, bcp]);
  duck = await (await DuckDBInstance.create(":memory:")).connect();
});
afterAll(() => duck?.closeSync());

/** A plain DuckDB query over the raw gzipped extracts. */
async function raw<T>(sql: string): Promise<T[]> {
  return (await duck.runAndReadAll(sql)).getRowObjectsJson() as T[];
}
const indicator = (id: number) => {
  const found = tables.indicators.find((d) => d.id === id);
  if (!found) throw new Error(`indicator ${id} not in the set`);
  return found;
};

describe("merged councils: an old council's value never stands in for its successor", () => {
  it("gives Bournemouth, Christchurch and Poole no value (not Christchurch's 235.0, 638.0, 12.0) and says why", async () => {
    // The raw extracts hold Bournemouth, Poole and Christchurch separately and nothing under E06000058.
    const [counts] = await raw<{own: string; old: string}>(
      `SELECT count(*) FILTER (WHERE area_code = 'E06000058') AS own, count(*) FILTER (WHERE area_code IN ('E06000028', 'E06000029', 'E07000048')) AS old
       FROM read_csv('${VALUES}/trafford_*.csv.gz', union_by_name = true)`
    );
    expect(counts).toEqual({own: "0", old: "129"});
    expect(tables.values.filter((v) => v.area_code === bcp.code)).toEqual([]);
    expect(tables.areas.find((a) => a.code === bcp.code)?.note).toMatch(/no value of its own.*never stands in/);
    // Brighton and Hove, current since 1997, keeps its own values.
    expect(tables.values.find((v) => v.area_code === brighton.code && v.indicator_id === 21001 && v.period === "2017/18")?.value).toBe(288.8);
  });

  it("finds an area given by a code since replaced for the same area (Sheffield E08000019, now E08000039)", () => {
    // The ONS neighbours name Sheffield by E08000019; the extracts' Sheffield rows are mapped to E08000039 ("recoded").
    const sheffield = riskTables(SNAPSHOT, set, plymouth, null, [], [{code: "E08000019", name: "Sheffield"}]);
    expect(sheffield.values.find((v) => v.area_code === "E08000019" && v.indicator_id === 21001 && v.period === "2017/18")?.value).toBe(125.3);
    expect(sheffield.areas.find((a) => a.code === "E08000019")?.note).toBeNull();
  });

  it("makes every indicator a gap, naming the former councils, when the partnership itself is the merged council", () => {
    const own = riskTables(SNAPSHOT, set, bcp, southWest, [], []);
    for (const id of [21001, 91414, 10101]) {
      const d = own.indicators.find((x) => x.id === id)!;
      expect(d.value, `${id}`).toBeNull();
      expect(d.gap).toMatch(/former councils \(Bournemouth, Christchurch, Poole\)/);
    }
  });
});

describe("spine chart peers: every area of the tier in the period, by area code", () => {
  it("keeps all 326 districts and unitaries of 10101 (2016), with DuckDB's quantile_cont as the check", async () => {
    // Independent check: the Trafford extract alone holds every district and unitary authority of 2016.
    const [q] = await raw<{n: string; q25: number; q75: number; lo: number; hi: number}>(
      `SELECT count(value) AS n, quantile_cont(value, 0.25) AS q25, quantile_cont(value, 0.75) AS q75, min(value) AS lo, max(value) AS hi
       FROM read_csv('${VALUES}/trafford_10101_low_income_families.csv.gz') WHERE period = '2016' AND area_code SIMILAR TO 'E0[6-9].*'`
    );
    expect(q!.n).toBe("326");
    const d = indicator(10101);
    expect(d.period).toBe("2016");
    expect(d.spine).toMatchObject({areas: 326, tier: "lower", worst: q!.hi, best: q!.lo});
    expect(d.spine!.q25).toBeCloseTo(q!.q25, 9);
    expect(d.spine!.q75).toBeCloseTo(q!.q75, 9);
    // The figures as computed here: 10.7 and 19.075 (313 areas had given 19.2).
    expect([d.spine!.q25, d.spine!.q75]).toEqual([10.7, 19.075]);
  });

  it("keeps all 152 upper-tier areas of 93203 (2018), Sussex's own rows included", async () => {
    const [q] = await raw<{n: string}>(
      `SELECT count(DISTINCT area_code) AS n FROM read_csv('${VALUES}/*.csv.gz', union_by_name = true)
       WHERE indicator_id = 93203 AND period = '2018' AND value IS NOT NULL AND area_code SIMILAR TO 'E(06|08|09|10).*'`
    );
    expect(q!.n).toBe("152");
    expect(indicator(93203).spine).toMatchObject({areas: 152, tier: "upper", q25: 3.775, q75: 6.2, worst: 14.9, best: 0, label: "152 counties and unitary authorities"});
  });
});

describe("England and number format", () => {
  it("has one England value per indicator and period, written with the indicator's decimals like the area's", () => {
    const d = indicator(93203);
    expect([d.value, d.england]).toEqual([6.4, 5.5252]);
    const englandRows = tables.values.filter((v) => v.area_code === "E92000001" && v.indicator_id === 93203 && v.period === "2018");
    expect(englandRows).toHaveLength(1);
    const [row] = spineChartRows([d]);
    expect([row!.areaValue, row!.england].map((v) => formatIndicatorValue(v, row!.digits))).toEqual(["6.4", "5.5"]);
  });
});

describe("headline rows", () => {
  it("takes all ages over an age band: Campylobacter (93356), Plymouth 2016, from the raw export", async () => {
    const {loadIndicatorValues} = await import("../../loaders/fingertips/snapshot.ts");
    const {headlineRows} = await import("../../loaders/prepare/risk-tables.ts");
    const rows = headlineRows(loadIndicatorValues(SNAPSHOT).values.filter((v) => v.indicatorId === 93356));
    const plymouth2016 = rows.filter((v) => v.areaCode === "E06000026" && v.period === "2016");
    // The export has Plymouth 2016 for "All ages" (108.63…) and "0-9 yrs" (192.54…); breakdown rows are left out.
    expect(plymouth2016.map((v) => [v.age, v.value])).toEqual([["All ages", 108.630237056158]]);
  });
});

describe("DfE NEET and not known joins the Fingertips set (loaders/dfe, withNewerSeries)", () => {
  const surrey = {code: "E10000030", name: "Surrey"};
  const southEast = {code: "E12000008", name: "South East"};
  const listed = (area: {code: string; name: string}, region: {code: string; name: string}) => {
    const risk = riskTables(SNAPSHOT, set, area, region, [], []);
    return withNewerSeries(risk, neetIndicators(readNeetFiles(SNAPSHOT), {areaCode: area.code, regionCode: region.code, peers: [], set}));
  };
  /** The 2025 row of an area and its Wilson 95% limits, computed in plain SQL from the raw DfE file (not our code). */
  async function rawWilson(code: string) {
    const [r] = await raw<{value: number; lower: number; upper: number}>(
      `WITH r AS (SELECT NEET_not_known_percent::DOUBLE AS value, Cohort_DJFavg::DOUBLE AS n FROM read_csv('${SNAPSHOT}/dfe/neet/2025-UD_NEETNK_LA_dashboard_final.csv', all_varchar = true)
                  WHERE new_la_code = '${code}' OR (geographic_level = 'National' AND '${code}' = 'E92000001')),
            p AS (SELECT value, n, round(value / 100 * n) / n AS p, 1.959963984540054 AS z FROM r)
       SELECT value, 100 * (p + z * z / (2 * n) - z * sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n) AS lower,
                     100 * (p + z * z / (2 * n) + z * sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n) AS upper FROM p`
    );
    return r!;
  }

  it("gives Plymouth 2025: 6.7% (6.1 to 7.4, Wilson, our addition), worse than England's 5.6%, superseding Fingertips 93203 (2018)", async () => {
    const {indicators, values} = listed(plymouth, southWest);
    const d = indicators.find((x) => x.id === "dfe-neet-nk")!;
    const check = await rawWilson(plymouth.code);
    expect([d.period, d.value, d.england, d.significance, d.level]).toEqual(["2025", check.value, (await rawWilson("E92000001")).value, "Worse", "community"]);
    expect([d.value, d.england]).toEqual([6.7, 5.6]);
    expect(d.lower).toBeCloseTo(check.lower, 3);
    expect(d.upper).toBeCloseTo(check.upper, 3);
    expect([formatIndicatorValue(d.lower, 1), formatIndicatorValue(d.upper, 1)]).toEqual(["6.1", "7.4"]);
    expect("ciMethod" in d && d.ciMethod).toMatch(/Wilson.*added by SNA Workbench; DfE publishes none/);
    // The DfE indicator sits just after the Fingertips one it supersedes, which is marked so.
    const at = indicators.findIndex((x) => x.id === 93203);
    expect(indicators[at + 1]?.id).toBe("dfe-neet-nk");
    expect(indicators[at]?.supersededBy).toEqual(["dfe-neet-nk", "dfe-neet", "dfe-neet-nk-ehcp", "dfe-neet-nk-sen-support"]);
    // Values: text ids, every upper-tier authority (not only the areas of interest), 2021-2025 without 2024.
    expect(values.every((v) => typeof v.indicator_id === "string")).toBe(true);
    const neet = values.filter((v) => v.indicator_id === "dfe-neet-nk");
    expect([...new Set(neet.map((v) => v.period))].sort()).toEqual(["2021", "2022", "2023", "2025"]);
    expect(neet.filter((v) => v.period === "2025" && tiersOfCode(v.area_code).includes("upper")).length).toBe(151);
    expect(values.filter((v) => v.indicator_id === "93203" && v.area_code === plymouth.code).at(-1)?.period).toBe("2018");
  });

  it("gives Surrey 2025: 5.7%, similar to England", async () => {
    const {indicators} = listed(surrey, southEast);
    const d = indicators.find((x) => x.id === "dfe-neet-nk")!;
    const check = await rawWilson(surrey.code);
    expect([d.period, d.value, d.england, d.significance]).toEqual(["2025", 5.7, 5.6, "Similar"]);
    expect(check.value).toBe(5.7);
    expect(d.lower).toBeCloseTo(check.lower, 3);
    expect(d.upper).toBeCloseTo(check.upper, 3);
    expect(d.lower! < 5.6 && 5.6 < d.upper!).toBe(true);
  });
});
