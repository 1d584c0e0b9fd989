/**
 * The Fingertips indicator set of the needs assessment, grouped as the Serious Violence Duty guidance does:
 * violence outcomes, then risk and protective factors by the WHO ecological level at which they act
 * (individual, relationship, community, societal). The schema is exported for sna.config.ts; the default set
 * is built from ../shared/data/fingertips/candidate_indicators.csv and the real extracts.
 *
 * Polarity is recorded with its evidence, weakest last: "fingertips-metadata" (FingertipsNext indicator
 * metadata), "fingertips-significance" (implied by Fingertips' own Better/Worse in a real extract),
 * "analyst-label" (a council analyst's label), "assumed" (to confirm against indicator metadata at refresh).
 * `checkIndicatorSet` compares ids, names and polarity with the API's metadata and reports every difference.
 */
import {z} from "zod";
import {polaritySchema, type IndicatorMetadata, type Polarity} from "./schemas.ts";
import type {IndicatorSource} from "./source.ts";

export const ecologicalLevelSchema = z.enum(["individual", "relationship", "community", "societal"]);
export type EcologicalLevel = z.infer<typeof ecologicalLevelSchema>;
export const ECOLOGICAL_LEVELS = ecologicalLevelSchema.options;

export const indicatorKindSchema = z.enum(["violence-outcome", "risk-factor", "protective-factor"]);
export type IndicatorKind = z.infer<typeof indicatorKindSchema>;

export const polaritySourceSchema = z.enum(["fingertips-metadata", "fingertips-significance", "analyst-label", "assumed"]);

/** Fingertips area type ids: 502 counties and UAs, 501 districts and UAs (from April 2023); 6 region. */
const areaTypeId = z.number().int().positive();

export const indicatorSetEntrySchema = z
  .object({
    id: z.number({error: "expected a Fingertips indicator id (a whole number such as 11201)"}).int().positive(),
    /** Short name for pages. */
    name: z.string().min(1),
    /** The name Fingertips last gave it, and where that name was seen: checked at refresh. */
    knownName: z.string().min(1),
    nameSource: z.string().min(1),
    kind: indicatorKindSchema,
    /** WHO ecological level; null for violence outcomes. */
    level: ecologicalLevelSchema.nullable(),
    polarity: polaritySchema,
    polaritySource: polaritySourceSchema,
    /** Child area types to request, upper tier first. */
    areaTypeIds: z.array(areaTypeId).min(1).default([502, 501]),
    parentAreaTypeId: areaTypeId.default(6),
    /** Decimal places every page writes this indicator's values with (area, England and peers alike). */
    decimals: z.number({error: "expected a whole number of decimal places (0 to 4)"}).int().min(0).max(4).default(1),
    note: z.string().optional()
  })
  .refine((e) => (e.kind === "violence-outcome") === (e.level === null), {
    error: "a violence outcome has no ecological level (level: null); a risk or protective factor needs one of individual, relationship, community, societal",
    path: ["level"]
  });
export type IndicatorSetEntry = z.infer<typeof indicatorSetEntrySchema>;

export const indicatorSetSchema = z
  .array(indicatorSetEntrySchema)
  .min(1, {error: "list at least one indicator"})
  .superRefine((set, ctx) => {
    const seen = new Set<number>();
    set.forEach((e, i) => {
      if (seen.has(e.id)) ctx.addIssue({code: "custom", path: [i, "id"], message: `indicator ${e.id} is listed twice; remove the duplicate`});
      seen.add(e.id);
    });
  });
export type IndicatorSet = z.infer<typeof indicatorSetSchema>;
export type IndicatorSetInput = z.input<typeof indicatorSetSchema>;

const PSYCHTY = "psychty/la-ph-walkthrough extract (fingertipsR, Feb 2020)";
const FT2017 = "Fingertips indicator list 2017-04-11 (fingertipsR)";
const FTNEXT = "FingertipsNext indicators.csv (Aug 2025)";
const TRAFFORD_SIG = "Fingertips' own Better/Worse in the traffordDataLab extract (May 2019) implies it";

