/**
 * The service-register partner type's prevention and WHO level columns (loaders/partners/datasets.ts), through the
 * real partner pipeline: levels are read in the evidence register's vocabularies and written canonically, a bad
 * level is refused naming its column, and an area must be a code or Citywide, never an address.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {DATASETS} from "../../loaders/partners/datasets.ts";
import {PREVENTION_LEVELS, WHO_LEVELS} from "../../loaders/evidence/register.ts";
import {loadPartnerData} from "../../loaders/partners/load.ts";
import {Problem} from "../../loaders/partners/values.ts";
import {manifestFor} from "../helpers/partner-corpus.ts";

const spec = DATASETS["service-register"];
const prevention = spec.columns.prevention_level!.parse;
const who = spec.columns.who_level!.parse;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, {recursive: true, force: true})));

describe("the level columns", () => {
  it("use the evidence register's vocabularies", () => {
    expect(spec.columns.prevention_level!.values).toEqual(PREVENTION_LEVELS);
    expect(spec.columns.who_level!.values).toEqual(WHO_LEVELS);
  });
  it("read one or more levels however they are joined, in the vocabulary's order", () => {
    expect(prevention("Primary and secondary prevention")).toBe("primary; secondary");
    expect(prevention("tertiary; Primary")).toBe("primary; tertiary");
    expect(prevention("Contextual")).toBe("contextual");
    expect(who("Individual level, community")).toBe("individual; community");
    expect(who("relationship/societal")).toBe("relationship; societal");
    expect(prevention("")).toBeNull();
  });
  it("refuse a level outside the vocabulary, listing the accepted ones", () => {
    const bad = prevention("quaternary");
    expect(bad).toBeInstanceOf(Problem);
    expect((bad as Problem).message).toContain("contextual, primary, secondary, tertiary");
    expect(who("family")).toBeInstanceOf(Problem);
  });
});

/** A register in a drop folder of its own, through loadPartnerData; returns the service-register report and rows. */
async function load(rows: string[][]) {
  const dir = mkdtempSync(join(tmpdir(), "sna-service-register-"));
  dirs.push(dir);
  const header = ["Service name", "Provider", "Service type", "Area", "Age group served", "Level of prevention", "WHO ecological level"];
  const csv = [header, ...rows].map((r) => r.map((c) => (/[",]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(",")).join("\n");
  writeFileSync(join(dir, "services.csv"), `${csv}\n`);
  writeFileSync(join(dir, "services.csv.manifest.json"), JSON.stringify(manifestFor("service-register")));
  const result = await loadPartnerData(dir, join(dir, "out"), {smallNumberThreshold: 5}, {log: () => undefined});
  return {report: result.reports[0]!, services: result.services, csv: () => readFileSync(join(dir, "out/partners-services.csv"), "utf-8")};
}

describe("a register with levels", () => {
  it("is published with its levels, blanks left empty, ward codes and Citywide as areas", async () => {
    const {report, services, csv} = await load([
      ["Detached youth work", "Plymouth City Council", "Youth work", "E01015156", "10-17", "Primary", "individual; community"],
      ["Family support", "Plymouth City Council", "Early help", "E05002094", "0-17", "primary and secondary", "relationship"],
      ["Victim support", "Victim Support", "Victim support", "Citywide", "All ages", "", ""]
    ]);
    expect(report.status).toBe("accepted");
    expect(services.map((s) => [s.area, s.prevention_level, s.who_level])).toEqual([
      ["E01015156", "primary", "individual; community"],
      ["E05002094", "primary; secondary", "relationship"],
      ["Whole area", null, null]
    ]);
    expect(csv().split("\n")[0]).toBe("source,example,service_name,provider,service_type,area,age_group,prevention_level,who_level");
  });
  it("refuses a level it does not know, naming the row and column", async () => {
    const {report} = await load([["Mentoring", "Plymouth City Council", "Mentoring", "E01015156", "10-17", "early intervention", "individual"]]);
    expect(report.status).toBe("refused");
    expect(report.refusal).toMatchObject({row: 2, column: "F \"Level of prevention\""});
    expect(report.refusal!.reason).toContain("prevention level");
  });
  it("refuses a full postcode or a street address as the area, without repeating it", async () => {
    const postcode = await load([["Mentoring", "Plymouth City Council", "Mentoring", "PL1 2AB", "10-17", "primary", "individual"]]);
    expect(postcode.report.status).toBe("refused");
    expect(postcode.report.refusal).toMatchObject({kind: "personal-data", column: "D \"Area\""});
    expect(JSON.stringify(postcode.report)).not.toContain("PL1 2AB");
    const street = await load([["Mentoring", "Plymouth City Council", "Mentoring", "12 Union Street", "10-17", "primary", "individual"]]);
    expect(street.report.status).toBe("refused");
    expect(street.report.refusal).toMatchObject({column: "D \"Area\""});
    expect(JSON.stringify(street.report)).not.toContain("12 Union Street");
  });
});
