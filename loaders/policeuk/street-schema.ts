/**
 * The police.uk street CSV record: one rule table is the single source of truth. From it come
 *  - `streetRowSchema`, the zod schema of a row (used for single rows, e.g. API-built rows in the refresh), and
 *  - `streetRejectReasonSql`, the same checks as one SQL CASE expression, so that DuckDB can validate every row of
 *    every file at full speed without a round trip through JavaScript.
 * Facts about the real files: shared/data/policeuk/MANIFEST.md, summarised in the README.
 */
import {z} from "zod";
import {POLICEUK_CRIME_TYPES} from "../config/schema.ts";
import {sqlIdent} from "../duckdb.ts";

/** The exact header of a police.uk street file (12 columns). */
export const STREET_HEADER = [
  "Crime ID",
  "Month",
  "Reported by",
  "Falls within",
  "Longitude",
  "Latitude",
  "Location",
  "LSOA code",
  "LSOA name",
  "Crime type",
  "Last outcome category",
  "Context"
] as const;
export type StreetColumn = (typeof STREET_HEADER)[number];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

interface FieldRule {
  /** The whole field must match (anchored); an empty field is null in DuckDB and "" in a parsed row. */
  pattern: RegExp;
  /** May the field be empty? */
  optional: boolean;
  /** The reason reported for a row that breaks the rule. */
  reason: string;
}

/** One rule per column that is checked; columns without a rule (names, outcome, context) are free text. */
export const STREET_FIELD_RULES: Partial<Record<StreetColumn, FieldRule>> = {
  "Crime ID": {pattern: /^[0-9a-f]{64}$/, optional: true, reason: "Crime ID is not a 64-character hex id"},
  Month: {pattern: /^\d{4}-(0[1-9]|1[0-2])$/, optional: false, reason: "Month is not YYYY-MM"},
  "Reported by": {pattern: /^.+$/, optional: false, reason: "Reported by is empty"},
  "Falls within": {pattern: /^.+$/, optional: false, reason: "Falls within is empty"},
  Longitude: {pattern: /^-?\d{1,3}\.\d+$/, optional: true, reason: "Longitude is not a number"},
  Latitude: {pattern: /^-?\d{1,2}\.\d+$/, optional: true, reason: "Latitude is not a number"},
  Location: {pattern: /^.+$/, optional: false, reason: "Location is empty"},
  "LSOA code": {pattern: /^[EW]01\d{6}$/, optional: true, reason: "LSOA code is not an England or Wales LSOA code"},
  "Crime type": {
    pattern: new RegExp(`^(${POLICEUK_CRIME_TYPES.map(escapeRe).join("|")})$`),
    optional: false,
    reason: "Crime type is not one of the 14 police.uk crime types"
  }
};

/** Cross-field rules police.uk keeps: ASB rows have no Crime ID, every crime has one; coordinates come in pairs. */
const CROSS_RULES: {reason: string; sqlBreaks: string; breaks: (row: Record<StreetColumn, string>) => boolean}[] = [
  {
    reason: "Crime ID missing on a crime row",
    sqlBreaks: `"Crime ID" IS NULL AND "Crime type" <> 'Anti-social behaviour'`,
    breaks: (r) => r["Crime ID"] === "" && r["Crime type"] !== "Anti-social behaviour"
  },
  {
    reason: "Longitude and Latitude not both present or both empty",
    sqlBreaks: `("Longitude" IS NULL) <> ("Latitude" IS NULL)`,
    breaks: (r) => (r.Longitude === "") !== (r.Latitude === "")
  }
];

const fieldSchema = (rule: FieldRule | undefined) => {
  if (!rule) return z.string();
  const s = z.string().regex(rule.pattern, {error: rule.reason});
  return rule.optional ? z.union([z.literal(""), s], {error: rule.reason}) : s;
};

/** A parsed street row (every field a string, empty fields as ""). */
export const streetRowSchema = z
  .object(Object.fromEntries(STREET_HEADER.map((col) => [col, fieldSchema(STREET_FIELD_RULES[col])])) as Record<StreetColumn, z.ZodString>)
  .superRefine((row, ctx) => {
    for (const rule of CROSS_RULES) if (rule.breaks(row as Record<StreetColumn, string>)) ctx.addIssue({code: "custom", message: rule.reason});
  });
export type StreetRow = z.infer<typeof streetRowSchema>;

/** DuckDB's regexp_full_match takes RE2 syntax: the rules above use only what RE2 and JavaScript share. */
function sqlPredicate(col: StreetColumn, rule: FieldRule): string {
  const source = rule.pattern.source.replace(/^\^/, "").replace(/\$$/, "").replaceAll("'", "''");
  const matches = `regexp_full_match(${sqlIdent(col)}, '${source}')`;
  return rule.optional ? `(${sqlIdent(col)} IS NULL OR ${matches})` : `(${sqlIdent(col)} IS NOT NULL AND ${matches})`;
}

/** A SQL expression giving the first broken rule's reason for a row of the raw street table, or NULL if valid. */
export function streetRejectReasonSql(): string {
  const whens = [
    ...Object.entries(STREET_FIELD_RULES).map(([col, rule]) => `WHEN NOT ${sqlPredicate(col as StreetColumn, rule)} THEN '${rule.reason}'`),
    ...CROSS_RULES.map((r) => `WHEN ${r.sqlBreaks} THEN '${r.reason}'`)
  ];
  return `CASE ${whens.join(" ")} ELSE NULL END`;
}

/** DuckDB read_csv column spec: every column read as text, checked afterwards by the rules above. */
export const STREET_COLUMNS_SQL = `{${STREET_HEADER.map((c) => `'${c}': 'VARCHAR'`).join(", ")}}`;