/** The default set. Edit it in sna.config.ts; the refresh reports ids that are renamed or missing. */
export const DEFAULT_INDICATOR_SET: IndicatorSetInput = [
  // ---- violence outcomes
  {id: 11201, name: "Hospital admissions for violence (including sexual violence)", knownName: "Age-standardised rate per 100,000 population of emergency hospital admissions for violence (in PHOF 1.12i)", nameSource: FT2017, kind: "violence-outcome", level: null, polarity: "low-is-good", polaritySource: "assumed"},
  {id: 11202, name: "Violence offences per 1,000 population", knownName: "Violent crime - violence offences per 1,000 population", nameSource: PSYCHTY, kind: "violence-outcome", level: null, polarity: "low-is-good", polaritySource: "analyst-label"},
  {id: 90637, name: "Sexual offences per 1,000 population", knownName: "Crude rate of sexual offences per 1,000 population (in PHOF 1.12iii)", nameSource: FT2017, kind: "violence-outcome", level: null, polarity: "low-is-good", polaritySource: "assumed"},
  {id: 90644, name: "Domestic abuse incidents per 1,000 aged 16+", knownName: "Rate per 1,000 population aged 16+ of domestic abuse incidents recorded by the police (in PHOF 1.11)", nameSource: FT2017, kind: "violence-outcome", level: null, polarity: "no-judgement", polaritySource: "assumed", areaTypeIds: [502], note: "Higher recorded rates can reflect better reporting as well as more abuse."},
  {id: 11301, name: "Re-offending: % of offenders who re-offend", knownName: "% of offenders who re-offend from a rolling 12 month cohort (in PHOF 1.13i)", nameSource: FT2017, kind: "violence-outcome", level: null, polarity: "low-is-good", polaritySource: "assumed"},
  // ---- individual
  {id: 10401, name: "First time entrants to the youth justice system (per 100,000 aged 10–17)", knownName: "First time entrants to the youth justice system", nameSource: PSYCHTY, kind: "risk-factor", level: "individual", polarity: "low-is-good", polaritySource: "analyst-label", areaTypeIds: [502]},
  {id: 21001, name: "Emergency hospital admissions for intentional self-harm", knownName: "Emergency Hospital Admissions for Intentional Self-Harm", nameSource: PSYCHTY, kind: "risk-factor", level: "individual", polarity: "low-is-good", polaritySource: "fingertips-significance", note: TRAFFORD_SIG},
  {id: 90813, name: "Hospital admissions for self-harm, 10–24 years", knownName: "Hospital admissions as a result of self-harm (10-24 years)", nameSource: FT2017, kind: "risk-factor", level: "individual", polarity: "low-is-good", polaritySource: "fingertips-significance", areaTypeIds: [502], note: TRAFFORD_SIG},
  {id: 91414, name: "Admissions for alcohol-related conditions (narrow)", knownName: "Admission episodes for alcohol-related conditions (Narrow)", nameSource: PSYCHTY, kind: "risk-factor", level: "individual", polarity: "low-is-good", polaritySource: "fingertips-significance", note: TRAFFORD_SIG},
  {id: 92904, name: "Admissions for alcohol-specific conditions, under 18s", knownName: "Hospital admission episodes for alcohol-specific conditions aged 17 and under", nameSource: FTNEXT, kind: "risk-factor", level: "individual", polarity: "low-is-good", polaritySource: "fingertips-metadata", areaTypeIds: [502]},
  {id: 90285, name: "Admissions for injuries in young people aged 15–24", knownName: "Hospital admissions caused by unintentional and deliberate injuries in young people (aged 15-24 years)", nameSource: PSYCHTY, kind: "risk-factor", level: "individual", polarity: "low-is-good", polaritySource: "analyst-label"},
  {id: 91454, name: "Adults in specialist drug misuse treatment per 1,000", knownName: "Rate of individuals who received treatment at a specialist drug misuse service per 1000 population aged 15 - 74", nameSource: FT2017, kind: "risk-factor", level: "individual", polarity: "no-judgement", polaritySource: "assumed", areaTypeIds: [502], note: "Treatment rates reflect both need and access to services."},
  // ---- relationship
  {id: 90803, name: "Children in care (per 10,000 under 18)", knownName: "Children in care", nameSource: FT2017, kind: "risk-factor", level: "relationship", polarity: "low-is-good", polaritySource: "fingertips-significance", areaTypeIds: [502], note: TRAFFORD_SIG},
  {id: 90886, name: "Children on child protection plans (per 10,000 under 18)", knownName: "Child protection cases: Rate of children who were the subject of a child protection plan at the end of the year (31 March)", nameSource: FT2017, kind: "risk-factor", level: "relationship", polarity: "low-is-good", polaritySource: "fingertips-significance", areaTypeIds: [502], note: TRAFFORD_SIG},
  {id: 90835, name: "Parents in drug treatment (per 100,000 children aged 0–15)", knownName: "Parents in drug treatment: rate per 100,000 children aged 0 - 15", nameSource: FT2017, kind: "risk-factor", level: "relationship", polarity: "low-is-good", polaritySource: "assumed", areaTypeIds: [502]},
  {id: 90819, name: "Family homelessness", knownName: "Family homelessness", nameSource: FT2017, kind: "risk-factor", level: "relationship", polarity: "low-is-good", polaritySource: "assumed", areaTypeIds: [502]},
  // ---- community
  {id: 10301, name: "Pupil absence (% of half days missed)", knownName: "% of half days missed by pupils due to overall absence (incl. authorised and unauthorised absence) (in PHOF 1.03)", nameSource: FT2017, kind: "risk-factor", level: "community", polarity: "low-is-good", polaritySource: "assumed"},
  {id: 93203, name: "16–17 year olds not in education, employment or training (NEET) or activity not known", knownName: "16-17 year olds not in education, employment or training (NEET) or whose activity is not known", nameSource: PSYCHTY, kind: "risk-factor", level: "community", polarity: "low-is-good", polaritySource: "fingertips-significance", areaTypeIds: [502], note: TRAFFORD_SIG},
  {id: 91162, name: "Secondary school pupils with a fixed period exclusion (%)", knownName: "Percentage of secondary school pupils who have received a fixed period exclusion", nameSource: FT2017, kind: "risk-factor", level: "community", polarity: "low-is-good", polaritySource: "assumed", areaTypeIds: [502]},
  {id: 90631, name: "School readiness: good level of development at end of Reception", knownName: "School readiness: percentage of children achieving a good level of development at the end of Reception", nameSource: PSYCHTY, kind: "protective-factor", level: "community", polarity: "high-is-good", polaritySource: "analyst-label", areaTypeIds: [502]},
  {id: 93553, name: "Deprivation score (IMD 2019)", knownName: "Deprivation score (Index of Multiple Deprivation 2019)", nameSource: FTNEXT, kind: "risk-factor", level: "community", polarity: "low-is-good", polaritySource: "fingertips-metadata"},
  {id: 92635, name: "Crime domain score (English Indices of Deprivation 2015)", knownName: "A score associated with the crime deprivation measure in the English Indices of Deprivation 2015: a higher score indicates that an area is experiencing high levels of deprivation", nameSource: FT2017, kind: "risk-factor", level: "community", polarity: "low-is-good", polaritySource: "assumed"},
  // ---- societal
  {id: 93701, name: "Children in absolute low income families (under 16s)", knownName: "Children in absolute low income families aged 15 years and under", nameSource: FTNEXT, kind: "risk-factor", level: "societal", polarity: "low-is-good", polaritySource: "fingertips-metadata", note: "Current child poverty series; 10101 is the older one."},
  {id: 10101, name: "Children in low income families (under 16s, older series)", knownName: "Children in low income families (under 16s)", nameSource: PSYCHTY, kind: "risk-factor", level: "societal", polarity: "low-is-good", polaritySource: "fingertips-significance", note: TRAFFORD_SIG},
  {id: 91126, name: "Unemployment (% of population aged 16+)", knownName: "% of the population aged 16+ who are unemployed. ONS model-based method.", nameSource: FT2017, kind: "risk-factor", level: "societal", polarity: "low-is-good", polaritySource: "assumed", areaTypeIds: [502]},
  {id: 91133, name: "Long-term unemployment (per 1,000 working-age population)", knownName: "People in long-term unemployment per 1,000 working-age population", nameSource: FT2017, kind: "risk-factor", level: "societal", polarity: "low-is-good", polaritySource: "assumed"}
];

