/**
 * Client for the classic Fingertips API (https://fingertips.phe.org.uk/api/). Calls are slow and fail often,
 * so each is retried with exponential backoff by the shared helper (loaders/lib/http.ts); 4xx answers are not retried. Every response is checked:
 * CSV by the column-name parser (csv.ts), JSON by the zod schemas (schemas.ts). Errors name the indicator,
 * column and URL (errors.ts).
 */
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {z} from "zod";
import {getText, HttpError, parseJson} from "../lib/http.ts";
import {parseFingertipsCsv, readCsvRecords} from "./csv.ts";
import {FingertipsError} from "./errors.ts";
import {
  areasResponseSchema,
  areaTypesResponseSchema,
  indicatorMetadataCsvRowSchema,
  indicatorSearchResponseSchema,
  parentToChildResponseSchema,
  polarityFromLabel,
  type Area,
  type AreaType,
  type IndicatorMetadata,
  type ParentToChild
} from "./schemas.ts";
import type {IndicatorData, IndicatorDataRequest, IndicatorSource} from "./source.ts";

export const DEFAULT_BASE_URL = "https://fingertips.phe.org.uk/api/";

export interface ClassicClientOptions {
  /** API base URL, ending in "/api/" (a trailing slash is added if missing). */
  baseUrl?: string;
  /** Attempts after the first (default 4). */
  retries?: number;
  /** First backoff delay in ms (default 2000), doubled on each retry. */
  minTimeoutMs?: number;
  /** Per-request timeout in ms (default 10 minutes: whole-area-type exports can take minutes). */
  requestTimeoutMs?: number;
  /** Called on each failed attempt, e.g. to log progress. */
  onRetry?: (message: string) => void;
  fetch?: typeof fetch;
}

export class ClassicFingertipsClient implements IndicatorSource {
  readonly id = "fingertips-classic";
  readonly baseUrl: string;
  private readonly retries: number;
  private readonly minTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly onRetry: ((message: string) => void) | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(opts: ClassicClientOptions = {}) {
    const base = opts.baseUrl ?? DEFAULT_BASE_URL;
    this.baseUrl = base.endsWith("/") ? base : `${base}/`;
    this.retries = opts.retries ?? 4;
    this.minTimeoutMs = opts.minTimeoutMs ?? 2000;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 600_000;
    this.onRetry = opts.onRetry;
    this.fetchImpl = opts.fetch ?? fetch;
  }

