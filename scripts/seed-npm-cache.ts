/**
 * Fills Framework's npm cache (src/.observablehq/cache/_npm) from node_modules so that no build or preview
 * fetches from cdn.jsdelivr.net or registry.npmjs.org. Each package becomes a minified ESM bundle like
 * jsDelivr's +esm; imports of other seeded packages stay external. Recipe: docs/offline-build.md (shared).
 * After a version bump, delete src/.observablehq/cache/_npm and run again.
 */
import {copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {dirname, posix, resolve} from "node:path";
import {esmBundle, installedVersion} from "./lib/esm-bundle.ts";
import {seedWholeNodePackages} from "./lib/whole-node-packages.ts";

const ROOT = resolve(import.meta.dirname, "..");
const CACHE = resolve(ROOT, "src/.observablehq/cache/_npm");

/**
 * Every package reached through `npm:` (explicitly or as an implicit global), with files to copy beside it. `as`: the
 * npm name Framework knows a package by when node_modules holds it under an alias (a second version of a package).
 */
const PACKAGES: Record<string, {entry?: string; files?: string[]; as?: string}> = {
  // The version Framework pins for its own DuckDBClient (`sql` blocks; the class Explore wraps its engine in; the
  // bench's stock page): its module and engine files are in every build, though the site starts 1.32.0.
  "@duckdb/duckdb-wasm": {
    entry: "dist/duckdb-browser.mjs",
    files: ["dist/duckdb-mvp.wasm", "dist/duckdb-browser-mvp.worker.js", "dist/duckdb-eh.wasm", "dist/duckdb-browser-eh.worker.js"]
  },
  // The engine the site runs (Explore, the live chapters: `npm:@duckdb/duckdb-wasm@1.32.0`), measured faster to
  // start than 1.29.0 (README "Benchmark"); the eh bundle only, as every browser the site supports has WebAssembly
  // exceptions.
  "duckdb-wasm-1.32.0": {
    as: "@duckdb/duckdb-wasm",
    entry: "dist/duckdb-browser.mjs",
    files: ["dist/duckdb-eh.wasm", "dist/duckdb-browser-eh.worker.js"]
  },
  "apache-arrow": {},
  arquero: {},
  "@observablehq/plot": {},
  d3: {},
  "d3-dsv": {},
  htl: {},
  isoformat: {}
};
/** Named by Framework's client bundle; an empty version directory stops a registry lookup. */
const PLACEHOLDERS = ["lodash", "echarts", "leaflet", "mapbox-gl", "react", "react-dom", "topojson-client", "@observablehq/sample-datasets", "parquet-wasm"];

/**
 * Bump when the seeding changes, so that caches seeded by an older script are rebuilt.
 * v2: outside URLs that are never requested (jsDelivr bundle helper, repository and licence links) are neutralised,
 * so that nothing in the built site names an outside host.
 */
const SEED_VERSION = "2";

/** Hosts named in library code paths Framework never runs (getJsDelivrBundles) or in metadata strings. */
const NEUTRALISE = /https?:\/\/(?:cdn\.jsdelivr\.net|github\.com|registry\.npmjs\.org|unpkg\.com)[^"'`\s)}]*/g;
export const neutraliseUrls = (text: string): string => text.replace(NEUTRALISE, "offline:removed");

/**
 * DuckDB-WASM's worker wraps the engine's download in a Response of its own making, to report progress (which
 * nothing here reads). A constructed Response has no URL, so Chromium cannot keep the compiled engine in its code
 * cache and compiles all 36 MB again on every visit. Its own fallback path, taken here, hands fetch()'s response to
 * WebAssembly.instantiateStreaming as it is: compiled while it streams in (the server sends application/wasm) and
 * cacheable. Each form must occur exactly once, so a new DuckDB-WASM version that changes it stops the build.
 */
const ENGINE_AS_FETCHED: readonly (readonly [string, string])[] = [
  ['if(typeof TransformStream=="function")', "if(false)"],
  ['console.warn("instantiating without progress handler since transform streams are unavailable");', ""]
];
export const streamEngineAsFetched = (text: string, file: string): string =>
  replaceEachOnce(text, file, ENGINE_AS_FETCHED, "ENGINE_AS_FETCHED", "instantiates its engine");

/**
 * DuckDB-WASM's "eh" engine is an Emscripten main module (built so that it can load extensions, which the site never
 * does), and its worker's JavaScript links it at every start. As shipped, that linker gave each of the engine's 75,011 exports
 * a WebAssembly.Global in its global offset table (GOT) and each exported function a slot in the function table, and
 * then walked all of them again: about 230 ms of an 0.9 s start here (a CPU profile of the worker: updateGOT,
 * reportUndefinedSymbols, Object.entries and Object.assign over the exports). The engine itself reads only the GOT
 * entries it imports (268: GOT.func and GOT.mem), which exist before it is linked. Seeded:
 * - the main module's exports fill only the GOT entries that already exist, in the same order and with the same rule,
 *   so those get the very values they got before. An extension loaded later would still find every symbol of the
 *   engine: its GOT imports are created as it is instantiated and resolved from the engine's exports by
 *   `reportUndefinedSymbols`, the linker's own path for symbols it has not seen;
 * - the exports are walked with `for…in`, not copied into `Object.entries` arrays (same keys, same order);
 * - the exports with the few unsigned-pointer wrappers (applySignatureConversions) inherit from the exports instead of
 *   being a 75,011-key copy of them: the worker only ever reads them by name.
 * tests/unit/seed-npm-cache.test.ts checks the forms; tests/e2e/engine-linking.test.ts runs the same queries on the
 * shipped and the seeded worker and compares every result. Each form must occur once, or the build stops.
 */
const ENGINE_LINKED_ON_DEMAND: readonly (readonly [string, string])[] = [
  [
    'updateGOT=(e,t)=>{for(var r in e)if(!isInternalSym(r)){var n=e[r];r.startsWith("orig$")&&(r=r.split("$")[1],t=!0),GOT[r]||',
    'updateGOT=(e,t,existingOnly)=>{for(var r in e)if(!isInternalSym(r)){var n=e[r];if(r.startsWith("orig$")&&(r=r.split("$")[1],t=!0),existingOnly&&!GOT[r])continue;GOT[r]||'
  ],
  [
    'relocateExports=(e,t,r)=>{var n={};for(var a in e){var l=e[a];typeof l=="object"&&(l=l.value),typeof l=="number"&&(l+=t),n[a]=l}return updateGOT(n,r),n}',
    'relocateExports=(e,t,r,existingOnly)=>{var n={};for(var a in e){var l=e[a];typeof l=="object"&&(l=l.value),typeof l=="number"&&(l+=t),n[a]=l}return updateGOT(n,r,existingOnly),n}'
  ],
  ["wasmExports=relocateExports(wasmExports,1024);", "wasmExports=relocateExports(wasmExports,1024,void 0,!0);"],
  [
    "mergeLibSymbols=(e,t)=>{registerDynCallSymbols(e);for(var[r,n]of Object.entries(e))(l=>{isSymbolDefined(l)||(wasmImports[l]=n)})(r)}",
    "mergeLibSymbols=(e,t)=>{registerDynCallSymbols(e);for(var r in e)isSymbolDefined(r)||(wasmImports[r]=e[r])}"
  ],
  [
    'registerDynCallSymbols=e=>{for(var[t,r]of Object.entries(e))t.startsWith("dynCall_")&&!Module.hasOwnProperty(t)&&(Module[t]=r)}',
    'registerDynCallSymbols=e=>{for(var t in e)t.startsWith("dynCall_")&&!Module.hasOwnProperty(t)&&(Module[t]=e[t])}'
  ],
  ["applySignatureConversions(e){e=Object.assign({},e);", "applySignatureConversions(e){e=Object.create(e);"]
];

/** Replaces each form of `patches` in `text`, each of which must occur exactly once (`table` names the list). */
function replaceEachOnce(text: string, file: string, patches: readonly (readonly [string, string])[], table: string, what: string): string {
  let out = text;
  for (const [form, replacement] of patches) {
    const n = out.split(form).length - 1;
    if (n !== 1) throw new Error(`seed-npm-cache: ${file} has ${n} copies of ${JSON.stringify(form)} (expected 1): this DuckDB-WASM version ${what} differently; update ${table} in scripts/seed-npm-cache.ts`);
    out = out.replace(form, () => replacement);
  }
  return out;
}

export const linkEngineOnDemand = (text: string, file: string): string =>
  replaceEachOnce(text, file, ENGINE_LINKED_ON_DEMAND, "ENGINE_LINKED_ON_DEMAND", "links its engine");

/**
 * A copied file as the site serves it: outside URLs neutralised; DuckDB's workers streaming the engine as fetched, and
 * the "eh" worker (the bundle the site starts) linking it on demand (the "mvp" worker links another way).
 */
export function seededText(file: string, text: string): string {
  const neutral = neutraliseUrls(text);
  if (!/duckdb-browser-(eh|mvp)\.worker\.js$/.test(file)) return neutral;
  const streamed = streamEngineAsFetched(neutral, file);
  return file.endsWith("-eh.worker.js") ? linkEngineOnDemand(streamed, file) : streamed;
}

const dirOf = (name: string): string => `${CACHE}/${PACKAGES[name]?.as ?? name}@${installedVersion(name)}`;

export async function seedNpmCache(log: (line: string) => void = console.log): Promise<void> {
  const stamp = `${CACHE}/.seed-version`;
  if (!existsSync(stamp) || readFileSync(stamp, "utf-8") !== SEED_VERSION) {
    rmSync(CACHE, {recursive: true, force: true});
    mkdirSync(CACHE, {recursive: true});
    writeFileSync(stamp, SEED_VERSION);
  }
  for (const [name, {entry, files = []}] of Object.entries(PACKAGES)) {
    const dir = dirOf(name);
    if (!existsSync(`${dir}/_esm.js`)) {
      const text = await esmBundle(
        entry ? resolve(ROOT, "node_modules", name, entry) : name,
        (path) => (path !== name && path in PACKAGES ? posix.relative(dir, `${dirOf(path)}/_esm.js`) : undefined),
        `npm:${name}`
      );
      mkdirSync(dir, {recursive: true});
      writeFileSync(`${dir}/_esm.js`, neutraliseUrls(text));
      log(`seeded npm:${PACKAGES[name]?.as ?? name}@${installedVersion(name)}`);
    }
    for (const f of files) {
      const dest = `${dir}/${f}`;
      const src = resolve(ROOT, "node_modules", name, f);
      mkdirSync(dirname(dest), {recursive: true});
      if (f.endsWith(".js")) {
        // Compared each time (0.8 MB each), so a cache seeded before a change to seededText is brought up to date.
        const text = seededText(f, readFileSync(src, "utf-8"));
        if (existsSync(dest) && readFileSync(dest, "utf-8") === text) continue;
        writeFileSync(`${dest}.tmp-${process.pid}`, text);
        renameSync(`${dest}.tmp-${process.pid}`, dest);
      } else if (!existsSync(dest)) {
        copyFileSync(src, `${dest}.tmp-${process.pid}`);
        renameSync(`${dest}.tmp-${process.pid}`, dest);
      }
    }
  }
  for (const n of PLACEHOLDERS) {
    const v = existsSync(resolve(ROOT, "node_modules", n)) ? installedVersion(n) : "0.0.0-offline";
    mkdirSync(`${CACHE}/${n}@${v}`, {recursive: true});
  }
  // Framework's node_modules cache beside it: d3 and Plot as one module each, not 34 (scripts/lib/whole-node-packages.ts).
  await seedWholeNodePackages(undefined, log);
}

if (import.meta.url === `file://${process.argv[1]}`) await seedNpmCache();
