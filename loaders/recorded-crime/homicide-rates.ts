/**
 * ONS Explore Local Statistics "Homicide offences": homicides per 1,000,000 residents over 3-year rolling periods
 * (Apr 2014–Mar 2017 … Apr 2022–Mar 2025) for the 43 police force areas, English regions, nations and England and
 * Wales; source the Home Office Homicide Index (homicide-offences.json is ONS's metadata). OGL v3.0.
 *
 * The file starts with a UTF-8 BOM; `period` is ISO 8601 (`2014-04-01/P3Y`); the CI columns are empty for this
 * indicator; an empty observation is unavailable (City of London, flagged "u"), never 0. Read by column name.
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {parseCsv} from "../lib/csv.ts";
import {ONS_FILES} from "../ons/lookups.ts";
import {FORCE_BY_PFA} from "../policeuk/forces.ts";
import {forceRegionSchema, homicideRateSchema, type ForceRegion, type HomicideRate} from "./schemas.ts";

export const HOMICIDE_FILE = "recorded-crime/homicide/homicide-offences.csv";
const COLUMNS = ["areacd", "areanm", "geography", "period", "observation", "unit"] as const;
const UNIT = "Rate per 1,000,000 population";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2014-04-01/P3Y" → {period_start "2014-04", period_end "2017-03", label "Apr 2014 to Mar 2017"}; null if not that form. */
export function parseRollingPeriod(period: string): {period_start: string; period_end: string; label: string} | null {
  const m = /^(\d{4})-(\d{2})-01\/P(\d+)Y$/.exec(period.trim());
  if (!m) return null;
  const [y, mo, years] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const endIndex = y * 12 + (mo - 1) + years * 12 - 1;
  const [ey, em] = [Math.floor(endIndex / 12), (endIndex % 12) + 1];
  const ym = (a: number, b: number) => `${a}-${String(b).padStart(2, "0")}`;
  return {period_start: ym(y, mo), period_end: ym(ey, em), label: `${MONTHS[mo - 1]} ${y} to ${MONTHS[em - 1]} ${ey}`};
}

/**
 * Every row of the homicide file. Throws, naming the file, line and column, on a missing column, a unit other than
 * per million, a period or value it cannot read, or an area without exactly one row for each period of the file.
 */
export function readHomicideRates(snapshotDir: string): HomicideRate[] {
  const {columns, rows} = parseCsv(readFileSync(join(snapshotDir, HOMICIDE_FILE), "utf-8"));
  const missing = COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) throw new Error(`${HOMICIDE_FILE}: missing column(s) ${missing.join(", ")}; ONS changed the layout. Update loaders/recorded-crime/homicide-rates.ts.`);
  const out = rows.map((r, i): HomicideRate => {
    const where = (column: string) => `${HOMICIDE_FILE} line ${i + 2}, column "${column}"`;
    if (r.unit !== UNIT) throw new Error(`${where("unit")}: expected "${UNIT}"; the rates would be read on the wrong scale.`);
    const period = parseRollingPeriod(r.period ?? "");
    if (!period) throw new Error(`${where("period")}: "${(r.period ?? "").slice(0, 30)}" is not an ISO 8601 period such as 2014-04-01/P3Y.`);
    const obs = (r.observation ?? "").trim();
    if (obs !== "" && !Number.isFinite(Number(obs))) throw new Error(`${where("observation")}: not a number.`);
    const parsed = homicideRateSchema.safeParse({
      area_code: r.areacd, area_name: r.areanm, geography: r.geography, ...period,
      rate_per_million: obs === "" ? null : Number(obs), status: r.status?.trim() || null
    });
    if (!parsed.success) throw new Error(`${HOMICIDE_FILE} line ${i + 2}: ${parsed.error.issues.map((e) => `${e.path.join(".")} ${e.message}`).join("; ")}.`);
    return parsed.data;
  });
  checkPeriods(out);
  return out;
}

/** Each area must have one row for each period found in the file (a gap or a duplicate is an error). */
function checkPeriods(rows: readonly HomicideRate[]): void {
  const periods = [...new Set(rows.map((r) => r.period_start))].sort();
  const byArea = new Map<string, string[]>();
  for (const r of rows) byArea.set(r.area_code, [...(byArea.get(r.area_code) ?? []), r.period_start]);
  for (const [area, ps] of byArea) {
    if (ps.length !== periods.length || new Set(ps).size !== periods.length) {
      throw new Error(`${HOMICIDE_FILE}: area ${area} has ${ps.length} rows for ${new Set(ps).size} of the file's ${periods.length} periods; each area needs one row per period.`);
    }
  }
}

/** police.uk force id → ONS Police Force Area code (England; loaders/policeuk/forces.ts). */
export function pfaCodeOfForce(forceId: string): string | undefined {
  return Object.entries(FORCE_BY_PFA).find(([, f]) => f.id === forceId)?.[0];
}

/**
 * The English region of each force, from the snapshot's ONS lookups: its 2024 districts (LAD → CSP → PFA) and their
 * regions (LAD 2023 → region). Throws if a force's districts lie in more than one region.
 */
export function forceRegions(snapshotDir: string): ForceRegion[] {
  const read = (file: string) => parseCsv(readFileSync(join(snapshotDir, file), "utf-8")).rows;
  const region = new Map(read(ONS_FILES.ladToRegion).map((r) => [r.ltla23_code ?? "", {code: r.region23_code ?? "", name: r.region23_name ?? ""}]));
  const byPfa = new Map<string, Map<string, string>>();
  for (const r of read(ONS_FILES.ladToPfa)) {
    const reg = region.get(r.ltla24_code ?? "");
    if (!reg || !r.pfa24_code) continue; // Welsh districts have no English region
    byPfa.set(r.pfa24_code, (byPfa.get(r.pfa24_code) ?? new Map()).set(reg.code, reg.name));
  }
  return Object.entries(FORCE_BY_PFA).map(([pfa, f]) => {
    const regions = [...(byPfa.get(pfa) ?? new Map<string, string>())];
    const only = regions[0];
    if (regions.length !== 1 || !only) throw new Error(`${f.name} (${pfa}): its districts lie in ${regions.length} regions in ${ONS_FILES.ladToPfa} and ${ONS_FILES.ladToRegion}; expected one.`);
    return forceRegionSchema.parse({force_id: f.id, pfa_code: pfa, region_code: only[0], region_name: only[1]});
  });
}

/** A force's homicide rates beside its region's, England's and England and Wales', each ordered by period. */
export function homicideForForce(rates: readonly HomicideRate[], forceId: string, regions: readonly ForceRegion[]): {force: HomicideRate[]; region: HomicideRate[]; england: HomicideRate[]; englandAndWales: HomicideRate[]} {
  const pfa = pfaCodeOfForce(forceId);
  const reg = regions.find((r) => r.force_id === forceId);
  if (!pfa || !reg) throw new Error(`"${forceId}" is not an English police.uk force id (loaders/policeuk/forces.ts).`);
  const of = (code: string) => rates.filter((r) => r.area_code === code).sort((a, b) => a.period_start.localeCompare(b.period_start));
  const force = of(pfa);
  if (!force.length) throw new Error(`${HOMICIDE_FILE}: no rows for ${forceId} (${pfa}).`);
  return {force, region: of(reg.region_code), england: of("E92000001"), englandAndWales: of("K04000001")};
}
