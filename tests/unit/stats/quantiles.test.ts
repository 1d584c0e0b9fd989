import {describe, expect, it} from "vitest";
import {parsePolarity} from "../../../components/stats/benchmark.ts";
import {assignQuantiles, assignQuantilesByGroup, invertForPolarity, QUANTILE_NAMES} from "../../../components/stats/quantiles.ts";
import {num, readFixture, text, type CsvRecord} from "./fixtures.ts";

/**
 * testdata_Quantiles: real Fingertips values (40501 under-75 cancer mortality) with published quantiles. Polarity is
 * text ("RAG - Low is good" inverts) for most rows and 0/1 for the tied-value rows (GooddataDups, 1 inverts).
 */
const rows = readFixture("derived-csv/testdata_Quantiles__testdata_Quantiles.csv").filter((r) => text(r, "Test").startsWith("Good"));

function invertOf(r: CsvRecord): boolean {
  const p = text(r, "Polarity");
  if (p === "0" || p === "1") return p === "1";
  return invertForPolarity(parsePolarity(p));
}

const sets = [
  {groupSet: "IndSexReg", n: 10, group: (r: CsvRecord) => `${text(r, "IndSexRef")}|${text(r, "ParentCode")}`, invert: invertOf},
  {groupSet: "IndSex", n: 7, group: (r: CsvRecord) => text(r, "IndSexRef"), invert: invertOf},
  {groupSet: "None", n: 4, group: () => "all", invert: () => true}
];

describe("quantiles: PHEindicatormethods testdata_Quantiles", () => {
  for (const set of sets) {
    it(`${set.groupSet}: ${QUANTILE_NAMES[set.n]}s within groups`, () => {
      const sub = rows.filter((r) => r.GroupSet === set.groupSet);
      expect(sub.length).toBeGreaterThan(100);
      const got = assignQuantilesByGroup(sub, (r) => num(r, "Value"), set.group, set.n, set.invert);
      sub.forEach((r, i) => expect(got[i], `${r.AreaCode} ${r.IndSexRef} ${r.Value}`).toBe(num(r, "QuantileInGrp")));
    });
  }

  it("covers ties (GooddataDups) in the published sets", () => {
    expect(rows.filter((r) => r.Test === "GooddataDups")).toHaveLength(70);
  });
});

describe("quantile rules", () => {
  it("ties share the lower rank, so tied values share a quantile", () => {
    expect(assignQuantiles([1, 2, 2, 2, 3, 4, 5, 6, 7, 8], 5)).toEqual([1, 1, 1, 1, 3, 3, 4, 4, 5, 5]);
  });
  it("inversion puts the highest values in quantile 1", () => {
    expect(assignQuantiles([1, 2, 3, 4], 4, true)).toEqual([4, 3, 2, 1]);
  });
  it("missing values get no quantile; too few values for the quantiles gives none", () => {
    expect(assignQuantiles([1, null, 3, undefined, 5], 3)).toEqual([1, null, 2, null, 3]);
    expect(assignQuantiles([1, 2, 3], 4)).toEqual([null, null, null]);
  });
  it("refuses mixed polarity within a group and silly quantile counts", () => {
    expect(() => assignQuantilesByGroup([1, 2, 3, 4], (v) => v, () => "g", 2, (v) => v > 2)).toThrow(/mixes inverted/);
    expect(() => assignQuantiles([1, 2, 3], 1)).toThrow(/nQuantiles must be a whole number of 2 or more/);
  });
});
