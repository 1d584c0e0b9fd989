/**
 * Refresh gap detection (loaders/policeuk/api/gaps.ts): which months a refresh fetches and which it reports as not
 * served, on the snapshot's real month list and on the recorded crimes-street-dates response; the --months parser; and
 * the year-on-year the prepare step then finds.
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {monthRange} from "../../components/format/month.ts";
import {assertRangeServed, describeMonths, estimateRequests, findGaps, parseMonthRange, servedMonths} from "../../loaders/policeuk/api/gaps.ts";
import {analysisWindow, yearOnYear} from "../../loaders/prepare/window.ts";
import {FIXTURES} from "../helpers/replay-server.ts";

/** The months data/snapshot holds for both forces (see /work/shared/data/policeuk/MANIFEST.md). */
const SNAPSHOT = [...monthRange("2018-10", "2019-02"), ...monthRange("2024-01", "2024-04"), ...monthRange("2025-01", "2025-12")];
/** What police.uk serves early in 2026: the last 36 months (newest first, as crimes-street-dates lists them). */
const SERVED_2026 = monthRange("2023-02", "2026-01").reverse();
/** The recorded real crimes-street-dates response (2020-10): 2020-08 back to 2017-09. */
const RECORDED = (JSON.parse(readFileSync(join(FIXTURES, "crimes-street-dates__recorded-2020-10.json"), "utf-8")) as {date: string}[]).map((d) => d.date);
const FORCES = ["devon-and-cornwall", "surrey"];

describe("findGaps", () => {
  it("fetches the gaps inside the API's range as well as the newer months, and names the older gaps as not served", () => {
    const [dc, surrey] = findGaps(servedMonths(SERVED_2026), FORCES.map((force) => ({force, held: SNAPSHOT})));
    expect(dc!.fetch).toEqual([...monthRange("2023-02", "2023-12"), ...monthRange("2024-05", "2024-12"), "2026-01"]);
    expect(dc!.notServed).toEqual(monthRange("2019-03", "2023-01"));
    expect(surrey).toEqual({...dc!, force: "surrey"});
  });

  it("works on the recorded crimes-street-dates response: 2017-09..2020-08 served", () => {
    expect(RECORDED).toHaveLength(36);
    const [dc] = findGaps(servedMonths(RECORDED), [{force: "devon-and-cornwall", held: SNAPSHOT}]);
    expect(describeMonths(dc!.fetch)).toBe("2017-09..2018-09, 2019-03..2020-08 (31 months)");
    expect(describeMonths(dc!.notServed)).toBe("2020-09..2023-12, 2024-05..2024-12 (48 months)");
  });

  it("never fetches a month a force already holds; a month one force lacks is fetched for that force only", () => {
    const served = servedMonths(SERVED_2026);
    const [dc, surrey] = findGaps(served, [
      {force: "devon-and-cornwall", held: monthRange("2023-02", "2026-01")},
      {force: "surrey", held: monthRange("2023-02", "2026-01").filter((m) => m !== "2024-07")}
    ]);
    expect([dc!.fetch, dc!.notServed]).toEqual([[], []]);
    expect([surrey!.fetch, surrey!.notServed]).toEqual([["2024-07"], []]);
    const [all] = findGaps(served, [{force: "x", held: SNAPSHOT}]);
    expect(all!.fetch.filter((m) => SNAPSHOT.includes(m))).toEqual([]);
  });

  it("with a range, looks only inside it", () => {
    const [dc] = findGaps(servedMonths(SERVED_2026), [{force: "devon-and-cornwall", held: SNAPSHOT}], parseMonthRange("2023-06..2024-06"));
    expect(dc!.fetch).toEqual([...monthRange("2023-06", "2023-12"), "2024-05", "2024-06"]);
    expect(dc!.notServed).toEqual([]);
  });

  it("a force with no files yet: everything served is missing, and there are no holes to report", () => {
    const [dc] = findGaps(servedMonths(SERVED_2026), [{force: "devon-and-cornwall", held: []}]);
    expect(dc!.fetch).toHaveLength(36);
    expect(dc!.notServed).toEqual([]);
  });
});

