/**
 * The data gaps register (loaders/prepare/data-gaps.ts) on small inputs shaped like the real ones: snapshot manifest
 * entries, partner file reports (checked by the partner step's own zod schema) and indicators with gaps.
 */
import {describe, expect, it} from "vitest";
import {configSchema} from "../../loaders/config/schema.ts";
import {combinedPeriod, DATA_SOURCES, dataGapsRegister, periodAgeYears, periodEnd, type DataGapsInput} from "../../loaders/prepare/data-gaps.ts";
import {rowSchema} from "../../loaders/prepare/table-schema.ts";
import {TABLES} from "../../components/tables/registry.ts";
import {DATASETS} from "../../loaders/partners/datasets.ts";
import {partnerFileReportSchema, type PartnerFileReport} from "../../loaders/partners/load.ts";
import type {ManifestEntry} from "../../loaders/snapshot/manifest.ts";

const BUILT = new Date("2026-12-06T00:00:00Z");

const street = (force: string, month: string): ManifestEntry => ({
  path: `policeuk/street/${force}/${month}-${force}-street.csv.gz`,
  source: "policeuk",
  title: "police.uk street-level crime",
  publisher: "Home Office / police forces (data.police.uk)",
  licence: "Open Government Licence v3.0",
  origin: "https://data.police.uk/data/archive/",
  period: month,
  released: "about 2026-02 (police.uk monthly release)",
  retrieved: "2026-12-01",
  sha256: "0".repeat(64),
  bytes: 100
});

const england: ManifestEntry = {...street("x", "2025"), path: "policeuk-england/lsoa_month_type_2025.csv.gz", source: "policeuk-england", period: "2025-01 to 2025-12", publisher: "Home Office / police forces (data.police.uk); aggregated by LSOA"};

function report(over: Partial<PartnerFileReport> & Pick<PartnerFileReport, "file" | "dataset">): PartnerFileReport {
  return partnerFileReportSchema.parse({
    title: over.dataset ? DATASETS[over.dataset as keyof typeof DATASETS].title : null,
    owner: null,
    period: null,
    received: null,
    sharingAgreement: null,
    example: false,
    status: "accepted",
    refusal: null,
    format: "CSV (UTF-8, comma-separated)",
    sheet: null,
    rowsUsed: 120,
    rowsSkipped: null,
    columns: [],
    unknownColumns: [],
    coverage: null,
    qualityFlags: [],
    suppressedCells: 0,
    publishedCells: 10,
    ...over
  });
}

const exampleAdmissions = report({
  file: "examples/E06000026/EXAMPLE-sharp-object-admissions-plymouth-2020-2025.csv",
  dataset: "sharp-object-admissions",
  owner: "NHS Devon Integrated Care Board (EXAMPLE)",
  period: "2020/21 to 2024/25",
  received: "2026-01-20",
  sharingAgreement: "EXAMPLE: generated data, no sharing agreement",
  example: true
});

function input(over: Partial<DataGapsInput> = {}): DataGapsInput {
  return {
    manifest: [street("devon-and-cornwall", "2025-11"), street("devon-and-cornwall", "2025-12"), street("devon-and-cornwall", "2024-01"), street("surrey", "2026-03"), england],
    partners: [exampleAdmissions],
    indicators: [],
    forces: ["devon-and-cornwall"],
    areaName: "Plymouth",
    builtAt: BUILT,
    ...over
  };
}
const row = (rows: ReturnType<typeof dataGapsRegister>, id: string) => rows.find((r) => r.source_id === id)!;

