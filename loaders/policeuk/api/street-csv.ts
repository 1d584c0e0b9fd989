/** Writing police.uk street CSVs (the layout of the bulk downloads) from API crimes. */
import {csvFormatRows} from "d3-dsv";
import {crimeTypeForSlug} from "./categories.ts";
import type {ApiCrime} from "./schemas.ts";
import {STREET_HEADER} from "../street-schema.ts";

/** The exact 12-column header of a police.uk `*-street.csv` (one definition: street-schema.ts). */
export const STREET_CSV_HEADER = STREET_HEADER;
export const STREET_CSV_HEADER_LINE = STREET_CSV_HEADER.join(",");

export interface RowPlace {
  lsoaCode: string;
  lsoaName: string;
}

/**
 * One street-file row for an API crime, as police.uk writes it in the bulk files: a crime without a location gets
 * `No Location` and empty coordinates and LSOA; a crime with no outcome yet (and all ASB) gets an empty outcome.
 */
export function streetRow(crime: ApiCrime, forceName: string, place: RowPlace | undefined): string[] {
  return [
    crime.persistent_id,
    crime.month,
    forceName,
    forceName,
    crime.location?.longitude ?? "",
    crime.location?.latitude ?? "",
    crime.location?.street.name ?? "No Location",
    place?.lsoaCode ?? "",
    place?.lsoaName ?? "",
    crimeTypeForSlug(crime.category),
    crime.outcome_status?.category ?? "",
    crime.context
  ];
}

/** Header plus rows, LF line ends, ending with a newline (as the bulk files do). */
export function formatStreetCsv(rows: readonly string[][]): string {
  return `${csvFormatRows([[...STREET_CSV_HEADER], ...rows])}\n`;
}
