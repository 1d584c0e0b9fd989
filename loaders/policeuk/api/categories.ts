/**
 * The one mapping between police.uk API category slugs and the `Crime type` names of the street CSV files.
 * Checked against the recorded `crime-categories` response (tests/fixtures/policeuk-api/crime-categories__*.json).
 */
import {POLICEUK_CRIME_TYPES, type CrimeType} from "../../config/schema.ts";

/** API slug → CSV crime type. `all-crime` is a query pseudo-category, not a type, so it is not here. */
export const API_SLUG_TO_CRIME_TYPE = {
  "anti-social-behaviour": "Anti-social behaviour",
  "bicycle-theft": "Bicycle theft",
  burglary: "Burglary",
  "criminal-damage-arson": "Criminal damage and arson",
  drugs: "Drugs",
  "other-crime": "Other crime",
  "other-theft": "Other theft",
  "possession-of-weapons": "Possession of weapons",
  "public-order": "Public order",
  robbery: "Robbery",
  shoplifting: "Shoplifting",
  "theft-from-the-person": "Theft from the person",
  "vehicle-crime": "Vehicle crime",
  "violent-crime": "Violence and sexual offences"
} as const satisfies Record<string, CrimeType>;

export type ApiCategorySlug = keyof typeof API_SLUG_TO_CRIME_TYPE;
/** The pseudo-category that asks the API for every category at once (ASB included). */
export const ALL_CRIME = "all-crime";

const CRIME_TYPE_TO_SLUG = new Map<CrimeType, ApiCategorySlug>(
  (Object.entries(API_SLUG_TO_CRIME_TYPE) as [ApiCategorySlug, CrimeType][]).map(([slug, type]) => [type, slug])
);

export function isApiCategorySlug(slug: string): slug is ApiCategorySlug {
  return Object.hasOwn(API_SLUG_TO_CRIME_TYPE, slug);
}

/** The CSV crime type for an API slug; an unknown slug is an error that says where to add it. */
export function crimeTypeForSlug(slug: string): CrimeType {
  if (isApiCategorySlug(slug)) return API_SLUG_TO_CRIME_TYPE[slug];
  throw new Error(
    `Unknown police.uk crime category slug "${slug}": police.uk may have added or renamed a category. ` +
      `Check https://data.police.uk/api/crime-categories and add it to API_SLUG_TO_CRIME_TYPE in loaders/policeuk/api/categories.ts.`
  );
}

/** The API slug for a CSV crime type (every one of the 14 types has one). */
export function slugForCrimeType(type: CrimeType): ApiCategorySlug {
  const slug = CRIME_TYPE_TO_SLUG.get(type);
  if (!slug) throw new Error(`No police.uk API slug for crime type "${type}"; add it to loaders/policeuk/api/categories.ts`);
  return slug;
}

// Fail at import time if the table and the config's list of crime types ever drift apart.
for (const type of POLICEUK_CRIME_TYPES) slugForCrimeType(type);
