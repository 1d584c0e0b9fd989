/**
 * A client for the police.uk API (https://data.police.uk/docs/): the five endpoints the refresh needs, with
 * zod-checked responses, a request budget under police.uk's 15 requests/second, retries with backoff on 429, 5xx
 * and network failures, a per-request timeout, recursive four-way splitting of a polygon that police.uk refuses
 * with 503 (over 10,000 crimes), and a typed "not published" result for a month that answers 404.
 */
import type {z} from "zod";
import {HttpError, isRetryableStatus, parseJson, request as httpRequest, type HttpResponse} from "../../lib/http.ts";
import {ALL_CRIME} from "./categories.ts";
import {PoliceUkError, PoliceUkHttpError, PoliceUkNetworkError, PoliceUkResponseError, PoliceUkTimeoutError} from "./errors.ts";
import {polyParam, splitInFour, type Ring} from "./polygon.ts";
import {TokenBucket} from "./rate-limit.ts";
import {
  apiCrimeListSchema,
  crimeCategoriesSchema,
  crimeLastUpdatedSchema,
  crimesStreetDatesSchema,
  type ApiCrime,
  type CrimeCategory,
  type CrimeLastUpdated,
  type StreetDate
} from "./schemas.ts";

export const DEFAULT_BASE_URL = "https://data.police.uk/api/";

export interface PoliceUkClientOptions {
  /** API root; default https://data.police.uk/api/ (tests point it at the replay server). */
  baseUrl?: string;
  /** Per-attempt timeout in milliseconds (default 60 000: large polygons can take tens of seconds). */
  timeoutMs?: number;
  /** Retries after the first attempt for 429, 5xx, timeouts and network errors (default 5). */
  retries?: number;
  /** First backoff delay in ms (default 1000); doubles each retry, with jitter, up to maxRetryDelayMs. */
  minRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Sustained request rate (default 14/s: a margin under police.uk's 15/s so network jitter never bunches us over). */
  requestsPerSecond?: number;
  /** Token bucket size (default 1: requests are evenly spaced; police.uk tolerates bursts of 30). */
  burst?: number;
  /** How many times a polygon may be split in four after 503 (default 6, i.e. up to 4^6 pieces). */
  maxSplitDepth?: number;
  /** A `poly` longer than this many characters goes in a POST form body instead of the query string (default 1500). */
  postPolyAbove?: number;
  /** Called after each HTTP attempt (for progress lines and the manifest's origin). */
  onRequest?: (event: RequestEvent) => void;
}

export interface RequestEvent {
  method: "GET" | "POST";
  url: string;
  status?: number;
  error?: string;
}

/** A month answered 404: police.uk has not published it yet. A gap, not a zero and not a failure. */
export interface NotPublished {
  status: "not-published";
  month: string;
  url: string;
}
export interface Published<T> {
  status: "published";
  month: string;
  data: T;
}
export type MonthResult<T> = Published<T> | NotPublished;

export interface PolygonCrimes {
  /** De-duplicated by the API's numeric id. */
  crimes: ApiCrime[];
  /** Requests answered 200 (1 when no split was needed). */
  pieces: number;
  /** Polygons police.uk refused with 503 and that were split in four. */
  splits: number;
}

const MAX_RATE = 15;
const MAX_BURST = 30;

interface Request {
  method: "GET" | "POST";
  path: string;
  query?: Record<string, string>;
  form?: Record<string, string>;
  /** 404 → not published (crime months). */
  notFoundIsNotPublished?: boolean;
  /** 503 → too many crimes (polygon queries). */
  serviceUnavailableIsTooMany?: boolean;
}
type Outcome<T> = {kind: "ok"; data: T} | {kind: "not-found"; url: string} | {kind: "too-many"; url: string};

export class PoliceUkClient {
  readonly baseUrl: string;
  private readonly bucket: TokenBucket;
  private readonly opts: Required<Omit<PoliceUkClientOptions, "onRequest" | "baseUrl">> & Pick<PoliceUkClientOptions, "onRequest">;

  constructor(options: PoliceUkClientOptions = {}) {
    this.baseUrl = normaliseBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
    this.opts = {
      timeoutMs: options.timeoutMs ?? 60_000,
      retries: options.retries ?? 5,
      minRetryDelayMs: options.minRetryDelayMs ?? 1000,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000,
      requestsPerSecond: options.requestsPerSecond ?? 14,
      burst: options.burst ?? 1,
      maxSplitDepth: options.maxSplitDepth ?? 6,
      postPolyAbove: options.postPolyAbove ?? 1500,
      onRequest: options.onRequest
    };
    if (this.opts.requestsPerSecond > MAX_RATE) throw new RangeError(`requestsPerSecond ${this.opts.requestsPerSecond} is over police.uk's limit of ${MAX_RATE}`);
    if (this.opts.burst > MAX_BURST) throw new RangeError(`burst ${this.opts.burst} is over police.uk's burst limit of ${MAX_BURST}`);
    this.bucket = new TokenBucket({ratePerSecond: this.opts.requestsPerSecond, burst: this.opts.burst});
  }

