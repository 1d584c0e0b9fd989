/**
 * The police.uk client against the replay server (tests/helpers/replay-server.ts): recorded responses, scripted faults
 * (429, 500, 503 for a big polygon, 404, HTML page, malformed JSON, no answer), and the request rate.
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {gunzipSync} from "node:zlib";
import {afterEach, describe, expect, it} from "vitest";
import {PoliceUkClient, type PoliceUkClientOptions} from "../../loaders/policeuk/api/client.ts";
import {PoliceUkHttpError, PoliceUkNetworkError, PoliceUkResponseError, PoliceUkTimeoutError} from "../../loaders/policeuk/api/errors.ts";
import {loadDistrictLsoas, districtOutline} from "../../loaders/policeuk/api/lsoa-boundaries.ts";
import type {Ring} from "../../loaders/policeuk/api/polygon.ts";
import {apiCrimesFromStreetCsv, recordedCrimeElement, startReplayServer, type ReplayServer, type ReplayServerOptions} from "../helpers/replay-server.ts";

const SNAPSHOT = join(import.meta.dirname, "../../data/snapshot");
/** Fast backoff so retry tests take milliseconds; the behaviour is the same as the defaults. */
const FAST: PoliceUkClientOptions = {minRetryDelayMs: 5, maxRetryDelayMs: 20, retries: 3, timeoutMs: 5000};

