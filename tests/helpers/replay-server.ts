/**
 * A stand-in for https://data.police.uk/api/ on 127.0.0.1 (port 0), for tests of the police.uk client and the refresh.
 *
 * - `crime-categories` and (by default) `crimes-street-dates` answer the recorded real responses byte for byte
 *   (tests/fixtures/policeuk-api/, see MANIFEST.md there).
 * - `crimes-street/<category>` (GET or POST, `poly` + `date`) and `crimes-no-location` answer from the crimes the test
 *   gives, in the API's JSON shape: either the recorded `__ELEMENT__` crime wrapped in an array, or real rows of a
 *   police.uk street CSV turned into API crimes (`apiCrimesFromStreetCsv`, see REPLAY.md). A polygon holding more
 *   than `tooManyCrimes` crimes answers 503, as police.uk does above 10,000; a month the server has no data for
 *   answers 404 ("not published yet").
 * - Scripted faults (429, 500, HTML page, malformed JSON, no answer at all) are queued per path with `inject()`.
 * Every request is logged with its arrival time, for the rate-limit test.
 */
import {readFileSync} from "node:fs";
import {createServer, type IncomingMessage, type ServerResponse} from "node:http";
import type {AddressInfo} from "node:net";
import {join, resolve} from "node:path";
import {csvParse} from "d3-dsv";
import {slugForCrimeType} from "../../loaders/policeuk/api/categories.ts";
import type {CrimeType} from "../../loaders/config/schema.ts";
import type {ApiCrime} from "../../loaders/policeuk/api/schemas.ts";

export const FIXTURES = resolve(import.meta.dirname, "../fixtures/policeuk-api");

export type Fault =
  | {kind: "status"; status: number; body?: string; headers?: Record<string, string>}
  | {kind: "html"}
  | {kind: "malformed-json"}
  | {kind: "hang"};

export interface LoggedRequest {
  method: string;
  path: string;
  params: URLSearchParams;
  /** Vertices of the `poly` parameter, if any. */
  polyVertices: number;
  status: number | "hang";
  /** performance.now() when the request arrived. */
  at: number;
}

export interface ReplayServerOptions {
  /** Located crimes by month, served by polygon. */
  crimes?: Map<string, ApiCrime[]>;
  /** Crimes without location by `${force}|${month}`. */
  noLocation?: Map<string, ApiCrime[]>;
  /** Body of `crimes-street-dates` (default: the recorded response, byte for byte). */
  streetDates?: unknown;
  /** `crime-last-updated` date (default: the newest month of crimes-street-dates, day 01). */
  lastUpdated?: string;
  /** A polygon holding more crimes than this answers 503 (police.uk: 10,000). */
  tooManyCrimes?: number;
}

export interface ReplayServer {
  baseUrl: string;
  log: LoggedRequest[];
  /**
   * Queues faults for requests whose path starts with `pathPrefix` (e.g. "/crimes-street/") and, if given, whose
   * parameters include all of `params` (query or form); used in order, one per matching request.
   */
  inject(pathPrefix: string, faults: Fault[], params?: Record<string, string>): void;
  close(): Promise<void>;
}

const readFixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

