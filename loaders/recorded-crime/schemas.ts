/**
 * Shapes of the police recorded crime records read from the snapshot (data/snapshot/recorded-crime/): ONS Table C2
 * (CSPs, year ending June 2025), ONS homicide rates by police force area (Explore Local Statistics) and the Home Office
 * offence-code table of 2017/18. The single source of these shapes; types are inferred from them.
 */
import {z} from "zod";

/**
 * The 23 count columns of Table C2, in the file's order: a stable key and ONS's heading (whitespace collapsed). A
 * renamed, missing or added heading stops the reader, so a relabelled column is never silently dropped.
 */
export const C2_OFFENCES = [
  {key: "total_recorded_crime", label: "Total recorded crime (excluding fraud)"},
  {key: "violence_against_the_person", label: "Violence against the person"},
  {key: "homicide", label: "Homicide"},
  {key: "death_or_serious_injury_illegal_driving", label: "Death or serious injury caused by illegal driving"},
  {key: "violence_with_injury", label: "Violence with injury"},
  {key: "violence_without_injury", label: "Violence without injury"},
  {key: "stalking_and_harassment", label: "Stalking and harassment"},
  {key: "sexual_offences", label: "Sexual offences"},
  {key: "robbery", label: "Robbery"},
  {key: "theft_offences", label: "Theft offences"},
  {key: "burglary", label: "Burglary"},
  {key: "residential_burglary", label: "Residential burglary"},
  {key: "non_residential_burglary", label: "Non-residential burglary"},
  {key: "vehicle_offences", label: "Vehicle offences"},
  {key: "theft_from_the_person", label: "Theft from the person"},
  {key: "bicycle_theft", label: "Bicycle theft"},
  {key: "shoplifting", label: "Shoplifting"},
  {key: "all_other_theft_offences", label: "All other theft offences"},
  {key: "criminal_damage_and_arson", label: "Criminal damage and arson"},
  {key: "drug_offences", label: "Drug offences"},
  {key: "possession_of_weapons_offences", label: "Possession of weapons offences"},
  {key: "public_order_offences", label: "Public order offences"},
  {key: "miscellaneous_crimes_against_society", label: "Miscellaneous crimes against society"}
] as const;

export type C2OffenceKey = (typeof C2_OFFENCES)[number]["key"];
export const c2OffenceKeySchema = z.enum(C2_OFFENCES.map((o) => o.key) as [C2OffenceKey, ...C2OffenceKey[]]);

/** The 6 identifying columns of Table C2 (headings with whitespace collapsed). */
export const C2_ID_COLUMNS = {
  pfa_code: "Police Force Area code",
  pfa_name: "Police Force Area name",
  csp_code: "Community Safety Partnership code",
  csp_name: "Community Safety Partnership name",
  la_code: "Local Authority code",
  la_name: "Local Authority name"
} as const;

/** A count; null when the cell is `[x]` (unavailable) or blank, never 0. */
const count = z.number().int().nonnegative().nullable();
export const c2CountsSchema = z.object(Object.fromEntries(C2_OFFENCES.map((o) => [o.key, count])) as Record<C2OffenceKey, typeof count>);
export type C2Counts = z.infer<typeof c2CountsSchema>;

/** Per 1,000 residents for each offence; null where the count or the population is not available. */
const rate = z.number().nonnegative().nullable();
export const c2RatesSchema = z.object(Object.fromEntries(C2_OFFENCES.map((o) => [o.key, rate])) as Record<C2OffenceKey, typeof rate>);
export type C2Rates = z.infer<typeof c2RatesSchema>;

const pfaCode = z.string().regex(/^(E23|W15)\d{6}$/);
const ladCode = z.string().regex(/^[EW]0[6-9]\d{6}$/);
/** Line of the file where the row starts (1-based, counting the title lines and the multi-line header). */
const line = z.number().int().positive();

export const c2CspRowSchema = z.object({
  line,
  pfa_code: pfaCode,
  pfa_name: z.string(),
  csp_code: z.string().regex(/^(E22|W14)\d{6}$/),
  csp_name: z.string(),
  /** The file's Local Authority code; null where it says "Combined Local Authorities". Cumbria's are pre-2023 districts. */
  la_code_in_file: ladCode.nullable(),
  /** 2024 districts the CSP covers, from the ONS LAD → CSP → PFA (December 2024) lookup. */
  la_codes: z.array(ladCode).min(1),
  /** Of la_codes, those split between this CSP and another (e.g. Bournemouth, Christchurch and Poole; Cumberland). */
  la_codes_shared: z.array(ladCode),
  counts: c2CountsSchema
});
export type C2CspRow = z.infer<typeof c2CspRowSchema>;

