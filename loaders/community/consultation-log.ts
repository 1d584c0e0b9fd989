/**
 * The consultation log (SNA guidance section 5.4, "Community voice"): each activity through which the partnership
 * heard the community (who was heard, how, when, how many took part, which partner ran it and notes on reach).
 * Analysts keep it as a CSV (data/registers/consultation-log.csv); this module validates it and is the single source
 * of an entry's shape. The log is published: it names groups and organisations, never a person, and every cell goes
 * through the disclosure audit's personal-data check.
 */
import {z} from "zod";
import {PROJECT_ROOT} from "../config/load-config.ts";
import {readRegisterFile, RegisterError, registerRecords} from "../lib/register-csv.ts";
import {type Row, TABLES} from "../../components/tables/registry.ts";
import {PERSONAL_DATA_LABEL} from "../partners/personal-data.ts";
import {TextChecker} from "../../scripts/lib/disclosure-text.ts";

export const CONSULTATION_LOG_FILE = "data/registers/consultation-log.csv";
export const METHODS = ["survey", "focus group", "workshop", "interviews", "online", "other"] as const;

const required = (what: string) => z.string().trim().min(1, `is empty; give ${what}`);
const words = (max: number, what: string) => required(what).refine((s) => s.split(/\s+/).length <= max, `is longer than ${max} words; keep it short (the log is a table, not a report)`);

/** YYYY-MM or YYYY-MM-DD, a real month or day. */
const when = (what: string) =>
  z.string().trim().refine((s) => {
    const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(s);
    if (!m) return false;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    return mo >= 1 && mo <= 12 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  }, `${what}: write a month (2025-03) or a day (2025-03-14)`);

const entryFields = z.object({
  area: z.string().trim().regex(/^[EW]\d{8}$/, "must be the ONS code of the partnership's area (e.g. E06000026), as in the configuration's area.code: each build shows its own area's rows"),
  id: z.string().trim().regex(/^[a-z0-9][a-z0-9-]*$/, "must be a short id of lower-case letters, digits and hyphens (e.g. youth-forum-2025)"),
  activity: words(15, "what the activity was (e.g. Youth forum workshop on feeling safe)"),
  group_heard: words(15, "the group heard (e.g. young people aged 13-17 in the youth council): a group, never a person"),
  method: z.string().transform((cell, ctx) => {
    const v = METHODS.find((x) => x === cell.trim().toLowerCase());
    if (v === undefined) ctx.addIssue({code: "custom", message: `${cell.trim() ? `"${cell.trim()}"` : "empty"} is not a method; use one of: ${METHODS.join(", ")}`});
    return v ?? METHODS[0];
  }),
  start: when("is not a date"),
  end: z.string().trim().refine((s) => s === "" || when("").safeParse(s).success, "is not a date: write a month (2025-03) or a day (2025-03-14), or leave it empty for a one-day activity"),
  participants: z.string().trim().transform((cell, ctx) => {
    if (cell === "") return null;
    if (!/^\d+$/.test(cell.replace(/,/g, "")) || Number(cell.replace(/,/g, "")) < 1) ctx.addIssue({code: "custom", message: "is not a number of people; write a whole number of at least 1, or leave it empty if not recorded"});
    return Number(cell.replace(/,/g, ""));
  }),
  partner: words(12, "the organisation that ran it"),
  reach_notes: z.string().trim(),
  example: z.string().transform((cell, ctx) => {
    const v = cell.trim().toLowerCase();
    if (v !== "true" && v !== "false") ctx.addIssue({code: "custom", message: `${cell.trim() ? `"${cell.trim()}"` : "empty"} is not true or false; use one of: true, false`});
    return v === "true";
  })
});
export const consultationEntrySchema = entryFields.superRefine((e, ctx) => {
  if (e.end && e.end.slice(0, e.start.length) < e.start.slice(0, e.end.length)) ctx.addIssue({code: "custom", path: ["end"], message: "is before start; give the last day or month of the activity"});
});

export type ConsultationEntry = z.output<typeof consultationEntrySchema>;
export const CONSULTATION_COLUMNS = Object.keys(entryFields.shape) as (keyof ConsultationEntry)[];

export class ConsultationLogError extends RegisterError {
  constructor(file: string, problems: string[]) {
    super("consultation log", file, problems);
    this.name = "ConsultationLogError";
  }
}

export interface ConsultationLog {
  /** The file, relative to the project, or null when there is none (the chapter then says how to add one). */
  file: string | null;
  entries: ConsultationEntry[];
}

/** Validates the log's text; `name` is how errors name the file. Throws ConsultationLogError listing every problem. */
export function parseConsultationLog(text: string, name: string): ConsultationEntry[] {
  const records = registerRecords(text, name, CONSULTATION_COLUMNS, (problems) => new ConsultationLogError(name, problems));
  const checker = new TextChecker();
  const problems: string[] = [];
  const entries: ConsultationEntry[] = [];
  const seen = new Map<string, number>();
  for (const {line: lineNo, at, row} of records) {
    let personal = false;
    for (const [column, value] of Object.entries(row)) {
      // The log is published: groups and organisations, not people (the value itself is never repeated).
      const kind = checker.check(value);
      if (!kind) continue;
      personal = true;
      problems.push(`${at}, column "${column}": holds what looks like ${PERSONAL_DATA_LABEL[kind]}; the log is published, so describe the group heard and name the organisation, never a person or their contact details`);
    }
    const parsed = consultationEntrySchema.safeParse(row);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${at}, column "${String(issue.path[0] ?? "")}": ${issue.message}`);
      continue;
    }
    if (personal) continue;
    const first = seen.get(parsed.data.id);
    if (first !== undefined) problems.push(`${at}, column "id": "${parsed.data.id}" is already used on line ${first}; give each activity its own id`);
    else seen.set(parsed.data.id, lineNo);
    entries.push(parsed.data);
  }
  if (problems.length) throw new ConsultationLogError(name, problems);
  return entries;
}

/** Reads the log at `path` (default data/registers/consultation-log.csv); a missing file is no log, not an error. */
export function readConsultationLog(path = `${PROJECT_ROOT}/${CONSULTATION_LOG_FILE}`): ConsultationLog {
  const {file, parsed} = readRegisterFile(path, parseConsultationLog);
  return {file, entries: parsed ?? []};
}

/**
 * The log as rows of the prepared `consultation_log` table: the configured area's rows only, EXAMPLE rows left out
 * when showExamples is false.
 */
export function consultationRows(entries: readonly ConsultationEntry[], {showExamples, areaCode}: {showExamples: boolean; areaCode: string}): Row<typeof TABLES.consultation_log>[] {
  return entries
    .filter((e) => e.area === areaCode && (showExamples || !e.example))
    .map((e) => ({...e, end: e.end || null, reach_notes: e.reach_notes || null}));
}
