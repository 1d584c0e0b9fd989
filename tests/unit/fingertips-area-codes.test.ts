import {join, resolve} from "node:path";
import {describe, expect, it} from "vitest";
import {buildAreaCodeMap, formatAreaCodeMap, mapAreaCode, parseAreaCodeMap} from "../../loaders/fingertips/area-codes.ts";

const ONS = resolve(import.meta.dirname, "../fixtures/fingertips/ons");
const rows = buildAreaCodeMap({
  laAllCodes: join(ONS, "la_all_codes.csv"),
  utlaAllCodes: join(ONS, "utla_all_codes.csv"),
  rgnAllCodes: join(ONS, "rgn_all_codes.csv"),
  ladToCounty2020: join(ONS, "Local_Authority_District_to_County_(April_2020)_Lookup_in_England.csv"),
  laChanges: join(ONS, "uk-topojson_la_changes.csv")
});
const map = new Map(rows.map((r) => [r.code, r]));

describe("area code map from the ONS lookups", () => {
  it("keeps current codes as they are (Plymouth, Surrey and its districts, regions, England)", () => {
    for (const code of ["E06000026", "E10000030", "E07000207", "E07000217", "E12000009", "E92000001"]) {
      expect(mapAreaCode(code, map)).toMatchObject({currentCode: code, status: "current"});
    }
  });

  it("maps a recoded area to its new code and a merged one to the larger area it joined", () => {
    expect(mapAreaCode("E08000020", map)).toMatchObject({currentCode: "E08000037", status: "recoded"});
    expect(mapAreaCode("E06000028", map)).toMatchObject({currentCode: "E06000058", status: "merged"});
    expect(mapAreaCode("E07000004", map)).toMatchObject({currentCode: "E06000060", status: "merged"});
  });

  it("handles old counties: same-area unitary, split, and terminated without successor", () => {
    expect(mapAreaCode("E10000023", map)).toMatchObject({currentCode: "E06000065", status: "recoded"});
    expect(mapAreaCode("E10000021", map)).toMatchObject({currentCode: null, status: "split"});
    expect(mapAreaCode("E10000009", map)).toMatchObject({currentCode: null, status: "unmatched"});
  });

  it("flags combined authorities and says when no lookup knows a code", () => {
    expect(mapAreaCode("E47000001", map).status).toBe("not-la");
    const unknown = mapAreaCode("E06999999", map);
    expect(unknown.status).toBe("unmatched");
    expect(unknown.note).toContain("E06999999");
  });

  it("round-trips through the snapshot CSV", () => {
    const back = parseAreaCodeMap(formatAreaCodeMap(rows), "area_codes.csv");
    expect([...back.values()]).toEqual(rows);
  });
});
