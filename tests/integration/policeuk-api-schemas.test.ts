/** The slug ↔ crime type table and the response schemas, against the recorded real responses. */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {POLICEUK_CRIME_TYPES} from "../../loaders/config/schema.ts";
import {API_SLUG_TO_CRIME_TYPE, crimeTypeForSlug, slugForCrimeType} from "../../loaders/policeuk/api/categories.ts";
import {apiCrimeListSchema, apiCrimeSchema, crimeCategoriesSchema, crimeCategorySchema, crimesStreetDatesSchema} from "../../loaders/policeuk/api/schemas.ts";
import {formatStreetCsv, STREET_CSV_HEADER_LINE, streetRow} from "../../loaders/policeuk/api/street-csv.ts";
import {FIXTURES} from "../helpers/replay-server.ts";

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), "utf-8"));

describe("API slug ↔ CSV crime type", () => {
  const recorded = crimeCategoriesSchema.parse(fixture("crime-categories__no-date__recorded-2015-09.json"));

  it("matches every category of the recorded crime-categories response", () => {
    const real = recorded.filter((c) => c.url !== "all-crime");
    expect(real).toHaveLength(14);
    for (const c of real) expect(crimeTypeForSlug(c.url)).toBe(c.name);
    expect(new Set(real.map((c) => c.url))).toEqual(new Set(Object.keys(API_SLUG_TO_CRIME_TYPE)));
  });

  it("covers the 14 street-file crime types both ways", () => {
    expect(new Set(Object.values(API_SLUG_TO_CRIME_TYPE))).toEqual(new Set(POLICEUK_CRIME_TYPES));
    for (const type of POLICEUK_CRIME_TYPES) expect(crimeTypeForSlug(slugForCrimeType(type))).toBe(type);
    expect(slugForCrimeType("Violence and sexual offences")).toBe("violent-crime");
    expect(slugForCrimeType("Criminal damage and arson")).toBe("criminal-damage-arson");
  });

  it("agrees with the recorded single category element", () => {
    const element = crimeCategorySchema.parse(fixture("crime-categories__ELEMENT.json"));
    expect(crimeTypeForSlug(element.url)).toBe(element.name);
  });

  it("names an unknown slug and where to add it", () => {
    expect(() => crimeTypeForSlug("public-disorder-weapons")).toThrow(/"public-disorder-weapons".*loaders\/policeuk\/api\/categories\.ts/);
  });
});

describe("response schemas on the recorded responses", () => {
  it("crimes-street element (wrapped in an array as the endpoint returns it)", () => {
    const [crime] = apiCrimeListSchema.parse([fixture("crimes-street__all-crime__ELEMENT__leicester-2020-02.json")]);
    expect(crime!.location!.latitude).toBe("52.629909");
    expect(crime!.outcome_status).toEqual({category: "Status update unavailable", date: "2020-06"});
    expect(crime!.category).toBe("violent-crime");
  });

  it("a crime without a location (the crime of outcomes-for-crime): location and location_type null", () => {
    const {crime} = fixture("outcomes-for-crime__46688f40815e3a4c.json") as {crime: unknown};
    const parsed = apiCrimeSchema.parse({...(crime as object), outcome_status: null});
    expect(parsed.location).toBeNull();
    expect(parsed.location_type).toBeNull();
  });

  it("accepts ASB's empty persistent_id but refuses numeric coordinates and bad months", () => {
    const base = fixture("crimes-street__all-crime__ELEMENT__leicester-2020-02.json") as Record<string, unknown>;
    expect(apiCrimeSchema.safeParse({...base, persistent_id: "", category: "anti-social-behaviour", outcome_status: null}).success).toBe(true);
    const numeric = {...base, location: {latitude: 52.6, longitude: -1.1, street: {id: 1, name: "x"}}};
    expect(apiCrimeSchema.safeParse(numeric).success).toBe(false);
    expect(apiCrimeSchema.safeParse({...base, month: "2020-13"}).success).toBe(false);
  });

  it("crimes-street-dates: 36 months, newest first, hyphenated stop-and-search key", () => {
    const dates = crimesStreetDatesSchema.parse(fixture("crimes-street-dates__recorded-2020-10.json"));
    expect(dates).toHaveLength(36);
    expect(dates.map((d) => d.date)).toEqual([...dates.map((d) => d.date)].sort().reverse());
    // Forces drop in and out of stop-and-search month to month (MANIFEST.md): devon-and-cornwall absent from 2019-08.
    expect(dates.find((d) => d.date === "2019-08")!["stop-and-search"]).not.toContain("devon-and-cornwall");
  });
});

describe("street CSV rows from API crimes", () => {
  const crime = apiCrimeSchema.parse(fixture("crimes-street__all-crime__ELEMENT__leicester-2020-02.json"));

  it("writes the police.uk layout: 12 columns, longitude before latitude, crime type name", () => {
    const row = streetRow(crime, "Leicestershire Police", {lsoaCode: "E01013649", lsoaName: "Leicester 019D"});
    expect(row).toEqual([
      crime.persistent_id,
      "2020-02",
      "Leicestershire Police",
      "Leicestershire Police",
      "-1.132073",
      "52.629909",
      "On or near Marquis Street",
      "E01013649",
      "Leicester 019D",
      "Violence and sexual offences",
      "Status update unavailable",
      ""
    ]);
  });

  it("writes a crime without location as police.uk does, and quotes fields with commas", () => {
    const noLoc = {...crime, location: null, location_type: null};
    const text = formatStreetCsv([
      streetRow(noLoc, "Devon & Cornwall Police", undefined),
      streetRow(crime, "Devon & Cornwall Police", {lsoaCode: "E01032000", lsoaName: "Bournemouth, Christchurch and Poole 016E"})
    ]);
    const lines = text.split("\n");
    expect(lines[0]).toBe(STREET_CSV_HEADER_LINE);
    expect(lines[1]).toBe(`${crime.persistent_id},2020-02,Devon & Cornwall Police,Devon & Cornwall Police,,,No Location,,,Violence and sexual offences,Status update unavailable,`);
    expect(lines[2]).toContain(',"Bournemouth, Christchurch and Poole 016E",');
    expect(text.endsWith("\n")).toBe(true);
    expect(lines).toHaveLength(4);
  });
});
