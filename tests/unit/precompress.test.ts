/**
 * scripts/lib/precompress.ts on a small site folder of real files: every compressible file gets .br and .gz twins that
 * decompress to it; a file Framework writes the same in every build (a self-hosted package, a module) is compressed once
 * and then taken from the cache by content; a page or a data file is compressed each time.
 */
import {copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {brotliDecompressSync, gunzipSync} from "node:zlib";
import {createHash} from "node:crypto";
import {afterAll, describe, expect, it} from "vitest";
import {precompress} from "../../scripts/lib/precompress.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "sna-precompress-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function site(name: string): string {
  const dist = join(dir, name);
  mkdirSync(join(dist, "_npm/typescript"), {recursive: true});
  mkdirSync(join(dist, "_import"), {recursive: true});
  mkdirSync(join(dist, "_file/data"), {recursive: true});
  // A real 9 MB script stands in for DuckDB's engine (big, in _npm/); a real page beside it.
  copyFileSync(join(ROOT, "node_modules/typescript/lib/typescript.js"), join(dist, "_npm/typescript/typescript.js"));
  copyFileSync(join(ROOT, "src/print.css"), join(dist, "print.css"));
  copyFileSync(join(ROOT, "src/style.css"), join(dist, "_import/style.css"));
  copyFileSync(join(ROOT, "data/registers/evidence.csv"), join(dist, "_file/data/evidence.csv"));
  writeFileSync(join(dist, "tiny.json"), "{}");
  return dist;
}

describe("precompress", () => {
  const cacheDir = join(dir, "cache");

  it("writes twins that decompress to each file, and none for a file under 1 KB", async () => {
    const dist = site("one");
    const z = await precompress(dist, {cacheDir});
    expect(z.files).toBe(4);
    for (const rel of ["_npm/typescript/typescript.js", "print.css", "_import/style.css", "_file/data/evidence.csv"]) {
      const raw = readFileSync(join(dist, rel));
      expect(brotliDecompressSync(readFileSync(join(dist, `${rel}.br`))).equals(raw)).toBe(true);
      expect(gunzipSync(readFileSync(join(dist, `${rel}.gz`))).equals(raw)).toBe(true);
    }
    expect(readdirSync(dist)).not.toContain("tiny.json.br");
    // The package file and the module are cached; the page's stylesheet and the data file are not.
    const hashes = (file: string) => [".br", ".gz"].map((ext) => `${createHash("sha256").update(readFileSync(join(dist, file))).digest("hex")}${ext}`);
    expect(readdirSync(cacheDir).sort()).toEqual([...hashes("_npm/typescript/typescript.js"), ...hashes("_import/style.css")].sort());
  });

  it("takes the package file's twins from the cache on the next build", async () => {
    const br = `${createHash("sha256").update(readFileSync(join(dir, "one/_npm/typescript/typescript.js"))).digest("hex")}.br`;
    // Marked: a twin taken from the cache is the marked one.
    const marked = Buffer.concat([readFileSync(join(cacheDir, br!)), Buffer.from("cached")]);
    writeFileSync(join(cacheDir, br!), marked);
    const dist = site("two");
    await precompress(dist, {cacheDir});
    expect(readFileSync(join(dist, "_npm/typescript/typescript.js.br")).equals(marked)).toBe(true);
  });
});
