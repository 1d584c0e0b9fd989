/**
 * The classic-API client and the refresh against a local server (127.0.0.1, port 0) that replays the real
 * export and payloads of tests/fixtures/fingertips, then scripted faults.
 */
import {createServer, type Server} from "node:http";
import type {AddressInfo} from "node:net";
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {buildAreaCodeMap, formatAreaCodeMap} from "../../loaders/fingertips/area-codes.ts";
import {ClassicFingertipsClient} from "../../loaders/fingertips/client.ts";
import {FingertipsError} from "../../loaders/fingertips/errors.ts";
import {indicatorSetSchema} from "../../loaders/fingertips/indicator-set.ts";
import {refreshFingertips} from "../../loaders/fingertips/refresh.ts";
import {readValuesFile, sha256} from "../../loaders/fingertips/snapshot.ts";
import {readManifest} from "../../loaders/snapshot/manifest.ts";

const FIX = resolve(import.meta.dirname, "../fixtures/fingertips");
const read = (f: string): string => readFileSync(join(FIX, f), "utf-8");
const EXPORT_93356 = read("jargonautical_data-dev__indicators-CountyUA.data.csv");
const EXPORT_11202 = read("export-layout_11202_sussex_2018-19.csv");
const HTML = "<!DOCTYPE html>\n<html><head><title>Error</title></head><body><h1>Sorry, something went wrong</h1></body></html>\n";

type Mode = "ok" | "html" | "renamed" | "non-numeric" | "unknown-code" | "header-only" | "404" | "500-twice";
const modes = new Map<number, Mode>();
const hits = new Map<string, number>();
const failuresLeft = new Map<number, number>();
const requests: string[] = [];

function exportFor(id: number, mode: Mode): {status: number; body: string; type: string} {
  const base = id === 93356 ? EXPORT_93356 : id === 11202 ? EXPORT_11202 : "";
  const header = base.slice(0, base.indexOf("\r\n") + 2);
  switch (mode) {
    case "ok": return {status: 200, body: base, type: "text/csv"};
    case "html": return {status: 200, body: HTML, type: "text/html"};
    case "renamed": return {status: 200, body: base.replace(",Value,", ",Indicator value,"), type: "text/csv"};
    case "non-numeric": return {status: 200, body: base.replace("36.9114", "36.9*"), type: "text/csv"};
    case "unknown-code": return {status: 200, body: base.replace("E07000226", "E07999999"), type: "text/csv"};
    case "header-only": return {status: 200, body: header, type: "text/csv"};
    case "404": return {status: 404, body: "Not Found", type: "text/plain"};
    case "500-twice": {
      const left = failuresLeft.get(id) ?? 2;
      failuresLeft.set(id, left - 1);
      return left > 0 ? {status: 500, body: HTML, type: "text/html"} : {status: 200, body: base, type: "text/csv"};
    }
  }
}

let server: Server;
let baseUrl = "";
const dir = mkdtempSync(join(tmpdir(), "ft-int-"));

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(url.pathname + url.search);
    const send = (status: number, body: string, type: string): void => {
      res.writeHead(status, {"content-type": type});
      res.end(body);
    };
    const path = url.pathname.replace(/^\/api\//, "");
    if (path === "all_data/csv/by_indicator_id") {
      const id = Number(url.searchParams.get("indicator_ids"));
      const key = `${id}-${url.searchParams.get("child_area_type_id")}`;
      hits.set(key, (hits.get(key) ?? 0) + 1);
      const r = exportFor(id, modes.get(id) ?? "404");
      return send(r.status, r.body, r.type);
    }
    if (path === "indicator_metadata/csv/by_indicator_id") return send(200, read("classic-shape_indicator_metadata.csv"), "text/csv");
    if (path === "areas/by_area_type" && url.searchParams.get("area_type_id") === "502") return send(200, read("classic-shape_areas_by_area_type_502.json"), "application/json");
    if (path === "parent_to_child_areas") return send(200, read("classic-shape_parent_to_child_areas_502_6.json"), "application/json");
    if (path === "areas/by_parent_area_code") {
      // Renamed key: the API changed shape.
      if (url.searchParams.get("parent_area_code") === "nn-1-E10000030") return send(200, JSON.stringify([{AreaCode: "E10000032", Name: "West Sussex"}]), "application/json");
      return send(200, "[]", "application/json");
    }
    if (path === "indicator_search") {
      const text = url.searchParams.get("search_text");
      return text === "violence" ? send(200, JSON.stringify({"19": [11202, 11201], "143": [11202]}), "application/json") : send(200, HTML, "text/html");
    }
    if (path === "area_types") return send(503, HTML, "text/html");
    send(404, "Not Found", "text/plain");
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});

