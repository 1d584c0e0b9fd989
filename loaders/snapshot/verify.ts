/**
 * The build reads only what the manifest vouches for: before anything is read, every file of the snapshot is checked
 * against its entry in manifest.json (size, then SHA-256), and a file that is not listed, or an entry whose file is
 * missing, is named too. Hashing the whole snapshot (about 28 MB) takes a fraction of a second, once per prepare.
 * Folders whose name starts with "." are skipped: a refresh stages its files in one before it renames them in and
 * writes their entries (loaders/policeuk/api/staging.ts), so a refreshed snapshot passes.
 */
import {createHash} from "node:crypto";
import {existsSync, readFileSync, statSync} from "node:fs";
import {join} from "node:path";
import {listFiles} from "../lib/files.ts";
import {readManifest, SNAPSHOT_DIR, type ManifestEntry} from "./manifest.ts";

export class SnapshotIntegrityError extends Error {
  override name = "SnapshotIntegrityError";
  constructor(
    /** Each problem: the file (relative to the snapshot folder) and what is wrong with it. */
    readonly problems: readonly {path: string; problem: "changed" | "not in manifest" | "missing"}[],
    message: string
  ) {
    super(message);
  }
}

/** The command that writes a file of this source and records its checksum. */
function importCommand(source: string): string {
  switch (source) {
    case "policeuk":
      return "npm run refresh -- --from-folder <police.uk download folder> (or npm run refresh)";
    case "policeuk-england":
      return "npx tsx scripts/import-shared-snapshot.ts";
    case "ons":
      return "npx tsx scripts/import-shared-snapshot.ts or scripts/import-ons-risk-snapshot.ts";
    case "fingertips":
      return "npx tsx loaders/fingertips/refresh.ts or scripts/import-fingertips-snapshot.ts";
    default:
      return "the import script that made it";
  }
}

const shown = (snapshotDir: string, path: string) => (snapshotDir === SNAPSHOT_DIR ? `data/snapshot/${path}` : join(snapshotDir, path));

/** Checks every file of the snapshot against manifest.json; throws a SnapshotIntegrityError naming each problem and its fix. */
export function verifySnapshot(snapshotDir: string = SNAPSHOT_DIR): void {
  const manifestPath = join(snapshotDir, "manifest.json");
  if (!existsSync(manifestPath)) {
    throw new SnapshotIntegrityError([], `${shown(snapshotDir, "manifest.json")} is missing, so no file of the snapshot can be checked. Restore it with git checkout -- ${shown(snapshotDir, "manifest.json")}.`);
  }
  const entries = new Map<string, ManifestEntry>(readManifest(manifestPath).files.map((f) => [f.path, f]));
  const present = listFiles(snapshotDir, (rel) => rel.split(/[\\/]/).some((part) => part.startsWith("."))).map((f) => f.replaceAll("\\", "/"));
  const problems: {path: string; problem: "changed" | "not in manifest" | "missing"}[] = [];
  const lines: string[] = [];
  for (const path of present) {
    if (path === "manifest.json") continue;
    const entry = entries.get(path);
    const file = join(snapshotDir, path);
    if (!entry) {
      problems.push({path, problem: "not in manifest"});
      lines.push(`${shown(snapshotDir, path)}: not listed in manifest.json, so its source and checksum are unknown. Delete it, or add it with ${importCommand(path.split("/")[0] ?? "")}, which records it.`);
    } else if (statSync(file).size !== entry.bytes || createHash("sha256").update(readFileSync(file)).digest("hex") !== entry.sha256) {
      problems.push({path, problem: "changed"});
      lines.push(`${shown(snapshotDir, path)}: differs from manifest.json (${statSync(file).size === entry.bytes ? "SHA-256" : `size ${statSync(file).size} bytes, listed ${entry.bytes}`}): it was changed after it was recorded. Restore it with git checkout -- ${shown(snapshotDir, path)}, or import it again with ${importCommand(entry.source)}, which records its new checksum.`);
    }
  }
  const have = new Set(present);
  for (const path of entries.keys()) {
    if (have.has(path)) continue;
    problems.push({path, problem: "missing"});
    lines.push(`${shown(snapshotDir, path)}: listed in manifest.json but missing. Restore it with git checkout -- ${shown(snapshotDir, path)}, or import it again with ${importCommand(entries.get(path)!.source)}; if it was removed on purpose, remove its entry from manifest.json.`);
  }
  if (problems.length) {
    throw new SnapshotIntegrityError(problems, `The data snapshot does not match its manifest (${problems.length} file${problems.length === 1 ? "" : "s"}); nothing was built:\n  ${lines.join("\n  ")}`);
  }
}
