/**
 * zod schemas of the police.uk API responses the refresh uses, derived from the recorded real responses in
 * tests/fixtures/policeuk-api/ (see its MANIFEST.md): coordinates are strings, outcome_status may be null,
 * persistent_id is "" for anti-social behaviour, and a crime without a location has location = null.
 */
import {z} from "zod";

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, {error: 'expected a month "YYYY-MM"'});
const coordinate = z.string().regex(/^-?\d+(\.\d+)?$/, {error: 'expected a decimal coordinate written as a string, e.g. "50.371234"'});

export const streetSchema = z.object({id: z.number().int(), name: z.string()});

export const crimeLocationSchema = z.object({
  latitude: coordinate,
  longitude: coordinate,
  street: streetSchema
});

export const outcomeStatusSchema = z.object({category: z.string(), date: month});

/** One crime of `crimes-street/<category>` or `crimes-no-location`. */
export const apiCrimeSchema = z.object({
  category: z.string().min(1),
  /** "Force" or "BTP" (British Transport Police); null for crimes without a location. */
  location_type: z.string().nullable(),
  location: crimeLocationSchema.nullable(),
  context: z.string(),
  outcome_status: outcomeStatusSchema.nullable(),
  /** 64 hex characters, or "" (anti-social behaviour has no persistent id). */
  persistent_id: z.string().regex(/^([0-9a-f]{64})?$/, {error: 'expected a 64-character hex id or ""'}),
  /** The API's numeric id: unique per crime, used to de-duplicate crimes seen by overlapping polygons. */
  id: z.number().int(),
  location_subtype: z.string().nullable(),
  month
});
export type ApiCrime = z.infer<typeof apiCrimeSchema>;
export const apiCrimeListSchema = z.array(apiCrimeSchema);

/** `crime-last-updated`: the month of the latest data, written as its first day. */
export const crimeLastUpdatedSchema = z.object({
  date: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-\d{2}$/, {error: 'expected a date "YYYY-MM-DD"'})
});
export type CrimeLastUpdated = z.infer<typeof crimeLastUpdatedSchema>;

/** `crimes-street-dates`: the months available, newest first, with the forces that have stop-and-search data. */
export const streetDateSchema = z.object({date: month, "stop-and-search": z.array(z.string())});
export const crimesStreetDatesSchema = z.array(streetDateSchema);
export type StreetDate = z.infer<typeof streetDateSchema>;

/** `crime-categories`: slug (`url`) and display name; includes the pseudo-category `all-crime`. */
export const crimeCategorySchema = z.object({url: z.string().min(1), name: z.string().min(1)});
export const crimeCategoriesSchema = z.array(crimeCategorySchema);
export type CrimeCategory = z.infer<typeof crimeCategorySchema>;