let servers: ReplayServer[] = [];
async function serve(options?: ReplayServerOptions): Promise<ReplayServer> {
  const s = await startReplayServer(options);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** A square around a point, [lng, lat] counter-clockwise. */
const square = (lng: number, lat: number, half: number): Ring => [
  [lng - half, lat - half],
  [lng + half, lat - half],
  [lng + half, lat + half],
  [lng - half, lat + half]
];
const leicester = recordedCrimeElement();
const leicesterLng = Number(leicester.location!.longitude);
const leicesterLat = Number(leicester.location!.latitude);
const leicesterServer = () => serve({crimes: new Map([["2020-02", [leicester]]])});

describe("recorded endpoints", () => {
  it("reads crime-categories, crimes-street-dates and crime-last-updated through their schemas", async () => {
    const server = await serve();
    const client = new PoliceUkClient({...FAST, baseUrl: server.baseUrl});
    const categories = await client.crimeCategories();
    expect(categories).toHaveLength(15);
    expect(categories[0]).toEqual({url: "all-crime", name: "All crime"});
    const dates = await client.crimesStreetDates();
    expect(dates).toHaveLength(36);
    expect(dates[0]!.date).toBe("2020-08");
    expect(dates.at(-1)!.date).toBe("2017-09");
    expect(dates.find((d) => d.date === "2019-07")!["stop-and-search"]).toContain("devon-and-cornwall");
    expect(await client.crimeLastUpdated()).toEqual({date: "2020-08-01"});
  });

  it("finds the recorded crime by polygon (GET for a short poly, POST form body for a long one)", async () => {
    const server = await leicesterServer();
    const around = square(leicesterLng, leicesterLat, 0.01);
    const viaGet = await new PoliceUkClient({...FAST, baseUrl: server.baseUrl}).crimesStreetByPolygon({polygon: around, month: "2020-02"});
    const viaPost = await new PoliceUkClient({...FAST, baseUrl: server.baseUrl, postPolyAbove: 10}).crimesStreetByPolygon({polygon: around, month: "2020-02"});
    expect(viaGet.status === "published" && viaGet.data.crimes).toEqual([leicester]);
    expect(viaPost.status === "published" && viaPost.data.crimes).toEqual([leicester]);
    expect(server.log.map((r) => r.method)).toEqual(["GET", "POST"]);
    expect(server.log[1]!.params.get("date")).toBe("2020-02");
    expect(server.log[1]!.polyVertices).toBe(4);
    const elsewhere = await new PoliceUkClient({...FAST, baseUrl: server.baseUrl}).crimesStreetByPolygon({polygon: square(leicesterLng + 1, leicesterLat, 0.01), month: "2020-02"});
    expect(elsewhere.status === "published" && elsewhere.data.crimes).toEqual([]);
  });

  it("gives a typed not-published result for a month that answers 404, without retrying", async () => {
    const server = await leicesterServer();
    const client = new PoliceUkClient({...FAST, baseUrl: server.baseUrl});
    const result = await client.crimesStreetByPolygon({polygon: square(leicesterLng, leicesterLat, 0.01), month: "2099-01"});
    expect(result.status).toBe("not-published");
    expect(result.month).toBe("2099-01");
    const noLoc = await client.crimesNoLocation({force: "leicestershire", month: "2099-01"});
    expect(noLoc.status).toBe("not-published");
    expect(server.log.map((r) => r.status)).toEqual([404, 404]);
  });
});

describe("retries", () => {
  it("retries after 429 and succeeds", async () => {
    const server = await leicesterServer();
    server.inject("/crimes-street/", [{kind: "status", status: 429}]);
    const result = await new PoliceUkClient({...FAST, baseUrl: server.baseUrl}).crimesStreetByPolygon({polygon: square(leicesterLng, leicesterLat, 0.01), month: "2020-02"});
    expect(result.status === "published" && result.data.crimes.map((c) => c.id)).toEqual([leicester.id]);
    expect(server.log.map((r) => r.status)).toEqual([429, 200]);
  });

  it("retries 500 twice then succeeds", async () => {
    const server = await serve();
    server.inject("/crimes-street-dates", [
      {kind: "status", status: 500},
      {kind: "status", status: 500}
    ]);
    const dates = await new PoliceUkClient({...FAST, baseUrl: server.baseUrl}).crimesStreetDates();
    expect(dates).toHaveLength(36);
    expect(server.log.map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it("gives up after the configured retries with an error naming the URL and the attempts", async () => {
    const server = await serve();
    server.inject("/crime-last-updated", Array.from({length: 10}, () => ({kind: "status" as const, status: 502})));
    const error = await new PoliceUkClient({...FAST, retries: 2, baseUrl: server.baseUrl}).crimeLastUpdated().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoliceUkHttpError);
    expect((error as PoliceUkHttpError).status).toBe(502);
    expect((error as Error).message).toContain(`${server.baseUrl}crime-last-updated`);
    expect((error as Error).message).toContain("gave up after 3 attempts");
    expect(server.log).toHaveLength(3);
  });

  it("times out a request that never answers, retries it, then fails with a timeout error", async () => {
    const server = await serve();
    server.inject("/crime-last-updated", [{kind: "hang"}, {kind: "hang"}]);
    const client = new PoliceUkClient({...FAST, retries: 1, timeoutMs: 300, baseUrl: server.baseUrl});
    const error = await client.crimeLastUpdated().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoliceUkTimeoutError);
    expect((error as Error).message).toMatch(/crime-last-updated did not answer within 0\.3 s/);
    expect(server.log.map((r) => r.status)).toEqual(["hang", "hang"]);
  });

  it("recovers when a request times out once", async () => {
    const server = await serve();
    server.inject("/crime-last-updated", [{kind: "hang"}]);
    const client = new PoliceUkClient({...FAST, retries: 1, timeoutMs: 300, baseUrl: server.baseUrl});
    expect(await client.crimeLastUpdated()).toEqual({date: "2020-08-01"});
  });

  it("reports a refused connection as a network error after retrying", async () => {
    const server = await serve();
    const deadUrl = server.baseUrl;
    await server.close();
    servers = [];
    const error = await new PoliceUkClient({...FAST, retries: 1, baseUrl: deadUrl}).crimeCategories().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoliceUkNetworkError);
    expect((error as Error).message).toContain("ECONNREFUSED");
    expect((error as Error).message).toContain("gave up after 2 attempts");
  });
});

describe("bad bodies are clear errors, not retried", () => {
  it("an HTML page where JSON is expected", async () => {
    const server = await serve();
    server.inject("/crimes-street-dates", [{kind: "html"}]);
    const error = await new PoliceUkClient({...FAST, baseUrl: server.baseUrl}).crimesStreetDates().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoliceUkResponseError);
    expect((error as Error).message).toContain(`GET ${server.baseUrl}crimes-street-dates answered an HTML page`);
    expect((error as Error).message).toContain("--base-url");
    expect(server.log).toHaveLength(1);
  });

  it("malformed JSON", async () => {
    const server = await leicesterServer();
    server.inject("/crimes-street/", [{kind: "malformed-json"}]);
    const client = new PoliceUkClient({...FAST, baseUrl: server.baseUrl, postPolyAbove: 10});
    const error = await client.crimesStreetByPolygon({polygon: square(leicesterLng, leicesterLat, 0.01), month: "2020-02"}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoliceUkResponseError);
    expect((error as Error).message).toContain(`POST ${server.baseUrl}crimes-street/all-crime (form: poly=<4 points>&date=2020-02) answered malformed JSON`);
    expect(server.log).toHaveLength(1);
  });

  it("JSON of the wrong shape names the field", async () => {
    const server = await serve({streetDates: [{date: "2020/08", "stop-and-search": []}]});
    const error = await new PoliceUkClient({...FAST, baseUrl: server.baseUrl}).crimesStreetDates().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoliceUkResponseError);
    expect((error as Error).message).toMatch(/unexpected shape: at 0\.date: expected a month "YYYY-MM"/);
  });
});

