/**
 * An edition: the figures of one build, frozen in editions/<name>/ so that next year's build can say what changed
 * (README "Editions and the annual review"). These zod schemas are the single source of its files' shapes:
 * - edition.json: who, when, which window, which configuration (hash and the fields a comparison reads), which
 *   snapshot (manifest hash and a summary by source), which edition it follows, and the size of every file;
 * - figures.json: the digest the "What changed" chapter compares (headline, success and local measures, indicators,
 *   partner datasets as metadata, recommendations' monitoring measures);
 * - area-monthly.csv and lsoa-violence.csv: copies of the prepared tables of the same names (registry columns), cut
 *   to the window and to the busiest neighbourhoods.
 * Nothing row-level, and nothing of a partner below the small-number threshold: partner figures are the totals the
 * build already published after suppression (a suppressed one stays null).
 */
import {z} from "zod";

/** Current format of an edition folder; a reader refuses any other. */
export const EDITION_FORMAT = 1;

export const EDITION_NAME = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/;
export const editionName = z.string().regex(EDITION_NAME, {error: 'expected an edition name of lower-case letters, digits and hyphens, e.g. "plymouth-2026-review"'});

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, {error: 'expected a month "YYYY-MM"'});
const count = z.number().int().nonnegative();
const nullableNumber = z.number().finite().nullable();

export const windowSchema = z
  .object({start: month, end: month, months: z.array(month).min(1), available: z.array(month).min(1), missing: z.array(month)})
  .strict();

/** The configuration fields a comparison reads: a change in any of them is reported as a change of definition. */
export const configSummarySchema = z
  .object({
    seriousViolence: z.object({label: z.string(), crimeTypes: z.array(z.string()).min(1)}).strict(),
    months: z.object({start: month.optional(), end: month.optional()}).strict(),
    districts: z.array(z.string()),
    forces: z.array(z.string()),
    comparators: z.array(z.string()),
    smallNumberThreshold: z.number().int(),
    localMeasures: z.array(z.object({name: z.string(), table: z.string(), where: z.record(z.string(), z.union([z.string(), z.array(z.string())])), polarity: z.string(), baseline: z.object({from: month, to: month}).strict()}).strict()),
    indicators: z.array(z.string())
  })
  .strict();
export type ConfigSummary = z.infer<typeof configSummarySchema>;

export const sourceSummarySchema = z
  .object({source: z.string().min(1), files: count, firstPeriod: z.string(), lastPeriod: z.string(), released: z.string().nullable(), retrieved: z.string()})
  .strict();
export type SourceSummary = z.infer<typeof sourceSummarySchema>;

export const editionMetaSchema = z
  .object({
    format: z.literal(EDITION_FORMAT, {error: `expected format ${EDITION_FORMAT}; this edition was written by another version of the workbench`}),
    name: editionName,
    created: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, {error: "expected a date YYYY-MM-DD"}),
    follows: editionName.nullable(),
    partnership: z.object({name: z.string().min(1), areaCode: z.string().regex(/^E\d{8}$/), areaName: z.string().min(1)}).strict(),
    window: windowSchema,
    /** How the window was chosen: the configuration's months, or the months given to `npm run edition`. */
    months: z.object({start: month.optional(), end: month.optional(), overridden: z.boolean()}).strict(),
    configHash: z.string().regex(/^[0-9a-f]{64}$/),
    config: configSummarySchema,
    snapshot: z
      .object({
        manifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
        files: count,
        /** police.uk street files are those of the window's months only: what the edition's figures were made from. */
        sources: z.array(sourceSummarySchema)
      })
      .strict(),
    /** Every other file of the edition with its size in bytes and SHA-256: a truncated or edited file is refused. */
    files: z.record(z.string(), z.object({bytes: count, sha256: z.string().regex(/^[0-9a-f]{64}$/)}).strict()),
    note: z.string()
  })
  .strict();
export type EditionMeta = z.infer<typeof editionMetaSchema>;

export const headlineSchema = z
  .object({label: z.string(), crimeTypes: z.array(z.string()), count, population: count, rate: z.number(), lower: z.number(), upper: z.number(), ci_method: z.string(), lsoas: count})
  .strict();

/**
 * One success or local measure as the build published it: the latest period's count and/or value. `months` is the
 * length of the period in months, so two periods of the same length can be compared as a rate ratio.
 */
export const measureSchema = z
  .object({
    id: z.string().min(1),
    measure: z.string().min(1),
    level: z.string(),
    period: z.string().nullable(),
    months: z.number().int().positive().nullable(),
    count: count.nullable(),
    value: nullableNumber,
    lower: nullableNumber,
    upper: nullableNumber,
    unit: z.string(),
    example: z.boolean(),
    /** Local measures: the verdict against the baseline as the Success measures chapter gives it. */
    verdict: z.string().nullable(),
    note: z.string().nullable()
  })
  .strict();
export type MeasureSummary = z.infer<typeof measureSchema>;

export const indicatorSummarySchema = z
  .object({id: z.string().min(1), name: z.string().min(1), period: z.string().nullable(), value: nullableNumber, significance: z.string(), polarity: z.string(), gap: z.string().nullable()})
  .strict();
export type IndicatorSummary = z.infer<typeof indicatorSummarySchema>;

export const partnerSummarySchema = z
  .object({dataset: z.string().min(1), title: z.string(), owner: z.string(), period: z.string(), received: z.string().nullable(), example: z.boolean(), status: z.string()})
  .strict();
export type PartnerSummary = z.infer<typeof partnerSummarySchema>;

export const recommendationSummarySchema = z.object({id: z.string().min(1), recommendation: z.string(), measure: z.string()}).strict();
export type RecommendationSummary = z.infer<typeof recommendationSummarySchema>;

export const figuresSchema = z
  .object({
    headline: headlineSchema,
    measures: z.array(measureSchema),
    indicators: z.array(indicatorSummarySchema),
    partners: z.array(partnerSummarySchema),
    /** null: the build had no recommendations table; [] a table with no rows. */
    recommendations: z.array(recommendationSummarySchema).nullable()
  })
  .strict();
export type Figures = z.infer<typeof figuresSchema>;

/** The neighbourhoods an edition keeps: the busiest by count, enough to say where an entrant to the top 10 stood. */
export const LSOA_RANKS_KEPT = 50;
