/** Writes .gz and .br beside every compressible file of the built site, for sirv to serve precompressed. */
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, statSync} from "node:fs";
import {readFile, rename, writeFile} from "node:fs/promises";
import {availableParallelism} from "node:os";
import {extname, join} from "node:path";
import {promisify} from "node:util";
import {brotliCompress, constants, gzip} from "node:zlib";
import {listFiles} from "../../loaders/lib/files.ts";

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".svg", ".wasm", ".arrow", ".csv", ".txt", ".geojson"]);
const MIN_BYTES = 1024;
const BIG = 1_000_000;

/** Both twins at once: zlib's async calls run on libuv's threads, so the two (and other files') use every core. */
async function compress(raw: Buffer): Promise<{br: Buffer; gz: Buffer}> {
  // Big files (the 36 MB DuckDB wasm) at brotli 5: 4% larger than 9 in under half the time (measured here).
  const big = raw.length > BIG;
  const [br, g] = await Promise.all([
    brotli(raw, {params: {[constants.BROTLI_PARAM_QUALITY]: big ? 5 : 9, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length}}),
    gz(raw, {level: big ? 6 : 9})
  ]);
  return {br, gz: g};
}

/**
 * Folders (and the one prefix) Framework writes the same files into in every build, whatever the configuration:
 * self-hosted packages (DuckDB-WASM's two 36 MB engines), its own client, the site's modules. Their compressed twins
 * are kept in `cacheDir` by content hash, so a second build (another partnership, or the published one) does not
 * compress them again; a build's data (`_file/`) and pages are compressed each time. `.cache/` may be deleted.
 */
const SHARED = ["_npm/", "_node/", "_observablehq/", "_import/", "_inline."];

async function cachedCompress(raw: Buffer, cacheDir: string): Promise<{br: Buffer; gz: Buffer}> {
  const key = join(cacheDir, createHash("sha256").update(raw).digest("hex"));
  if (existsSync(`${key}.br`) && existsSync(`${key}.gz`)) return {br: await readFile(`${key}.br`), gz: await readFile(`${key}.gz`)};
  const out = await compress(raw);
  mkdirSync(cacheDir, {recursive: true});
  // Written under a temporary name and renamed: a build beside this one (or killed mid-write) never reads half a twin.
  const tmp = `tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  for (const [ext, bytes] of [[".br", out.br], [".gz", out.gz]] as const) {
    await writeFile(`${key}${ext}.${tmp}`, bytes);
    await rename(`${key}${ext}.${tmp}`, `${key}${ext}`);
  }
  return out;
}

/**
 * Compresses every compressible file of `dist` (biggest first, so the two DuckDB engines do not finish last), as many
 * at a time as there are cores; resolves once every twin is written.
 */
export async function precompress(dist: string, {cacheDir}: {cacheDir?: string} = {}): Promise<{files: number; rawBytes: number; brotliBytes: number}> {
  const queue = listFiles(dist)
    .filter((rel) => COMPRESSIBLE.has(extname(rel)))
    .map((rel) => ({rel, size: statSync(join(dist, rel)).size}))
    .filter((f) => f.size >= MIN_BYTES)
    .sort((a, b) => b.size - a.size || a.rel.localeCompare(b.rel));
  let rawBytes = 0;
  let brotliBytes = 0;
  const files = queue.length;
  const worker = async () => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      const path = join(dist, f.rel);
      const raw = await readFile(path);
      const {br, gz} = cacheDir && SHARED.some((prefix) => f!.rel.startsWith(prefix)) ? await cachedCompress(raw, cacheDir) : await compress(raw);
      await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gz)]);
      rawBytes += raw.length;
      brotliBytes += br.length;
    }
  };
  await Promise.all(Array.from({length: Math.max(1, availableParallelism())}, worker));
  return {files, rawBytes, brotliBytes};
}
