/**
 * The small-number threshold's floor (loaders/config/schema.ts): below 3 is refused; 3 and 4 only with a documented
 * override; the error names the field and the fix.
 */
import {describe, expect, it} from "vitest";
import {parseConfig} from "../../loaders/config/load-config.ts";
import plymouth from "../../sna.config.ts";
import {configErrorOf} from "../helpers/config.ts";

const errorOf = configErrorOf;

describe("smallNumberThreshold floor", () => {
  it.each([0, 1, 2])("refuses %i, naming the field and NHS/ONS practice", (threshold) => {
    const msg = errorOf({...plymouth, smallNumberThreshold: threshold});
    expect(msg).toContain("test.config.ts: smallNumberThreshold: must be at least 3");
    expect(msg).toContain("use 5");
  });

  it.each([3, 4])("refuses %i without an override, saying how to add one", (threshold) => {
    const msg = errorOf({...plymouth, smallNumberThreshold: threshold});
    expect(msg).toContain("test.config.ts: smallNumberThreshold: below 5 is under NHS and ONS practice");
    expect(msg).toContain("smallNumberThresholdOverride: {reason:");
  });

  it("accepts 3 with an override that gives a reason, and refuses an empty reason", () => {
    const c = parseConfig({...plymouth, smallNumberThreshold: 3, smallNumberThresholdOverride: {reason: "Agreed by the data owners' board, 2026-11-02"}}, "test.config.ts");
    expect(c.smallNumberThreshold).toBe(3);
    expect(c.smallNumberThresholdOverride?.reason).toContain("data owners");
    expect(errorOf({...plymouth, smallNumberThreshold: 3, smallNumberThresholdOverride: {reason: ""}})).toContain("smallNumberThresholdOverride.reason: say why");
  });

  it("never lets an override go below 3", () => {
    expect(errorOf({...plymouth, smallNumberThreshold: 2, smallNumberThresholdOverride: {reason: "Agreed by the data owners' board"}})).toContain("smallNumberThreshold: must be at least 3");
  });

  it("accepts 5 and more with no override (the default is 5)", () => {
    expect(parseConfig({...plymouth, smallNumberThreshold: 10}, "test.config.ts").smallNumberThreshold).toBe(10);
    expect(parseConfig({...plymouth, smallNumberThreshold: undefined}, "test.config.ts").smallNumberThreshold).toBe(5);
  });
});
