/**
 * Nomis and Open Geography clients against a replay server on 127.0.0.1 that serves real values (tests/fixtures/ons,
 * data/snapshot boundaries) in the services' layout, with paging and scripted faults.
 */
import {readFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {gunzipSync} from "node:zlib";
import {csvParse} from "d3-dsv";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {z} from "zod";
import {OnsApiError} from "../../loaders/ons/http.ts";
import {NomisClient} from "../../loaders/ons/nomis-client.ts";
import {OpenGeographyClient} from "../../loaders/ons/open-geography-client.ts";
import {BOUNDARY_SERVICE, LOOKUP_SERVICE, ONS_FIXTURES, startOnsReplayServer, type OnsReplayServer} from "../fixtures/ons/ons-replay-server.ts";

const lookup = csvParse(readFileSync(join(ONS_FIXTURES, "lsoa21_ward24_ltla24_plymouth.csv"), "utf-8"));
const plymouthLsoas = lookup.map((r) => r.lsoa21_code!).sort();
const ts021 = csvParse(readFileSync(join(ONS_FIXTURES, "ts021_lsoa21_plymouth.csv"), "utf-8"));

let server: OnsReplayServer;
beforeAll(async () => {
  server = await startOnsReplayServer({nomisPageRows: 300, arcgisMaxRecords: 50});
});
afterAll(() => server.close());

const nomis = (o: Partial<ConstructorParameters<typeof NomisClient>[0]> = {}) => new NomisClient({baseUrl: server.nomisBase, retries: 2, minTimeoutMs: 1, ...o});
const geo = (o: Partial<ConstructorParameters<typeof OpenGeographyClient>[0]> = {}) => new OpenGeographyClient({baseUrl: server.arcgisBase, retries: 2, minTimeoutMs: 1, ...o});
const requests = (prefix: string) => server.log.filter((l) => l.path.startsWith(prefix)).length;

describe("NomisClient", () => {
  it("pages TS021 for Plymouth's 164 LSOAs with recordOffset and returns the real counts", async () => {
    const before = requests("/nomis/");
    const rows = await nomis().census2021Ethnicity(plymouthLsoas.join(","));
    expect(requests("/nomis/") - before).toBe(4); // 164 × 6 cells = 984 rows at 300 a page
    expect(rows.map((r) => r.code)).toEqual(plymouthLsoas);
    const first = rows.find((r) => r.code === "E01015023")!;
    expect(first).toMatchObject({population: 1774, asian: 33});
    const fromFile = ts021.filter((r) => r.lsoa21_code === "E01015023" && r.ethnic_group === "White")[0]!;
    expect(first.white).toBe(Number(fromFile.n));
    // shared/data/ons/MANIFEST.md: Plymouth's 164 LSOAs sum to 264,718 usual residents in TS021.
    expect(rows.reduce((s, r) => s + r.population, 0)).toBe(264_718);
    const offsets = server.log.filter((l) => l.path.includes("NM_2041_1")).slice(-4).map((l) => l.params.get("recordOffset") ?? "0");
    expect(offsets).toEqual(["0", "300", "600", "900"]);
  });

  it("reads mid-year estimates by single year and sex, 90+ as age 90", async () => {
    const rows = await nomis().midYearEstimates("E06000026,E92000001", "2020");
    expect(rows).toHaveLength(2 * 2 * 91);
    const plymouth = rows.filter((r) => r.code === "E06000026");
    expect(plymouth.reduce((s, r) => s + r.population, 0)).toBe(262_839); // = MYE 5 mid-2020 population of Plymouth
    expect(Math.max(...rows.map((r) => r.age))).toBe(90);
    expect(new Set(rows.map((r) => r.sex))).toEqual(new Set(["male", "female"]));
  });

  it("sends the uid of a registered user", () => {
    expect(new NomisClient({uid: "0xabc"}).url("NM_2041_1", {geography: "E06000026"}, 25000)).toBe(
      "https://www.nomisweb.co.uk/api/v01/dataset/NM_2041_1.data.csv?geography=E06000026&recordOffset=25000&uid=0xabc"
    );
  });

  it("retries a 503 and succeeds", async () => {
    server.inject("/nomis/", [{kind: "status", status: 503}]);
    const retries: string[] = [];
    const rows = await nomis({onRetry: (m) => retries.push(m)}).census2021Ethnicity("E01015023");
    expect(rows).toHaveLength(1);
    expect(retries).toHaveLength(1);
  });

  it("does not retry a 400 and names the URL", async () => {
    server.inject("/nomis/", [{kind: "status", status: 400}]);
    const before = requests("/nomis/");
    const err = await nomis().census2021Ethnicity("E01015023").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OnsApiError);
    expect((err as OnsApiError).message).toMatch(/URL http:\/\/127\.0\.0\.1:\d+\/nomis\/api\/v01\/dataset\/NM_2041_1\.data\.csv\?.*HTTP 400/);
    expect(requests("/nomis/") - before).toBe(1);
  });

  it("refuses an HTML page and a plain-text error", async () => {
    server.inject("/nomis/", [{kind: "html"}]);
    await expect(nomis().census2021Ethnicity("E01015023")).rejects.toMatchObject({kind: "html"});
    server.inject("/nomis/", [{kind: "body", body: "Cannot create query"}]);
    await expect(nomis().census2021Ethnicity("E01015023")).rejects.toThrow(/not a Nomis CSV \(starts "Cannot create query"\)/);
  });

  it("refuses a sequence that ends before RECORD_COUNT", async () => {
    server.inject("/nomis/", [{kind: "pass"}, {kind: "empty-page"}]);
    await expect(nomis().census2021Ethnicity(plymouthLsoas.join(","))).rejects.toThrow(/empty page at offset 300 of 984 rows/);
  });

  it("refuses a missing column", async () => {
    await expect(nomis().table("NM_2041_1", {geography: "E01015023", select: "GEOGRAPHY_CODE"}, ["GEOGRAPHY_NAME"])).rejects.toThrow(/column\(s\) "GEOGRAPHY_NAME" missing/);
  });
});