/** Ray casting in the lat/lng plane, as a polygon query on a map server would do. */
function insidePoly(poly: [number, number][], lat: number, lng: number): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [yi, xi] = poly[i]!;
    const [yj, xj] = poly[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function parsePoly(raw: string | null): [number, number][] | undefined {
  if (!raw) return undefined;
  const points = raw.split(":").map((pair) => pair.split(",").map(Number) as [number, number]);
  return points.every((p) => p.length === 2 && p.every(Number.isFinite)) && points.length >= 3 ? points : undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf-8");
}

export async function startReplayServer(options: ReplayServerOptions = {}): Promise<ReplayServer> {
  const faults: {prefix: string; params: Record<string, string>; queue: Fault[]}[] = [];
  const log: LoggedRequest[] = [];
  const recordedDates = readFixture("crimes-street-dates__recorded-2020-10.json");
  const datesBody = options.streetDates === undefined ? recordedDates : Buffer.from(JSON.stringify(options.streetDates));
  const newestMonth = (JSON.parse(datesBody.toString("utf-8")) as {date: string}[])[0]?.date;
  const lastUpdated = options.lastUpdated ?? `${newestMonth}-01`;
  const tooMany = options.tooManyCrimes ?? 10_000;

  const send = (res: ServerResponse, status: number, body: string | Buffer, type = "application/json"): number => {
    res.writeHead(status, {"content-type": type});
    res.end(body);
    return status;
  };

  const route = (method: string, path: string, params: URLSearchParams, res: ServerResponse): number => {
    if (path === "/crime-categories") return send(res, 200, readFixture("crime-categories__no-date__recorded-2015-09.json"));
    if (path === "/crimes-street-dates") return send(res, 200, datesBody);
    if (path === "/crime-last-updated") return send(res, 200, JSON.stringify({date: lastUpdated}));
    if (path === "/crimes-no-location") {
      const list = options.noLocation?.get(`${params.get("force")}|${params.get("date")}`);
      if (!list) return send(res, 404, "");
      const category = params.get("category");
      return send(res, 200, JSON.stringify(category === "all-crime" ? list : list.filter((c) => c.category === category)));
    }
    const street = /^\/crimes-street\/([a-z-]+)$/.exec(path);
    if (street) {
      const month = params.get("date") ?? "";
      const poly = parsePoly(params.get("poly"));
      if (!poly) return send(res, 400, "");
      const all = options.crimes?.get(month);
      if (!all) return send(res, 404, "");
      const category = street[1];
      const inside = all.filter(
        (c) =>
          c.location &&
          (category === "all-crime" || c.category === category) &&
          insidePoly(poly, Number(c.location.latitude), Number(c.location.longitude))
      );
      if (inside.length > tooMany) return send(res, 503, "");
      return send(res, 200, JSON.stringify(inside));
    }
    return send(res, 404, "");
  };

  const applyFault = (fault: Fault, res: ServerResponse): number | "hang" => {
    switch (fault.kind) {
      case "status":
        res.writeHead(fault.status, {"content-type": "text/plain", ...fault.headers});
        res.end(fault.body ?? "");
        return fault.status;
      case "html":
        return send(res, 200, "<!DOCTYPE html><html><head><title>Service unavailable</title></head><body><h1>We are performing maintenance</h1></body></html>", "text/html; charset=utf-8");
      case "malformed-json":
        return send(res, 200, '[{"category":"violent-crime","location_type":"Force","location":{"latitude":"50.37');
      case "hang":
        return "hang";
    }
  };

  const server = createServer(async (req, res) => {
    const at = performance.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const params = new URLSearchParams(url.searchParams);
    if (req.method === "POST") for (const [k, v] of new URLSearchParams(await readBody(req))) params.set(k, v);
    const path = url.pathname.replace(/^\/api/, "");
    const queued = faults.find(
      (f) => f.queue.length > 0 && path.startsWith(f.prefix) && Object.entries(f.params).every(([k, v]) => params.get(k) === v)
    );
    const status = queued ? applyFault(queued.queue.shift()!, res) : route(req.method ?? "GET", path, params, res);
    log.push({method: req.method ?? "GET", path, params, polyVertices: parsePoly(params.get("poly"))?.length ?? 0, status, at});
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const {port} = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/`,
    log,
    inject(prefix, list, params = {}) {
      faults.push({prefix, params, queue: [...list]});
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      })
  };
}

/** The recorded `crimes-street` element (a real Leicester crime, 2020-02). */
export function recordedCrimeElement(): ApiCrime {
  return JSON.parse(readFixture("crimes-street__all-crime__ELEMENT__leicester-2020-02.json").toString("utf-8")) as ApiCrime;
}

/**
 * Real rows of a police.uk street CSV as the API would give them (see REPLAY.md): persistent_id = Crime ID, category
 * = the API slug of Crime type, location from Longitude/Latitude/Location; outcome_status = {Last outcome category,
 * Month} or null. The API's numeric `id` and street id are not in the CSV: they are the row number (plus `idBase`).
 */
export function apiCrimesFromStreetCsv(csvText: string, idBase = 0): {located: ApiCrime[]; noLocation: ApiCrime[]} {
  const located: ApiCrime[] = [];
  const noLocation: ApiCrime[] = [];
  csvParse(csvText).forEach((row, i) => {
    const hasPoint = row.Longitude !== "" && row.Latitude !== "";
    const crime: ApiCrime = {
      category: slugForCrimeType(row["Crime type"] as CrimeType),
      location_type: hasPoint ? "Force" : null,
      location: hasPoint ? {latitude: row.Latitude!, longitude: row.Longitude!, street: {id: idBase + i + 1, name: row.Location!}} : null,
      context: row.Context ?? "",
      outcome_status: row["Last outcome category"] ? {category: row["Last outcome category"], date: row.Month!} : null,
      persistent_id: row["Crime ID"] ?? "",
      id: idBase + i + 1,
      location_subtype: "",
      month: row.Month!
    };
    (hasPoint ? located : noLocation).push(crime);
  });
  return {located, noLocation};
}
