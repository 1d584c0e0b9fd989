/**
 * Fills Framework's npm cache (src/.observablehq/cache/_npm) from node_modules so that no build or preview
 * fetches from cdn.jsdelivr.net or registry.npmjs.org. Each package becomes a minified ESM bundle like
 * jsDelivr's +esm; imports of other seeded packages stay external. Recipe: docs/offline-build.md (shared).
 * After a version bump, delete src/.observablehq/cache/_npm and run again.
 */
import {copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {dirname, posix, resolve} from "node:path";
import {build, type Plugin} from "esbuild";

const ROOT = resolve(import.meta.dirname, "..");
const CACHE = resolve(ROOT, "src/.observablehq/cache/_npm");

/** Every package reached through `npm:` (explicitly or as an implicit global), with files to copy beside it. */
const PACKAGES: Record<string, {entry?: string; files?: string[]}> = {
  "@duckdb/duckdb-wasm": {
    entry: "dist/duckdb-browser.mjs",
    files: ["dist/duckdb-mvp.wasm", "dist/duckdb-browser-mvp.worker.js", "dist/duckdb-eh.wasm", "dist/duckdb-browser-eh.worker.js"]
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

const version = (name: string): string =>
  (JSON.parse(readFileSync(resolve(ROOT, "node_modules", name, "package.json"), "utf-8")) as {version: string}).version;
const dirOf = (name: string): string => `${CACHE}/${name}@${version(name)}`;

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
      const shared: Plugin = {
        name: "shared",
        setup(b) {
          b.onResolve({filter: /^[@\w]/}, ({path, kind}) =>
            kind !== "entry-point" && path !== name && path in PACKAGES
              ? {path: posix.relative(dir, `${dirOf(path)}/_esm.js`), external: true}
              : undefined
          );
        }
      };
      const result = await build({
        entryPoints: [entry ? resolve(ROOT, "node_modules", name, entry) : name],
        absWorkingDir: ROOT,
        bundle: true,
        write: false,
        format: "esm",
        platform: "browser",
        target: "es2022",
        minify: true,
        define: {"process.env.NODE_ENV": '"production"'},
        plugins: [shared],
        logLevel: "error"
      });
      const out = result.outputFiles[0];
      if (!out) throw new Error(`esbuild produced no output for npm:${name}`);
      mkdirSync(dir, {recursive: true});
      writeFileSync(`${dir}/_esm.js`, neutraliseUrls(out.text));
      log(`seeded npm:${name}@${version(name)}`);
    }
    for (const f of files) {
      if (existsSync(`${dir}/${f}`)) continue;
      mkdirSync(dirname(`${dir}/${f}`), {recursive: true});
      const src = resolve(ROOT, "node_modules", name, f);
      if (f.endsWith(".js")) writeFileSync(`${dir}/${f}`, neutraliseUrls(readFileSync(src, "utf-8")));
      else copyFileSync(src, `${dir}/${f}`);
    }
  }
  for (const n of PLACEHOLDERS) {
    const v = existsSync(resolve(ROOT, "node_modules", n)) ? version(n) : "0.0.0-offline";
    mkdirSync(`${CACHE}/${n}@${v}`, {recursive: true});
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await seedNpmCache();
