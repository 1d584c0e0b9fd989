/**
 * The service mapping tables (loaders/prepare/service-tables.ts) on a small register shaped like the real one, in
 * real Plymouth LSOAs and wards (codes, names and centroids from the snapshot's ONS lookups; violence counts from
 * the 2025 build's lsoa_violence). One LSOA is given no ward, as when the lookup has none.
 */
import {describe, expect, it} from "vitest";
import {ageGroupsServed, coverageMatrix, hotspotGaps, levelGaps, placeServices, serviceTables, type LsoaViolence, type Place, type ServiceInput} from "../../loaders/prepare/service-tables.ts";

const SPW = {ward_code: "E05002094", ward_name: "St Peter and the Waterfront"};
const PLACES: Place[] = [
  {lsoa21_code: "E01015156", lsoa21_name: "Plymouth 027E", ...SPW, lad_code: "E06000026", latitude: 50.36749540210243, longitude: -4.139980828042667},
  {lsoa21_code: "E01032658", lsoa21_name: "Plymouth 027G", ...SPW, lad_code: "E06000026", latitude: 50.37095044738377, longitude: -4.136461049710519},
  {lsoa21_code: "E01015092", lsoa21_name: "Plymouth 005C", ward_code: "E05002086", ward_name: "Moor View", lad_code: "E06000026", latitude: 50.41527621256408, longitude: -4.113081196165915},
  {lsoa21_code: "E01015023", lsoa21_name: "Plymouth 003A", ward_code: "E05002078", ward_name: "Budshead", lad_code: "E06000026", latitude: 50.41952676346349, longitude: -4.1453194167772},
  // Eggbuckland's 007B with no ward, as an LSOA the lookup leaves out would be.
  {lsoa21_code: "E01015070", lsoa21_name: "Plymouth 007B", ward_code: null, ward_name: null, lad_code: "E06000026", latitude: 50.40673674425045, longitude: -4.144094326877006}
];
const LSOAS: LsoaViolence[] = [
  {rank: 1, lsoa21_code: "E01015156", lsoa21_name: "Plymouth 027E", ward_name: SPW.ward_name, count: 752, rate: 373.572},
  {rank: 2, lsoa21_code: "E01032658", lsoa21_name: "Plymouth 027G", ward_name: SPW.ward_name, count: 466, rate: 302.597},
  {rank: 3, lsoa21_code: "E01015070", lsoa21_name: "Plymouth 007B", ward_name: null, count: 300, rate: 150},
  {rank: 4, lsoa21_code: "E01015092", lsoa21_name: "Plymouth 005C", ward_name: "Moor View", count: 274, rate: 97.718},
  {rank: 5, lsoa21_code: "E01015023", lsoa21_name: "Plymouth 003A", ward_name: "Budshead", count: 182, rate: 108.012}
];
const service = (name: string, area: string, age: string | null, prevention: string | null, who: string | null): ServiceInput => ({
  source: "service-register.csv",
  example: false,
  service_name: name,
  provider: "Plymouth City Council",
  service_type: "Youth work",
  area,
  age_group: age,
  prevention_level: prevention,
  who_level: who
});
const REGISTER: ServiceInput[] = [
  service("Detached youth work", "E01032658", "10-17", "primary", "individual; community"),
  service("Victim support", "Whole area", "All ages", null, null),
  service("Family support", "E05002078", "18+", "secondary; tertiary", "relationship"),
  service("Drug treatment", "PL1", null, "tertiary", "individual"),
  service("Early help", "E01015070", "0-17", "primary", "individual")
];
const DISTRICTS = ["E06000026"];

