/**
 * The recommendations register: what the partnership should do, why (the findings of this build and the evidence
 * entries that support it), who owns it, by when, and the success measures it is monitored by. Analysts keep it as a
 * CSV (data/registers/recommendations.csv); this module validates it, first each row's shape (zod, the single source
 * of a recommendation's shape) and then every id it cites against the build's own findings, evidence register and
 * measures, and lists every problem at once with its file, line and column.
 */
import {z} from "zod";
import {PROJECT_ROOT} from "../config/load-config.ts";
import {readRegisterFile, RegisterError, registerRecords} from "../lib/register-csv.ts";
import {closeMatches} from "../content/references.ts";
import {PERSONAL_DATA_LABEL} from "../partners/personal-data.ts";
import {TextChecker} from "../../scripts/lib/disclosure-text.ts";

export const RECOMMENDATIONS_REGISTER_FILE = "data/registers/recommendations.csv";

export const PRIORITIES = ["high", "medium", "low"] as const;
export const STATUSES = ["proposed", "agreed", "in progress", "complete", "stopped"] as const;

const required = (what: string) => z.string().trim().min(1, `is empty; give ${what}`);
const oneOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.string().transform((cell, ctx) => {
    const v = values.find((x) => x.toLowerCase() === cell.trim().toLowerCase());
    if (v === undefined) ctx.addIssue({code: "custom", message: `${cell.trim() ? `"${cell.trim()}"` : "empty"} is not ${what}; use one of: ${values.join(", ")}`});
    return (v ?? values[0]) as T[number];
  });
/** A cell of ids separated by ";" (may be empty). */
const ids = z.string().transform((cell) => [...new Set(cell.split(";").map((s) => s.trim()).filter(Boolean))]);

/** One recommendation, as a CSV row (every cell a string) turned into typed fields. */
const recommendationFields = z.object({
  id: z.string().trim().regex(/^[a-z0-9][a-z0-9-]*$/, "must be a short id of lower-case letters, digits and hyphens (e.g. self-harm-pathway)"),
  area: z.string().trim().regex(/^E\d{8}$/, "must be the ONS code of the area the recommendation is for (the configuration's area.code, e.g. E06000026)"),
  recommendation: required("what the partnership should do, in a sentence"),
  why: ids,
  owner: required("the organisation or role that owns it (never a person's name)"),
  timescale: required('when it should be done by ("by March 2027", "2026/27", "ongoing")'),
  measures: ids,
  priority: oneOf(PRIORITIES, "a priority"),
  status: oneOf(STATUSES, "a status"),
  example: oneOf(["true", "false"] as const, "true or false").transform((v) => v === "true")
});
export const recommendationSchema = recommendationFields;
export type Recommendation = z.output<typeof recommendationSchema>;
export const RECOMMENDATION_COLUMNS = Object.keys(recommendationFields.shape) as (keyof Recommendation)[];

/** A recommendation read from the file, with the line it starts on (for the errors of the second pass). */
export interface RegisterRow {
  line: number;
  rec: Recommendation;
}

export class RecommendationsRegisterError extends RegisterError {
  constructor(file: string, problems: string[]) {
    super("recommendations register", file, problems);
    this.name = "RecommendationsRegisterError";
  }
}

