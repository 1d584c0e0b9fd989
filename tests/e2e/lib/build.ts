/**
 * Builds the site for the browser tests and the bench: `npm run build` into its own output folder (SNA_DIST), never
 * dist/. With `offline`, the build runs in a network namespace that has only loopback (`unshare -n`), so any attempt
 * to reach the internet fails the build; when the namespace cannot be created the build runs normally and the record
 * says why it was not offline (the offline test then fails with that reason).
 */
import {spawn, spawnSync} from "node:child_process";
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from "node:fs";
import {dirname, join, relative, resolve} from "node:path";
import {z} from "zod";

export const ROOT = resolve(import.meta.dirname, "../../..");

export const buildRecordSchema = z.object({
  name: z.string(),
  /** Configuration file (relative to the project), or "sna.config.ts" for the default. */
  config: z.string(),
  /** Absolute path of the built site. */
  dist: z.string(),
  ok: z.boolean(),
  exitCode: z.number().nullable(),
  /** True only when the build ran inside a namespace with loopback alone. */
  offline: z.boolean(),
  /** Why the build was not offline (the namespace could not be created), if it was not. */
  offlineUnavailable: z.string().nullable(),
  seconds: z.number(),
  log: z.string(),
  builtAt: z.string()
});
export type BuildRecord = z.infer<typeof buildRecordSchema>;

export interface BuildOptions {
  name: string;
  /** SNA_CONFIG; undefined for the default sna.config.ts. */
  config?: string;
  /** SNA_DIST, relative to the project root. */
  dist: string;
  offline: boolean;
  /** Where the full build output goes; default: next to the dist folder. */
  logFile?: string;
}

/** Null when `unshare -n` with loopback up works here; otherwise the reason it does not. */
export function networkNamespaceUnavailable(): string | null {
  const r = spawnSync("unshare", ["-n", "sh", "-c", "ip link set lo up"], {encoding: "utf-8"});
  if (r.error) return `unshare could not be run: ${r.error.message}`;
  if (r.status !== 0) return `\`unshare -n sh -c 'ip link set lo up'\` failed (exit ${r.status}): ${(r.stderr || r.stdout).trim() || "no message"}`;
  return null;
}

/** Process ids of other `npm run build`s (scripts/build.ts) running on this machine (Linux /proc). */
export function otherBuilds(): number[] {
  if (!existsSync("/proc")) return [];
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf-8").split("\0");
      // The node process that runs the build script itself (not the npm/sh wrappers around it).
      if (cmd.some((a) => a.endsWith("scripts/build.ts")) && cmd[0]?.endsWith("node")) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/**
 * The builds share Framework's cache (src/.observablehq/cache) and this machine has two cores: wait for another
 * engineer's build to finish before starting ours (at most `maxMs`).
 */
export async function waitForOtherBuilds(maxMs = 15 * 60_000, say: (s: string) => void = console.log): Promise<void> {
  const started = Date.now();
  let told = false;
  for (;;) {
    const others = otherBuilds();
    if (!others.length) return;
    if (Date.now() - started > maxMs) throw new Error(`Another build (pid ${others.join(", ")}) has run for over ${maxMs / 60_000} minutes; not starting a second one next to it.`);
    if (!told) say(`waiting for another build to finish (pid ${others.join(", ")})…`);
    told = true;
    await new Promise((r) => setTimeout(r, 3000));
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<number | null> {
  mkdirSync(dirname(logFile), {recursive: true});
  return new Promise((done) => {
    const child = spawn(command, args, {cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"]});
    let output = "";
    child.stdout.on("data", (c: Buffer) => void (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => void (output += c.toString()));
    child.on("error", (e) => void (output += `\n${e.message}\n`));
    child.on("close", (code) => {
      writeFileSync(logFile, output);
      done(code);
    });
  });
}

/** Runs the build and returns (and writes next to the output folder) its record. */
export async function buildSite(options: BuildOptions): Promise<BuildRecord> {
  const dist = resolve(ROOT, options.dist);
  const logFile = options.logFile ?? `${dist}.build.log`;
  const env: NodeJS.ProcessEnv = {...process.env, SNA_DIST: dist, OBSERVABLE_TELEMETRY_DISABLE: "true"};
  if (options.config) env.SNA_CONFIG = options.config;
  else delete env.SNA_CONFIG;
  const unavailable = options.offline ? networkNamespaceUnavailable() : null;
  const offline = options.offline && unavailable === null;
  const started = performance.now();
  const code = offline
    ? await run("unshare", ["-n", "sh", "-c", "ip link set lo up && exec npm run build"], env, logFile)
    : await run("npm", ["run", "build"], env, logFile);
  const record: BuildRecord = {
    name: options.name,
    config: options.config ?? "sna.config.ts",
    dist,
    ok: code === 0 && existsSync(join(dist, "index.html")),
    exitCode: code,
    offline,
    offlineUnavailable: options.offline ? unavailable : null,
    seconds: (performance.now() - started) / 1000,
    log: relative(ROOT, logFile),
    builtAt: new Date().toISOString()
  };
  writeFileSync(`${dist}.build.json`, JSON.stringify(record, null, 2));
  return record;
}

/** The record of the last build into `dist` (relative to the project), if there is one. */
export function lastBuild(dist: string): BuildRecord | null {
  const file = `${resolve(ROOT, dist)}.build.json`;
  if (!existsSync(file)) return null;
  return buildRecordSchema.parse(JSON.parse(readFileSync(file, "utf-8")));
}

/** The last `lines` lines of a build's log, for failure messages. */
export function logTail(record: BuildRecord, lines = 25): string {
  const file = resolve(ROOT, record.log);
  if (!existsSync(file)) return "(no log)";
  return readFileSync(file, "utf-8").trimEnd().split("\n").slice(-lines).join("\n");
}
