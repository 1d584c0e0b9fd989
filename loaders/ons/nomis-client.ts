/**
 * Nomis (https://www.nomisweb.co.uk/api/v01/) CSV client, used by the refresh to fetch Census 2021 tables and ONS
 * mid-year estimates. A data call is `dataset/<id>.data.csv?<dimension>=<codes>&select=<columns>`; the answer is a CSV
 * with upper-case column names, one row per cell, and the columns RECORD_OFFSET and RECORD_COUNT. Guest calls stop
 * at 25,000 rows with HTTP 200 and no error, so the client pages with `recordOffset` until it holds RECORD_COUNT rows,
 * and refuses a short or inconsistent sequence. Geography accepts GSS codes (e.g. "E06000026") or Nomis selectors.
 */
import {csvParse} from "d3-dsv";
import {z} from "zod";
import {getText, OnsApiError, resolveHttp, type HttpOptions, type ResolvedHttp} from "./http.ts";
import {MYE_OPEN_AGE} from "./mye.ts";
import {ETHNIC_GROUPS, type EthnicGroupKey} from "./tables.ts";

export const NOMIS_BASE_URL = "https://www.nomisweb.co.uk/api/v01/";
const SERVICE = "Nomis";

/** Nomis dataset ids used by the refresh. */
export const NOMIS_DATASETS = {
  /** Census 2021 TS021 Ethnic group (dimension c2021_eth_20). */
  ts021: "NM_2041_1",
  /** Population estimates, local authority based, by single year of age (dimensions gender, c_age). */
  myeSya: "NM_2002_1"
} as const;

/** TS021 high-level group codes (c2021_eth_20); 0 is the total of all usual residents. */
export const TS021_GROUP_CODES: Record<string, EthnicGroupKey> = {"1001": "asian", "1002": "black", "1003": "mixed", "1004": "white", "1005": "other"};

const count = z.string().regex(/^\d+$/, {error: "expected a whole number"});
/** Columns every page must have; the others depend on the dataset and `select`. */
export const nomisRowSchema = z.looseObject({RECORD_OFFSET: count, RECORD_COUNT: count, OBS_VALUE: z.string()});
export type NomisRow = z.infer<typeof nomisRowSchema>;

export interface NomisClientOptions extends HttpOptions {
  baseUrl?: string;
  /** Registered users' key (lifts the 25,000-row cap); sent as `uid`. */
  uid?: string;
  /** Safety stop for paging (default 400 pages = 10 million rows for guests). */
  maxPages?: number;
}

export interface Ts021Counts {
  code: string;
  name: string;
  population: number;
  asian: number;
  black: number;
  mixed: number;
  white: number;
  other: number;
}

export interface MyeSyaCount {
  date: string;
  code: string;
  name: string;
  sex: "male" | "female";
  /** Single year of age; MYE_OPEN_AGE (90) means 90 and over. */
  age: number;
  population: number;
}

export class NomisClient {
  readonly baseUrl: string;
  private readonly uid: string | undefined;
  private readonly maxPages: number;
  private readonly http: ResolvedHttp;

  constructor(opts: NomisClientOptions = {}) {
    const base = opts.baseUrl ?? NOMIS_BASE_URL;
    this.baseUrl = base.endsWith("/") ? base : `${base}/`;
    this.uid = opts.uid;
    this.maxPages = opts.maxPages ?? 400;
    this.http = resolveHttp(opts);
  }

  /** The URL of one page of a data call (parameters in the given order, then recordOffset and uid). */
  url(dataset: string, params: Record<string, string>, recordOffset = 0): string {
    const u = new URL(`dataset/${dataset}.data.csv`, this.baseUrl);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    if (recordOffset > 0) u.searchParams.set("recordOffset", String(recordOffset));
    if (this.uid) u.searchParams.set("uid", this.uid);
    return u.toString();
  }