describe("the data gaps register", () => {
  it("lists every source once, in the guidance's order, each row of the registry's shape", () => {
    const rows = dataGapsRegister(input());
    expect(rows.map((r) => r.source_id)).toEqual(DATA_SOURCES.map((s) => s.id));
    for (const r of rows) expect(() => rowSchema(TABLES.data_gaps).parse(r)).not.toThrow();
  });

  it("a source in the manifest is in this build, with the span of the partnership's own files, its release and age", () => {
    const police = row(dataGapsRegister(input()), "police-uk");
    expect(police.status).toBe("in this build");
    // Surrey's 2026-03 file is another force's: not Plymouth's data.
    expect(police.period).toBe("2024-01 to 2025-12");
    expect(police.released).toBe("about 2026-02 (police.uk monthly release)");
    // From the end of December 2025 to 6 December 2026: 339 days.
    expect(police.age_years).toBe(0.9);
    expect(police.files).toBe(4);
    expect(police.owner).toBe("Home Office / police forces (data.police.uk)");
    expect(police.sharing_agreement).toBe("Not needed: open data (Open Government Licence v3.0)");
    // Without the England aggregate, police.uk is partial and says which part is missing.
    const part = row(dataGapsRegister(input({manifest: [street("devon-and-cornwall", "2025-12")]})), "police-uk");
    expect(part).toMatchObject({status: "partial", period: "2025-12", detail: "the England aggregate (comparisons): not supplied"});
    // Recorded crime has no file here: missing, with how to get it.
    const official = row(dataGapsRegister(input()), "recorded-crime");
    expect(official.status).toBe("missing");
    expect(official.next_step).toContain("npm run refresh");
  });

  it("a partner type supplied only by EXAMPLE files is EXAMPLE only: its owner and period, no age, and says to replace it", () => {
    const hes = row(dataGapsRegister(input()), "hes-sharp-object");
    expect(hes.status).toBe("EXAMPLE only");
    expect(hes.period).toBe("2020/21 to 2024/25");
    expect(hes.age_years).toBeNull();
    expect(hes.received).toBeNull();
    expect(hes.owner).toBe("NHS Devon Integrated Care Board (EXAMPLE)");
    expect(hes.detail).toContain("EXAMPLE files only");
    expect(hes.next_step).toMatch(/^Replace the EXAMPLE files with a real extract/);
  });

  it("a refused partner file leaves its source missing, with the refusal and the fix", () => {
    const refused = report({
      file: "hospital-admissions-2025.csv",
      dataset: "sharp-object-admissions",
      owner: "NHS Devon ICB",
      period: "2024/25",
      status: "refused",
      rowsUsed: null,
      refusal: {kind: "personal-data", message: "hospital-admissions-2025.csv, column D: looks like people's names.", reason: "column D looks like people's names.", sheet: null, row: null, column: "D"}
    });
    const hes = row(dataGapsRegister(input({partners: [refused, exampleAdmissions]})), "hes-sharp-object");
    expect(hes.status).toBe("missing");
    expect(hes.detail).toContain("1 file(s) refused (column D looks like people's names.)");
    expect(hes.next_step).toContain("refused: column D looks like people's names.");
    expect(hes.period).toBeNull();
  });

  it("a real accepted extract puts its source in this build with owner, agreement, received date and age", () => {
    const real = report({file: "ae-2025.csv", dataset: "ae-assault", owner: "University Hospitals Plymouth", period: "2025-01 to 2025-06", received: "2025-08-01", sharingAgreement: "ISTV DSA 2024-07"});
    const ae = row(dataGapsRegister(input({partners: [real]})), "istv-ae");
    expect(ae).toMatchObject({status: "in this build", period: "2025-01 to 2025-06", received: "2025-08-01", owner: "University Hospitals Plymouth", sharing_agreement: "ISTV DSA 2024-07", files: 1, age_years: 1.4});
    expect(ae.next_step).toBe("Ask University Hospitals Plymouth for the next extract after 2025-01 to 2025-06.");
  });

  it("Fingertips indicators with no value make the source partial, with how many", () => {
    const fingertips: ManifestEntry = {...street("x", "2019"), path: "fingertips/values/trafford_10101.csv.gz", source: "fingertips", period: "2006 to 2016", released: "2019-05"};
    const indicators = [{id: 10101, gap: null}, {id: 11201, gap: "not in this snapshot; run the refresh"}, {id: "dfe-neet", gap: "no 2024 file"}];
    const r = row(dataGapsRegister(input({manifest: [fingertips], indicators})), "fingertips");
    expect(r.status).toBe("partial");
    expect(r.detail).toBe("1 of 2 indicators have no value for Plymouth in the snapshot");
    expect(r.age_years).toBe(9.9);
  });

  it("the configuration fills in what the build cannot see; what the build sees wins", () => {
    const config = {
      probation: {owner: "Probation Service, South West", sharingAgreement: "Requested 2026-10", status: "requested" as const, nextStep: "Chase the regional analyst in January."},
      "police-uk": {status: "missing" as const, owner: "Someone else"}
    };
    const rows = dataGapsRegister(input({config}));
    expect(row(rows, "probation")).toMatchObject({status: "requested", owner: "Probation Service, South West", sharing_agreement: "Requested 2026-10", next_step: "Chase the regional analyst in January."});
    expect(row(rows, "prisons")).toMatchObject({status: "missing", owner: "Usually: HM Prison and Probation Service; local prisons", sharing_agreement: "None recorded"});
    expect(row(rows, "police-uk")).toMatchObject({status: "in this build", owner: "Home Office / police forces (data.police.uk)"});
  });

  it("refuses a configuration key that names no source, listing the ids", () => {
    expect(() => dataGapsRegister(input({config: {probaton: {owner: "x y"}}}))).toThrow(/dataGaps: "probaton" is not a data source id; use one of: .*probation/);
  });
});

describe("periods and ages", () => {
  it("finds the month a period ends in, outside remarks, financial years to March", () => {
    expect(periodEnd("2014-04 to 2025-03 (nine 3-year periods)")).toBe("2025-03");
    expect(periodEnd("2020/21 to 2024/25")).toBe("2025-03");
    expect(periodEnd("1999/00")).toBe("2000-03");
    expect(periodEnd("IoD2025 (mostly 2022/23 data)")).toBe("2025-12");
    expect(periodEnd("no year")).toBeNull();
    expect(periodAgeYears("2025", BUILT)).toBe(0.9);
    expect(periodAgeYears("2027-01", BUILT)).toBe(0);
  });
  it("joins months into one span, else keeps the newest period", () => {
    expect(combinedPeriod(["2025-03", "2024-07 to 2025-01", "2025-02"])).toBe("2024-07 to 2025-03");
    expect(combinedPeriod(["Census 2021 (21 March 2021)", "mid-2020 (30 June 2020)"], "Census 2021 (21 March 2021)")).toBe("Census 2021 (21 March 2021)");
    expect(combinedPeriod([])).toBeNull();
  });
});

describe("the configuration's dataGaps", () => {
  const base = {partnership: {name: "Safer Plymouth"}, area: {code: "E06000026", name: "Plymouth", kind: "unitary authority"}, districts: [{code: "E06000026", name: "Plymouth"}], forces: [{id: "devon-and-cornwall", name: "Devon & Cornwall Police", pfaCode: "E23000035"}], seriousViolence: {crimeTypes: ["Robbery"]}};
  it("is optional and takes owner, agreement, status and next step", () => {
    expect(configSchema.parse(base).dataGaps).toBeUndefined();
    expect(configSchema.parse({...base, dataGaps: {probation: {status: "held outside this build"}}}).dataGaps).toEqual({probation: {status: "held outside this build"}});
  });
  it("refuses a status the build decides, naming the allowed ones", () => {
    const result = configSchema.safeParse({...base, dataGaps: {probation: {status: "in this build"}}});
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toContain('"requested"');
  });
});
