/**
 * CIPFA nearest neighbours at refresh: fetched with the real client from a server on 127.0.0.1, stored in the snapshot
 * with a manifest entry, read back by the build. The server answers with real area records of the classic API
 * (tests/fixtures/fingertips/classic-shape_areas_by_area_type_502.json); which areas it names as neighbours is made up
 * here, since no recorded CIPFA list exists: the test is about fetching, storing and keeping the last good list.
 */
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {createServer, type Server} from "node:http";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {ClassicFingertipsClient} from "../../loaders/fingertips/client.ts";
import {cipfaPath, readCipfaNeighbours, refreshCipfaNeighbours} from "../../loaders/fingertips/neighbours.ts";
import {readManifest} from "../../loaders/snapshot/manifest.ts";

const AREAS = JSON.parse(readFileSync(resolve(import.meta.dirname, "../fixtures/fingertips/classic-shape_areas_by_area_type_502.json"), "utf-8")) as {Code: string; Name: string}[];
let server: Server;
let base: string;
let snapshot: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const parent = url.searchParams.get("parent_area_code");
    if (url.pathname.endsWith("areas/by_parent_area_code") && parent === "nn-1-E06000026") {
      res.writeHead(200, {"content-type": "application/json"}).end(JSON.stringify(AREAS.filter((a) => ["E06000044", "E06000045", "E06000023"].includes(a.Code))));
    } else if (parent === "nn-1-E10000030") {
      res.writeHead(200, {"content-type": "application/json"}).end("[]");
    } else res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as {port: number}).port}/api/`;
  snapshot = mkdtempSync(join(tmpdir(), "sna-nn-"));
  writeFileSync(join(snapshot, "manifest.json"), JSON.stringify({description: "test", files: []}));
});
afterAll(() => {
  server.close();
  rmSync(snapshot, {recursive: true, force: true});
});

describe("CIPFA nearest neighbours", () => {
  const client = () => new ClassicFingertipsClient({baseUrl: base, retries: 0});

  it("are fetched for a unitary authority, stored with a manifest entry and read back", async () => {
    const nn = await refreshCipfaNeighbours(client(), {code: "E06000026", kind: "unitary authority"}, snapshot, "2026-12-01");
    expect(nn.areaTypeId).toBe(502);
    expect(nn.neighbours.map((n) => n.code).sort()).toEqual(["E06000023", "E06000044", "E06000045"]);
    expect(readCipfaNeighbours(snapshot, "E06000026")).toEqual(nn);
    const entry = readManifest(join(snapshot, "manifest.json")).files.find((f) => f.path === cipfaPath("E06000026"));
    expect(entry).toMatchObject({source: "fingertips", retrieved: "2026-12-01"});
  });

  it("keep the last good list when the service answers with none", async () => {
    writeFileSync(join(snapshot, cipfaPath("E10000030")), JSON.stringify({area: "E10000030", areaTypeId: 502, source: "earlier", retrieved: "2026-01-01", neighbours: [{code: "E10000032", name: "West Sussex"}]}));
    await expect(refreshCipfaNeighbours(client(), {code: "E10000030", kind: "county"}, snapshot, "2026-12-01")).rejects.toThrow(/no CIPFA neighbours for E10000030.*previous list, if any, is kept/);
    expect(readCipfaNeighbours(snapshot, "E10000030")?.retrieved).toBe("2026-01-01");
  });

  it("are absent, not invented, when the snapshot has none", () => {
    expect(readCipfaNeighbours(snapshot, "E07000207")).toBeNull();
  });
});
