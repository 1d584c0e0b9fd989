/**
 * Where the prepare step's output lives: .cache/prepared/<hash of the configuration, the snapshot, the partner drop
 * folder and the code that computes>. Kept free of heavy imports: every Framework data loader starts here.
 */
import {existsSync} from "node:fs";
import {join, resolve} from "node:path";
import {PROJECT_ROOT} from "../config/load-config.ts";
import {hashFiles, listFiles} from "../lib/files.ts";

export const PREPARED_ROOT = resolve(PROJECT_ROOT, ".cache/prepared");

/** What the prepared folder depends on (the default and shipped configurations too: another may import them). */
export function inputsHash(configFile: string): string {
  const dirs = ["loaders", "components", "data/snapshot", "data/partners", "data/registers", "content", "editions", "configs"];
  const defaults = [join(PROJECT_ROOT, "sna.config.ts")].filter((f) => f !== configFile && existsSync(f));
  return hashFiles([configFile, ...defaults, ...dirs.filter((d) => existsSync(join(PROJECT_ROOT, d))).flatMap((d) => listFiles(join(PROJECT_ROOT, d)).map((f) => join(PROJECT_ROOT, d, f)))]).slice(0, 16);
}

export const preparedDirFor = (configFile: string): string => join(PREPARED_ROOT, inputsHash(configFile));