/** The default set, validated (defaults filled in). */
export const defaultIndicatorSet = (): IndicatorSet => indicatorSetSchema.parse(DEFAULT_INDICATOR_SET);

/** The set grouped for the Risk factors chapter: outcomes, then each ecological level in order. */
export function groupIndicatorSet(set: IndicatorSet): {outcomes: IndicatorSetEntry[]; byLevel: Record<EcologicalLevel, IndicatorSetEntry[]>} {
  const byLevel = Object.fromEntries(ECOLOGICAL_LEVELS.map((l) => [l, set.filter((e) => e.level === l)])) as Record<EcologicalLevel, IndicatorSetEntry[]>;
  return {outcomes: set.filter((e) => e.kind === "violence-outcome"), byLevel};
}

// ---------------------------------------------------------------- checking the set against the API

export type IndicatorCheck =
  | {id: number; status: "ok"; name: string}
  | {id: number; status: "renamed"; knownName: string; currentName: string}
  | {id: number; status: "missing"; knownName: string}
  | {id: number; status: "polarity-differs"; name: string; setPolarity: Polarity; apiPolarity: Polarity};

/** Names compared without case, punctuation or spacing, so that "Self-Harm" and "self harm" match. */
export const normaliseName = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, "");

/** Compares the set with the source's metadata: ids it no longer knows, names that changed, polarity that disagrees. */
export function compareWithMetadata(set: IndicatorSet, metadata: IndicatorMetadata[]): IndicatorCheck[] {
  const byId = new Map(metadata.map((m) => [m.indicatorId, m]));
  return set.flatMap((e): IndicatorCheck[] => {
    const m = byId.get(e.id);
    if (!m) return [{id: e.id, status: "missing", knownName: e.knownName}];
    const out: IndicatorCheck[] = [];
    if (normaliseName(m.name) !== normaliseName(e.knownName)) out.push({id: e.id, status: "renamed", knownName: e.knownName, currentName: m.name});
    if (m.polarity !== null && m.polarity !== e.polarity) out.push({id: e.id, status: "polarity-differs", name: m.name, setPolarity: e.polarity, apiPolarity: m.polarity});
    return out.length > 0 ? out : [{id: e.id, status: "ok", name: m.name}];
  });
}

