import {resolve} from "node:path";
import {describe, expect, it} from "vitest";
import {
  compareWithMetadata,
  DEFAULT_INDICATOR_SET,
  defaultIndicatorSet,
  formatIndicatorChecks,
  groupIndicatorSet,
  indicatorSetSchema
} from "../../loaders/fingertips/indicator-set.ts";
import {loadIndicatorValues} from "../../loaders/fingertips/snapshot.ts";

const SNAPSHOT = resolve(import.meta.dirname, "../../data/snapshot");

describe("indicator set", () => {
  it("the default set is valid and holds the violence outcomes and risk factors the guidance names", () => {
    const set = defaultIndicatorSet();
    const ids = set.map((e) => e.id);
    for (const id of [11201, 11202, 90637, 90644, 10401, 93203, 90803, 10301, 21001, 91414, 93553]) expect(ids).toContain(id);
    expect(set.find((e) => e.id === 90803)?.areaTypeIds).toEqual([502]);
    expect(set.find((e) => e.id === 11201)?.areaTypeIds).toEqual([502, 501]);
  });

  it("groups outcomes apart and every risk factor under one of the four ecological levels", () => {
    const set = defaultIndicatorSet();
    const g = groupIndicatorSet(set);
    expect(g.outcomes.map((e) => e.id)).toContain(11201);
    for (const level of ["individual", "relationship", "community", "societal"] as const) expect(g.byLevel[level].length).toBeGreaterThan(0);
    const grouped = g.outcomes.length + Object.values(g.byLevel).reduce((n, l) => n + l.length, 0);
    expect(grouped).toBe(set.length);
  });

  it("refuses a duplicate id and an outcome given a level", () => {
    const first = DEFAULT_INDICATOR_SET[0];
    if (!first) throw new Error("empty default set");
    const dup = indicatorSetSchema.safeParse([first, first]);
    expect(dup.success).toBe(false);
    expect(dup.error?.issues[0]?.message).toContain("listed twice");
    const bad = indicatorSetSchema.safeParse([{...first, level: "individual"}]);
    expect(bad.success).toBe(false);
  });

  it("reports renamed, missing and polarity-differs indicators against metadata", () => {
    const set = defaultIndicatorSet().filter((e) => [93553, 11202, 11201, 90644].includes(e.id));
    const checks = compareWithMetadata(set, [
      {indicatorId: 93553, name: "Deprivation score (Index of Multiple Deprivation 2019)", definition: null, unit: null, valueType: "Score", polarity: "low-is-good"},
      {indicatorId: 11202, name: "Violence offences per 1,000 population", definition: null, unit: null, valueType: null, polarity: null},
      {indicatorId: 90644, name: "Rate per 1,000 population aged 16+ of domestic abuse incidents recorded by the police (in PHOF 1.11)", definition: null, unit: null, valueType: null, polarity: "low-is-good"}
    ]);
    expect(checks).toEqual(expect.arrayContaining([
      {id: 93553, status: "ok", name: "Deprivation score (Index of Multiple Deprivation 2019)"},
      expect.objectContaining({id: 11202, status: "renamed", currentName: "Violence offences per 1,000 population"}),
      expect.objectContaining({id: 11201, status: "missing"}),
      expect.objectContaining({id: 90644, status: "polarity-differs", apiPolarity: "low-is-good", setPolarity: "no-judgement"})
    ]));
    const lines = formatIndicatorChecks(checks);
    expect(lines).toHaveLength(3);
    expect(lines.join("\n")).toContain("indicator 11201");
  });

  it("polarity from Fingertips' own significance agrees with every Better/Worse in the snapshot", () => {
    const {values} = loadIndicatorValues(SNAPSHOT);
    const set = defaultIndicatorSet().filter((e) => e.polaritySource === "fingertips-significance");
    expect(set.length).toBeGreaterThanOrEqual(7);
    let checked = 0;
    for (const e of set) {
      const england = new Map(values.filter((v) => v.indicatorId === e.id && v.areaCode === "E92000001").map((v) => [v.period, v.value]));
      for (const v of values) {
        const eng = england.get(v.period);
        if (v.indicatorId !== e.id || v.value === null || eng == null || v.value === eng) continue;
        if (v.comparedToEngland !== "Better" && v.comparedToEngland !== "Worse") continue;
        const higherIsWorse = e.polarity === "low-is-good";
        const expected = (v.value > eng) === higherIsWorse ? "Worse" : "Better";
        expect(`${e.id} ${v.areaCode} ${v.period} ${v.comparedToEngland}`).toBe(`${e.id} ${v.areaCode} ${v.period} ${expected}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