describe("a range the API does not serve", () => {
  const served = servedMonths(SERVED_2026);
  const gaps = (range: string) => findGaps(served, FORCES.map((force) => ({force, held: SNAPSHOT})), parseMonthRange(range));

  it("is refused, listing the months not served, the served range and where to get the rest", () => {
    const range = parseMonthRange("2023-01..2024-12");
    expect(() => assertRangeServed(range, gaps("2023-01..2024-12"), served)).toThrow(
      "--months 2023-01..2024-12 asks for months police.uk's API does not serve: 2023-01 (1 month). The API serves 2023-02..2026-01 (36 months) (its crimes-street-dates list). " +
        "Ask for months inside that range; for the others, download the archive from data.police.uk (https://data.police.uk/data/archive/), unzip it and import it with --from-folder."
    );
    expect(() => assertRangeServed(parseMonthRange("2025-06..2026-03"), gaps("2025-06..2026-03"), served)).toThrow(/does not serve: 2026-02\.\.2026-03 \(2 months\)/);
  });

  it("is accepted when the months outside the API's range are already in the snapshot", () => {
    expect(() => assertRangeServed(parseMonthRange("2019-01..2019-02"), gaps("2019-01..2019-02"), served)).not.toThrow();
    expect(() => assertRangeServed(parseMonthRange("2023-02..2024-12"), gaps("2023-02..2024-12"), served)).not.toThrow();
  });
});

describe("parseMonthRange", () => {
  it("reads YYYY-MM..YYYY-MM and a single month", () => {
    expect(parseMonthRange("2023-01..2024-12")).toEqual({start: "2023-01", end: "2024-12"});
    expect(parseMonthRange(" 2024-05 ")).toEqual({start: "2024-05", end: "2024-05"});
  });

  it.each([
    ["2023-1..2024-12", /"2023-1" is not a month; write it YYYY-MM\.\.YYYY-MM, e\.g\. 2023-01\.\.2024-12/],
    ["2023-01-2024-12", /"2023-01-2024-12" is not a month/],
    ["2023-01...2024-12", /"\.2024-12" is not a month/],
    ["2023-01..", /is not a range of months/],
    ["2023-01..2024-06..2024-12", /is not a range of months/],
    ["2023-13..2024-12", /"2023-13" is not a month/],
    ["", /is not a range of months/]
  ])("refuses %j", (text, message) => {
    expect(() => parseMonthRange(text)).toThrow(message);
  });

  it("refuses a range that ends before it starts, saying the right order", () => {
    expect(() => parseMonthRange("2024-12..2023-01")).toThrow('--months "2024-12..2023-01" ends before it starts: write the earlier month first (2023-01..2024-12)');
  });
});

describe("served months, estimate and wording", () => {
  it("sorts and de-duplicates the list and stops at crime-last-updated", () => {
    expect(servedMonths(["2025-12", "2026-01", "2025-11", "2025-12"], "2025-12")).toEqual(["2025-11", "2025-12"]);
    expect(servedMonths(RECORDED)).toEqual(monthRange("2017-09", "2020-08"));
  });

  it("estimates one request per district and one without location, per force and month", () => {
    const gaps = [
      {force: "surrey", held: [], fetch: ["2024-05", "2024-06"], notServed: []},
      {force: "devon-and-cornwall", held: [], fetch: ["2024-05"], notServed: []}
    ];
    expect(estimateRequests(gaps, new Map([["surrey", 11], ["devon-and-cornwall", 1]]))).toBe(2 * 12 + 2);
  });

  it("writes months as runs with a count", () => {
    expect(describeMonths([])).toBe("none");
    expect(describeMonths(["2024-05"])).toBe("2024-05 (1 month)");
    expect(describeMonths(["2024-07", "2024-05", "2024-06", "2024-09"])).toBe("2024-05..2024-07, 2024-09 (4 months)");
  });
});

describe("year-on-year once the gaps are filled", () => {
  it("a snapshot with 2024-01..2024-12 and 2025 compares all twelve months of 2025", () => {
    const months = [...monthRange("2024-01", "2024-12"), ...monthRange("2025-01", "2025-12")];
    const window = analysisWindow(months);
    const yoy = yearOnYear(window, months);
    expect(window).toMatchObject({start: "2025-01", end: "2025-12", missing: []});
    expect(yoy.current).toEqual(monthRange("2025-01", "2025-12"));
    expect(yoy.previous).toEqual(monthRange("2024-01", "2024-12"));
    expect(yoy.notCompared).toEqual([]);
  });

  it("the refresh's plan for today's snapshot turns 4 compared months into 12 (and 2026-01 extends the window)", () => {
    expect(yearOnYear(analysisWindow(SNAPSHOT), SNAPSHOT).current).toHaveLength(4);
    const [dc] = findGaps(servedMonths(SERVED_2026), [{force: "devon-and-cornwall", held: SNAPSHOT}]);
    const filled = [...SNAPSHOT, ...dc!.fetch];
    const window = analysisWindow(filled);
    expect([window.start, window.end, window.missing]).toEqual(["2025-02", "2026-01", []]);
    expect(yearOnYear(window, filled)).toMatchObject({current: window.months, notCompared: []});
  });
});