afterAll(async () => {
  await new Promise<void>((ok) => server.close(() => ok()));
  rmSync(dir, {recursive: true, force: true});
});

const client = (): ClassicFingertipsClient => new ClassicFingertipsClient({baseUrl, retries: 2, minTimeoutMs: 5});

async function rejection(p: Promise<unknown>): Promise<FingertipsError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(FingertipsError);
  return e as FingertipsError;
}

describe("ClassicFingertipsClient replaying real payloads", () => {
  it("downloads and parses an indicator export by column name", async () => {
    modes.set(93356, "ok");
    const d = await client().indicatorData({indicatorId: 93356, childAreaTypeId: 502, parentAreaTypeId: 6});
    expect(d.url).toBe(`${baseUrl}all_data/csv/by_indicator_id?indicator_ids=93356&child_area_type_id=502&parent_area_type_id=6`);
    expect(d.values.length + d.breakdowns.length).toBe(852);
    expect(d.values.find((v) => v.areaCode === "E10000030" && v.period === "2017" && v.age === "All ages")?.value).toBe(112.532499708894);
  });

  it("reads areas, parent-to-child areas and indicator metadata", async () => {
    const c = client();
    const areas = await c.areasByType(502);
    expect(areas).toHaveLength(153);
    expect(areas.find((a) => a.Code === "E06000026")?.Name).toBe("Plymouth");
    const p2c = await c.parentToChildAreas(502, 6);
    expect(p2c.E12000009).toContain("E06000026");
    expect(p2c.E12000008).toContain("E10000030");
    const meta = await c.indicatorMetadata([93553, 92904]);
    expect(meta.find((m) => m.indicatorId === 93553)).toMatchObject({name: "Deprivation score (Index of Multiple Deprivation 2019)", polarity: "low-is-good", valueType: "Score"});
  });

  it("searches indicators across profiles and asks for nearest neighbours with the nn-1- parent code", async () => {
    const c = client();
    expect(await c.searchIndicators("violence")).toEqual([11201, 11202]);
    expect(await c.nearestNeighbours("E06000026", 502)).toEqual([]);
    expect(requests).toContain("/api/areas/by_parent_area_code?area_type_id=502&parent_area_code=nn-1-E06000026");
  });

  it("names the URL and the field when a JSON response changes shape or is an HTML page", async () => {
    const c = client();
    const shape = await rejection(c.nearestNeighbours("E10000030", 502));
    expect(shape.kind).toBe("schema");
    expect(shape.message).toContain("0.Code");
    expect(shape.message).toContain("nn-1-E10000030");
    expect((await rejection(c.searchIndicators("knife"))).kind).toBe("html");
    const down = await rejection(c.areaTypes());
    expect(down.message).toContain("HTTP 503");
    expect(down.message).toContain("area_types");
  });
});

