import {describe, expect, it} from "vitest";
import {parseRange} from "../../scripts/lib/byte-range.ts";

describe("reading a Range header (RFC 9110 §14)", () => {
  const size = 100;
  it.each([
    ["bytes=0-9", {kind: "range", start: 0, end: 9}],
    ["bytes=0-0", {kind: "range", start: 0, end: 0}],
    ["bytes=90-", {kind: "range", start: 90, end: 99}],
    ["bytes=-5", {kind: "range", start: 95, end: 99}],
    ["bytes=-500", {kind: "range", start: 0, end: 99}],
    ["bytes=50-1000", {kind: "range", start: 50, end: 99}],
    ["Bytes = 1-2", {kind: "range", start: 1, end: 2}],
    ["bytes=0-1,5-6", {kind: "ignore"}],
    ["items=0-5", {kind: "ignore"}],
    ["0-5", {kind: "ignore"}],
    ["bytes=50-10", {kind: "unsatisfiable"}],
    ["bytes=100-", {kind: "unsatisfiable"}],
    ["bytes=-0", {kind: "unsatisfiable"}],
    ["bytes=abc", {kind: "unsatisfiable"}],
    ["bytes=1e3-", {kind: "unsatisfiable"}],
    ["bytes=", {kind: "unsatisfiable"}],
    ["bytes=200-300,50-10", {kind: "unsatisfiable"}]
  ])("%s", (header, expected) => expect(parseRange(header, size)).toEqual(expected));

  it("finds nothing to serve in an empty file", () => expect(parseRange("bytes=0-", 0)).toEqual({kind: "unsatisfiable"}));
});