describe("503 for too many crimes: split in four, recursively", () => {
  // Real crimes: Devon & Cornwall, December 2025, as the API would give them.
  const csv = gunzipSync(readFileSync(join(SNAPSHOT, "policeuk/street/devon-and-cornwall/2025-12-devon-and-cornwall-street.csv.gz"))).toString("utf-8");
  const {located} = apiCrimesFromStreetCsv(csv);
  const plymouth = districtOutline(loadDistrictLsoas(SNAPSHOT, "E06000026"));

  it("splits a polygon that answers 503 and returns the same crimes, each once", async () => {
    const whole = await serve({crimes: new Map([["2025-12", located]]), tooManyCrimes: 10_000});
    const expected = await new PoliceUkClient({...FAST, baseUrl: whole.baseUrl}).crimesStreetByPolygon({polygon: plymouth, month: "2025-12"});
    if (expected.status !== "published") throw new Error("expected data");
    expect(expected.data.splits).toBe(0);
    expect(expected.data.crimes.length).toBeGreaterThan(2000);

    const threshold = 400;
    const split = await serve({crimes: new Map([["2025-12", located]]), tooManyCrimes: threshold});
    const result = await new PoliceUkClient({...FAST, baseUrl: split.baseUrl}).crimesStreetByPolygon({polygon: plymouth, month: "2025-12"});
    if (result.status !== "published") throw new Error("expected data");
    expect(result.data.splits).toBeGreaterThanOrEqual(2); // the whole and at least one quadrant were too big
    expect(split.log.filter((r) => r.status === 503)).toHaveLength(result.data.splits);
    expect(split.log.filter((r) => r.status === 200)).toHaveLength(result.data.pieces);
    const ids = result.data.crimes.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(expected.data.crimes.map((c) => c.id)));
  });

  it("stops splitting at maxSplitDepth with an error that says what to do", async () => {
    const server = await serve({crimes: new Map([["2025-12", located]])});
    server.inject("/crimes-street/", Array.from({length: 100}, () => ({kind: "status" as const, status: 503})));
    const client = new PoliceUkClient({...FAST, baseUrl: server.baseUrl, maxSplitDepth: 1});
    const error = await client.crimesStreetByPolygon({polygon: plymouth, month: "2025-12"}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoliceUkHttpError);
    expect((error as Error).message).toMatch(/still answered 503 after splitting the area 1 times.*try again later/);
    expect(server.log).toHaveLength(2); // the whole, then its first quadrant
  });
});

describe("rate limit", () => {
  it("keeps a burst of 40 calls to at most 15 requests in any second, as seen by the server", async () => {
    const server = await serve();
    const client = new PoliceUkClient({baseUrl: server.baseUrl});
    const results = await Promise.all(Array.from({length: 40}, () => client.crimeCategories()));
    expect(results.every((r) => r.length === 15)).toBe(true);
    const times = server.log.map((r) => r.at).sort((a, b) => a - b);
    expect(times).toHaveLength(40);
    let worst = 0;
    for (let i = 0; i < times.length; i++) worst = Math.max(worst, times.filter((t) => t >= times[i]! && t < times[i]! + 1000).length);
    expect(worst).toBeLessThanOrEqual(15);
  });

  it("refuses settings over police.uk's limits", () => {
    expect(() => new PoliceUkClient({requestsPerSecond: 16})).toThrow(/over police.uk's limit of 15/);
    expect(() => new PoliceUkClient({burst: 31})).toThrow(/burst limit of 30/);
    expect(() => new PoliceUkClient({baseUrl: "not a url"})).toThrow(/Invalid police.uk base URL/);
  });
});
