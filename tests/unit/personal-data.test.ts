/**
 * The personal-data detectors (loaders/partners/personal-data.ts) in both directions: people's names of many shapes
 * and cultures are caught, real English place, ward and organisation names pass; NHS numbers, postcodes and dates of
 * birth in the formats real extracts use; e-mail detection stays linear on a multi-megabyte value.
 */
import {readFileSync} from "node:fs";
import {resolve} from "node:path";
import {gunzipSync} from "node:zlib";
import {base, en, en_GB, en_IN, en_NG, es, Faker, pl, pt_PT, ro, tr, type LocaleDefinition} from "@faker-js/faker";
import {describe, expect, it} from "vitest";
import {BirthDateColumn, cellFullDate, findPersonName, hasEmail, headerPersonalData, looksLikePersonName, namePersonalData, valuePersonalData} from "../../loaders/partners/personal-data.ts";
import {parseDate} from "../../loaders/partners/values.ts";

const LOOKUPS = resolve(import.meta.dirname, "../../data/snapshot/ons/lookups");

/** Every LSOA, ward and district name of the snapshot's ONS lookup (England, 2021 LSOAs, 2024 wards). */
function placeNames(): {all: string[]; plymouthSurrey: string[]} {
  const lines = gunzipSync(readFileSync(`${LOOKUPS}/geographr_lookup_lsoa21_ward24_ltla24.csv.gz`)).toString("utf-8").split("\n").slice(1).filter(Boolean);
  const rows = lines.map((l) => l.slice(1, -1).split('","'));
  const all = new Set<string>();
  const local = new Set<string>();
  const surrey = new Set(["Elmbridge", "Epsom and Ewell", "Guildford", "Mole Valley", "Reigate and Banstead", "Runnymede", "Spelthorne", "Surrey Heath", "Tandridge", "Waverley", "Woking"]);
  for (const [lsoa, , ward, , lad] of rows as string[][]) {
    for (const n of [lsoa!, ward!, lad!]) all.add(n);
    if (lad === "Plymouth" || surrey.has(lad!)) for (const n of [lsoa!, ward!, lad!]) local.add(n);
  }
  return {all: [...all], plymouthSurrey: [...local]};
}

/** Organisations, services and places a partner file or page names; none is a person. */
const ORGANISATIONS = [
  "University Hospitals Plymouth NHS Trust", "Devon and Cornwall Police", "Devon & Cornwall Police", "Surrey Police", "Plymouth City Council",
  "Surrey County Council", "St Luke's Hospice", "Livewell Southwest CIC", "South Western Ambulance Service NHS Foundation Trust",
  "Royal Surrey NHS Foundation Trust", "Ashford and St Peter's Hospitals NHS Foundation Trust", "Jack Straw's Castle", "St Peter and the Waterfront",
  "Drake", "Compton", "Stoke", "Woking", "Guildford", "Grace", "Hope", "Grace Hope", "Rose Hill", "Drake Youth Club", "Mary Seacole House",
  "Hope Street Project", "Victim Support", "Barnardo's", "The Children's Society", "Harbour Drug and Alcohol Service", "Trevi House",
  "Plymouth Domestic Abuse Service", "Youth Justice Service", "Safer Plymouth", "Prince Rock Primary School", "Derriford Hospital",
  "Summer Holiday Activities", "Street or public place", "Knife or sharp object", "Body (hands, feet, head)", "Very safe", "Don't know",
  "How safe do you feel walking alone after dark?", "Mentoring for boys aged 10-17", "Citywide", "Plymouth 001A", "Stoke Ward",
  "Compton Ward Team", "Peter Pan Nursery Ltd", "Victoria Park", "Alexandra Road Clinic", "Mount Gould Hospital", "King George's Field",
  "Chelsea and Westminster Hospital NHS Foundation Trust", "Kingston upon Thames", "Newton Abbot", "Morgan Jones", "Charles Dickens"
];

/** Seeded "Given Surname", "SURNAME, Given" and "G. Surname" values from faker's locales (several cultures). */
function generatedNames(): string[] {
  const locales: Record<string, LocaleDefinition[]> = {en_GB: [en_GB, en, base], en_IN: [en_IN, en, base], en_NG: [en_NG, en, base], pl: [pl, en, base], ro: [ro, en, base], tr: [tr, en, base], es: [es, en, base], pt_PT: [pt_PT, en, base]};
  const out: string[] = [];
  for (const locale of Object.values(locales)) {
    const faker = new Faker({locale, seed: 20260401});
    for (let i = 0; i < 40; i++) {
      const given = faker.person.firstName();
      const surname = faker.person.lastName();
      out.push(`${given} ${surname}`, `${surname.toUpperCase()}, ${given}`, `${given[0]}. ${surname}`);
    }
  }
  return out;
}

