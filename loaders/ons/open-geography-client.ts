/**
 * ONS Open Geography portal client (ArcGIS REST feature services), used by the refresh for lookups (attributes only,
 * f=json) and boundaries (f=geojson, WGS84). A layer answers at most 1,000–2,000 features per query and says
 * `exceededTransferLimit: true` when more remain (at the top level for f=json, under `properties` for f=geojson):
 * the client asks again with `resultOffset` advanced by the features received, ordered by a field so pages do not
 * overlap, and checks the total against `returnCountOnly`. ArcGIS reports query errors as HTTP 200 with a body
 * `{"error": {...}}`; these are turned into errors naming the URL. Use generalised boundaries (BGC/BSC) for the web.
 */
import {z} from "zod";
import {getText, OnsApiError, resolveHttp, type HttpOptions, type ResolvedHttp} from "./http.ts";

export const OPEN_GEOGRAPHY_BASE_URL = "https://services1.arcgis.com/ESMARspQHYMw9BZ9/arcgis/rest/services/";
const SERVICE = "ONS Open Geography";

const attributeValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const arcgisErrorSchema = z.object({error: z.object({code: z.number(), message: z.string(), details: z.array(z.string()).optional()})});
export const arcgisCountSchema = z.object({count: z.number().int().nonnegative()});
export const arcgisJsonPageSchema = z.object({
  features: z.array(z.object({attributes: z.record(z.string(), attributeValue)})),
  exceededTransferLimit: z.boolean().optional()
});
export const geoJsonFeatureSchema = z.object({
  type: z.literal("Feature"),
  id: z.union([z.string(), z.number()]).optional(),
  properties: z.record(z.string(), attributeValue),
  geometry: z.object({type: z.enum(["Polygon", "MultiPolygon", "Point", "MultiPoint", "LineString", "MultiLineString"]), coordinates: z.array(z.unknown())}).nullable()
});
export type GeoJsonFeature = z.infer<typeof geoJsonFeatureSchema>;
export const geoJsonPageSchema = z.object({
  type: z.literal("FeatureCollection"),
  features: z.array(geoJsonFeatureSchema),
  properties: z.object({exceededTransferLimit: z.boolean().optional()}).loose().optional(),
  exceededTransferLimit: z.boolean().optional()
});
export interface FeatureCollection {
  type: "FeatureCollection";
  features: GeoJsonFeature[];
}

export interface QueryOptions {
  where?: string;
  outFields?: string[];
  /** Field(s) to order by: needed for stable paging (e.g. "FID" or the code field). */
  orderByFields: string;
}

export interface OpenGeographyClientOptions extends HttpOptions {
  baseUrl?: string;
  /** Features asked per page (resultRecordCount); the server may send fewer. Default 2000. */
  pageSize?: number;
  /** Safety stop for paging (default 500 pages). */
  maxPages?: number;
}

export class OpenGeographyClient {
  readonly baseUrl: string;
  private readonly pageSize: number;
  private readonly maxPages: number;
  private readonly http: ResolvedHttp;

  constructor(opts: OpenGeographyClientOptions = {}) {
    const base = opts.baseUrl ?? OPEN_GEOGRAPHY_BASE_URL;
    this.baseUrl = base.endsWith("/") ? base : `${base}/`;
    this.pageSize = opts.pageSize ?? 2000;
    this.maxPages = opts.maxPages ?? 500;
    this.http = resolveHttp(opts);
  }

  /** The query URL of layer `layer` of a feature service. */
  queryUrl(service: string, params: Record<string, string>, layer = 0): string {
    const u = new URL(`${encodeURIComponent(service)}/FeatureServer/${layer}/query`, this.baseUrl);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return u.toString();
  }

  /** How many features match `where`. */
  async count(service: string, where = "1=1", layer = 0): Promise<number> {
    const url = this.queryUrl(service, {where, returnCountOnly: "true", f: "json"}, layer);
    return (await this.getJson(url, arcgisCountSchema)).count;
  }