/** First pass: the file's columns and each row's shape. Throws RecommendationsRegisterError listing every problem. */
export function parseRecommendationsRegister(text: string, name: string): RegisterRow[] {
  const records = registerRecords(text, name, RECOMMENDATION_COLUMNS, (problems) => new RecommendationsRegisterError(name, problems));
  const problems: string[] = [];
  const out: RegisterRow[] = [];
  const seen = new Map<string, number>();
  const checker = new TextChecker();
  for (const {line: lineNo, at, row} of records) {
    for (const [column, value] of Object.entries(row)) {
      // The register is published: organisations and roles, never people (the value itself is not repeated).
      const kind = checker.check(value);
      if (kind) problems.push(`${at}, column "${column}": holds what looks like ${PERSONAL_DATA_LABEL[kind]}; the register is published, so name an organisation or a role ("Community Safety Partnership manager"), never a person or their contact details`);
    }
    const parsed = recommendationSchema.safeParse(row);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${at}, column "${String(issue.path[0] ?? "")}": ${issue.message}`);
      continue;
    }
    const first = seen.get(parsed.data.id);
    if (first !== undefined) problems.push(`${at}, column "id": "${parsed.data.id}" is already used on line ${first}; give each recommendation its own id`);
    else seen.set(parsed.data.id, lineNo);
    out.push({line: lineNo, rec: parsed.data});
  }
  if (problems.length) throw new RecommendationsRegisterError(name, problems);
  return out;
}

/** What a recommendation may cite in this build. */
export interface BuildIds {
  areaCode: string;
  /** The findings written at this build: police.uk ones and `risk:<indicator id>` ones. */
  findings: readonly string[];
  evidence: readonly string[];
  /** Home Office measure ids and the configuration's local measure names. */
  measures: readonly string[];
}

/** A "why" id resolved: a finding of the build or an evidence entry (written `evidence:<id>` when a finding has the same id). */
export interface Reason {
  kind: "finding" | "evidence";
  id: string;
}

export interface CheckedRecommendation extends Recommendation {
  findings: string[];
  evidence: string[];
}

const suggest = (word: string, candidates: readonly string[]) => {
  const close = closeMatches(word, candidates);
  return close.length ? `; did you mean ${close.join(" or ")}?` : "";
};

/**
 * Second pass: the recommendations for this build's area, every id checked against what the build holds. Rows for
 * another area are left out (one register may serve several partnerships); with `showExamples` false, so are EXAMPLE
 * rows, unchecked (as EXAMPLE narrative is). Throws RecommendationsRegisterError listing every problem.
 */
export function checkRecommendations(rows: readonly RegisterRow[], build: BuildIds, name: string, options: {showExamples: boolean}): CheckedRecommendation[] {
  const problems: string[] = [];
  const out: CheckedRecommendation[] = [];
  const findings = new Set(build.findings);
  const evidence = new Set(build.evidence);
  const measuresLower = new Map(build.measures.map((m) => [m.toLowerCase(), m]));
  for (const {line, rec} of rows) {
    if (rec.area !== build.areaCode || (rec.example && !options.showExamples)) continue;
    const at = `${name}: line ${line}`;
    const reasons: Reason[] = [];
    for (const id of rec.why) {
      const explicit = /^evidence:/i.exec(id) ? id.slice("evidence:".length).trim() : null;
      if (explicit !== null) {
        if (evidence.has(explicit)) reasons.push({kind: "evidence", id: explicit});
        else problems.push(`${at}, column "why": "${id}" is not an entry of the evidence register${suggest(explicit, build.evidence)}`);
      } else if (findings.has(id) && evidence.has(id)) {
        problems.push(`${at}, column "why": "${id}" is both a finding and an evidence entry; write "evidence:${id}" for the evidence entry`);
      } else if (findings.has(id)) reasons.push({kind: "finding", id});
      else if (evidence.has(id)) reasons.push({kind: "evidence", id});
      else {
        const hint = suggest(id, [...build.findings, ...build.evidence]);
        problems.push(`${at}, column "why": "${id}" is neither a finding of this build nor an entry of the evidence register${hint || `; the findings of this build are ${build.findings.join(", ")}`}`);
      }
    }
    const measures: string[] = [];
    for (const m of rec.measures) {
      const known = measuresLower.get(m.toLowerCase());
      if (known) measures.push(known);
      else problems.push(`${at}, column "measures": "${m}" is not a success measure of this build${suggest(m, build.measures) || `; use one of ${build.measures.join(", ")}`}`);
    }
    if (!rec.why.length && !rec.measures.length) {
      problems.push(`${at}: the recommendation "${rec.id}" is linked to nothing; cite the findings or evidence entries it answers in "why" (ids separated by ";") or the measure it is monitored by in "measures", so the board can see why it is made and how progress is judged`);
    }
    out.push({...rec, measures, findings: reasons.filter((r) => r.kind === "finding").map((r) => r.id), evidence: reasons.filter((r) => r.kind === "evidence").map((r) => r.id)});
  }
  if (problems.length) throw new RecommendationsRegisterError(name, problems);
  return out;
}

/** Reads the register at `path` (default data/registers/recommendations.csv); a missing file is no register, not an error. */
export function readRecommendationsRegister(path = `${PROJECT_ROOT}/${RECOMMENDATIONS_REGISTER_FILE}`): {file: string | null; rows: RegisterRow[]} {
  const {file, parsed} = readRegisterFile(path, parseRecommendationsRegister);
  return {file, rows: parsed ?? []};
}
