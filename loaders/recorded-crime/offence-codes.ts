/**
 * Home Office "Police recorded crime and outcomes open data tables", police force area table, 2017/18: offences by
 * financial quarter × force × offence code (incl. British Transport Police and the fraud bodies). OGL v3.0.
 *
 * Counts are text with a leading (and trailing) space; `-00` means the offence cannot occur in that category (null,
 * with the reason), and small negative counts are real net adjustments of a quarter (kept). Homicide's code is
 * written `1/4.1/4.10/4.2` and appears on four rows per force and quarter (its component codes): sum them all.
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {gunzipSync} from "node:zlib";
import {parseCsv} from "../lib/csv.ts";
import {offenceCodeRowSchema, type OffenceCodeRow} from "./schemas.ts";

export const OFFENCE_CODES_FILE = "recorded-crime/offence-codes/prc-pfa-tables-2017-18.csv.gz";
export const HOMICIDE_CODE = "1/4.1/4.10/4.2";
/** Possession of article with blade or point. */
export const BLADE_POSSESSION_CODE = "10D";

const COLUMNS = {
  financial_year: "Financial Year",
  quarter: "Financial Quarter",
  force: "Force Name",
  offence_description: "Offence Description",
  offence_group: "Offence Group",
  offence_subgroup: "Offence Subgroup",
  offence_code: "Offence Code",
  count: "Number of Offences"
} as const;

/** The file's text: gunzipped in full (a truncated file is refused) and decoded as strict UTF-8. */
function readText(path: string): string {
  try {
    return new TextDecoder("utf-8", {fatal: true}).decode(gunzipSync(readFileSync(path)));
  } catch (e) {
    throw new Error(`${OFFENCE_CODES_FILE}: cannot be read as gzipped UTF-8 CSV (${(e as Error).message}); restore it (git checkout -- data/snapshot/${OFFENCE_CODES_FILE}).`);
  }
}

/** " 66776 " → 66776, " -1 " → -1, "-00" → null (cannot occur); anything else is an error naming where it is. */
export function parseOffenceCount(cell: string, where: () => string): {count: number | null; null_reason: OffenceCodeRow["null_reason"]} {
  const s = cell.trim();
  if (s === "-00") return {count: null, null_reason: "cannot occur in this category (-00)"};
  if (!/^-?\d+$/.test(s)) throw new Error(`${where()}: "${s.slice(0, 20)}" is not a count (expected an integer or -00).`);
  return {count: Number(s), null_reason: null};
}

/** Every row of the offence-code table, by column name. Throws naming the file, line and column on anything unexpected. */
export function readOffenceCodes(snapshotDir: string): OffenceCodeRow[] {
  const {columns, rows} = parseCsv(readText(join(snapshotDir, OFFENCE_CODES_FILE)));
  const missing = Object.values(COLUMNS).filter((c) => !columns.includes(c));
  if (missing.length) throw new Error(`${OFFENCE_CODES_FILE}: missing column(s) ${missing.map((m) => `"${m}"`).join(", ")}; the Home Office changed the layout. Update COLUMNS in loaders/recorded-crime/offence-codes.ts.`);
  return rows.map((r, i) => {
    const line = i + 2; // no field of this file spans lines
    const where = (column: string) => `${OFFENCE_CODES_FILE} line ${line}, column "${column}"`;
    const get = (key: keyof typeof COLUMNS) => (r[COLUMNS[key]] ?? "").trim();
    const parsed = offenceCodeRowSchema.safeParse({
      line, financial_year: get("financial_year"), quarter: Number(get("quarter")), force: get("force"),
      offence_code: get("offence_code"), offence_description: get("offence_description"),
      offence_group: get("offence_group"), offence_subgroup: get("offence_subgroup"),
      ...parseOffenceCount(r[COLUMNS.count] ?? "", () => where(COLUMNS.count))
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const key = String(issue?.path[0] ?? "") as keyof typeof COLUMNS;
      throw new Error(`${where(COLUMNS[key] ?? key)}: ${issue?.message ?? "invalid"}.`);
    }
    return parsed.data;
  });
}

/** Sum of the counts of the rows with the given offence code (optionally one force); null counts (-00) add nothing. */
export function sumOffence(rows: readonly OffenceCodeRow[], code: string, force?: string): number {
  return rows.filter((r) => r.offence_code === code && (force === undefined || r.force === force)).reduce((s, r) => s + (r.count ?? 0), 0);
}
