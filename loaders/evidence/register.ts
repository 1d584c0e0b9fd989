/**
 * The evidence register (SNA guidance section 5.5, "Evidence reviews and resources"): approaches that may prevent
 * violence, the risk factors they address, their WHO ecological and prevention levels, their evidence rating and its
 * source, and whether they are provided locally. Analysts keep it as a CSV (data/registers/evidence.csv; friendlier
 * than JSON in a spreadsheet); this module validates it and is the single source of an entry's shape.
 */
import {z} from "zod";
import {PROJECT_ROOT} from "../config/load-config.ts";
import {readRegisterFile, RegisterError, registerRecords} from "../lib/register-csv.ts";
import {type Row, TABLES} from "../../components/tables/registry.ts";
import {PERSONAL_DATA_LABEL, valuePersonalData} from "../partners/personal-data.ts";

export const EVIDENCE_REGISTER_FILE = "data/registers/evidence.csv";

export const WHO_LEVELS = ["individual", "relationship", "community", "societal"] as const;
/** Primary, secondary and tertiary, and Surrey's fourth level, contextual (Healthy Surrey, "Our approach"). */
export const PREVENTION_LEVELS = ["contextual", "primary", "secondary", "tertiary"] as const;
export const RATING_SOURCES = ["YEF Toolkit", "College of Policing Crime Reduction Toolkit", "NICE", "SVD guidance", "other"] as const;
export const PROVIDED = ["yes", "no", "unknown"] as const;

/** A cell holding one or more of the allowed values, separated by ";" (e.g. "individual; relationship"). */
const listOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.string().transform((cell, ctx) => {
    const items = cell.split(";").map((s) => s.trim().toLowerCase()).filter(Boolean);
    if (items.length === 0) ctx.addIssue({code: "custom", message: `is empty; give ${what}: one or more of ${values.join(", ")}, separated by ";"`});
    for (const item of items) {
      if (!(values as readonly string[]).includes(item)) ctx.addIssue({code: "custom", message: `"${item}" is not ${what}; use one or more of: ${values.join(", ")} (separated by ";")`});
    }
    return [...new Set(items)] as T[number][];
  });

const required = (what: string) => z.string().trim().min(1, `is empty; give ${what}`);
const oneOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.string().transform((cell, ctx) => {
    const v = values.find((x) => x.toLowerCase() === cell.trim().toLowerCase());
    if (v === undefined) ctx.addIssue({code: "custom", message: `${cell.trim() ? `"${cell.trim()}"` : "empty"} is not ${what}; use one of: ${values.join(", ")}`});
    return (v ?? values[0]) as T[number];
  });

/** One entry of the register, as a CSV row (every cell a string) turned into typed fields. */
const entryFields = z.object({
  id: z.string().trim().regex(/^[a-z0-9][a-z0-9-]*$/, "must be a short id of lower-case letters, digits and hyphens (e.g. mentoring)"),
  approach: required("the approach's name"),
  description: required("one or two sentences on what the approach is"),
  addresses: z.string().transform((cell) => cell.split(";").map((s) => s.trim()).filter(Boolean)),
  who_level: listOf(WHO_LEVELS, "a WHO ecological level"),
  prevention_level: listOf(PREVENTION_LEVELS, "a prevention level"),
  rating_source: oneOf(RATING_SOURCES, "a rating source"),
  impact: required('the rating\'s impact, or "to be checked against <source>"'),
  evidence_security: required('the rating\'s evidence security (strength), or "to be checked against <source>"'),
  cost: required('the rating\'s cost, or "to be checked against <source>"'),
  rating_reference: z.string().trim(),
  provided_locally: oneOf(PROVIDED, "whether it is provided locally"),
  provider: z.string().trim(),
  example: oneOf(["true", "false"] as const, "true or false").transform((v) => v === "true"),
  entry_source: required("the document (and section) the entry's description comes from")
});
export const evidenceEntrySchema = entryFields.superRefine((e, ctx) => {
  // A rating shown as real must say where it was read; anything unverified is an EXAMPLE.
  if (!e.example && !e.rating_reference) ctx.addIssue({code: "custom", path: ["rating_reference"], message: "is empty; a rating not marked example must cite the document and section it was read from (or set example to true)"});
  if (e.provided_locally === "yes" && !e.provider) ctx.addIssue({code: "custom", path: ["provider"], message: 'is empty; name the organisation that provides it (provided_locally is "yes")'});
});

export type EvidenceEntry = z.output<typeof evidenceEntrySchema>;
export const EVIDENCE_COLUMNS = Object.keys(entryFields.shape) as (keyof EvidenceEntry)[];

export class EvidenceRegisterError extends RegisterError {
  constructor(file: string, problems: string[]) {
    super("evidence register", file, problems);
    this.name = "EvidenceRegisterError";
  }
}

export interface EvidenceRegister {
  /** The file, relative to the project, or null when there is none (the chapter then says how to add one). */
  file: string | null;
  entries: EvidenceEntry[];
}

/** Validates the register's text; `name` is how errors name the file. Throws EvidenceRegisterError listing every problem. */
export function parseEvidenceRegister(text: string, name: string): EvidenceEntry[] {
  const records = registerRecords(text, name, EVIDENCE_COLUMNS, (problems) => new EvidenceRegisterError(name, problems));
  const problems: string[] = [];
  const entries: EvidenceEntry[] = [];
  const seen = new Map<string, number>();
  for (const {line: lineNo, at, row} of records) {
    for (const [column, value] of Object.entries(row)) {
      // The register is published: organisations, not people's contact details (the value itself is not repeated).
      const kind = valuePersonalData(value);
      if (kind) problems.push(`${at}, column "${column}": holds what looks like ${PERSONAL_DATA_LABEL[kind]}; the register is published, so name the organisation, not a person or their contact details`);
    }
    const parsed = evidenceEntrySchema.safeParse(row);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${at}, column "${String(issue.path[0] ?? "")}": ${issue.message}`);
      continue;
    }
    const first = seen.get(parsed.data.id);
    if (first !== undefined) problems.push(`${at}, column "id": "${parsed.data.id}" is already used on line ${first}; give each entry its own id`);
    else seen.set(parsed.data.id, lineNo);
    entries.push(parsed.data);
  }
  if (problems.length) throw new EvidenceRegisterError(name, problems);
  return entries;
}

/** Reads the register at `path` (default data/registers/evidence.csv); a missing file is no register, not an error. */
export function readEvidenceRegister(path = `${PROJECT_ROOT}/${EVIDENCE_REGISTER_FILE}`): EvidenceRegister {
  const {file, parsed} = readRegisterFile(path, parseEvidenceRegister);
  return {file, entries: parsed ?? []};
}

/** The register as rows of the prepared `evidence` table (lists joined with "; "; empty cells are null). */
export function evidenceRows(entries: readonly EvidenceEntry[]): Row<typeof TABLES.evidence>[] {
  return entries.map((e) => ({
    ...e,
    addresses: e.addresses.join("; ") || null,
    who_level: e.who_level.join("; "),
    prevention_level: e.prevention_level.join("; "),
    rating_reference: e.rating_reference || null,
    provider: e.provider || null
  }));
}
