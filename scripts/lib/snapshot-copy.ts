/**
 * For the snapshot import scripts: copies a file of the shared data folder into data/snapshot/ (gzipping it when
 * asked) and returns its manifest entry with its checksum, size and retrieval date.
 */
import {copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync} from "node:fs";
import {dirname, join, relative} from "node:path";
import {gzipSync} from "node:zlib";
import {sha256File} from "../../loaders/lib/files.ts";
import {SNAPSHOT_DIR, type ManifestEntry} from "../../loaders/snapshot/manifest.ts";

/** What the caller says about a file; the copy adds path, checksum, size and retrieval date. */
export type SnapshotMeta = Omit<ManifestEntry, "path" | "sha256" | "bytes" | "retrieved">;

export function copyIntoSnapshot(shared: string, retrieved: string, src: string, dest: string, meta: SnapshotMeta, gzip = false): ManifestEntry {
  const from = join(shared, src);
  if (!existsSync(from)) throw new Error(`${from} not found: is --shared the shared data folder?`);
  const to = join(SNAPSHOT_DIR, dest);
  mkdirSync(dirname(to), {recursive: true});
  if (gzip) writeFileSync(to, gzipSync(readFileSync(from), {level: 9}));
  else copyFileSync(from, to);
  return {path: relative(SNAPSHOT_DIR, to).replaceAll("\\", "/"), ...meta, retrieved, sha256: sha256File(to), bytes: statSync(to).size};
}
