/**
 * zod schemas for everything the Fingertips loader reads: the classic API's JSON responses, the
 * indicator-metadata CSV, the parsed value record and the snapshot value record. Types derive from them.
 *
 * The JSON schemas check only the fields we use and let others pass (`z.looseObject`): the API adds fields
 * over time, and a new field must not break the refresh, whereas a missing or retyped field must.
 */
import {z} from "zod";

// ---------------------------------------------------------------- classic API JSON responses

/** `area_types`: one object per area type (e.g. 502 "Counties & UAs (from Apr 2023)"). */
export const areaTypeSchema = z.looseObject({
  Id: z.number().int(),
  Name: z.string().min(1),
  Short: z.string().optional()
});
export const areaTypesResponseSchema = z.array(areaTypeSchema);
export type AreaType = z.infer<typeof areaTypeSchema>;

/** `areas/by_area_type` and `areas/by_parent_area_code` (nearest neighbours): one object per area. */
export const areaSchema = z.looseObject({
  Code: z.string().min(1),
  Name: z.string().min(1),
  Short: z.string().optional(),
  AreaTypeId: z.number().int().optional()
});
export const areasResponseSchema = z.array(areaSchema);
export type Area = z.infer<typeof areaSchema>;

/** `parent_to_child_areas`: parent area code → child area codes. */
export const parentToChildResponseSchema = z.record(z.string(), z.array(z.string()));
export type ParentToChild = z.infer<typeof parentToChildResponseSchema>;

/** `indicator_search?search_text=…`: profile id → ids of matching indicators in that profile. */
export const indicatorSearchResponseSchema = z.record(z.string(), z.array(z.number().int()));
export type IndicatorSearchResponse = z.infer<typeof indicatorSearchResponseSchema>;

/** `indicator_metadata/csv/by_indicator_id`: one CSV row per indicator (headings as fingertipsR reads them). */
export const indicatorMetadataCsvRowSchema = z.looseObject({
  "Indicator ID": z.string().regex(/^\d+$/, {error: "expected a whole number"}),
  Indicator: z.string().min(1),
  Definition: z.string().nullable().optional(),
  Unit: z.string().nullable().optional(),
  "Value type": z.string().nullable().optional(),
  Polarity: z.string().nullable().optional()
});
export type IndicatorMetadataCsvRow = z.infer<typeof indicatorMetadataCsvRowSchema>;

// ---------------------------------------------------------------- normalised metadata

export const polaritySchema = z.enum(["low-is-good", "high-is-good", "no-judgement"]);
export type Polarity = z.infer<typeof polaritySchema>;

/** What every IndicatorSource returns for an indicator's metadata, whatever the API it came from. */
export const indicatorMetadataSchema = z.object({
  indicatorId: z.number().int().positive(),
  name: z.string().min(1),
  definition: z.string().nullable(),
  unit: z.string().nullable(),
  valueType: z.string().nullable(),
  /** null when the source does not say (the classic JSON metadata carries no polarity). */
  polarity: polaritySchema.nullable()
});
export type IndicatorMetadata = z.infer<typeof indicatorMetadataSchema>;

/** Maps Fingertips' polarity labels ("RAG - Low is good", "Low is good", "BOB…") to ours; null if unknown. */
export function polarityFromLabel(label: string | null | undefined): Polarity | null {
  if (!label) return null;
  const l = label.toLowerCase();
  if (l.includes("low is good") || l.includes("lower is better")) return "low-is-good";
  if (l.includes("high is good") || l.includes("higher is better")) return "high-is-good";
  if (l.includes("no judgement") || l.includes("bob") || l.includes("blue orange blue") || l.includes("not applicable")) return "no-judgement";
  return null;
}

// ---------------------------------------------------------------- the parsed value record

const num = z.number().finite().nullable();
const str = z.string().nullable();

/**
 * One row of a Fingertips export, typed. `value` null means no value was published: the reason is in
 * `valueNote` (suppressed, combined with another area…); it is never zero.
 */