/** At refresh: fetches the metadata of every id in the set (in batches) and compares. */
export async function checkIndicatorSet(set: IndicatorSet, source: IndicatorSource, batchSize = 20): Promise<IndicatorCheck[]> {
  const metadata: IndicatorMetadata[] = [];
  for (let i = 0; i < set.length; i += batchSize) {
    metadata.push(...(await source.indicatorMetadata(set.slice(i, i + batchSize).map((e) => e.id))));
  }
  return compareWithMetadata(set, metadata);
}

/** One line per problem, for the refresh log; empty when all is well. */
export function formatIndicatorChecks(checks: IndicatorCheck[]): string[] {
  return checks.flatMap((c) => {
    switch (c.status) {
      case "ok":
        return [];
      case "missing":
        return [`indicator ${c.id} ("${c.knownName}") is not in Fingertips' metadata: it was retired or renumbered; find its successor with indicator_search and update the indicator set.`];
      case "renamed":
        return [`indicator ${c.id} is now called "${c.currentName}" (was "${c.knownName}"): check it still measures the same thing, then update knownName.`];
      case "polarity-differs":
        return [`indicator ${c.id} ("${c.name}"): Fingertips' polarity is ${c.apiPolarity}, the set says ${c.setPolarity}: use Fingertips' unless you have a reason.`];
    }
  });
}
