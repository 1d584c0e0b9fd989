/**
 * The monitoring table's computation (components/recommendations/monitoring.ts): each measure is chosen and compared
 * as the Success measures chapter does it, with the same changeFrom and localMeasure, so the direction of travel here
 * is the verdict there. Inputs are shaped like the prepared tables, with Plymouth's real figures (Devon & Cornwall's
 * homicides YE Dec 2018 and 2019 from ONS Table P1/P3; knife offences from Table P5/P3; the local measure on the real
 * police.uk extract of tests/fixtures/prepared/).
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {csvParse} from "d3-dsv";
import {describe, expect, it} from "vitest";
import {admissionsMonitoring, directionOf, homicideMonitoring, knifeMonitoring, localMonitoring, measureIds, monitoringRows, type MonitoringInput} from "../../components/recommendations/monitoring.ts";
import {changeFrom, localMeasure, type LocalMeasureDef} from "../../components/success/measures.ts";
import {parseTable} from "../../components/tables/parse.ts";
import {TABLES} from "../../components/tables/registry.ts";

const monthly = parseTable(TABLES.area_monthly, csvParse(readFileSync(join(import.meta.dirname, "../fixtures/prepared/area-monthly-plymouth-extract.csv"), "utf-8")) as never);
const ROBBERY: LocalMeasureDef = {name: "Robbery (police.uk)", table: "area_monthly", where: {crime_type: "Robbery"}, polarity: "low-is-good", baseline: {from: "2024-01", to: "2024-04"}};

const force = (year_ending: string, count: number | null, population: number | null, extra: Record<string, unknown> = {}) => ({role: "partnership force", year_ending, label: `YE ${["Mar", "Jun", "Sep", "Dec"][Number(year_ending.slice(5)) / 3 - 1]} ${year_ending.slice(0, 4)}`, count, population, break_before: false, ...extra});
const admissions = (period: string, count: number | null, suppressed = false) => ({dataset: "sharp-object-admissions", table: "by-period-age", owner: "NHS Devon Integrated Care Board", example: false, row: period, col: "Total", count, suppressed});

const INPUT: MonitoringInput = {
  forceName: "Devon & Cornwall Police",
  areaName: "Plymouth",
  population: 264_723,
  homicideCounts: [force("2018-03", 15, 1_733_000), force("2018-12", 19, 1_749_100), force("2019-09", 14, null), force("2019-12", 13, 1_762_400), force("2020-03", 12, null)],
  knifeSeries: [force("2017-12", 400, 1_740_000), force("2018-12", 442, 1_749_100), force("2019-12", 484, 1_762_400)],
  partnerRecords: [admissions("2020/21", 19), admissions("2021/22", 20), admissions("2022/23", null, true), admissions("2024/25", 19), {...admissions("Total", 58), row: "Total"}],
  areaMonthly: monthly,
  local: [ROBBERY]
};

describe("the Home Office measures, chosen and compared as on the Success measures chapter", () => {
  it("homicide: the force's last two years ending December with a population, as rates (19 in YE Dec 2018, 13 in YE Dec 2019)", () => {
    const row = homicideMonitoring(INPUT);
    const expected = changeFrom({label: "YE Dec 2018", count: 19, denominator: 1_749_100}, {label: "YE Dec 2019", count: 13, denominator: 1_762_400}, "low-is-good");
    expect(row).toMatchObject({measure_id: "homicide", level: "police force area (Devon & Cornwall Police)", latest_value: 13, latest_period: "YE Dec 2019", baseline_value: 19, baseline_period: "YE Dec 2018", ratio: expected.ratio, lower: expected.lower, upper: expected.upper, trend: expected.words, direction: "no significant change"});
    expect(row.trend).toBe("YE Dec 2019: 13, against 19 in YE Dec 2018 (−32%, 95% CI −69% to +45%): no significant change.");
  });
  it("knife offences: compared across the last two Decembers, and not at all when a break in series lies between", () => {
    expect(knifeMonitoring(INPUT)).toMatchObject({latest_value: 484, baseline_value: 442, direction: "no significant change"});
    const broken = knifeMonitoring({...INPUT, knifeSeries: [force("2018-12", 442, 1_749_100), force("2019-06", 470, null, {break_before: true}), force("2019-12", 484, 1_762_400)]});
    expect(broken).toMatchObject({direction: "not assessed", ratio: null, latest_value: 484, latest_period: "YE Dec 2019", trend: "not compared: a recording change lies between the periods"});
  });
  it("admissions: the first unsuppressed period against the last, suppressed periods skipped; too few or none says so", () => {
    const row = admissionsMonitoring(INPUT);
    expect(row).toMatchObject({level: "partnership (Plymouth)", baseline_period: "2020/21", latest_period: "2024/25", latest_value: 19, ratio: 1, direction: "no significant change", example: false, source: "NHS Devon Integrated Care Board (partner extract)"});
    const few = admissionsMonitoring({...INPUT, partnerRecords: [admissions("2023/24", 23), admissions("2024/25", null, true)]});
    expect(few).toMatchObject({direction: "not assessed", latest_period: "2024/25", latest_value: null, trend: "not enough unsuppressed periods"});
    expect(admissionsMonitoring({...INPUT, partnerRecords: []}).trend).toMatch(/^not supplied: no sharp-object-admissions extract/);
    expect(admissionsMonitoring({...INPUT, partnerRecords: INPUT.partnerRecords.map((r) => ({...r, example: true}))}).example).toBe(true);
  });
});

describe("local measures and directions of travel", () => {
  it("a local measure is localMeasure's comparison (robbery on the real police.uk extract: Jan-Apr 2024 against Jan-Apr 2025)", () => {
    const m = localMeasure(ROBBERY, monthly);
    if (!m.ok) throw new Error(m.reason);
    const row = localMonitoring(ROBBERY, INPUT);
    expect(row).toMatchObject({measure_id: ROBBERY.name, kind: "local measure", latest_value: m.change.latest.count, baseline_value: m.change.baseline.count, ratio: m.change.ratio, trend: m.change.words});
    expect(row.direction).toBe(m.change.verdict === "Better" ? "improving" : m.change.verdict === "Worse" ? "worsening" : "no significant change");
  });
  it("a local measure that cannot be compared says why", () => {
    const row = localMonitoring({...ROBBERY, baseline: {from: "2019-01", to: "2019-02"}}, INPUT);
    expect(row).toMatchObject({direction: "not assessed", ratio: null});
    expect(row.trend).toMatch(/^not compared: the baseline months Jan to Feb 2019 are not all in this build/);
  });
  it("maps the verdict to a direction by polarity: a significant fall is improving when low is good, worsening when high is good", () => {
    const fall = (polarity: "low-is-good" | "high-is-good") => changeFrom({label: "A", count: 200, denominator: 1}, {label: "B", count: 120, denominator: 1}, polarity);
    expect(directionOf(fall("low-is-good"))).toBe("improving");
    expect(directionOf(fall("high-is-good"))).toBe("worsening");
    expect(directionOf(changeFrom({label: "A", count: 100, denominator: 1}, {label: "B", count: 104, denominator: 1}, "low-is-good"))).toBe("no significant change");
    expect(directionOf(changeFrom({label: "A", count: 0, denominator: 1}, {label: "B", count: 3, denominator: 1}, "low-is-good"))).toBe("not assessed");
    expect(directionOf(null)).toBe("not assessed");
  });
  it("gives one row per measure id in the order asked, and refuses an id the build does not have", () => {
    expect(measureIds(INPUT.local)).toEqual(["homicide", "knife-offences", "sharp-object-admissions", "Robbery (police.uk)"]);
    expect(monitoringRows(["Robbery (police.uk)", "homicide"], INPUT).map((r) => r.measure_id)).toEqual(["Robbery (police.uk)", "homicide"]);
    expect(() => monitoringRows(["Knife crime"], INPUT)).toThrow(/"Knife crime" is not a measure of this build/);
  });
});