describe("people's names", () => {
  it("catches every generated name in three shapes across eight locales", () => {
    const names = generatedNames();
    expect(names.length).toBeGreaterThanOrEqual(900);
    expect(names.filter((n) => !looksLikePersonName(n))).toEqual([]);
  });

  it("catches the shapes real extracts use", () => {
    for (const v of ["John Smith", "SMITH, John", "Smith, J.", "J. Smith", "A Khan", "Mrs A Jones", "Dr Patel", "Smith J", "Aisha Begum", "Mohammed Ali", "Piotr Nowak", "Ayşe Yılmaz", "Priya Sharma", "Maria Popescu", "O'Brien, Sean", "Mary-Jane Watson", "JOHN SMITH", "john smith", "Grace Smith", "Damon Hill"]) {
      expect(looksLikePersonName(v), v).toBe(true);
    }
    expect(findPersonName("Referred by John Smith on Tuesday")).toBe(true);
    expect(findPersonName("seen with her partner Mohammed Ali after the match")).toBe(true);
  });

  it("passes organisation, service and place names", () => {
    expect(ORGANISATIONS.filter((v) => looksLikePersonName(v))).toEqual([]);
  });

  it("passes every LSOA, ward and district name of England in the snapshot", () => {
    const {all, plymouthSurrey} = placeNames();
    expect(all.length).toBeGreaterThan(40_000);
    expect(all.filter((v) => looksLikePersonName(v))).toEqual([]);
    // Plymouth's and Surrey's names pass on the rules alone, without the list of known places, but one: its last two
    // words read as a person's name, and the list of known places is what lets it through.
    expect(plymouthSurrey.length).toBeGreaterThan(800);
    expect(plymouthSurrey.filter((v) => findPersonName(v, new Set()))).toEqual(["Hinchley Wood and Weston Green"]);
  });

  it("passes a place name written inside a longer label, as the map tooltips and findings write wards", () => {
    for (const v of ["Elmbridge 009A, Hinchley Wood and Weston Green (E01030371): 12.3", "Plymouth 027E, St Peter and the Waterfront (E01015156): 752 offences", "Lawrence Hill ward, Bristol"]) expect(findPersonName(v), v).toBe(false);
    // A person named beside a place is still found.
    expect(findPersonName("Referred by John Smith, Hinchley Wood and Weston Green")).toBe(true);
  });

  it("checks file and sheet names whatever their case or separators", () => {
    for (const v of ["john_smith_referrals.csv", "SMITH-JOHN.xlsx", "referrals/Aisha Begum.csv", "PL4 8AA visits.csv", "9434765919.csv"]) expect(namePersonalData(v), v).not.toBeNull();
    for (const v of ["ae-assault-2025.csv", "examples/EXAMPLE-service-register-plymouth-2025.csv", "EXAMPLE-youth-justice-plymouth-2021-2025.csv", "Sheet1", "Attendances", "Read me", "raw", "Lookup"]) expect(namePersonalData(v), v).toBeNull();
  });
});

describe("identifiers in the formats real extracts use", () => {
  it("finds NHS numbers with a valid check digit only, in Excel and punctuated forms", () => {
    for (const v of ["9434765919.0", "943.476.5919", "943 476 5919", "943-476-5919", "9434765919"]) expect(valuePersonalData(v), v).toBe("nhs-number");
    for (const v of ["9434765918.0", "943.476.5918", "9434765919.5", "943-476 5919"]) expect(valuePersonalData(v), v).toBeNull();
  });

  it("finds fixed-width and lower-case postcodes", () => {
    for (const v of ["PL4  8AA", "pl4 8aa", "PL48AA", "GU21  6BB"]) expect(valuePersonalData(v), v).toBe("postcode");
    expect(valuePersonalData("PL4")).toBeNull();
  });

  it("reads date-of-birth headers in any spelling", () => {
    for (const h of ["DateOfBirth", "PatientDOB", "D.O.B", "BirthDt", "Birth Date", "date_of_birth"]) expect(headerPersonalData(h), h).toBe("date-of-birth");
    for (const h of ["Attendance date", "Month", "Dobson", "Received"]) expect(headerPersonalData(h), h).toBeNull();
    expect(headerPersonalData("John Smith")).toBe("name");
  });

  it("finds a column of dates of birth under no telling header, but not event dates or months", () => {
    const judge = (values: string[]) => {
      const col = new BirthDateColumn("2016-01-20");
      values.forEach((v, i) => {
        const iso = cellFullDate(v, parseDate);
        if (iso) col.observe(iso, i + 2);
      });
      return col.verdict();
    };
    expect(judge(["1987-04-12", "12/06/1990", "2001-01-30", "03-Mar-1975", "2025-02-01"])).toBe(2);
    expect(judge(["2025-01-03", "2025-02-14", "2024-12-30", "2025-03-09"])).toBeNull();
    expect(judge(["1990-01-01", "1991-01-01", "1992-01-01", "1993-01-01"])).toBeNull();
    expect(cellFullDate("12", parseDate)).toBeNull();
  });

  it("finds an e-mail address from its @ outwards, in linear time on a 5 MB value", () => {
    expect(hasEmail("write to a.patient@example.org today")).toBe(true);
    expect(hasEmail("sna@plymouth.example.gov.uk.")).toBe(true);
    expect(hasEmail("@home, foo@bar, x@.uk")).toBe(false);
    expect(hasEmail(`${"a.".repeat(2_500_000)}@`)).toBe(false);
    expect(hasEmail("x@".repeat(2_500_000))).toBe(false);
    expect(valuePersonalData(`${"a".repeat(5_000_000)} x@y.org`)).toBe("email");
  });
});
