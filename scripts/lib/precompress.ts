/** Writes .gz and .br beside every compressible file of the built site, for sirv to serve precompressed. */
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync} from "node:fs";
import {extname, join} from "node:path";
import {brotliCompressSync, constants, gzipSync} from "node:zlib";
import {listFiles} from "../../loaders/lib/files.ts";

const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".svg", ".wasm", ".arrow", ".csv", ".txt", ".geojson"]);
const MIN_BYTES = 1024;
const BIG = 1_000_000;

function compress(raw: Buffer): {br: Buffer; gz: Buffer} {
  // Big files (the 36 MB DuckDB wasm) at brotli 5: 4% larger than 9 in under half the time (measured here).
  const big = raw.length > BIG;
  return {
    br: brotliCompressSync(raw, {params: {[constants.BROTLI_PARAM_QUALITY]: big ? 5 : 9, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length}}),
    gz: gzipSync(raw, {level: big ? 6 : 9})
  };
}

/**
 * Folders (and the one prefix) Framework writes the same files into in every build, whatever the configuration:
 * self-hosted packages (DuckDB-WASM's two 36 MB engines), its own client, the site's modules. Their compressed twins
 * are kept in `cacheDir` by content hash, so a second build (another partnership, or the published one) does not
 * compress them again; a build's data (`_file/`) and pages are compressed each time. `.cache/` may be deleted.
 */
const SHARED = ["_npm/", "_node/", "_observablehq/", "_import/", "_inline."];

function cachedCompress(raw: Buffer, cacheDir: string): {br: Buffer; gz: Buffer} {
  const key = join(cacheDir, createHash("sha256").update(raw).digest("hex"));
  if (existsSync(`${key}.br`) && existsSync(`${key}.gz`)) return {br: readFileSync(`${key}.br`), gz: readFileSync(`${key}.gz`)};
  const out = compress(raw);
  mkdirSync(cacheDir, {recursive: true});
  for (const [ext, bytes] of [[".br", out.br], [".gz", out.gz]] as const) {
    writeFileSync(`${key}${ext}.tmp-${process.pid}`, bytes);
    renameSync(`${key}${ext}.tmp-${process.pid}`, `${key}${ext}`);
  }
  return out;
}

export function precompress(dist: string, {cacheDir}: {cacheDir?: string} = {}): {files: number; rawBytes: number; brotliBytes: number} {
  let files = 0;
  let rawBytes = 0;
  let brotliBytes = 0;
  for (const rel of listFiles(dist)) {
    if (!COMPRESSIBLE.has(extname(rel))) continue;
    const path = join(dist, rel);
    if (statSync(path).size < MIN_BYTES) continue;
    const raw = readFileSync(path);
    const {br, gz} = cacheDir && SHARED.some((prefix) => rel.startsWith(prefix)) ? cachedCompress(raw, cacheDir) : compress(raw);
    writeFileSync(`${path}.br`, br);
    writeFileSync(`${path}.gz`, gz);
    files++;
    rawBytes += raw.length;
    brotliBytes += br.length;
  }
  return {files, rawBytes, brotliBytes};
}
