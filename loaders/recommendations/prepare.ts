/**
 * The prepare step's part for recommendations: reads the register, checks it against what this build holds (the
 * findings of partnership.json and indicators.json, the evidence table, the configured measures) and writes three
 * tables: the recommendations, the monitoring of each measure they cite, and a summary that the chapter and the
 * board pack both read (data/registers/README.md documents its shape). Runs after the tables it reads are written.
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {TABLES, type Row} from "../../components/tables/registry.ts";
import {findingHref, recommendationAnchor} from "../../components/recommendations/links.ts";
import {measureIds, monitoringRows, type MonitoringInput} from "../../components/recommendations/monitoring.ts";
import type {LocalMeasureDef} from "../../components/success/measures.ts";
import {preparedTables} from "../content/load.ts";
import {writeTable} from "../prepare/table-schema.ts";
import {writeJson} from "../prepare/write-outputs.ts";
import {checkRecommendations, PRIORITIES, readRecommendationsRegister, RECOMMENDATIONS_REGISTER_FILE, STATUSES, type CheckedRecommendation, type RegisterRow} from "./register.ts";

interface Finding {
  id: string;
  text: string;
}

/** What the summary says of one recommendation: enough for a board paper to print it with its reasons. */
export interface SummaryRecommendation {
  id: string;
  recommendation: string;
  owner: string;
  timescale: string;
  priority: string;
  status: string;
  example: boolean;
  href: string;
  reasons: {kind: "finding" | "evidence"; id: string; text: string; href: string; example: boolean}[];
  measures: {id: string; measure: string; direction: string; latest_value: number | null; latest_period: string | null}[];
}

export interface RecommendationsSummary {
  /** The register file, or null when the build has none. */
  file: string | null;
  area: string;
  showExamples: boolean;
  total: number;
  examples: number;
  /** Recommendations not complete or stopped. */
  open: number;
  byPriority: {priority: string; count: number}[];
  byStatus: {status: string; count: number}[];
  /** Rows of the file for other areas, and EXAMPLE rows left out because content.showExamples is false. */
  leftOut: {otherAreas: number; examplesHidden: number};
  /** The open recommendations, high priority first, at most five. */
  top: SummaryRecommendation[];
}

const CLOSED = new Set<string>(["complete", "stopped"]);
const TOP = 5;

/** The open recommendations in the order a board should read them: priority, then progress, then the register's order. */
export function topRecommendations<R extends {priority: string; status: string}>(recs: readonly R[], n = TOP): R[] {
  const progress = ["in progress", "agreed", "proposed"];
  return recs
    .map((r, i) => ({r, i}))
    .filter(({r}) => !CLOSED.has(r.status))
    .sort((a, b) => PRIORITIES.indexOf(a.r.priority as never) - PRIORITIES.indexOf(b.r.priority as never) || progress.indexOf(a.r.status) - progress.indexOf(b.r.status) || a.i - b.i)
    .slice(0, n)
    .map(({r}) => r);
}

export interface RecommendationTablesInput {
  config: {area: {code: string; name: string}; forces: readonly {name: string}[]; content: {showExamples: boolean}; successMeasures: {local: readonly LocalMeasureDef[]}};
  /** The register's rows (readRecommendationsRegister), and how errors name it. */
  register: {file: string | null; rows: readonly RegisterRow[]};
  findings: readonly Finding[];
  evidence: readonly Row<typeof TABLES.evidence>[];
  monitoring: Omit<MonitoringInput, "local">;
}