const lookupSchema = z.object({LSOA21CD: z.string().regex(/^E01\d{6}$/), LSOA21NM: z.string(), LAD24CD: z.string(), LAD24NM: z.string()});

describe("OpenGeographyClient", () => {
  it("pages a lookup with resultOffset until exceededTransferLimit is false, checked by zod", async () => {
    server.log.length = 0;
    const rows = await geo().lookup(LOOKUP_SERVICE, lookupSchema, {outFields: ["LSOA21CD", "LSOA21NM", "LAD24CD", "LAD24NM"], orderByFields: "LSOA21CD"});
    expect(rows.map((r) => r.LSOA21CD).sort()).toEqual(plymouthLsoas);
    expect(new Set(rows.map((r) => r.LAD24CD))).toEqual(new Set(["E06000026"]));
    const pages = server.log.filter((l) => l.params.get("returnCountOnly") !== "true");
    expect(pages.map((l) => l.params.get("resultOffset"))).toEqual(["0", "50", "100", "150"]);
    expect(pages.every((l) => l.params.get("f") === "json" && l.params.get("returnGeometry") === "false")).toBe(true);
  });

  it("filters with a where clause", async () => {
    const rows = await geo().attributes(LOOKUP_SERVICE, {where: "LSOA21CD = 'E01015023'", orderByFields: "LSOA21CD"});
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({LSOA21NM: "Plymouth 003A", LAD24NM: "Plymouth"});
  });

  it("assembles the real Plymouth LSOA 2021 boundaries from GeoJSON pages", async () => {
    const fc = await geo({pageSize: 2000}).geojson(BOUNDARY_SERVICE, {orderByFields: "FID"});
    const snapshot = JSON.parse(gunzipSync(readFileSync(resolve(import.meta.dirname, "../../data/snapshot/ons/boundaries/lsoa21/E06000026.geojson.gz"))).toString("utf-8")) as {features: {properties: {LSOA21CD: string}; geometry: unknown}[]};
    expect(fc.features).toHaveLength(164);
    expect(fc.features.map((f) => f.properties.LSOA21CD).sort()).toEqual(snapshot.features.map((f) => f.properties.LSOA21CD).sort());
    const one = fc.features.find((f) => f.properties.LSOA21CD === "E01015023")!;
    expect(one.geometry).toEqual(snapshot.features.find((f) => f.properties.LSOA21CD === "E01015023")!.geometry);
  });

  it("turns an ArcGIS error envelope (HTTP 200) into an error naming the URL", async () => {
    const err = await geo().attributes(LOOKUP_SERVICE, {orderByFields: "LAD99CD"}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OnsApiError);
    expect((err as OnsApiError).kind).toBe("api-error");
    expect((err as OnsApiError).message).toContain("orderByFields=LAD99CD");
    expect((err as OnsApiError).message).toContain("Invalid field: LAD99CD");
  });

  it("refuses an empty page that claims more features", async () => {
    server.inject("/arcgis/", [{kind: "pass"}, {kind: "pass"}, {kind: "empty-page"}]);
    await expect(geo().attributes(LOOKUP_SERVICE, {orderByFields: "LSOA21CD"})).rejects.toMatchObject({kind: "paging"});
  });

  it("names the field when a new vintage renames it", async () => {
    const renamed = z.object({LSOA21CD: z.string(), LAD25CD: z.string()});
    await expect(geo().lookup(LOOKUP_SERVICE, renamed, {orderByFields: "LSOA21CD"})).rejects.toThrow(/feature 1, field "LAD25CD"/);
  });

  it("retries 500s, then succeeds", async () => {
    server.inject("/arcgis/", [{kind: "status", status: 500}, {kind: "status", status: 502}]);
    expect(await geo().count(LOOKUP_SERVICE)).toBe(164);
  });

  it("gives up after the retries with the last error", async () => {
    server.inject("/arcgis/", [{kind: "status", status: 503}, {kind: "status", status: 503}, {kind: "status", status: 503}]);
    await expect(geo().count(LOOKUP_SERVICE)).rejects.toThrow(/HTTP 503.*run the refresh again later/);
  });
});
