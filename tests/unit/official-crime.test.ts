/**
 * Official recorded crime beside police.uk (components/success/official-crime.ts): the months the two share, the rank
 * among similar areas and the funnel of English CSPs. The funnel and rank run on a real extract of Plymouth's prepared
 * csp-crime.csv (ONS Table C2, year ending June 2025: violence with injury and homicide, tests/fixtures/prepared/);
 * the expected counts and orders were read from that file with awk, independently of the code.
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {csvParse} from "d3-dsv";
import {describe, expect, it} from "vitest";
import {cspFunnel, monthsLabel, ordinal, overlapSentence, periodOverlap, rankByRate, rankWords, rateDigits, similarRanking, violenceRows} from "../../components/success/official-crime.ts";
import {parseTable} from "../../components/tables/parse.ts";
import {TABLES} from "../../components/tables/registry.ts";

const extract = parseTable(TABLES.csp_crime, csvParse(readFileSync(join(import.meta.dirname, "../fixtures/prepared/csp-crime-plymouth-extract.csv"), "utf-8")) as never);

const C2 = {start: "2024-07", end: "2025-06"};
const months = (from: number, to: number, year: number) => Array.from({length: to - from + 1}, (_, i) => `${year}-${String(from + i).padStart(2, "0")}`);
// The snapshot's police.uk months (partnership.json monthsAvailable) and the site's window, Jan to Dec 2025.
const SNAPSHOT = [...months(10, 12, 2018), ...months(1, 2, 2019), ...months(1, 4, 2024), ...months(1, 12, 2025)];
const WINDOW = months(1, 12, 2025);

describe("the months police.uk and Table C2 share", () => {
  it("Plymouth's build: Jan to Jun 2025 in both, Jul to Dec 2024 in C2 only (no file), Jul to Dec 2025 in police.uk only", () => {
    const o = periodOverlap(WINDOW, SNAPSHOT, C2);
    expect(o.both).toEqual(months(1, 6, 2025));
    expect(o.officialNoFile).toEqual(months(7, 12, 2024));
    expect(o.officialOutsideWindow).toEqual([]);
    expect(o.policeOnly).toEqual(months(7, 12, 2025));
    expect(overlapSentence(o)).toBe("Jan to Jun 2025 are in both; Jul to Dec 2024 are in Table C2 only: the snapshot has no police.uk file for them; Jul to Dec 2025 are in the police.uk figures only.");
  });
  it("tells a C2 month the snapshot holds outside the window from one it has no file for, and handles gaps and single months", () => {
    // A window Sep 2024 to Aug 2025 with Nov 2024 missing; the snapshot also holds Jul 2024.
    const window = [...months(9, 10, 2024), ...months(12, 12, 2024), ...months(1, 8, 2025)];
    const o = periodOverlap(window, [...window, "2024-07"], C2);
    expect(o.both).toEqual([...months(9, 10, 2024), "2024-12", ...months(1, 6, 2025)]);
    expect(o.officialNoFile).toEqual(["2024-08", "2024-11"]);
    expect(o.officialOutsideWindow).toEqual(["2024-07"]);
    expect(overlapSentence(o)).toBe(
      "Sep to Oct 2024 and Dec 2024 to Jun 2025 are in both; Aug 2024 and Nov 2024 are in Table C2 only: the snapshot has no police.uk file for them; Jul 2024 is in Table C2 and in the snapshot, but outside the 12 months this site's police.uk figures cover; Jul to Aug 2025 are in the police.uk figures only."
    );
  });
  it("says so when no month is shared", () => {
    const o = periodOverlap(months(1, 4, 2024), months(1, 4, 2024), C2);
    expect(o.both).toEqual([]);
    expect(overlapSentence(o)).toMatch(/^No month is in both; Jul 2024 to Jun 2025 are in Table C2 only/);
  });
  it("writes runs of months", () => {
    expect(monthsLabel([])).toBe("");
    expect(monthsLabel(["2025-03"])).toBe("Mar 2025");
    expect(monthsLabel(["2024-01", "2024-02", "2024-05", "2025-01"])).toBe("Jan to Feb 2024, May 2024 and Jan 2025");
  });
});

describe("ranks", () => {
  it("ordinals and words", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112].map(ordinal)).toEqual(["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th", "112th"]);
    expect([rankWords(1, 15), rankWords(2, 15), rankWords(15, 15)]).toEqual(["highest", "2nd highest", "lowest"]);
  });
  it("ties share the better rank; rows without a rate have none and come last", () => {
    const r = rankByRate([{area_name: "C", rate: 2}, {area_name: "A", rate: 5}, {area_name: "B", rate: 2}, {area_name: "D", rate: null}, {area_name: "E", rate: 1}]);
    expect(r.map((x) => `${x.area_name}${x.rank}`)).toEqual(["A1", "B2", "C2", "E4", "Dnull"]);
  });
  it("Plymouth's violence with injury is 3rd highest of 15 among its similar areas (Portsmouth 15.07 and Derby 12.90 above it)", () => {
    const s = similarRanking(extract, "violence_with_injury");
    expect(s.of).toBe(15);
    expect(s.partnership?.area_name).toBe("Plymouth");
    expect(s.rows.slice(0, 3).map((r) => r.area_name)).toEqual(["Portsmouth", "Derby", "Plymouth"]);
    expect(s.words).toBe("3rd highest of 15: Plymouth and its 14 most similar areas");
    // Bournemouth, Christchurch and Poole is not in the table (its CSPs do not follow its districts): never ranked.
    expect(s.rows.some((r) => r.area_name.startsWith("Bournemouth"))).toBe(false);
  });
});

describe("the funnel of English CSPs", () => {
  it("plots the 272 CSPs with a population, lists the 21 without one with the reason, and highlights Plymouth", () => {
    const f = cspFunnel(extract, "violence_with_injury");
    expect(f.points).toHaveLength(272);
    expect(f.leftOut).toHaveLength(21);
    expect(f.leftOut.map((l) => l.area)).toContain("Aylesbury Vale");
    expect(f.leftOut.every((l) => l.reason.includes("no Census 2021 population on its boundary"))).toBe(true);
    expect(f.points.filter((p) => p.highlight).map((p) => p.area)).toEqual(["Plymouth"]);
    // The overall rate is every plotted CSP's offences over their residents (sums from the file with awk).
    const counts = f.points.reduce((s, p) => s + p.count, 0);
    const residents = f.points.reduce((s, p) => s + p.population, 0);
    expect(f.dispersion.target).toBeCloseTo((1000 * counts) / residents, 10);
    expect(f.dispersion.n).toBe(272);
    expect(f.limits).toHaveLength(100);
    // Police-recorded violence varies between CSPs far more than chance: the limits are widened (τ² > 0).
    expect(f.dispersion.phi).toBeGreaterThan(1);
    expect(f.dispersion.tau2).toBeGreaterThan(0);
  });
  it("classes each CSP by its adjusted z-score (above 99.8% at z > 3.09), and homicide with its many zero counts still has a funnel", () => {
    const f = cspFunnel(extract, "violence_with_injury");
    for (const p of f.points) {
      if (p.z > 3.0902) expect(p.significance).toBe("High (0.001)");
      if (Math.abs(p.z) < 1.95) expect(p.significance).toBe("Not significant");
    }
    const h = cspFunnel(extract, "homicide");
    expect(h.points).toHaveLength(272);
    expect(h.points.filter((p) => p.count === 0).length).toBe(89);
    expect(h.points.find((p) => p.highlight)?.count).toBe(2);
  });
  it("refuses an offence the table does not hold, naming it", () => {
    expect(() => cspFunnel(extract, "knife_crime")).toThrow(/no "England CSP" rows for offence "knife_crime"/);
  });
});

describe("rows and digits", () => {
  it("picks one level's rows in the chapter's offence order", () => {
    expect(violenceRows(extract, "partnership").map((r) => r.offence)).toEqual(["violence_with_injury", "homicide"]);
  });
  it("shows a homicide rate per 1,000 with enough decimals never to read 0.0", () => {
    expect([rateDigits(12.48), rateDigits(0.657), rateDigits(0.00755), rateDigits(0), rateDigits(null)]).toEqual([1, 2, 4, 1, 1]);
  });
});