export const c2ForceRowSchema = z.object({line, pfa_code: pfaCode, pfa_name: z.string(), counts: c2CountsSchema});
export type C2ForceRow = z.infer<typeof c2ForceRowSchema>;

/** A row of a force with no CSP code: "Unassigned <force>" (crimes not placed in a CSP) or another area (Manchester Airport). */
export const c2NonCspRowSchema = c2ForceRowSchema.extend({name: z.string()});
export type C2NonCspRow = z.infer<typeof c2NonCspRowSchema>;

/** A cell the reader changed from what the file says, and why (reported on the Methods page). */
export const c2CorrectionSchema = z.object({line, column: z.string(), file_value: z.string(), used_value: z.string(), reason: z.string()});
export type C2Correction = z.infer<typeof c2CorrectionSchema>;

export const periodSchema = z.object({start: z.string().regex(/^\d{4}-\d{2}$/), end: z.string().regex(/^\d{4}-\d{2}$/), label: z.string()});
export type Period = z.infer<typeof periodSchema>;

export const c2TableSchema = z.object({
  /** Path of the file inside the snapshot. */
  file: z.string(),
  period: periodSchema,
  offences: z.array(z.object({key: c2OffenceKeySchema, label: z.string()})),
  csps: z.array(c2CspRowSchema),
  forceTotals: z.array(c2ForceRowSchema),
  unassigned: z.array(c2NonCspRowSchema),
  otherAreas: z.array(c2NonCspRowSchema),
  corrections: z.array(c2CorrectionSchema)
});
export type C2Table = z.infer<typeof c2TableSchema>;

/** A CSP with its Census 2021 population (null when its boundary is not whole 2024 districts) and rates per 1,000. */
export const c2CspWithRatesSchema = c2CspRowSchema.extend({
  population: z.number().int().positive().nullable(),
  population_note: z.string().nullable(),
  rates_per_1000: c2RatesSchema
});
export type C2CspWithRates = z.infer<typeof c2CspWithRatesSchema>;

export const partnershipC2Schema = z.object({
  district_codes: z.array(ladCode),
  period: periodSchema,
  /** Every CSP covering at least one of the districts, with the districts of the partnership it covers. */
  csps: z.array(c2CspWithRatesSchema.extend({la_codes_in_partnership: z.array(ladCode)})),
  /** Sum over the CSPs (a county sums its district CSPs); a count is null if any CSP's is. */
  total: z.object({counts: c2CountsSchema, population: z.number().int().positive().nullable(), rates_per_1000: c2RatesSchema}),
  /** True when the CSPs cover exactly the districts: none reaches outside the partnership. */
  exact: z.boolean(),
  notes: z.array(z.string())
});
export type PartnershipC2 = z.infer<typeof partnershipC2Schema>;

// ---------------------------------------------------------------- homicide rates (ONS Explore Local Statistics)

export const homicideGeographySchema = z.enum(["Country", "Nation", "Region", "Police Force Area"]);

export const homicideRateSchema = z.object({
  area_code: z.string().regex(/^[EKNW]\d{8}$/),
  area_name: z.string(),
  geography: homicideGeographySchema,
  period_start: z.string().regex(/^\d{4}-\d{2}$/),
  period_end: z.string().regex(/^\d{4}-\d{2}$/),
  label: z.string(),
  /** Homicide offences per 1,000,000 residents (3-year period; mid-year population of the middle year); null = unavailable. */
  rate_per_million: z.number().nonnegative().nullable(),
  /** ONS status flag as published ("u" = low reliability, with no value); empty string → null. */
  status: z.string().nullable()
});
export type HomicideRate = z.infer<typeof homicideRateSchema>;

export const forceRegionSchema = z.object({
  force_id: z.string(),
  pfa_code: pfaCode,
  region_code: z.string().regex(/^E12\d{6}$/),
  region_name: z.string()
});
export type ForceRegion = z.infer<typeof forceRegionSchema>;

// ---------------------------------------------------------------- Home Office offence-code table

export const offenceCodeRowSchema = z.object({
  line,
  financial_year: z.string().regex(/^\d{4}\/\d{2}$/),
  quarter: z.number().int().min(1).max(4),
  force: z.string(),
  offence_code: z.string().min(1),
  offence_description: z.string(),
  offence_group: z.string(),
  offence_subgroup: z.string(),
  /** Offences recorded; can be negative (a quarter's net adjustment after reclassification); null when it cannot occur. */
  count: z.number().int().nullable(),
  null_reason: z.literal("cannot occur in this category (-00)").nullable()
});
export type OffenceCodeRow = z.infer<typeof offenceCodeRowSchema>;
