/**
 * The Community voice chapter's survey table (guidance section 5.4): the community-survey partner tables that
 * loaders/partners published (by period, by age band and by area, one per question, each already suppressed), as
 * one table of question × response × group with each group's share, EXAMPLE files left out when the configuration's
 * content.showExamples is false.
 *
 * Before anything is written, the three tables of a question are solved together, as a reader could: they publish
 * the same response totals and respondents, so a count suppressed in one could be narrowed with another. Each table
 * is protected on its own by components/suppression; here every suppressed count's range given all three must still
 * be at least the threshold wide (the rule of components/suppression/interval.ts), or the build stops naming the
 * file and the question.
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {gunzipSync} from "node:zlib";
import {solve, type Coefficients, type Constraint} from "yalps";
import {orderResponses, SURVEY_GROUPINGS, type SurveyTable} from "../../components/community/survey.ts";
import {parseTable} from "../../components/tables/parse.ts";
import {TABLES, type Row} from "../../components/tables/registry.ts";
import type {PartnerRecord} from "../partners/aggregate.ts";
import {parseCsv} from "../lib/csv.ts";

export const SURVEY_DATASET = "community-survey";
type SurveyRow = Row<typeof TABLES.community_survey>;

export class CommunitySurveyError extends Error {
  constructor(readonly problems: string[]) {
    super(`Community survey tables cannot be published (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  ${p}`).join("\n")}\nThe tables by period, age band and area of one question are published together; ask the partner for the question with wider age bands or larger areas (or without one of the two groupings), and build again.`);
    this.name = "CommunitySurveyError";
  }
}

const TOTAL = "Total";
const isSurveyTable = (t: string): t is SurveyTable => SURVEY_GROUPINGS.some((g) => g.table === t);

/**
 * The variable a published cell stands for in the joint system: the response totals and the question's respondents
 * are shared by the three tables; inner cells and column totals belong to their table.
 */
function slotKey(r: Pick<PartnerRecord, "table" | "row" | "col" | "total">): string {
  const row = r.row;
  const col = r.col ?? "";
  if (r.total && row === TOTAL && col === TOTAL) return "N";
  if (r.total && col === TOTAL) return `R\u0000${row}`;
  if (r.total && row === TOTAL) return `C\u0000${r.table}\u0000${col}`;
  return `T\u0000${r.table}\u0000${row}\u0000${col}`;
}

/**
 * Problems of one question's tables (records of one file and question): a shared total published in one table and
 * suppressed in another, or a suppressed count whose feasible range, given every published cell of the three tables
 * and that counts are never negative, is narrower than the threshold.
 */
export function jointProblems(records: readonly PartnerRecord[], threshold: number): string[] {
  const tables = [...new Set(records.map((r) => r.table))].filter(isSurveyTable);
  const known = new Map<string, number | null>();
  const problems: string[] = [];
  const where = (key: string) => {
    const [kind, a, b, c] = key.split("\u0000");
    if (kind === "N") return "the question's respondents";
    if (kind === "R") return `the respondents answering "${a}"`;
    if (kind === "C") return `the respondents of group "${b}" (table ${a})`;
    return `the respondents answering "${b}" in group "${c}" (table ${a})`;
  };
  for (const r of records) {
    if (!isSurveyTable(r.table)) continue;
    const key = slotKey(r);
    const value = r.suppressed ? null : r.count;
    if (known.has(key) && known.get(key) !== value) problems.push(`${where(key)} is published in one table and suppressed in another, so it is disclosed`);
    if (!known.has(key) || value !== null) known.set(key, value);
  }
  if (problems.length) return [...new Set(problems)];
  // Every sum that holds whether or not it is published: rows, columns, column totals and response totals.
  const lines: string[][] = [];
  for (const table of tables) {
    const mine = records.filter((r) => r.table === table && !r.total);
    const rows = [...new Set(mine.map((r) => r.row))];
    const cols = [...new Set(mine.map((r) => r.col ?? ""))];
    for (const row of rows) lines.push([...cols.map((col) => slotKey({table, row, col, total: false})), `R\u0000${row}`]);
    for (const col of cols) lines.push([...rows.map((row) => slotKey({table, row, col, total: false})), `C\u0000${table}\u0000${col}`]);
    lines.push([...cols.map((col) => `C\u0000${table}\u0000${col}`), "N"]);
    lines.push([...rows.map((row) => `R\u0000${row}`), "N"]);
  }
  const constraints = new Map<string, Constraint>();
  const coefficients = new Map<string, Map<string, number>>();
  lines.forEach((line, i) => {
    let rhs = 0;
    line.forEach((key, j) => {
      const sign = j === line.length - 1 ? -1 : 1;
      const v = known.get(key);
      // A slot no table published (e.g. a row total of a table without row totals) is unknown, as a suppressed one.
      if (typeof v === "number") rhs -= sign * v;
      else coefficients.set(key, (coefficients.get(key) ?? new Map()).set(`line${i}`, sign));
    });
    constraints.set(`line${i}`, {equal: rhs});
  });
  const bound = (target: string, direction: "minimize" | "maximize"): number => {
    const variables = [...coefficients].map(([k, coef]): [string, Coefficients] => [k, k === target ? [...coef, ["objective", 1]] : coef]);
    const solution = solve({direction, objective: "objective", constraints, variables});
    if (solution.status === "unbounded") return Number.POSITIVE_INFINITY;
    return solution.status === "optimal" ? solution.result : Number.NaN;
  };
  for (const [key, value] of known) {
    if (value !== null) continue;
    const width = bound(key, "maximize") - bound(key, "minimize");
    if (!(width >= threshold)) problems.push(`${where(key)} is suppressed, but the three tables together ${width === 0 ? "give its value exactly" : `pin it to a range narrower than ${threshold}`}`);
  }
  return problems;
}

