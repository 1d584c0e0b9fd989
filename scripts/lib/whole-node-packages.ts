/**
 * Framework serves each package a page imports from node_modules as a module of its own
 * (src/.observablehq/cache/_node/<name>@<version>/index.js) and leaves every package that one imports as a module of
 * its own too. d3 is 30 packages behind a file of re-exports, so every chapter (its charts import d3 and Plot) asked
 * for 31 modules for d3 and 3 more for Plot's small dependencies. Over HTTP/1.1 a browser sends at most six requests
 * to a host at a time, so on a first visit these queued ahead of the chapter's own code (measured in the README,
 * "Benchmark").
 *
 * The build seeds those cache entries as whole bundles made the way scripts/seed-npm-cache.ts makes npm: bundles
 * (esbuild, minified browser ESM), each with only the packages listed for it left as imports of their own. Framework
 * uses an entry it finds in its cache as it is (node.ts resolveNodeImportInternal), follows the imports in it for its
 * preloads and copies, and so never writes or ships the 30 separate d3 modules.
 */
import {existsSync, mkdirSync, readFileSync, renameSync, writeFileSync} from "node:fs";
import {dirname, posix, resolve} from "node:path";
import {esmBundle, installedVersion} from "./esm-bundle.ts";

const ROOT = resolve(import.meta.dirname, "../..");

/** Each package seeded whole, with the packages it keeps as separate modules (shared with the page's own imports). */
export const WHOLE_NODE_PACKAGES: Readonly<Record<string, readonly string[]>> = {
  d3: [],
  "@observablehq/plot": ["d3"]
};

/** Framework's path for a package's entry in its `_node` cache, relative to the cache: `<name>@<version>/index.js`. */
export const nodeEntry = (name: string): string => `${name}@${installedVersion(name)}/index.js`;

/** The package as one ES module, with `keep`'s packages imported from their own `_node` entries. */
export function wholePackageBundle(name: string, keep: readonly string[]): Promise<string> {
  const from = posix.dirname(nodeEntry(name));
  return esmBundle(
    name,
    (path) => {
      if (!keep.includes(path)) return undefined;
      const relative = posix.relative(from, nodeEntry(path)); // as Framework writes imports between its entries
      return relative.startsWith(".") ? relative : `./${relative}`;
    },
    name
  );
}

/**
 * Writes each whole package into Framework's `_node` cache under `cache` (src/.observablehq/cache/_node), replacing
 * the entry Framework wrote itself in an earlier build, atomically and only where its text differs.
 */
export async function seedWholeNodePackages(cache = resolve(ROOT, "src/.observablehq/cache/_node"), log: (line: string) => void = console.log): Promise<void> {
  for (const [name, keep] of Object.entries(WHOLE_NODE_PACKAGES)) {
    const dest = resolve(cache, nodeEntry(name));
    const text = await wholePackageBundle(name, keep);
    if (existsSync(dest) && readFileSync(dest, "utf-8") === text) continue;
    mkdirSync(dirname(dest), {recursive: true});
    writeFileSync(`${dest}.tmp-${process.pid}`, text);
    renameSync(`${dest}.tmp-${process.pid}`, dest);
    log(`seeded ${nodeEntry(name)} as one module${keep.length ? ` (importing ${keep.join(", ")})` : ""}`);
  }
}