describe("placeServices", () => {
  const placed = placeServices(REGISTER, PLACES, DISTRICTS);
  it("places a service at its LSOA's centroid, with the LSOA's ward", () => {
    expect(placed[0]).toMatchObject({area_kind: "LSOA", lsoa21_name: "Plymouth 027G", ...SPW, latitude: 50.37095044738377, longitude: -4.136461049710519, age_groups: "10-17"});
  });
  it("places a ward's service at the mean of its LSOAs' centroids, with no LSOA", () => {
    expect(placed[2]).toMatchObject({area_kind: "ward", lsoa21_code: null, ward_code: "E05002078", ward_name: "Budshead", latitude: 50.41953, longitude: -4.14532, age_groups: "18-24; 25+"});
  });
  it("does not place a Citywide service or one given by postcode district", () => {
    expect(placed[1]).toMatchObject({area_kind: "area-wide", latitude: null, ward_code: null, age_groups: "0-9; 10-17; 18-24; 25+", prevention_level: null});
    expect(placed[3]).toMatchObject({area_kind: "postcode district", latitude: null, age_groups: null});
  });
  it("keeps an LSOA with no ward in the lookup as an LSOA without a ward", () => {
    expect(placed[4]).toMatchObject({area_kind: "LSOA", lsoa21_code: "E01015070", ward_code: null, ward_name: null});
  });
  it("takes the unitary authority's own code as the whole area, and an LSOA of another area as outside it", () => {
    const [own, other] = placeServices([service("A", "E06000026", null, null, null), service("B", "E01000001", null, null, null)], PLACES, DISTRICTS);
    expect(own!.area_kind).toBe("area-wide");
    expect(other!.area_kind).toBe("outside the area");
  });
});

