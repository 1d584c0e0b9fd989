/**
 * For Framework data loaders (src/data/*.js, through print-file.mjs when the build has not passed the prepared folder):
 * prints one file of the prepare step to stdout.
 * `npm run build` prepares once before Framework runs and passes the folder in SNA_PREPARED_DIR, so each loader is a
 * file read with nothing else imported; under `npm run dev` the folder is found (or computed) from the inputs' hash.
 */
import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {TABLES, type TableDef, type TableName} from "../../components/tables/registry.ts";

async function preparedDir(): Promise<string> {
  const given = process.env.SNA_PREPARED_DIR;
  if (given && existsSync(join(given, "partnership.json"))) return given;
  const [{configPath}, {preparedDirFor}] = await Promise.all([import("../config/load-config.ts"), import("./prepared-dir.ts")]);
  const dir = preparedDirFor(configPath());
  if (existsSync(join(dir, "partnership.json"))) return dir;
  // Only now load the heavy code (DuckDB, every source's loader).
  const {ensurePrepared} = await import("./prepare.ts");
  return ensurePrepared();
}

/** Prints the prepared file of a registry table (components/tables/registry.ts), by the table's name. */
export async function printTable(name: TableName): Promise<void> {
  const table: TableDef | undefined = TABLES[name];
  if (!table) throw new Error(`No prepared table "${name}" in components/tables/registry.ts.`);
  process.stdout.write(readFileSync(join(await preparedDir(), table.file)));
}