export interface SurveyOptions {
  threshold: number;
  showExamples: boolean;
  /** Names of area codes (districts, wards, LSOAs); a code without a name is shown as itself (postcode districts). */
  areaNames?: ReadonlyMap<string, string>;
}

/** The prepared table community_survey from the partner records; throws CommunitySurveyError listing every problem. */
export function communitySurveyRows(records: readonly PartnerRecord[], options: SurveyOptions): SurveyRow[] {
  const survey = records.filter((r) => r.dataset === SURVEY_DATASET && isSurveyTable(r.table));
  const byQuestion = new Map<string, PartnerRecord[]>();
  for (const r of survey) {
    const key = `${r.source}\u0000${r.split ?? ""}`;
    byQuestion.set(key, [...(byQuestion.get(key) ?? []), r]);
  }
  // Every file is checked, EXAMPLE or not: partner-records.csv publishes them all on the Partner data chapter.
  const problems = [...byQuestion].flatMap(([key, rs]) => jointProblems(rs, options.threshold).map((p) => `${key.split("\u0000")[0]}, question "${key.split("\u0000")[1]}": ${p}`));
  if (problems.length) throw new CommunitySurveyError(problems);
  const rows: SurveyRow[] = [];
  for (const rs of byQuestion.values()) {
    if (rs[0]!.example && !options.showExamples) continue;
    const order = orderResponses(rs.filter((r) => r.row !== TOTAL).map((r) => r.row));
    // A group's respondents: its column total in its own table (every respondent for the response totals).
    const columnTotal = new Map(rs.filter((r) => r.row === TOTAL).map((r) => [`${r.table}\u0000${r.col ?? TOTAL}`, r.suppressed ? null : r.count]));
    const all = rs.find((r) => r.row === TOTAL && r.col === TOTAL && !r.suppressed)?.count ?? null;
    for (const r of rs) {
      const dim = SURVEY_GROUPINGS.find((g) => g.table === r.table)!.dim;
      const col = r.col ?? TOTAL;
      const group = col === TOTAL ? "All respondents" : dim === "Area" ? (options.areaNames?.get(col) ?? col) : col;
      // Published counts only: a suppressed count has no share and carries no respondents (never a 0).
      const respondents = r.suppressed ? null : col === TOTAL ? all : (columnTotal.get(`${r.table}\u0000${col}`) ?? null);
      const share = r.suppressed || r.count === null || !respondents ? null : Math.round((r.count / respondents) * 10000) / 10000;
      rows.push({
        source: r.source,
        dataset: r.dataset,
        example: r.example,
        owner: r.owner,
        period: r.period,
        table: r.table,
        split: r.split ?? "",
        group_dim: dim,
        row: r.row,
        col,
        group,
        response_order: r.row === TOTAL ? order.length : order.indexOf(r.row),
        total: r.total,
        count: r.suppressed ? null : r.count,
        suppressed: r.suppressed,
        respondents,
        share
      });
    }
  }
  return rows;
}

/** The partner records the partner loader wrote (partners/partner-records.csv in the prepared folder). */
export function readPartnerRecords(path: string): PartnerRecord[] {
  const {columns, rows} = parseCsv(readFileSync(path, "utf-8"));
  return parseTable(TABLES.partner_records, Object.assign(rows, {columns})) as PartnerRecord[];
}

/**
 * Names of the codes a survey's Area column may hold for the partnership: its districts, their 2024 wards and 2021
 * LSOAs (ONS lookup in the snapshot). Postcode districts have no name but their code.
 */
export function surveyAreaNames(districts: readonly {code: string; name: string}[], snapshotDir: string): Map<string, string> {
  const names = new Map(districts.map((d) => [d.code, d.name]));
  const mine = new Set(districts.map((d) => d.code));
  const {rows} = parseCsv(gunzipSync(readFileSync(join(snapshotDir, "ons/lookups/geographr_lookup_lsoa21_ward24_ltla24.csv.gz"))).toString("utf-8"));
  for (const r of rows) {
    if (!mine.has(r.ltla24_code ?? "")) continue;
    if (r.ward24_code && r.ward24_name) names.set(r.ward24_code, r.ward24_name);
    if (r.lsoa21_code && r.lsoa21_name) names.set(r.lsoa21_code, r.lsoa21_name);
  }
  return names;
}