  /** Every matching feature's attributes (no geometry), all pages: for lookups such as LSOA21 → LAD. */
  async attributes(service: string, q: QueryOptions, layer = 0): Promise<Record<string, string | number | boolean | null>[]> {
    const pages = await this.pages(service, q, layer, {f: "json", returnGeometry: "false"}, arcgisJsonPageSchema, (p) => ({n: p.features.length, more: p.exceededTransferLimit === true}));
    return pages.flatMap((p) => p.features.map((f) => f.attributes));
  }

  /** Every matching feature as GeoJSON in WGS84 (outSR 4326), all pages, as one FeatureCollection. */
  async geojson(service: string, q: QueryOptions, layer = 0): Promise<FeatureCollection> {
    const pages = await this.pages(service, q, layer, {f: "geojson", outSR: "4326"}, geoJsonPageSchema,
      (p) => ({n: p.features.length, more: (p.properties?.exceededTransferLimit ?? p.exceededTransferLimit) === true}));
    return {type: "FeatureCollection", features: pages.flatMap((p) => p.features)};
  }

  /** Attributes of a lookup checked row by row against `schema`; the error names the row and field. */
  async lookup<S extends z.ZodType>(service: string, schema: S, q: QueryOptions, layer = 0): Promise<z.infer<S>[]> {
    const rows = await this.attributes(service, q, layer);
    return rows.map((row, i) => {
      const r = schema.safeParse(row);
      if (!r.success) {
        const issue = r.error.issues[0];
        throw new OnsApiError(SERVICE, "layout", this.queryUrl(service, {where: q.where ?? "1=1"}, layer),
          `feature ${i + 1}, field "${issue?.path.join(".")}": ${issue?.message}`, "The service's fields have changed (a new vintage renames e.g. LAD24CD to LAD25CD): update the schema.");
      }
      return r.data;
    });
  }

  private async pages<P>(service: string, q: QueryOptions, layer: number, format: Record<string, string>, schema: z.ZodType<P>, read: (p: P) => {n: number; more: boolean}): Promise<P[]> {
    const where = q.where ?? "1=1";
    const expected = await this.count(service, where, layer);
    const out: P[] = [];
    let offset = 0;
    for (let page = 0; ; page++) {
      const url = this.queryUrl(service, {
        where, outFields: (q.outFields ?? ["*"]).join(","), orderByFields: q.orderByFields,
        resultOffset: String(offset), resultRecordCount: String(this.pageSize), ...format
      }, layer);
      if (page >= this.maxPages) throw new OnsApiError(SERVICE, "paging", url, `still more features after ${page} pages`, "Narrow the where clause or raise maxPages.");
      const body = await this.getJson(url, schema);
      const {n, more} = read(body);
      out.push(body);
      offset += n;
      if (!more) break;
      if (n === 0) throw new OnsApiError(SERVICE, "paging", url, "an empty page says more features remain", "The service is misbehaving; run the refresh again later.");
    }
    if (offset !== expected) {
      throw new OnsApiError(SERVICE, "paging", this.queryUrl(service, {where}, layer), `received ${offset} features, the count says ${expected}`, "Pages overlapped or were lost: order by a unique field (orderByFields) and run again.");
    }
    return out;
  }

  private async getJson<P>(url: string, schema: z.ZodType<P>): Promise<P> {
    const body = await getText(SERVICE, url, this.http, "json");
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (e) {
      throw new OnsApiError(SERVICE, "layout", url, `the answer is not JSON (${(e as Error).message})`, "Try again later; open the URL in a browser to see what the service sends.");
    }
    const err = arcgisErrorSchema.safeParse(json);
    if (err.success) {
      const e = err.data.error;
      throw new OnsApiError(SERVICE, "api-error", url, `ArcGIS error ${e.code}: ${e.message}${e.details?.length ? ` (${e.details.join("; ")})` : ""}`, "Check the service name, field names and where clause.");
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new OnsApiError(SERVICE, "layout", url, `unexpected JSON at ${issue?.path.join(".") || "(root)"}: ${issue?.message}`, "The service has changed its answer; update loaders/ons/open-geography-client.ts.");
    }
    return parsed.data;
  }
}