describe("refreshFingertips with scripted faults", () => {
  const snapshotDir = join(dir, "snapshot");
  const cacheDir = join(dir, "cache");
  const set = indicatorSetSchema.parse([
    {id: 93356, name: "Campylobacter", knownName: "Campylobacter incidence rate/100,000", nameSource: "test", kind: "risk-factor", level: "community", polarity: "low-is-good", polaritySource: "assumed", areaTypeIds: [502]},
    {id: 11202, name: "Violence offences", knownName: "Violent crime - violence offences per 1,000 population", nameSource: "test", kind: "violence-outcome", level: null, polarity: "low-is-good", polaritySource: "assumed", areaTypeIds: [501]},
    {id: 99999, name: "Retired indicator", knownName: "Retired", nameSource: "test", kind: "risk-factor", level: "societal", polarity: "low-is-good", polaritySource: "assumed", areaTypeIds: [502]}
  ]);
  const file = (id: number, type: number): string => join(snapshotDir, `fingertips/values/api_${id}_${type}.csv.gz`);
  const refresh = () => refreshFingertips({source: client(), set, snapshotDir, cacheDir, now: () => new Date("2026-01-15T10:00:00Z")});

  beforeAll(() => {
    const ons = join(FIX, "ons");
    mkdirSync(join(snapshotDir, "fingertips"), {recursive: true});
    writeFileSync(join(snapshotDir, "fingertips/area_codes.csv"), formatAreaCodeMap(buildAreaCodeMap({
      laAllCodes: join(ons, "la_all_codes.csv"), utlaAllCodes: join(ons, "utla_all_codes.csv"), rgnAllCodes: join(ons, "rgn_all_codes.csv"),
      ladToCounty2020: join(ons, "Local_Authority_District_to_County_(April_2020)_Lookup_in_England.csv"), laChanges: join(ons, "uk-topojson_la_changes.csv")
    })));
  });

  it("first run: loads what exists, reports the indicator that no longer exists, writes snapshot and manifest", async () => {
    modes.set(93356, "ok").set(11202, "ok").set(99999, "404");
    const r = await refresh();
    expect(r.results.map((x) => x.status)).toEqual(["fresh", "fresh", "failed"]);
    const failed = r.results[2];
    expect(failed?.status === "failed" && failed.error.message).toMatch(/indicator 99999.*HTTP 404.*no longer exist/);
    expect(hits.get("99999-502")).toBe(1); // a 404 is final: not retried
    expect(r.checks).toEqual(expect.arrayContaining([expect.objectContaining({id: 99999, status: "missing"})]));
    const crawley = readValuesFile(file(11202, 501)).find((v) => v.areaCode === "E07000226");
    expect(crawley).toMatchObject({value: 36.9114, count: 4123, areaCodeStatus: "current", sourceFile: expect.stringContaining("indicator_ids=11202")});
    const entry = readManifest(join(snapshotDir, "manifest.json")).files.find((f) => f.path === "fingertips/values/api_93356_502.csv.gz");
    expect(entry).toMatchObject({source: "fingertips", period: "2015 to 2017", retrieved: "2026-01-15", sha256: sha256(readFileSync(file(93356, 502)))});
  });

  it("an HTML page keeps the last good copy; 500s then success is retried and loads", async () => {
    const before = sha256(readFileSync(file(93356, 502)));
    hits.clear();
    modes.set(93356, "html").set(11202, "500-twice");
    const r = await refresh();
    const [camp, viol] = r.results;
    expect(camp?.status).toBe("stale");
    if (camp?.status !== "stale") throw new Error("expected stale");
    expect(camp.error.kind).toBe("html");
    expect(camp.error.message).toContain("indicator 93356");
    expect(camp.error.message).toContain(`${baseUrl}all_data/csv/by_indicator_id?indicator_ids=93356`);
    expect(camp.data.values.length).toBe(792);
    expect(sha256(readFileSync(file(93356, 502)))).toBe(before);
    expect(viol?.status).toBe("fresh");
    expect(hits.get("11202-501")).toBe(3);
  });

  it("a renamed column and a non-numeric value fail their indicator only, naming indicator, column and URL", async () => {
    modes.set(93356, "renamed").set(11202, "non-numeric");
    const r = await refresh();
    const [camp, viol] = r.results;
    expect(camp?.status).toBe("stale");
    expect(viol?.status).toBe("stale");
    if (camp?.status !== "stale" || viol?.status !== "stale") throw new Error("expected stale");
    expect(camp.error.message).toMatch(/indicator 93356, column "Value", URL http:\/\/127\.0\.0\.1:\d+\/api\/all_data/);
    expect(viol.error.kind).toBe("value");
    expect(viol.error.message).toMatch(/indicator 11202, column "Value", record \d+, URL .*indicator_ids=11202.*"36\.9\*" is not a number/);
    expect(r.written).toEqual([]);
    expect(readValuesFile(file(11202, 501)).find((v) => v.areaCode === "E07000226")?.value).toBe(36.9114);
  });

  it("an area code no lookup knows is reported with indicator, column and URL; the values still load", async () => {
    modes.set(93356, "header-only").set(11202, "unknown-code");
    const r = await refresh();
    expect(r.results.map((x) => x.status)).toEqual(["stale", "fresh", "failed"]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]?.message).toMatch(/indicator 11202, column "Area Code", URL .*indicator_ids=11202.*E07999999/);
    const v = readValuesFile(file(11202, 501)).find((x) => x.areaCode === "E07999999");
    expect(v).toMatchObject({areaCodeStatus: "unmatched", areaCodeCurrent: null, value: 36.9114});
    const camp = r.results[0];
    expect(camp?.status === "stale" && camp.error.kind).toBe("wrong-indicator");
  });
});