export const indicatorValueSchema = z.object({
  indicatorId: z.number().int().positive(),
  indicatorName: z.string().min(1),
  parentCode: str,
  parentName: str,
  areaCode: z.string().min(1),
  areaName: str,
  areaType: str,
  sex: str,
  age: str,
  /** Set on breakdown rows (deprivation deciles, ethnic groups); null on headline rows. */
  categoryType: str,
  category: str,
  /** The period label as published ("2021/22", "2020 - 22"). */
  period: z.string().min(1),
  /** Fingertips' sort key for the period (e.g. 20150000); null where the extract lacks it. */
  periodSortable: z.number().int().nullable(),
  value: num,
  lowerCi95: num,
  upperCi95: num,
  lowerCi998: num,
  upperCi998: num,
  count: num,
  denominator: num,
  valueNote: str,
  recentTrend: str,
  /** Fingertips' own comparison with England (Better/Similar/Worse, Higher/Lower, Not compared…). */
  comparedToEngland: str,
  /** Fingertips' own comparison with the parent area named in `parentComparisonLabel`. */
  comparedToParent: str,
  /** The parent type named in the comparison heading, e.g. "Region" in "Compared to Region value or percentiles". */
  parentComparisonLabel: str
});
export type IndicatorValue = z.infer<typeof indicatorValueSchema>;

// ---------------------------------------------------------------- area codes

/**
 * How an area code of the data relates to today's geography:
 * current = in force; recoded = same area under a new code; merged = the old area is now part of a larger
 * current area (its value describes the old area only); split = divided between several current areas;
 * not-la = not a local authority (combined authority…); unmatched = no lookup knows it.
 */
export const codeStatusSchema = z.enum(["current", "recoded", "merged", "split", "not-la", "unmatched"]);
export type CodeStatus = z.infer<typeof codeStatusSchema>;

export const areaCodeMapRowSchema = z.object({
  code: z.string().min(1),
  name: z.string(),
  currentCode: z.string().nullable(),
  currentName: z.string().nullable(),
  status: codeStatusSchema,
  note: z.string().nullable()
});
export type AreaCodeMapRow = z.infer<typeof areaCodeMapRowSchema>;

// ---------------------------------------------------------------- the snapshot value record

/** One value of data/snapshot/fingertips/values/*.csv.gz: the parsed record plus where it came from. */
export const snapshotValueSchema = indicatorValueSchema.extend({
  /** The area's code today (ONS lookups); null if split or unmatched. */
  areaCodeCurrent: str,
  areaCodeStatus: codeStatusSchema,
  /** The snapshot file's source: a repository path or an API URL. */
  sourceFile: z.string().min(1),
  /** What the extract lacks or how it was reshaped (rounded values, no CIs…). */
  note: str
});
export type SnapshotValue = z.infer<typeof snapshotValueSchema>;

/** Column order of the snapshot CSV (snake_case) and the record field each holds. */
export const SNAPSHOT_COLUMNS = [
  ["indicator_id", "indicatorId"],
  ["indicator_name", "indicatorName"],
  ["area_code", "areaCode"],
  ["area_code_current", "areaCodeCurrent"],
  ["area_code_status", "areaCodeStatus"],
  ["area_name", "areaName"],
  ["area_type", "areaType"],
  ["parent_code", "parentCode"],
  ["parent_name", "parentName"],
  ["sex", "sex"],
  ["age", "age"],
  ["category_type", "categoryType"],
  ["category", "category"],
  ["period", "period"],
  ["period_sortable", "periodSortable"],
  ["value", "value"],
  ["lower_ci95", "lowerCi95"],
  ["upper_ci95", "upperCi95"],
  ["lower_ci998", "lowerCi998"],
  ["upper_ci998", "upperCi998"],
  ["count", "count"],
  ["denominator", "denominator"],
  ["value_note", "valueNote"],
  ["recent_trend", "recentTrend"],
  ["compared_to_england", "comparedToEngland"],
  ["compared_to_parent", "comparedToParent"],
  ["parent_comparison_label", "parentComparisonLabel"],
  ["source_file", "sourceFile"],
  ["note", "note"]
] as const satisfies ReadonlyArray<readonly [string, keyof SnapshotValue]>;
