import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {
  compareToBenchmark,
  compareToBenchmarkTwoLevels,
  parsePolarity,
  type Polarity
} from "../../../components/stats/benchmark.ts";
import {FIXTURES, num, readFixture, text} from "./fixtures.ts";

describe("Fingertips export, indicator 93356 (Campylobacter, low is good): published comparisons", () => {
  const rows = readFixture("fingertips/jargonautical_data-dev__indicators-CountyUA.data.csv", {allowShortRows: true});
  const key = (r: Record<string, string>): string => [r["Time period"], r.Age, r.Category].join("|");
  const england = new Map(rows.filter((r) => r["Area Type"] === "Country").map((r) => [key(r), num(r, "Value")]));
  const regions = new Map(
    rows.filter((r) => r["Area Type"] === "Region").map((r) => [[text(r, "Area Code"), key(r)].join("|"), num(r, "Value")])
  );
  const judged = ["Better", "Similar", "Worse"];

  it("reproduces every Better/Similar/Worse against England (95% CI vs England's value)", () => {
    const compared = rows.filter((r) => judged.includes(text(r, "Compared to England value or percentiles")));
    expect(compared).toHaveLength(750);
    for (const r of compared) {
      const ci = {lower: num(r, "Lower CI 95.0 limit"), upper: num(r, "Upper CI 95.0 limit")};
      const got = compareToBenchmark(ci, england.get(key(r)), "low-is-good");
      expect(got.outcome, `${r["Area Name"]} ${r["Time period"]} ${r.Age}`).toBe(r["Compared to England value or percentiles"]);
    }
  });

  it("reproduces every Better/Similar/Worse against the region", () => {
    const compared = rows.filter(
      (r) => judged.includes(text(r, "Compared to Region value or percentiles")) && r["Area Type"] === "County & UA"
    );
    expect(compared.length).toBeGreaterThan(300);
    for (const r of compared) {
      const ci = {lower: num(r, "Lower CI 95.0 limit"), upper: num(r, "Upper CI 95.0 limit")};
      const region = regions.get([text(r, "Parent Code"), key(r)].join("|"));
      const got = compareToBenchmark(ci, region, "low-is-good");
      expect(got.outcome, `${r["Area Name"]} ${r["Time period"]}`).toBe(r["Compared to Region value or percentiles"]);
    }
  });
});

interface NextHealthData {
  value?: number;
  lowerCi?: number | null;
  upperCi?: number | null;
  benchmarkComparison?: {outcome?: string; benchmarkValue?: number | null};
}
interface NextResponse {
  polarity: string;
  benchmarkMethod: string;
  areaHealthData: {areaName: string; indicatorSegments?: {healthData: NextHealthData[]}[]}[];
}

describe("FingertipsNext expected API responses (indicator 41101, CIOverlappingReferenceValue95)", () => {
  for (const file of ["test-indicators-benchmark-rag_expected-response.json", "test-indicators-benchmark-rag-sex_expected-response.json"]) {
    it(file, () => {
      const doc = JSON.parse(readFileSync(`${FIXTURES}fingertips/${file}`, "utf8")) as NextResponse;
      expect(doc.benchmarkMethod).toBe("CIOverlappingReferenceValue95");
      const polarity: Polarity = parsePolarity(doc.polarity);
      expect(polarity).toBe("low-is-good");
      let n = 0;
      for (const area of doc.areaHealthData) {
        for (const seg of area.indicatorSegments ?? []) {
          for (const h of seg.healthData) {
            const outcome = h.benchmarkComparison?.outcome;
            if (outcome === undefined) continue;
            const got = compareToBenchmark({lower: h.lowerCi, upper: h.upperCi}, h.benchmarkComparison?.benchmarkValue, polarity);
            expect(got.outcome, `${area.areaName} ${JSON.stringify(h)}`).toBe(outcome);
            n++;
          }
        }
      }
      expect(n).toBeGreaterThanOrEqual(22);
    });
  }
});

describe("benchmark comparison rules", () => {
  const ci = {lower: 10, upper: 12};
  it("polarity turns direction into Better/Worse, or Higher/Lower without judgement", () => {
    expect(compareToBenchmark(ci, 9, "high-is-good")).toEqual({outcome: "Better", direction: "higher", level: 0.95});
    expect(compareToBenchmark(ci, 9, "low-is-good").outcome).toBe("Worse");
    expect(compareToBenchmark(ci, 13, "high-is-good").outcome).toBe("Worse");
    expect(compareToBenchmark(ci, 13, "low-is-good").outcome).toBe("Better");
    expect(compareToBenchmark(ci, 9, "no-judgement").outcome).toBe("Higher");
    expect(compareToBenchmark(ci, 13, "no-judgement").outcome).toBe("Lower");
  });
  it("a limit touching the benchmark is Similar; missing limits or benchmark are Not compared", () => {
    expect(compareToBenchmark(ci, 10, "high-is-good").outcome).toBe("Similar");
    expect(compareToBenchmark(ci, 12, "high-is-good").outcome).toBe("Similar");
    expect(compareToBenchmark({lower: null, upper: 12}, 9, "high-is-good")).toEqual({outcome: "Not compared", direction: null, level: null});
    expect(compareToBenchmark(ci, undefined, "high-is-good").outcome).toBe("Not compared");
  });
  it("two levels: 99.8% when its interval excludes the benchmark, else 95%", () => {
    const ci998 = {lower: 9.5, upper: 12.6};
    expect(compareToBenchmarkTwoLevels(ci, ci998, 9, "low-is-good")).toEqual({outcome: "Worse", direction: "higher", level: 0.998});
    expect(compareToBenchmarkTwoLevels(ci, ci998, 9.7, "low-is-good")).toEqual({outcome: "Worse", direction: "higher", level: 0.95});
    expect(compareToBenchmarkTwoLevels(ci, ci998, 11, "low-is-good")).toEqual({outcome: "Similar", direction: "similar", level: null});
  });
  it("parses Fingertips polarity wording and refuses unknown text", () => {
    expect(parsePolarity("RAG - Low is good")).toBe("low-is-good");
    expect(parsePolarity("RAG - High is good")).toBe("high-is-good");
    expect(parsePolarity("HighIsGood")).toBe("high-is-good");
    expect(parsePolarity("BlueOrangeBlue")).toBe("no-judgement");
    expect(parsePolarity("No judgement")).toBe("no-judgement");
    expect(() => parsePolarity("Purple")).toThrow(/unknown polarity "Purple"/);
  });
  it("refuses limits in the wrong order", () => {
    expect(() => compareToBenchmark({lower: 12, upper: 10}, 11, "high-is-good")).toThrow(/lower limit 12 is above upper limit 10/);
  });
});
