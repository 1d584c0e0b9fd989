/**
 * The snapshot manifest (data/snapshot/manifest.json): one entry per file of the pinned open-data snapshot,
 * with its source, licence, period, retrieval date and sha256. Written atomically (temporary file + rename).
 * `npm run refresh` adds or replaces entries; the build checks every file against its entry before reading
 * anything (verify.ts), and so does `tests/integration/snapshot-manifest.test.ts`.
 */
import {existsSync, readFileSync, renameSync, writeFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {z} from "zod";

export const SNAPSHOT_DIR = resolve(import.meta.dirname, "../../data/snapshot");
export const MANIFEST_PATH = join(SNAPSHOT_DIR, "manifest.json");

export const manifestEntrySchema = z.object({
  /** Path relative to data/snapshot/, with forward slashes. */
  path: z.string().min(1),
  /** Which source family the file belongs to: policeuk, policeuk-england, ons, fingertips, ... */
  source: z.string().min(1),
  title: z.string().min(1),
  publisher: z.string().min(1),
  licence: z.string().min(1),
  /** Where the data came from: a URL, or a repository path and commit for copies of published files. */
  origin: z.string().min(1),
  /** The period the data covers, e.g. "2025-01" or "2025-01 to 2025-12" or "Census 2021". */
  period: z.string().min(1),
  /** When the publisher released it, where known (YYYY-MM-DD or YYYY-MM). */
  released: z.string().optional(),
  /** When it was retrieved into a snapshot (YYYY-MM-DD). */
  retrieved: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  notes: z.string().optional()
});
export type ManifestEntry = z.infer<typeof manifestEntrySchema>;

export const manifestSchema = z.object({
  description: z.string(),
  files: z.array(manifestEntrySchema)
});
export type Manifest = z.infer<typeof manifestSchema>;

export function readManifest(path: string = MANIFEST_PATH): Manifest {
  if (!existsSync(path)) return {description: "SNA Workbench data snapshot", files: []};
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, "utf-8")));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`${path}: invalid snapshot manifest at ${first?.path.join(".")}: ${first?.message}. Restore it from git (git checkout -- ${path}).`);
  }
  return parsed.data;
}

/** Writes the manifest atomically, entries sorted by path. */
export function writeManifest(manifest: Manifest, path: string = MANIFEST_PATH): void {
  const sorted: Manifest = {...manifest, files: [...manifest.files].sort((a, b) => a.path.localeCompare(b.path))};
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(sorted, null, 2)}\n`);
  renameSync(tmp, path);
}

/** Adds or replaces entries (matched by path). */
export function upsertEntries(manifest: Manifest, entries: ManifestEntry[]): Manifest {
  const byPath = new Map(manifest.files.map((f) => [f.path, f]));
  for (const e of entries) byPath.set(e.path, manifestEntrySchema.parse(e));
  return {...manifest, files: [...byPath.values()]};
}

export function findEntry(manifest: Manifest, path: string): ManifestEntry | undefined {
  return manifest.files.find((f) => f.path === path);
}