  /**
   * Every row of a data call, all pages. `params.select` (if given) gets RECORD_OFFSET,RECORD_COUNT added;
   * `columns` are checked on every page.
   */
  async table(dataset: string, params: Record<string, string>, columns: string[] = []): Promise<NomisRow[]> {
    const p = {...params};
    if (p.select) p.select = [...new Set([...p.select.split(",").map((s) => s.trim().toUpperCase()), "OBS_VALUE", "RECORD_OFFSET", "RECORD_COUNT"])].join(",");
    const rows: NomisRow[] = [];
    let total: number | undefined;
    for (let page = 0; total === undefined || rows.length < total; page++) {
      const url = this.url(dataset, p, rows.length);
      if (page >= this.maxPages) throw new OnsApiError(SERVICE, "paging", url, `still short of ${total} rows after ${page} pages`, "Ask for fewer geographies or cells per call, or raise maxPages.");
      const pageRows = this.parsePage(await getText(SERVICE, url, this.http), url, columns, rows.length);
      if (pageRows.length === 0) {
        if (total === undefined) return rows; // a query that matches no cell: Nomis answers with the header only
        throw new OnsApiError(SERVICE, "paging", url, `empty page at offset ${rows.length} of ${total} rows`, "Nomis ended the table early; run the refresh again.");
      }
      const pageTotal = Number(pageRows[0]!.RECORD_COUNT);
      if (total !== undefined && pageTotal !== total) {
        throw new OnsApiError(SERVICE, "paging", url, `RECORD_COUNT changed from ${total} to ${pageTotal} between pages`, "The table was updated while it was read; run the refresh again.");
      }
      total = pageTotal;
      rows.push(...pageRows);
    }
    if (rows.length !== total) throw new OnsApiError(SERVICE, "paging", this.url(dataset, p), `received ${rows.length} rows, RECORD_COUNT says ${total}`, "Run the refresh again.");
    return rows;
  }

  private parsePage(body: string, url: string, columns: string[], offset: number): NomisRow[] {
    const parsed = csvParse(body.replace(/^\uFEFF/, ""));
    if (parsed.columns.length <= 1) {
      throw new OnsApiError(SERVICE, "layout", url, `the answer is not a Nomis CSV (starts "${body.slice(0, 80).replace(/\s+/g, " ")}")`, "Check the dataset id and parameters; Nomis answers errors as plain text.");
    }
    const missing = [...new Set(["OBS_VALUE", "RECORD_OFFSET", "RECORD_COUNT", ...columns])].filter((c) => !parsed.columns.includes(c));
    if (missing.length) {
      throw new OnsApiError(SERVICE, "layout", url, `column(s) ${missing.map((m) => `"${m}"`).join(", ")} missing (columns: ${parsed.columns.join(", ")})`, "Add them to select=, or update the client: Nomis has changed the table.");
    }
    return parsed.map((row, i) => {
      const r = nomisRowSchema.safeParse(row);
      if (!r.success) {
        const issue = r.error.issues[0];
        throw new OnsApiError(SERVICE, "value", url, `row ${offset + i + 1}, column "${String(issue?.path[0])}": ${issue?.message} (got "${String(row[String(issue?.path[0])] ?? "")}")`, "Nomis has changed the table layout; update loaders/ons/nomis-client.ts.");
      }
      if (i === 0 && Number(r.data.RECORD_OFFSET) !== offset) {
        throw new OnsApiError(SERVICE, "paging", url, `page starts at RECORD_OFFSET ${r.data.RECORD_OFFSET}, expected ${offset}`, "Nomis ignored recordOffset; run the refresh again.");
      }
      return r.data;
    });
  }

