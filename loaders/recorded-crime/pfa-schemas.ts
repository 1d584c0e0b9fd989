/**
 * Record shapes of the ONS "Police force area data tables" (loaders/recorded-crime/pfa-tables.ts): the single source
 * of each record's shape; the types are z.infer of these schemas.
 */
import {z} from "zod";

/** "2019-12": the month a year ending ends in. */
const yearEnding = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
/** A count as published: a whole number, or null when the workbook marks it missing ("..", "NA", "-", …). Never 0 for missing. */
const count = z.number().int().nonnegative().nullable();

/** force: a police force area (or British Transport Police, which has no area); region: an English region; nation: England and Wales, England, Wales, and ONS's "excluding Greater Manchester Police" totals. */
export const PFA_AREA_TYPES = ["force", "region", "nation"] as const;

/** The area columns every record carries. */
export const pfaAreaSchema = z.object({
  /** ONS code as printed (E23… force, W15… Welsh force, E12… region, E92/W92/K04 nation); null for rows ONS prints without one (British Transport Police, the totals excluding Greater Manchester). */
  area_code: z.string().regex(/^[EWK]\d{8}$/).nullable(),
  /** A stable key: the code, or a slug of the name for rows without a code ("british-transport-police"). */
  area_key: z.string().min(1),
  /** The name as printed, trimmed, with footnote markers removed ("Surrey8" → "Surrey"). */
  area_name: z.string().min(1),
  area_type: z.enum(PFA_AREA_TYPES),
  /** The project's police.uk force id (loaders/policeuk/forces.ts) for an English force; null for Welsh forces, British Transport Police, regions and nations. */
  force_id: z.string().min(1).nullable()
});

/** Footnote numbers attached to the row (its area name or its values) and the texts of the footnotes that apply to the area. */
const footnotes = {
  markers: z.array(z.number().int().positive()),
  /** Texts of the footnotes marked on the area's name or naming the area, joined by a blank line; null when none. */
  note: z.string().min(1).nullable()
};

export const knifeSeriesRowSchema = pfaAreaSchema.extend({
  /** The edition the series comes from ("2019-12" for the YE Dec 2019 tables). */
  edition: yearEnding,
  /** Last month of the 12-month period. */
  year_ending: yearEnding,
  /** First month of the 12-month period. */
  period_start: yearEnding,
  /** "YE Mar 2011". */
  label: z.string().regex(/^YE [A-Z][a-z]{2} \d{4}$/),
  /** financial: April to March (the annual series); rolling: any other 12 months (the latest quarters ONS adds). */
  period_kind: z.enum(["financial", "rolling"]),
  /** Selected offences involving a knife or sharp instrument. */
  count,
  /** Share of the selected offences that involved a knife, as printed (per cent). */
  pct_involving_knife: z.number().min(0).max(100).nullable(),
  /** Table P5 carries no rates: always null here (populations: forcePopulation). */
  rate_per_100k: z.null(),
  /** True on the first period after a recording change for this area that the workbook footnotes (see pfa-tables.ts). */
  break_before: z.boolean(),
  /** The footnote that makes the break, when break_before. */
  break_note: z.string().min(1).nullable(),
  ...footnotes
});
export type KnifeSeriesRow = z.infer<typeof knifeSeriesRowSchema>;

/** Table P4's offence groups, in the workbook's order. */
export const KNIFE_OFFENCES = [
  "total_selected",
  "attempted_murder",
  "threats_to_kill",
  "assault_injury_serious_harm",
  "robbery",
  "rape_sexual_assault",
  "homicide"
] as const;
export type KnifeOffence = (typeof KNIFE_OFFENCES)[number];

export const knifeByOffenceRowSchema = pfaAreaSchema.extend({
  edition: yearEnding,
  /** "YE Dec 2019": the edition's year ending, the period its P4 counts cover. */
  edition_label: z.string().regex(/^YE [A-Z][a-z]{2} \d{4}$/),
  /** Workbook file name, relative to data/snapshot/. */
  file: z.string().min(1),
  offence: z.enum(KNIFE_OFFENCES),
  /** The offence heading as printed, markers removed ("Rape and sexual assault"). */
  offence_label: z.string().min(1),
  count,
  /** As printed; null where ONS suppresses it ("-": base under 50) or marks it missing. */
  pct_involving_knife: z.number().min(0).max(100).nullable(),
  /** True on the first edition whose footnotes say this area's figures were revised (the earlier editions are not). */
  break_before: z.boolean(),
  break_note: z.string().min(1).nullable(),
  /** Texts of the footnotes on the offence heading (e.g. homicide's Homicide Index date), joined; null when none. */
  offence_note: z.string().min(1).nullable(),
  ...footnotes
});
export type KnifeByOffenceRow = z.infer<typeof knifeByOffenceRowSchema>;

export const homicideCountRowSchema = pfaAreaSchema.extend({
  edition: yearEnding,
  /** The 12 months the count covers (the edition's year ending). */
  year_ending: yearEnding,
  label: z.string().regex(/^YE [A-Z][a-z]{2} \d{4}$/),
  file: z.string().min(1),
  /** Homicides recorded by the police (Table P1, main police collection). */
  count,
  ...footnotes
});
export type HomicideCountRow = z.infer<typeof homicideCountRowSchema>;

export const forcePopulationRowSchema = pfaAreaSchema.extend({
  edition: yearEnding,
  file: z.string().min(1),
  /** Mid-year estimate used by ONS for the edition's rates, rounded to 100 by ONS; null where not given. */
  population: z.number().int().positive().nullable(),
  /** "mid-2018": the estimate's reference year, from the column heading. */
  population_basis: z.string().regex(/^mid-\d{4}$/),
  /** Where the figure comes from, said plainly. */
  source: z.string().min(1),
  ...footnotes
});
export type ForcePopulationRow = z.infer<typeof forcePopulationRowSchema>;