  /** The sustained request rate (for the refresh's time estimate). */
  get requestsPerSecond(): number {
    return this.opts.requestsPerSecond;
  }

  /** `crime-last-updated`: the latest month of street-level crime data ("YYYY-MM-01"; the day means nothing). */
  async crimeLastUpdated(): Promise<CrimeLastUpdated> {
    return this.mustBeOk(await this.request(crimeLastUpdatedSchema, {method: "GET", path: "crime-last-updated"}));
  }

  /** `crimes-street-dates`: months with street-level data, newest first (about the last 36). */
  async crimesStreetDates(): Promise<StreetDate[]> {
    return this.mustBeOk(await this.request(crimesStreetDatesSchema, {method: "GET", path: "crimes-street-dates"}));
  }

  /** `crime-categories`, optionally as valid in a month. */
  async crimeCategories(month?: string): Promise<CrimeCategory[]> {
    const query = month ? {date: month} : undefined;
    return this.mustBeOk(await this.request(crimeCategoriesSchema, {method: "GET", path: "crime-categories", query}));
  }

  /** `crimes-no-location?category=&force=&date=`: a force's crimes that have no map point. */
  async crimesNoLocation(args: {force: string; month: string; category?: string}): Promise<MonthResult<ApiCrime[]>> {
    const query = {category: args.category ?? ALL_CRIME, force: args.force, date: args.month};
    const outcome = await this.request(apiCrimeListSchema, {method: "GET", path: "crimes-no-location", query, notFoundIsNotPublished: true});
    if (outcome.kind === "not-found") return {status: "not-published", month: args.month, url: outcome.url};
    return {status: "published", month: args.month, data: this.mustBeOk(outcome)};
  }

  /**
   * `crimes-street/<category>` inside a polygon for one month. A polygon refused with 503 (over 10,000 crimes) is split
   * into the four quadrants of its bounding box and each part is asked again, recursively; crimes are de-duplicated by id.
   */
  async crimesStreetByPolygon(args: {polygon: Ring; month: string; category?: string}): Promise<MonthResult<PolygonCrimes>> {
    const byId = new Map<number, ApiCrime>();
    const tally = {pieces: 0, splits: 0};
    const result = await this.fetchPolygon(args.polygon, args.month, args.category ?? ALL_CRIME, 0, byId, tally);
    if (result) return {status: "not-published", month: args.month, url: result.url};
    return {status: "published", month: args.month, data: {crimes: [...byId.values()], ...tally}};
  }

  /** The URL a request goes to (for messages and the manifest's origin). */
  urlFor(path: string, query?: Record<string, string>): string {
    const url = new URL(path, this.baseUrl);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    return url.href;
  }

  private async fetchPolygon(
    polygon: Ring,
    month: string,
    category: string,
    depth: number,
    byId: Map<number, ApiCrime>,
    tally: {pieces: number; splits: number}
  ): Promise<{url: string} | undefined> {
    const poly = polyParam(polygon);
    const path = `crimes-street/${encodeURIComponent(category)}`;
    const long = poly.length > this.opts.postPolyAbove;
    const request: Request = long
      ? {method: "POST", path, form: {poly, date: month}, notFoundIsNotPublished: true, serviceUnavailableIsTooMany: true}
      : {method: "GET", path, query: {poly, date: month}, notFoundIsNotPublished: true, serviceUnavailableIsTooMany: true};
    const outcome = await this.request(apiCrimeListSchema, request);
    if (outcome.kind === "not-found") return {url: outcome.url};
    if (outcome.kind === "ok") {
      tally.pieces++;
      for (const crime of outcome.data) byId.set(crime.id, crime);
      return undefined;
    }
    if (depth >= this.opts.maxSplitDepth) {
      throw new PoliceUkHttpError(
        `${outcome.url} still answered 503 after splitting the area ${depth} times (a piece of ${polygon.length} vertices). ` +
          `Either one piece really holds over 10,000 crimes (raise maxSplitDepth) or police.uk is unavailable: try again later.`,
        outcome.url,
        503
      );
    }
    tally.splits++;
    for (const part of splitInFour(polygon)) {
      const notFound = await this.fetchPolygon(part, month, category, depth + 1, byId, tally);
      if (notFound) return notFound;
    }
    return undefined;
  }

  private mustBeOk<T>(outcome: Outcome<T>): T {
    if (outcome.kind === "ok") return outcome.data;
    const what = outcome.kind === "not-found" ? "404 Not Found" : "503 Service Unavailable";
    throw new PoliceUkHttpError(`${outcome.url} answered ${what}: check the base URL (${this.baseUrl}) and try again later.`, outcome.url, outcome.kind === "not-found" ? 404 : 503);
  }

