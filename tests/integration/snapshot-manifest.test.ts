/** The pinned snapshot: every file is listed in the manifest with its true checksum and size, and data/ stays small. */
import {describe, expect, it} from "vitest";
import {statSync} from "node:fs";
import {join, resolve} from "node:path";
import {listFiles, sha256File} from "../../loaders/lib/files.ts";
import {readManifest, SNAPSHOT_DIR} from "../../loaders/snapshot/manifest.ts";

const DATA = resolve(import.meta.dirname, "../../data");

describe("data/snapshot", () => {
  const manifest = readManifest();
  const listed = new Map(manifest.files.map((f) => [f.path, f]));

  it("lists every file with its sha256 and size", () => {
    const files = listFiles(SNAPSHOT_DIR).filter((f) => f !== "manifest.json");
    const unlisted = files.filter((f) => !listed.has(f));
    expect(unlisted).toEqual([]);
    for (const f of files) {
      const entry = listed.get(f)!;
      expect({path: f, sha256: sha256File(join(SNAPSHOT_DIR, f)), bytes: statSync(join(SNAPSHOT_DIR, f)).size}).toEqual({path: f, sha256: entry.sha256, bytes: entry.bytes});
    }
  });

  it("lists no file that is not there", () => {
    const missing = manifest.files.filter((f) => {
      try {
        return !statSync(join(SNAPSHOT_DIR, f.path)).isFile();
      } catch {
        return true;
      }
    });
    expect(missing.map((f) => f.path)).toEqual([]);
  });

  it("records source, licence, period and retrieval date for each file", () => {
    for (const f of manifest.files) {
      expect(f.licence, f.path).toMatch(/Licence|licence|OGL/);
      expect(f.period, f.path).not.toBe("");
      expect(f.retrieved, f.path).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it("keeps data/ under 60 MB", () => {
    const bytes = listFiles(DATA).reduce((s, f) => s + statSync(join(DATA, f)).size, 0);
    expect(bytes).toBeLessThan(60 * 1024 * 1024);
  });
});
