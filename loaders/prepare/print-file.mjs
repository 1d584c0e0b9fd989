/**
 * For Framework data loaders (src/data/*.js): prints one file of the prepare step to stdout. Plain JavaScript that
 * Framework runs with node: `npm run build` prepares once before Framework runs and passes the folder in
 * SNA_PREPARED_DIR, so a loader only reads a file and skips tsx's start (0.6 s a loader, measured here; a build runs
 * about 40). Under `npm run dev` there may be no such folder: print-prepared.ts finds or computes it, through tsx's API.
 */
import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";

/**
 * Prints the prepared file of a registry table (components/tables/registry.ts).
 * @param {string} name the table's name in the registry
 * @param {string} file the table's file in the prepared folder (the registry's `file`; a unit test keeps them in step)
 * @returns {Promise<void>}
 */
export async function printPrepared(name, file) {
  const given = process.env.SNA_PREPARED_DIR;
  if (given && existsSync(join(given, "partnership.json"))) {
    process.stdout.write(readFileSync(join(given, file)));
    return;
  }
  const {tsImport} = await import("tsx/esm/api");
  const {printTable} = await tsImport("./print-prepared.ts", import.meta.url);
  await printTable(name);
}
