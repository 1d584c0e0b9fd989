/**
 * npm run build: validates the configuration, seeds Framework's npm cache, runs `observable build` into a
 * temporary folder with every outside request blocked, audits the result, precompresses it, and only then
 * swaps it into dist/. A failure at any step leaves the last good dist/ in place.
 * Environment: SNA_CONFIG (default sna.config.ts), SNA_DIST (default dist).
 */
import {spawn} from "node:child_process";
import {existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {basename, delimiter, dirname, join, resolve} from "node:path";
import {configPath, loadConfig} from "../loaders/config/load-config.ts";
import {ensurePrepared} from "../loaders/prepare/prepare.ts";
import {hashFiles, listFiles} from "../loaders/lib/files.ts";
import {literal, removeStaleTemp} from "../loaders/lib/process-lock.ts";
import {assertDisclosureSafe} from "./lib/disclosure-audit.ts";
import {fixBuiltPages} from "./lib/html-fixes.ts";
import {removeEval} from "./lib/no-eval.ts";
import {findOutsideReferences} from "./lib/offline-audit.ts";
import {precompress} from "./lib/precompress.ts";
import {seedNpmCache} from "./seed-npm-cache.ts";
import {publishedContacts} from "../loaders/pack/publication.ts";

const ROOT = resolve(import.meta.dirname, "..");
const CACHE = join(ROOT, "src/.observablehq/cache");

/** Framework reuses a loader's cached output whenever it exists; a new config or snapshot must invalidate it. */
function invalidateLoaderCache(config: string, prepared: string): void {
  // The prepared folder's name already hashes the configuration, the snapshot, partner files and code.
  const loaders = [...listFiles(join(ROOT, "src/data")).map((f) => join(ROOT, "src/data", f)), join(ROOT, "loaders/prepare/print-file.mjs")];
  const stamp = `${config}\n${prepared}\n${hashFiles(loaders)}`;
  const stampFile = join(CACHE, "inputs.stamp");
  if (existsSync(stampFile) && readFileSync(stampFile, "utf-8") === stamp) return;
  rmSync(join(CACHE, "data"), {recursive: true, force: true});
  mkdirSync(CACHE, {recursive: true});
  writeFileSync(stampFile, stamp);
  console.log("build: configuration, snapshot or loaders changed; data loaders will run again");
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{code: number; output: string}> {
  return new Promise((done) => {
    const child = spawn(command, args, {cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"]});
    let output = "";
    const tee = (chunk: Buffer, to: NodeJS.WriteStream) => {
      output += chunk.toString();
      to.write(chunk);
    };
    child.stdout.on("data", (c: Buffer) => tee(c, process.stdout));
    child.stderr.on("data", (c: Buffer) => tee(c, process.stderr));
    child.on("close", (code) => done({code: code ?? 1, output}));
  });
}

/**
 * The last steps of a build: template fixes, the offline audit, the disclosure audit (before precompression, which
 * it cannot read through), precompression, then the swap into dist. Any failure removes the temporary folder and
 * throws; dist is untouched.
 */
export async function publishBuild(tmp: string, dist: string, threshold: number, allow: string[] = []): Promise<void> {
  try {
    fixBuiltPages(tmp);
    removeEval(tmp); // so that the site runs under a Content-Security-Policy without 'unsafe-eval'
    const outside = findOutsideReferences(tmp);
    if (outside.length) {
      throw new Error(`offline audit failed: the built site names outside hosts:\n${outside.map((o) => `  ${o.file}: ${o.url}`).join("\n")}`);
    }
    const audit = assertDisclosureSafe(tmp, {threshold, allow}); // allow: the accessibility contact the configuration publishes
    console.log(`build: disclosure audit passed: ${audit.summary}`);
  } catch (error) {
    rmSync(tmp, {recursive: true, force: true});
    throw error;
  }
  const z = await precompress(tmp, {cacheDir: join(ROOT, ".cache/precompressed")}).catch((error: unknown) => {
    rmSync(tmp, {recursive: true, force: true});
    throw error;
  });
  console.log(`build: precompressed ${z.files} files (${(z.rawBytes / 1e6).toFixed(1)} MB → ${(z.brotliBytes / 1e6).toFixed(1)} MB brotli)`);
  const old = `${dist}.old-${process.pid}`;
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(tmp, dist);
  rmSync(old, {recursive: true, force: true});
}

/**
 * Removes what killed builds left beside `dist`: `dist.tmp-<pid>` (a half-built site) and `dist.old-<pid>` (the previous
 * site, set aside during the swap), when process <pid> has gone; another build's own folders are left alone. A build
 * killed between the two renames of the swap leaves no dist at all: its `dist.old-<pid>` is then put back.
 */
export function removeStaleBuildFolders(dist: string, say: (line: string) => void = console.log): string[] {
  const old = new RegExp(`^${literal(basename(dist))}\\.old-(\\d+)$`);
  const restore = (path: string) => {
    if (existsSync(dist) || !old.test(basename(path))) return false;
    renameSync(path, dist);
    say(`build: restored ${dist} from ${path}, left by a build that was stopped while swapping it`);
    return true;
  };
  const removed = removeStaleTemp(dirname(dist), new RegExp(`^${literal(basename(dist))}\\.(?:old|tmp)-(\\d+)$`), restore);
  for (const path of removed) say(`build: removed ${path}, left by a build that was stopped`);
  return removed;
}

export async function buildSite(): Promise<void> {
  const started = performance.now();
  const dist = resolve(ROOT, process.env.SNA_DIST ?? "dist");
  removeStaleBuildFolders(dist);
  const config = configPath();
  const cfg = await loadConfig(config); // fails here, before anything is touched, on an invalid configuration
  console.log(`build: ${cfg.partnership.name} (${cfg.area.name}, ${cfg.area.code}) from ${config}`);
  await seedNpmCache();

  const tmp = `${dist}.tmp-${process.pid}`;
  // Every table the chapters show is computed once here (loaders/prepare), so that Framework's data loaders only read.
  let prepared: string;
  try {
    prepared = await ensurePrepared();
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nThe previous ${dist} is unchanged.`);
  }
  invalidateLoaderCache(config, prepared);
  rmSync(tmp, {recursive: true, force: true});
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SNA_CONFIG: config,
    SNA_OUTPUT_DIR: tmp,
    SNA_PREPARED_DIR: prepared,
    OBSERVABLE_TELEMETRY_DISABLE: "true",
    // Framework spawns a .ts data loader with tsx, by name (ours are .js, run by node; a partnership may add its own).
    PATH: [join(ROOT, "node_modules/.bin"), process.env.PATH ?? ""].join(delimiter),
    NODE_OPTIONS: [process.env.NODE_OPTIONS ?? "", `--import ${join(ROOT, "scripts/no-network.mjs")}`].join(" ").trim()
  };
  const {code, output} = await run(join(ROOT, "node_modules/.bin/observable"), ["build"], env);
  const failed = code !== 0 || /\bcommand failed\b|✗|\bUnexpected error\b/i.test(output) || !existsSync(join(tmp, "index.html"));
  if (failed) {
    rmSync(tmp, {recursive: true, force: true});
    throw new Error(`observable build failed (exit ${code}); see the messages above. The previous ${dist} is unchanged.`);
  }
  await publishBuild(tmp, dist, cfg.smallNumberThreshold, publishedContacts(cfg));
  console.log(`build: ${dist} ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await buildSite();
  } catch (error) {
    console.error(`\n${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
