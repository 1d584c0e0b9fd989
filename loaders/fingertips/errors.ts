/**
 * One error type for everything that can go wrong with a Fingertips indicator, so that the refresh can
 * report each failure with the indicator, column and URL, and carry on with the other indicators.
 */
export type FingertipsErrorKind =
  | "http" // the server answered with an error status, or not at all
  | "html" // an HTML page (error or maintenance page) came back instead of CSV/JSON
  | "layout" // a required column is missing or the CSV cannot be read: the export's layout changed
  | "value" // a value that should be a number is not
  | "wrong-indicator" // the export holds another indicator, or none: the id may no longer exist
  | "schema" // a JSON response does not have the expected shape
  | "area-code"; // an area code that no lookup knows

export interface FingertipsErrorDetails {
  kind: FingertipsErrorKind;
  indicatorId?: number | undefined;
  column?: string | undefined;
  url?: string | undefined;
  /** 1-based record number in the CSV (header excluded), where one row is at fault. */
  record?: number | undefined;
  /** What the user can do about it. */
  fix: string;
}

export class FingertipsError extends Error {
  readonly details: FingertipsErrorDetails;
  constructor(problem: string, details: FingertipsErrorDetails) {
    super(formatMessage(problem, details));
    this.name = "FingertipsError";
    this.details = details;
  }
  get kind(): FingertipsErrorKind {
    return this.details.kind;
  }
}

function formatMessage(problem: string, d: FingertipsErrorDetails): string {
  const where = [
    d.indicatorId !== undefined ? `indicator ${d.indicatorId}` : null,
    d.column !== undefined ? `column "${d.column}"` : null,
    d.record !== undefined ? `record ${d.record}` : null,
    d.url !== undefined ? `URL ${d.url}` : null
  ].filter((s): s is string => s !== null);
  return `Fingertips ${where.join(", ")}: ${problem}. ${d.fix}`;
}
