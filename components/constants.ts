/**
 * Names and codes repeated across loaders and pages, kept in one place so that a source title or the England code
 * is spelled the same everywhere (pages import it as ./components/constants.js).
 */

/** England's GSS code (country level). */
export const ENGLAND = {code: "E92000001", name: "England"} as const;
export const ENGLAND_CODE = ENGLAND.code;

/** Dataset titles and publishers as shown in figure sources and written into the snapshot manifest. */
export const SOURCE_NAMES = {
  /** police.uk street-level crime; titles add the forces or the month after it. */
  policeUkStreet: "police.uk street-level crime",
  policeUkPublisher: "Home Office / police forces (data.police.uk)",
  fingertipsPublisher: "Office for Health Improvement and Disparities (Fingertips)",
  censusResidents: "ONS Census 2021 usual residents",
  /** Reference date of Census 2021, as a period label. */
  census2021Period: "Census 2021 (21 March 2021)"
} as const;
