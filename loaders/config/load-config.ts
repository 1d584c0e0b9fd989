/** Loads and validates the partnership configuration named by SNA_CONFIG (default sna.config.ts). */
import {existsSync} from "node:fs";
import {resolve} from "node:path";
import {pathToFileURL} from "node:url";
import {z} from "zod";
import {forceCoverageIssues} from "./force-coverage.ts";
import {configSchema, type SnaConfig} from "./schema.ts";

export const PROJECT_ROOT = resolve(import.meta.dirname, "../..");

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Turns zod issues into one line per problem: `file: field.path: message`. */
export function formatConfigIssues(file: string, error: z.ZodError | {issues: readonly {path: readonly PropertyKey[]; message: string}[]}): string {
  const lines = error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.map(String).join(".") : "(top level)";
    return `  ${file}: ${field}: ${issue.message}`;
  });
  return `Invalid SNA configuration (${error.issues.length} problem${error.issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}\nFix the field(s) above and build again.`;
}

/** Refuses forces that do not police the districts (against the snapshot's LAD → PFA lookup), in the same words as the schema check. */
export function checkForceCoverage(config: SnaConfig, file = "sna.config.ts", snapshotDir?: string): void {
  const issues = forceCoverageIssues(config, snapshotDir);
  if (issues.length) throw new ConfigError(formatConfigIssues(file, {issues}));
}

/** Validates an already-imported configuration object. */
export function parseConfig(raw: unknown, file = "sna.config.ts"): SnaConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(formatConfigIssues(file, result.error));
  return result.data;
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(PROJECT_ROOT, env.SNA_CONFIG ?? "sna.config.ts");
}

/**
 * Imports the configuration module (TypeScript runs under tsx), validates its default export and checks that its
 * forces police its districts (force-coverage.ts).
 */
export async function loadConfig(file: string = configPath()): Promise<SnaConfig> {
  if (!existsSync(file)) {
    throw new ConfigError(`Configuration file not found: ${file}. Set SNA_CONFIG to a file such as configs/surrey.ts, or restore sna.config.ts.`);
  }
  const mod = (await import(pathToFileURL(file).href)) as {default?: unknown};
  if (mod.default === undefined) throw new ConfigError(`${file} has no default export; write \`export default defineConfig({...})\`.`);
  const config = parseConfig(mod.default, file);
  checkForceCoverage(config, file);
  return config;
}
