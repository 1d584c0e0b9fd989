/**
 * The manifest that must accompany every partner extract in the drop folder: what the file is, who sent it, for
 * which period, when, and under which data sharing agreement. Either `<file>.manifest.json` next to the file, or a
 * `manifest.json` for every data file of its folder. A data file without a manifest is refused (it is not read).
 */
import {existsSync, readdirSync, readFileSync, statSync} from "node:fs";
import {basename, dirname, extname, join, relative} from "node:path";
import {z} from "zod";
import {DATASET_TYPES} from "./datasets.ts";
import {PartnerFileError, PERSONAL_DATA_FIX} from "./errors.ts";
import {looksLikePersonName, namePersonalData, PERSONAL_DATA_LABEL, valuePersonalData} from "./personal-data.ts";

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, {error: 'expected a date written "YYYY-MM-DD", e.g. "2026-01-15"'});

export const partnerManifestSchema = z
  .object({
    datasetType: z.enum(DATASET_TYPES, {error: `expected one of: ${DATASET_TYPES.join(", ")}`}),
    owner: z.string().min(2, {error: 'name the organisation that supplied the data, e.g. "University Hospitals Plymouth NHS Trust"'}),
    /** The period the data covers, e.g. "2025-01 to 2025-12" or "2024/25". */
    period: z.string().min(4, {error: 'give the period covered, e.g. "2025-01 to 2025-12" or "2024/25"'}),
    received: isoDay,
    sharingAgreement: z.string().min(2, {error: 'give the data sharing agreement reference, e.g. "DSA-2025-014"'}),
    /** True only for the generated example files. */
    example: z.boolean().default(false),
    /** XLSX: the sheet to read (default: the first visible sheet). */
    sheet: z.string().min(1).optional(),
    /** CSV: the delimiter, when sniffing picks the wrong one. */
    delimiter: z.enum([",", ";", "\t", "|"]).optional(),
    contact: z.string().optional(),
    notes: z.string().optional()
  })
  .strict();
export type PartnerManifest = z.infer<typeof partnerManifestSchema>;

export const DATA_EXTENSIONS = new Set([".csv", ".tsv", ".txt", ".xlsx"]);

export interface DropFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the drop folder, with forward slashes: how messages and reports name the file. */
  name: string;
  manifestPath: string;
  manifest: PartnerManifest;
}

export interface DropScan {
  files: DropFile[];
  /** Files that could not be paired with a valid manifest: reported and not read. */
  refused: PartnerFileError[];
}

function readManifest(path: string, file: string): PartnerManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf-8"));
  } catch (error) {
    throw new PartnerFileError("manifest", {file}, `its manifest ${basename(path)} is not valid JSON (${(error as Error).message}).`, "Fix the JSON (see data/partners/README.md for an example).");
  }
  const parsed = partnerManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`).join("; ");
    throw new PartnerFileError("manifest", {file}, `its manifest ${basename(path)} is invalid: ${lines}.`, "Fix the manifest and build again.");
  }
  checkManifestFields(parsed.data, file);
  return parsed.data;
}

/**
 * Manifest fields that reach the site (owner, period, sharing agreement, sheet) and the notes must not hold personal
 * data: a person's name where the owner should be an organisation, an email address, a phone number. `contact` is
 * for the analyst, never published, and may name a person.
 */
const CHECKED_FIELDS = ["owner", "period", "sharingAgreement", "sheet", "notes"] as const;

function checkManifestFields(manifest: PartnerManifest, file: string): void {
  for (const field of CHECKED_FIELDS) {
    const value = manifest[field];
    if (typeof value !== "string") continue;
    const kind = valuePersonalData(value) ?? (looksLikePersonName(value) ? "name" : null);
    if (kind) {
      throw new PartnerFileError("personal-data", {file}, `its manifest's "${field}" field looks like ${PERSONAL_DATA_LABEL[kind]}.`, `Write the organisation (owner), period or agreement reference there, not a person's details; ${PERSONAL_DATA_FIX}`);
    }
  }
}

/**
 * How a file is named in messages and on the site: its path, or "file 3 of 5" when the path itself holds personal
 * data (a file exported as "john_smith_referrals.csv").
 */
export function neutralFileLabel(position: number, count: number): string {
  return `file ${position} of ${count}`;
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    if (entry.name.startsWith(".") || entry.name.startsWith("~$")) continue; // hidden files, Excel lock files
    const abs = join(dir, entry.name);
    if (entry.isDirectory()) walk(abs, out);
    else if (entry.isFile() && DATA_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(abs);
  }
}

/** Every data file below dropDir with its manifest (README.md and manifests themselves are not data). */
export function scanDropFolder(dropDir: string): DropScan {
  const found: string[] = [];
  if (existsSync(dropDir) && statSync(dropDir).isDirectory()) walk(dropDir, found);
  const files: DropFile[] = [];
  const refused: PartnerFileError[] = [];
  const sorted = found.sort();
  for (const [i, path] of sorted.entries()) {
    const name = relative(dropDir, path).split("\\").join("/");
    const kind = namePersonalData(name);
    if (kind) {
      // Refused without reading it or its manifest (whose name repeats the file's), and never named.
      refused.push(new PartnerFileError("personal-data", {file: neutralFileLabel(i + 1, sorted.length)}, `has a file or folder name that looks like ${PERSONAL_DATA_LABEL[kind]}, so it was not read.`, `Rename the file (and its manifest) to say what it holds, e.g. "ae-assault-2025.csv"; ${PERSONAL_DATA_FIX}`));
      continue;
    }
    const own = `${path}.manifest.json`;
    const folder = join(dirname(path), "manifest.json");
    const manifestPath = existsSync(own) ? own : existsSync(folder) ? folder : null;
    if (!manifestPath) {
      refused.push(new PartnerFileError("manifest", {file: name}, "has no manifest, so it was not read.", `Add ${basename(path)}.manifest.json next to it (dataset type, owner, period, received, sharing agreement; see data/partners/README.md).`));
      continue;
    }
    try {
      files.push({path, name, manifestPath, manifest: readManifest(manifestPath, name)});
    } catch (error) {
      if (error instanceof PartnerFileError) refused.push(error);
      else throw error;
    }
  }
  return {files, refused};
}
