/**
 * The partnership's configuration: the single source of its shape (types derive from it with z.infer).
 * Every refinement carries a message that names the field and says how to fix it.
 */
import {z} from "zod";
import {DEFAULT_INDICATOR_SET, indicatorSetSchema} from "../fingertips/indicator-set.ts";

/** The 14 crime types of a police.uk street file, exactly as written in the `Crime type` column. */
export const POLICEUK_CRIME_TYPES = [
  "Anti-social behaviour",
  "Bicycle theft",
  "Burglary",
  "Criminal damage and arson",
  "Drugs",
  "Other crime",
  "Other theft",
  "Possession of weapons",
  "Public order",
  "Robbery",
  "Shoplifting",
  "Theft from the person",
  "Vehicle crime",
  "Violence and sexual offences"
] as const;
export type CrimeType = (typeof POLICEUK_CRIME_TYPES)[number];

const ladCode = z
  .string({error: 'expected a local authority district code such as "E06000026"'})
  .regex(/^E0[6-9]\d{6}$/, {error: 'expected a 9-character ONS local authority district code (E06, E07, E08 or E09), such as "E06000026"'});
const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, {error: 'expected a month written "YYYY-MM", for example "2025-01"'});

export const areaSchema = z.object({
  code: z.string().regex(/^E(0[6-9]|10|11|22)\d{6}$/, {
    error: 'expected the partnership area\'s ONS code: a unitary or district (E06/E07/E08/E09), county (E10), metropolitan county (E11) or CSP (E22), e.g. "E06000026"'
  }),
  name: z.string().min(1, {error: "give the area's name as ONS writes it, e.g. \"Plymouth\""}),
  kind: z.enum(["unitary authority", "county", "district", "metropolitan borough", "london borough", "community safety partnership"], {
    error: 'expected one of "unitary authority", "county", "district", "metropolitan borough", "london borough", "community safety partnership"'
  })
});

export const districtSchema = z.object({code: ladCode, name: z.string().min(1)});

export const forceSchema = z.object({
  id: z.string().regex(/^[a-z]+(-[a-z]+)*$/, {
    error: 'expected a police.uk force id (a lower-case slug such as "devon-and-cornwall" or "surrey"); see https://data.police.uk/api/forces'
  }),
  name: z.string().min(1),
  pfaCode: z.string().regex(/^E23\d{6}$/, {error: 'expected the Police Force Area code, e.g. "E23000035" for Devon & Cornwall'})
});

/**
 * A local success measure: the monthly count in a prepared table (components/tables/registry.ts) where the `where`
 * columns equal the values given, compared between the baseline months and the same calendar months of the latest
 * year that has them all.
 */
export const localMeasureSchema = z
  .object({
    name: z.string().trim().min(3, {error: "name the measure as the board will read it"}),
    table: z.enum(["area_monthly", "partner_records"], {error: "the table must be area_monthly (police.uk, by month and crime type) or partner_records (a partner table by month)"}),
    where: z.record(z.string(), z.union([z.string(), z.array(z.string()).min(1)])).default({}),
    polarity: z.enum(["low-is-good", "high-is-good"]),
    baseline: z
      .object({from: month, to: month})
      .strict()
      .refine((b) => b.from <= b.to, {error: "baseline.from must not be after baseline.to"}),
    source: z.string().optional()
  })
  .strict();
export type LocalMeasure = z.infer<typeof localMeasureSchema>;