/** The three tables, from the register and the build's own findings, evidence and measures. Throws on a bad register. */
export function recommendationTables(input: RecommendationTablesInput): {recommendations: Row<typeof TABLES.recommendations>[]; monitoring: Row<typeof TABLES.recommendation_monitoring>[]; summary: RecommendationsSummary} {
  const {config, register} = input;
  const local = config.successMeasures.local;
  const checked: CheckedRecommendation[] = checkRecommendations(
    register.rows,
    {areaCode: config.area.code, findings: input.findings.map((f) => f.id), evidence: input.evidence.map((e) => e.id), measures: measureIds(local)},
    register.file ?? RECOMMENDATIONS_REGISTER_FILE,
    {showExamples: config.content.showExamples}
  );
  const join_ = (xs: readonly string[]) => (xs.length ? xs.join("; ") : null);
  const recommendations = checked.map((r) => ({id: r.id, recommendation: r.recommendation, findings: join_(r.findings), evidence: join_(r.evidence), owner: r.owner, timescale: r.timescale, measures: join_(r.measures), priority: r.priority, status: r.status, example: r.example}));
  // Home Office measures first, then the local ones, in the configuration's order: only those a recommendation cites.
  const cited = measureIds(local).filter((m) => checked.some((r) => r.measures.includes(m)));
  const monitoring = monitoringRows(cited, {...input.monitoring, local}).map((m) => ({...m, recommendations: checked.filter((r) => r.measures.includes(m.measure_id)).map((r) => r.id).join("; ")}));

  const findingText = new Map(input.findings.map((f) => [f.id, f.text]));
  const entry = new Map(input.evidence.map((e) => [e.id, e]));
  const measure = new Map(monitoring.map((m) => [m.measure_id, m]));
  const summaryOf = (r: CheckedRecommendation): SummaryRecommendation => ({
    id: r.id,
    recommendation: r.recommendation,
    owner: r.owner,
    timescale: r.timescale,
    priority: r.priority,
    status: r.status,
    example: r.example,
    href: `./recommendations#${recommendationAnchor(r.id)}`,
    reasons: [
      ...r.findings.map((id) => ({kind: "finding" as const, id, text: findingText.get(id)!, href: findingHref(id), example: false})),
      ...r.evidence.map((id) => ({kind: "evidence" as const, id, text: entry.get(id)!.approach, href: `./evidence#evidence-${id}`, example: entry.get(id)!.example}))
    ],
    measures: r.measures.map((id) => {
      const m = measure.get(id)!;
      return {id, measure: m.measure, direction: m.direction, latest_value: m.latest_value, latest_period: m.latest_period};
    })
  });
  const mine = register.rows.filter((x) => x.rec.area === config.area.code);
  const summary: RecommendationsSummary = {
    file: register.file,
    area: config.area.code,
    showExamples: config.content.showExamples,
    total: checked.length,
    examples: checked.filter((r) => r.example).length,
    open: checked.filter((r) => !CLOSED.has(r.status)).length,
    byPriority: PRIORITIES.map((priority) => ({priority, count: checked.filter((r) => r.priority === priority).length})),
    byStatus: STATUSES.map((status) => ({status, count: checked.filter((r) => r.status === status).length})),
    leftOut: {otherAreas: register.rows.length - mine.length, examplesHidden: config.content.showExamples ? 0 : mine.filter((x) => x.rec.example).length},
    top: topRecommendations(checked).map(summaryOf)
  };
  return {recommendations, monitoring, summary};
}

/** Reads the prepared tables it needs from outDir and writes the three tables there. */
export function writeRecommendations(config: RecommendationTablesInput["config"], outDir: string, registerPath?: string): void {
  const tables = preparedTables(outDir);
  const json = (file: string) => JSON.parse(readFileSync(join(outDir, file), "utf-8")) as {findings: Finding[]; headline: {population: number}};
  const partnership = json(TABLES.partnership.file);
  const rows = (name: string) => {
    const t = tables.get(name);
    if (t?.kind !== "rows") throw new Error(`writeRecommendations: the prepared table ${name} is missing; write it first`);
    return t.rows;
  };
  const {recommendations, monitoring, summary} = recommendationTables({
    config,
    register: readRecommendationsRegister(registerPath),
    findings: [...partnership.findings, ...json(TABLES.indicators.file).findings],
    evidence: rows("evidence") as Row<typeof TABLES.evidence>[],
    monitoring: {
      forceName: config.forces.map((f) => f.name).join(" and "),
      areaName: config.area.name,
      population: partnership.headline.population,
      homicideCounts: rows("homicide_counts") as MonitoringInput["homicideCounts"],
      knifeSeries: rows("knife_series") as MonitoringInput["knifeSeries"],
      partnerRecords: rows("partner_records"),
      areaMonthly: rows("area_monthly")
    }
  });
  writeTable(outDir, TABLES.recommendations, recommendations);
  writeTable(outDir, TABLES.recommendation_monitoring, monitoring);
  writeJson(join(outDir, TABLES.recommendations_summary.file), summary);
}