describe("hotspotGaps", () => {
  const rows = hotspotGaps(LSOAS, PLACES, placeServices(REGISTER, PLACES, DISTRICTS));
  const by = (rank: number) => rows.find((r) => r.rank === rank)!;
  it("counts services based in the ward, not only in the LSOA, and the Citywide ones apart", () => {
    expect(by(1)).toMatchObject({services_in_lsoa: 0, services_in_ward: 1, area_wide: 1, gap: false, basis: "ward", ward_code: "E05002094"});
    expect(by(2)).toMatchObject({services_in_lsoa: 1, services_in_ward: 1, gap: false});
  });
  it("finds a hotspot with no service in its ward a gap, although a Citywide service reaches it", () => {
    expect(by(4)).toMatchObject({lsoa21_name: "Plymouth 005C", ward_name: "Moor View", services_in_ward: 0, area_wide: 1, gap: true});
    expect(rows.filter((r) => r.gap).map((r) => r.rank)).toEqual([4]);
  });
  it("counts a ward-based service for every LSOA of the ward", () => {
    expect(by(5)).toMatchObject({services_in_lsoa: 0, services_in_ward: 1, gap: false});
  });
  it("judges an LSOA with no ward on its own services", () => {
    expect(by(3)).toMatchObject({ward_code: null, services_in_ward: null, services_in_lsoa: 1, gap: false, basis: "LSOA (no ward in the ONS lookup)"});
    const none = hotspotGaps(LSOAS, PLACES, placeServices(REGISTER.filter((s) => s.area !== "E01015070"), PLACES, DISTRICTS));
    expect(none.find((r) => r.rank === 3)).toMatchObject({services_in_ward: null, services_in_lsoa: 0, gap: true});
  });
  it("keeps the ten highest-ranked neighbourhoods only", () => {
    const many = Array.from({length: 12}, (_, i) => ({...LSOAS[i % LSOAS.length]!, rank: 12 - i}));
    expect(hotspotGaps(many, PLACES, placeServices(REGISTER, PLACES, DISTRICTS)).map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe("levelGaps", () => {
  const rows = levelGaps(placeServices(REGISTER, PLACES, DISTRICTS));
  const get = (dimension: string, level: string) => rows.find((r) => r.dimension === dimension && r.level === level)!;
  it("lists every age group, prevention level and WHO level of the vocabularies", () => {
    expect(rows.map((r) => `${r.dimension}:${r.level}`)).toEqual([
      "age group:0-9", "age group:10-17", "age group:18-24", "age group:25+",
      "prevention level:contextual", "prevention level:primary", "prevention level:secondary", "prevention level:tertiary",
      "WHO level:individual", "WHO level:relationship", "WHO level:community", "WHO level:societal"
    ]);
  });
  it("finds the levels no service reaches, with services that give no level counted in none", () => {
    expect(rows.filter((r) => r.gap).map((r) => `${r.dimension}:${r.level}`)).toEqual(["prevention level:contextual", "WHO level:societal"]);
    expect(get("prevention level", "primary")).toMatchObject({services: 2, area_wide: 0, not_given: 1});
    expect(get("prevention level", "tertiary").services).toBe(2);
    expect(get("WHO level", "individual").services).toBe(3);
  });
  it("counts a Citywide service for all ages, and a service with no age group in none", () => {
    expect(get("age group", "0-9")).toMatchObject({services: 2, area_wide: 1, not_given: 1});
    expect(get("age group", "10-17").services).toBe(3);
    expect(get("age group", "25+")).toMatchObject({services: 2, area_wide: 1});
  });
});

describe("coverageMatrix", () => {
  const rows = coverageMatrix(placeServices(REGISTER, PLACES, DISTRICTS));
  const cell = (p: string, w: string, a: string) => rows.find((r) => r.prevention_level === p && r.who_level === w && r.age_group === a)!;
  it("writes every cell, with 'not given' rows and columns where a service leaves a level out", () => {
    expect(rows).toHaveLength(5 * 5 * 5);
    expect(new Set(rows.map((r) => r.prevention_level))).toEqual(new Set(["contextual", "primary", "secondary", "tertiary", "not given"]));
    expect(new Set(rows.map((r) => r.age_group))).toEqual(new Set(["0-9", "10-17", "18-24", "25+", "not given"]));
  });
  it("counts a service in each cell it reaches, and leaves 'no service' cells explicit as 0", () => {
    expect(cell("primary", "individual", "10-17")).toMatchObject({services: 2, area_wide: 0, service_names: "Detached youth work; Early help"});
    expect(cell("primary", "community", "10-17")).toMatchObject({services: 1, service_names: "Detached youth work"});
    expect(cell("secondary", "relationship", "25+").services).toBe(1);
    expect(cell("tertiary", "relationship", "18-24").services).toBe(1);
    expect(cell("contextual", "societal", "18-24")).toMatchObject({services: 0, area_wide: 0, service_names: null});
    expect(rows.filter((r) => r.prevention_level === "contextual").every((r) => r.services === 0)).toBe(true);
  });
  it("puts a Citywide service with no levels under 'not given' for every age", () => {
    for (const age of ["0-9", "10-17", "18-24", "25+"]) expect(cell("not given", "not given", age)).toMatchObject({services: 1, area_wide: 1, service_names: "Victim support"});
    expect(cell("tertiary", "individual", "not given")).toMatchObject({services: 1, service_names: "Drug treatment"});
  });
  it("has no 'not given' rows when every service gives every level", () => {
    const full = coverageMatrix(placeServices([REGISTER[0]!], PLACES, DISTRICTS));
    expect(full).toHaveLength(4 * 4 * 4);
    expect(full.reduce((n, r) => n + r.services, 0)).toBe(2);
  });
});

describe("with no service register", () => {
  it("every table is empty (the chapter then says how to add one)", () => {
    expect(serviceTables([], PLACES, LSOAS, DISTRICTS)).toEqual({services: [], coverage: [], hotspots: [], levels: []});
  });
});

describe("ageGroupsServed", () => {
  it("reads the register's bands against 0-9, 10-17, 18-24 and 25+", () => {
    expect(ageGroupsServed("16+")).toEqual(["10-17", "18-24", "25+"]);
    expect(ageGroupsServed("5-16")).toEqual(["0-9", "10-17"]);
    expect(ageGroupsServed("18-24")).toEqual(["18-24"]);
    expect(ageGroupsServed("All ages")).toEqual(["0-9", "10-17", "18-24", "25+"]);
    expect(ageGroupsServed("Not known")).toEqual([]);
    expect(ageGroupsServed(null)).toEqual([]);
  });
});