export const configSchema = z
  .object({
    partnership: z.object({
      name: z.string().min(3, {error: "give the partnership's name, e.g. \"Safer Plymouth\""}),
      organisations: z
        .array(z.object({name: z.string().min(1), role: z.string().min(1)}))
        .default([])
    }),
    area: areaSchema,
    districts: z
      .array(districtSchema)
      .min(1, {error: "list at least one local authority district that makes up the area (for a unitary authority, the area itself)"}),
    comparators: z.array(districtSchema).default([]),
    forces: z.array(forceSchema).min(1, {error: "name at least one police force whose street files cover the area"}),
    months: z
      .object({start: month.optional(), end: month.optional()})
      .default({})
      .refine((m) => !m.start || !m.end || m.start <= m.end, {error: "months.start must not be after months.end"}),
    seriousViolence: z.object({
      label: z.string().min(1).default("Serious violence (police.uk proxy)"),
      crimeTypes: z
        .array(
          z.enum(POLICEUK_CRIME_TYPES, {
            error: (issue) =>
              `"${String(issue.input)}" is not a police.uk crime type; use one of: ${POLICEUK_CRIME_TYPES.filter((t) => t !== "Anti-social behaviour").join(", ")}`
          })
        )
        .min(1, {error: "list at least one police.uk crime type in the local definition of serious violence"})
        .refine((types) => !types.includes("Anti-social behaviour"), {
          error: "Anti-social behaviour is not a crime and cannot be part of the definition of serious violence; remove it"
        })
        .refine((types) => new Set(types).size === types.length, {error: "a crime type is listed twice; remove the duplicate"})
    }),
    /**
     * The partnership's own measures beside the three Home Office success measures: each is a count from a prepared
     * table (by month), compared with its baseline months on the Success measures page.
     */
    successMeasures: z
      .object({local: z.array(localMeasureSchema).default([])})
      .strict()
      .default({local: []}),
    /**
     * The analyst's own words (content/<area code>/<chapter>.md, README "Writing your SNA"). showExamples: false
     * leaves out every file marked EXAMPLE (front matter `example: true`): set it for a published build.
     */
    content: z
      .object({showExamples: z.boolean({error: "expected true or false"}).default(true)})
      .strict()
      .default({showExamples: true}),
    /** Fingertips indicators of the risk factors and benchmarking chapters (default: the guidance-based set). */
    indicators: indicatorSetSchema.default(() => indicatorSetSchema.parse(DEFAULT_INDICATOR_SET)),
    /**
     * The board pack (`npm run pack` → dist/board-pack.pdf, README "Board pack"): its chapters by page name, in order
     * (default: every chapter but Explore; Methods and sources and Data gaps are always its appendices), and the
     * edition named on its cover and on every printed page (default: "<year the analysis window ends> edition").
     */
    pack: z
      .object({
        chapters: z
          .array(z.string().regex(/^[a-z][a-z0-9-]*$/, {error: 'expected a page name as in the site\'s address, e.g. "violence-profile" ("index" for the Overview)'}))
          .min(1, {error: "list at least one chapter, or leave chapters out for every chapter but Explore"})
          .refine((c) => new Set(c).size === c.length, {error: "a chapter is listed twice; remove the duplicate"})
          .optional(),
        edition: z.string().trim().min(2, {error: 'name the edition, e.g. "2026 edition" or "Draft for the May board"'}).max(80).optional()
      })
      .strict()
      .default({}),
    /**
     * The accessibility statement's contact (Public Sector Bodies Accessibility Regulations 2018, regulation 7): who
     * answers requests for another format and reports of problems. Without it the statement names the partnership's
     * lead organisation (the organisation whose role says "lead", else the first) and says to set this block.
     */
    accessibility: z
      .object({
        organisation: z.string().trim().min(2, {error: "name the team or organisation that answers accessibility requests"}),
        email: z.email({error: 'expected a shared mailbox such as "community.safety@plymouth.gov.uk" (not a person\'s own address)'}).optional(),
        phone: z.string().trim().regex(/^\+?[0-9 ()-]{7,20}$/, {error: 'expected a telephone number such as "01752 668000"'}).optional(),
        url: z.url({protocol: /^https?$/, error: "expected the web address of a contact form, starting https://"}).optional(),
        /** When the statement was last reviewed ("YYYY-MM-DD"); default: the day the tables were prepared. */
        reviewed: z.iso.date({error: 'expected a date written "YYYY-MM-DD"'}).optional()
      })
      .strict()
      .refine((a) => a.email || a.phone || a.url, {error: "give at least one way to ask: email, phone or url"})
      .optional(),
    /** Partner counts from 1 to this minus 1 are suppressed. NHS and ONS practice is 5 or more; never below 3. */
    smallNumberThreshold: z
      .number({error: "expected a whole number such as 5"})
      .int({error: "expected a whole number such as 5"})
      .min(3, {error: `must be at least 3: a threshold of 1 or 2 suppresses nothing that identifies a person; use 5 (NHS and ONS practice)`})
      .max(100, {error: "must be at most 100"})
      .default(5),
    /**
     * Allows a threshold of 3 or 4 (below NHS and ONS practice), with the reason recorded in the configuration, e.g.
     * the data owners' written agreement. Without it, 3 and 4 are refused.
     */
    smallNumberThresholdOverride: z
      .object({reason: z.string().trim().min(10, {error: "say why a threshold below 5 is acceptable and who agreed it (at least 10 characters)"})})
      .strict()
      .optional(),
    /**
     * Editions (README "Editions and the annual review"): the name of the edition this build is (as `npm run edition`
     * would freeze it) and the edition in editions/ the "What changed" chapter compares it with (default: the latest
     * one of the same area whose window ends before this build's).
     */
    edition: z
      .object({
        name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/, {error: 'expected an edition name of lower-case letters, digits and hyphens, e.g. "plymouth-2026-review"'}).optional(),
        compareWith: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/, {error: 'expected the name of a folder of editions/, e.g. "plymouth-jan-apr-2024"'}).optional()
      })
      .strict()
      .default({}),
    /**
     * The data gaps register (Data gaps page, loaders/prepare/data-gaps.ts) for what the build cannot see: by source
     * id ("probation", "case-reviews", ...), its owner, sharing agreement, status and next step. What the build sees
     * (snapshot files, partner extracts) comes first: a status here applies only to a source the build has no data for.
     */
    dataGaps: z
      .record(
        z.string().regex(/^[a-z][a-z0-9-]*$/, {error: 'expected a data source id such as "probation" (the Data gaps page lists them)'}),
        z
          .object({
            owner: z.string().trim().min(2).optional(),
            sharingAgreement: z.string().trim().min(2).optional(),
            status: z.enum(["missing", "requested", "held outside this build"], {error: 'expected "missing", "requested" or "held outside this build"'}).optional(),
            nextStep: z.string().trim().min(5).optional()
          })
          .strict()
      )
      .optional()
  })
  .refine((c) => c.smallNumberThreshold >= 5 || c.smallNumberThresholdOverride !== undefined, {
    error: `below 5 is under NHS and ONS practice: set smallNumberThreshold to 5 or more, or keep it at 3 or 4 and add smallNumberThresholdOverride: {reason: "who agreed the lower threshold and why"}`,
    path: ["smallNumberThreshold"]
  })
  .refine((c) => c.area.kind === "county" || c.districts.some((d) => d.code === c.area.code) || c.area.kind === "community safety partnership", {
    error: "for a unitary authority or district, districts must include the area's own code",
    path: ["districts"]
  });

/** What an author writes in sna.config.ts (defaults may be left out). */
export type SnaConfigInput = z.input<typeof configSchema>;
/** The validated configuration, with defaults filled in. */
export type SnaConfig = z.infer<typeof configSchema>;

/** Identity helper for config files: gives authors type checking and completion. */
export const defineConfig = (config: SnaConfigInput): SnaConfigInput => config;
