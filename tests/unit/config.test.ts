import {describe, expect, it} from "vitest";
import {resolve} from "node:path";
import {loadConfig, parseConfig} from "../../loaders/config/load-config.ts";
import plymouth from "../../sna.config.ts";
import {configErrorOf} from "../helpers/config.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const errorOf = configErrorOf;

describe("partnership configuration", () => {
  it("loads the default (Plymouth) with defaults filled in", async () => {
    const c = await loadConfig(resolve(ROOT, "sna.config.ts"));
    expect(c.area).toEqual({code: "E06000026", name: "Plymouth", kind: "unitary authority"});
    expect(c.forces.map((f) => f.id)).toEqual(["devon-and-cornwall"]);
    expect(c.seriousViolence.crimeTypes).toEqual(["Violence and sexual offences", "Robbery", "Possession of weapons"]);
    expect(c.smallNumberThreshold).toBe(5);
  });

  it("loads Surrey with its 11 districts from the same schema", async () => {
    const c = await loadConfig(resolve(ROOT, "configs/surrey.ts"));
    expect(c.area.code).toBe("E10000030");
    expect(c.districts).toHaveLength(11);
    expect(c.districts.every((d) => /^E070002(0[7-9]|1[0-7])$/.test(d.code))).toBe(true);
    expect(c.forces[0]?.id).toBe("surrey");
  });

  it("names the field and the fix for a crime type police.uk does not publish", () => {
    const msg = errorOf({...plymouth, seriousViolence: {crimeTypes: ["Knife crime"]}});
    expect(msg).toContain("test.config.ts: seriousViolence.crimeTypes.0");
    expect(msg).toContain('"Knife crime" is not a police.uk crime type');
    expect(msg).toContain("Violence and sexual offences");
  });

  it("refuses anti-social behaviour in the definition of serious violence", () => {
    expect(errorOf({...plymouth, seriousViolence: {crimeTypes: ["Anti-social behaviour", "Robbery"]}})).toMatch(/Anti-social behaviour is not a crime/);
  });

  it("refuses a malformed area code and month, naming each field", () => {
    const msg = errorOf({...plymouth, area: {...plymouth.area, code: "Plymouth"}, months: {start: "2025-13"}});
    expect(msg).toContain("area.code");
    expect(msg).toContain("months.start");
    expect(msg).toMatch(/YYYY-MM/);
  });

  it("refuses a start after the end, a threshold of zero and a missing force", () => {
    const msg = errorOf({...plymouth, months: {start: "2025-06", end: "2025-01"}, smallNumberThreshold: 0, forces: []});
    expect(msg).toContain("months.start must not be after months.end");
    expect(msg).toContain("smallNumberThreshold: must be at least 3");
    expect(msg).toContain("forces: name at least one police force");
  });

  it("requires a unitary authority's own code among its districts", () => {
    expect(errorOf({...plymouth, districts: [{code: "E06000027", name: "Torbay"}]})).toContain("districts: for a unitary authority or district, districts must include the area's own code");
  });

  it("reports a missing configuration file with the way out", async () => {
    await expect(loadConfig(resolve(ROOT, "configs/nowhere.ts"))).rejects.toThrow(/Configuration file not found: .*nowhere\.ts\. Set SNA_CONFIG/);
  });
});