  /** Census 2021 TS021 usual residents in the five high-level ethnic groups, for the geographies asked. */
  async census2021Ethnicity(geography: string): Promise<Ts021Counts[]> {
    const cols = ["GEOGRAPHY_CODE", "GEOGRAPHY_NAME", "C2021_ETH_20", "C2021_ETH_20_NAME"];
    const params = {date: "latest", geography, c2021_eth_20: ["0", ...Object.keys(TS021_GROUP_CODES)].join(","), measures: "20100", select: cols.join(",")};
    const url = this.url(NOMIS_DATASETS.ts021, params);
    const rows = await this.table(NOMIS_DATASETS.ts021, params, cols);
    const by = new Map<string, Ts021Counts>();
    for (const [i, r] of rows.entries()) {
      const code = String(r.GEOGRAPHY_CODE);
      const rec = by.get(code) ?? {code, name: String(r.GEOGRAPHY_NAME), population: NaN, asian: NaN, black: NaN, mixed: NaN, white: NaN, other: NaN};
      const value = wholeNumber(r.OBS_VALUE, url, i, "OBS_VALUE");
      const cell = String(r.C2021_ETH_20);
      const key = TS021_GROUP_CODES[cell];
      if (cell === "0") rec.population = value;
      else if (key) {
        const expected = ETHNIC_GROUPS.find((g) => g.key === key)!.label;
        if (String(r.C2021_ETH_20_NAME) !== expected) {
          throw new OnsApiError(SERVICE, "layout", url, `row ${i + 1}: category ${cell} is "${String(r.C2021_ETH_20_NAME)}", expected "${expected}"`, "Nomis has renumbered the TS021 categories; update TS021_GROUP_CODES.");
        }
        rec[key] = value;
      } else throw new OnsApiError(SERVICE, "layout", url, `row ${i + 1}: unexpected category ${cell}`, "Update TS021_GROUP_CODES.");
      by.set(code, rec);
    }
    for (const rec of by.values()) {
      const sum = rec.asian + rec.black + rec.mixed + rec.white + rec.other;
      if (!(sum === rec.population)) {
        throw new OnsApiError(SERVICE, "value", url, `${rec.code}: the five groups sum to ${sum}, not the total ${rec.population} (or a group is missing)`, "The answer is incomplete; run the refresh again.");
      }
    }
    return [...by.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  /** ONS mid-year estimates by single year of age (0–89, 90+) and sex, for the geographies and date asked. */
  async midYearEstimates(geography: string, date = "latest"): Promise<MyeSyaCount[]> {
    const cols = ["DATE_NAME", "GEOGRAPHY_CODE", "GEOGRAPHY_NAME", "GENDER_NAME", "C_AGE_NAME"];
    const params = {geography, date, gender: "1,2", c_age: "101...191", measures: "20100", select: cols.join(",")};
    const url = this.url(NOMIS_DATASETS.myeSya, params);
    const rows = await this.table(NOMIS_DATASETS.myeSya, params, cols);
    return rows.map((r, i) => {
      const age = /^Aged? (\d+)(\+)?$/.exec(String(r.C_AGE_NAME));
      const sex = String(r.GENDER_NAME).toLowerCase();
      if (!age || Number(age[1]) > MYE_OPEN_AGE || (sex !== "male" && sex !== "female")) {
        throw new OnsApiError(SERVICE, "layout", url, `row ${i + 1}: unexpected age "${String(r.C_AGE_NAME)}" or sex "${String(r.GENDER_NAME)}"`, "Nomis has changed the c_age or gender categories; update loaders/ons/nomis-client.ts.");
      }
      return {date: String(r.DATE_NAME), code: String(r.GEOGRAPHY_CODE), name: String(r.GEOGRAPHY_NAME), sex, age: Number(age[1]), population: wholeNumber(r.OBS_VALUE, url, i, "OBS_VALUE")};
    });
  }
}

function wholeNumber(v: unknown, url: string, i: number, column: string): number {
  const s = String(v ?? "");
  if (!/^\d+$/.test(s)) throw new OnsApiError(SERVICE, "value", url, `row ${i + 1}, column "${column}": "${s}" is not a whole number`, "A suppressed or missing cell: check the query, or report it to Nomis.");
  return Number(s);
}
