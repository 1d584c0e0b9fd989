/**
 * All-or-nothing writes into the snapshot: files are staged in a temporary folder inside the snapshot (same file
 * system, so rename is atomic) and moved into place, with their manifest entries, only when everything succeeded.
 * Until commit() nothing in the snapshot or its manifest changes; discard() removes the stage. The stage's name carries
 * its process id (`.refresh-staging-<pid>-XXXXXX`), so a refresh that was killed leaves a stage the next one removes.
 */
import {createHash} from "node:crypto";
import {mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {dirname, join} from "node:path";
import {removeStaleTemp} from "../../lib/process-lock.ts";
import {manifestEntrySchema, readManifest, upsertEntries, writeManifest, type ManifestEntry} from "../../snapshot/manifest.ts";

export type StagedEntry = Omit<ManifestEntry, "path" | "sha256" | "bytes">;

export class SnapshotStage {
  private readonly dir: string;
  private readonly staged: {rel: string; tmp: string; entry: ManifestEntry}[] = [];

  constructor(readonly snapshotDir: string) {
    mkdirSync(snapshotDir, {recursive: true});
    removeStaleTemp(snapshotDir, /^\.refresh-staging-(\d+)-/);
    this.dir = mkdtempSync(join(snapshotDir, `.refresh-staging-${process.pid}-`));
  }

  get manifestPath(): string {
    return join(this.snapshotDir, "manifest.json");
  }

  /** Stages `bytes` for `rel` (a path relative to the snapshot, forward slashes) with its manifest entry. */
  add(rel: string, bytes: Buffer, entry: StagedEntry): ManifestEntry {
    // Check the entry now, so that commit() cannot fail half-way on a bad entry.
    const full = manifestEntrySchema.parse({...entry, path: rel, sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.length});
    const tmp = join(this.dir, String(this.staged.length));
    writeFileSync(tmp, bytes);
    this.staged.push({rel, tmp, entry: full});
    return full;
  }

  get entries(): ManifestEntry[] {
    return this.staged.map((s) => s.entry);
  }

  /** Moves every staged file into place and records them in the manifest (read fresh, written atomically). */
  commit(): ManifestEntry[] {
    const manifest = readManifest(this.manifestPath);
    for (const {rel, tmp} of this.staged) {
      const target = join(this.snapshotDir, ...rel.split("/"));
      mkdirSync(dirname(target), {recursive: true});
      renameSync(tmp, target);
    }
    writeManifest(upsertEntries(manifest, this.entries), this.manifestPath);
    this.discard();
    return this.entries;
  }

  discard(): void {
    rmSync(this.dir, {recursive: true, force: true});
  }
}
