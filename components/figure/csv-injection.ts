/**
 * CSV injection (OWASP, "CSV Injection"): a spreadsheet runs a cell that starts with =, +, -, @, tab or carriage
 * return as a formula (=HYPERLINK(...) sends data away, +cmd|... runs a program in old Excel). Every CSV the site
 * offers for download writes its text cells through neutraliseCsvText, which prefixes such a cell with ' so it is
 * shown as text. Real numbers (-3.2, +4, 1e-3) are left alone, so numeric columns stay numeric; text labels that
 * start with - are rare (none in the snapshot or the examples) and are shown with the ' when a page reads them back.
 * Pure and dependency-free: used by loaders in Node and by pages in the browser.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const REAL_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The text of one CSV cell, with a leading ' when a spreadsheet would read it as a formula. */
export function neutraliseCsvText(text: string): string {
  return FORMULA_START.test(text) && !REAL_NUMBER.test(text) ? `'${text}` : text;
}

/** Any cell value: strings are neutralised, everything else (numbers, booleans, dates, null) is returned as is. */
export function neutraliseCsvValue<T>(value: T): T | string {
  return typeof value === "string" ? neutraliseCsvText(value) : value;
}

/** A row object with every string value neutralised (for d3-dsv's csvFormat and other row writers). */
export function neutraliseCsvRow<T extends object>(row: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = neutraliseCsvValue(v);
  return out as T;
}