  url(path: string, params: Record<string, string | number> = {}): string {
    const u = new URL(path, this.baseUrl);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, String(v));
    return u.toString();
  }

  async indicatorData(request: IndicatorDataRequest): Promise<IndicatorData> {
    const url = this.url("all_data/csv/by_indicator_id", {
      indicator_ids: request.indicatorId,
      child_area_type_id: request.childAreaTypeId,
      parent_area_type_id: request.parentAreaTypeId
    });
    const body = await this.getText(url, request.indicatorId);
    const parsed = await withTempFile(body, (path) => parseFingertipsCsv(path, {indicatorId: request.indicatorId, url}));
    return {request, url, values: parsed.values, breakdowns: parsed.breakdowns, duplicatesRemoved: parsed.duplicatesRemoved};
  }

  /** Reads `indicator_metadata/csv/by_indicator_id`, the metadata form that carries polarity. */
  async indicatorMetadata(indicatorIds: number[]): Promise<IndicatorMetadata[]> {
    if (indicatorIds.length === 0) return [];
    const url = this.url("indicator_metadata/csv/by_indicator_id", {indicator_ids: indicatorIds.join(",")});
    const body = await this.getText(url);
    const rows = await withTempFile(body, (path) => readCsvRecords(path, {url}));
    return rows.map((row, i) => {
      const parsed = indicatorMetadataCsvRowSchema.safeParse(row);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new FingertipsError(`metadata record ${i + 1} does not have the expected shape (${issue?.message})`, {
          kind: "schema", column: String(issue?.path[0] ?? ""), url,
          fix: "Fingertips has changed the metadata layout: update indicatorMetadataCsvRowSchema in loaders/fingertips/schemas.ts."
        });
      }
      const r = parsed.data;
      return {
        indicatorId: Number(r["Indicator ID"]),
        name: r.Indicator.replace(/\s+/g, " ").trim(),
        definition: r.Definition ?? null,
        unit: r.Unit ?? null,
        valueType: r["Value type"] ?? null,
        polarity: polarityFromLabel(r.Polarity)
      };
    });
  }

  areaTypes(): Promise<AreaType[]> {
    return this.getJson(this.url("area_types"), areaTypesResponseSchema);
  }

  areasByType(areaTypeId: number): Promise<Area[]> {
    return this.getJson(this.url("areas/by_area_type", {area_type_id: areaTypeId}), areasResponseSchema);
  }

  parentToChildAreas(childAreaTypeId: number, parentAreaTypeId: number): Promise<ParentToChild> {
    const url = this.url("parent_to_child_areas", {child_area_type_id: childAreaTypeId, parent_area_type_id: parentAreaTypeId});
    return this.getJson(url, parentToChildResponseSchema);
  }

  async searchIndicators(text: string): Promise<number[]> {
    const byProfile = await this.getJson(this.url("indicator_search", {search_text: text}), indicatorSearchResponseSchema);
    return [...new Set(Object.values(byProfile).flat())].sort((a, b) => a - b);
  }

  /** CIPFA nearest neighbours: the areas whose parent code is `nn-1-<area code>`. */
  nearestNeighbours(areaCode: string, areaTypeId: number): Promise<Area[]> {
    const url = this.url("areas/by_parent_area_code", {area_type_id: areaTypeId, parent_area_code: `nn-1-${areaCode}`});
    return this.getJson(url, areasResponseSchema);
  }

  private async getJson<S extends z.ZodType>(url: string, schema: S): Promise<z.infer<S>> {
    const body = await this.getText(url, undefined, "json");
    try {
      return parseJson(schema, body, url);
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      if (e.kind === "json") throw new FingertipsError(`the response is not JSON (${e.details.reason})`, {kind: "schema", url, fix: "Try again later; check the URL in a browser."});
      throw new FingertipsError(`the JSON does not have the expected shape at ${e.details.field === "(top level)" ? "(root)" : e.details.field}: ${e.details.issue}`, {
        kind: "schema", column: e.details.field === "(top level)" ? "" : e.details.field, url,
        fix: "The API has changed: update the schema in loaders/fingertips/schemas.ts."
      });
    }
  }

  /** GET through the shared helper (loaders/lib/http.ts): 4xx are final; 5xx, 429 and network errors are retried with backoff. */
  private getText(url: string, indicatorId?: number, expect: "json" | "csv" = "csv"): Promise<string> {
    return getText(url, {
      expect,
      retries: this.retries,
      minRetryDelayMs: this.minTimeoutMs,
      timeoutMs: this.requestTimeoutMs,
      fetch: this.fetchImpl,
      onRetry: this.onRetry,
      asError: (e) => toFingertipsError(e, url, indicatorId)
    });
  }
}

/** The Fingertips wording of a helper error, with the fix for its kind. */
function toFingertipsError(e: HttpError, url: string, indicatorId: number | undefined): FingertipsError {
  const d = e.details;
  const tail = e.attempts > 1 ? ` (gave up after ${e.attempts} attempts)` : "";
  if (d.kind === "html") {
    return new FingertipsError(`received an HTML page (content type "${d.contentType || "none"}") instead of the data`, {
      kind: "html", indicatorId, url, fix: "Try the refresh again later; if it persists, open the URL in a browser and check the API base URL."
    });
  }
  if (d.kind === "status") {
    return new FingertipsError(`HTTP ${d.status} ${d.statusText ?? ""}`.trim() + tail, {
      kind: "http", indicatorId, url,
      fix: d.status === 404 || d.status === 400
        ? "The indicator or area type may no longer exist: check the id with indicator_metadata and available_data."
        : "The server is failing; run the refresh again later. The last good copy is kept."
    });
  }
  const problem = d.kind === "timeout" ? `no answer within ${(d.timeoutMs ?? 0) / 1000} s` : `no answer (${d.reason ?? e.problem})`;
  return new FingertipsError(problem + tail, {kind: "http", indicatorId, url, fix: "Check the internet connection and the API base URL, then run the refresh again."});
}

/** Writes a body to a private temporary file for DuckDB to read, and always removes it. */
async function withTempFile<T>(body: string, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "fingertips-"));
  const path = join(dir, "response.csv");
  try {
    writeFileSync(path, body);
    return await fn(path);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}