  /**
   * One logical request through the shared helper (loaders/lib/http.ts): rate-limited attempts with retries and
   * backoff (Retry-After honoured); the body is checked against `schema`.
   */
  private async request<S extends z.ZodType>(schema: S, req: Request): Promise<Outcome<z.infer<S>>> {
    const url = this.urlFor(req.path, req.query);
    const label =
      req.method === "POST"
        ? `POST ${url} (form: ${describeParams(req.form)})`
        : `GET ${req.query && "poly" in req.query ? `${this.urlFor(req.path)}?${describeParams(req.query)}` : url}`;
    let response: HttpResponse;
    try {
      response = await httpRequest({
        url,
        label,
        method: req.method,
        headers: {accept: "application/json", ...(req.form ? {"content-type": "application/x-www-form-urlencoded"} : {})},
        body: req.form ? new URLSearchParams(req.form).toString() : undefined,
        expect: "json",
        acceptStatus: (status) => (status === 404 && req.notFoundIsNotPublished === true) || (status === 503 && req.serviceUnavailableIsTooMany === true),
        timeoutMs: this.opts.timeoutMs,
        retries: this.opts.retries,
        minRetryDelayMs: this.opts.minRetryDelayMs,
        maxRetryDelayMs: this.opts.maxRetryDelayMs,
        randomize: true,
        beforeAttempt: () => this.bucket.take(),
        // A transport failure is reported with the label (the polygon shortened), a status with the URL.
        onAttempt: (event) => this.opts.onRequest?.({method: req.method, url: event.status === undefined ? label : url, ...event})
      });
    } catch (error) {
      throw error instanceof HttpError ? this.toPoliceUkError(error) : error;
    }
    if (response.status === 404 && req.notFoundIsNotPublished) return {kind: "not-found", url: label};
    if (response.status === 503 && req.serviceUnavailableIsTooMany) return {kind: "too-many", url: label};
    try {
      return {kind: "ok", data: parseJson(schema, response.text, label)};
    } catch (error) {
      throw error instanceof HttpError ? this.toPoliceUkError(error) : error;
    }
  }

  /** The police.uk error type and advice for a helper error. */
  private toPoliceUkError(e: HttpError): PoliceUkError {
    const d = e.details;
    const label = d.url;
    const tail = e.attempts > 1 ? ` (gave up after ${e.attempts} attempts)` : "";
    switch (d.kind) {
      case "status": {
        const status = d.status ?? 0;
        const message = isRetryableStatus(status)
          ? `${label} answered HTTP ${status}${status === 429 ? " (rate limited)" : ""}: police.uk is busy or failing; try again later.`
          : `${label} answered HTTP ${status} ${d.statusText ?? ""}: ${d.snippet ?? ""}. Check the parameters and the base URL (${this.baseUrl}).`;
        return new PoliceUkHttpError(message + tail, label, status, d.retryAfterMs);
      }
      case "timeout":
        return new PoliceUkTimeoutError(`${label} did not answer within ${this.opts.timeoutMs / 1000} s: police.uk may be slow or down; try again later or raise --timeout.${tail}`, label, {cause: e.cause});
      case "network":
        return new PoliceUkNetworkError(
          `${label} failed: ${d.reason}. Check the internet connection (the refresh is the one command that needs it) and the base URL.${tail}`,
          label,
          {cause: e.cause}
        );
      case "html":
        return new PoliceUkResponseError(
          `${label} answered an HTML page where JSON was expected (content type "${d.contentType || "none"}", "${d.snippet}"). police.uk may be down for maintenance, ` +
            `or the base URL ${this.baseUrl} is not the police.uk API: open https://data.police.uk/ in a browser, check --base-url, and run the refresh again later.${tail}`,
          label
        );
      case "json":
        return new PoliceUkResponseError(
          `${label} answered malformed JSON (${d.reason}; body starts "${d.snippet}"). The response may have been cut off: run the refresh again; if it persists, report it to police.uk.`,
          label,
          {cause: e.cause}
        );
      case "schema":
        return new PoliceUkResponseError(
          `${label} answered JSON of an unexpected shape: at ${d.field}: ${d.issue}. police.uk may have changed its API: update the schema in loaders/policeuk/api/schemas.ts.`,
          label
        );
    }
  }
}

function normaliseBaseUrl(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`Invalid police.uk base URL "${base}": expected something like ${DEFAULT_BASE_URL}`);
  }
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url.href;
}

/** Parameters for messages, with a polygon shortened to its vertex count. */
function describeParams(params: Record<string, string> | undefined): string {
  if (!params) return "";
  return Object.entries(params)
    .map(([k, v]) => (k === "poly" ? `poly=<${v.split(":").length} points>` : `${k}=${v}`))
    .join("&");
}
