/**
 * npm test: vitest (unit and integration), then the browser tests against built sites (Playwright in Debian's Chromium)
 * with the type check beside their builds. Prints one closing line "N passed, N failed" for the whole run.
 */
import {spawn, spawnSync} from "node:child_process";
import {closeSync, mkdirSync, openSync, readFileSync} from "node:fs";
import {join, resolve} from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const OUT = join(ROOT, ".cache/test-results");
mkdirSync(OUT, {recursive: true});
const env = {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true", TZ: "UTC"};
const bin = (name: string) => join(ROOT, "node_modules/.bin", name);

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
}

let passed = 0;
let failed = 0;
let skipped = 0;
let ok = true;

function step(name: string, command: string, args: string[]): boolean {
  console.log(`\n── ${name} ──`);
  const r = spawnSync(command, args, {cwd: ROOT, env, stdio: "inherit"});
  if (r.status !== 0) console.error(`✗ ${name} failed (exit ${r.status ?? r.signal})`);
  return r.status === 0;
}

function vitest(name: string, args: string[]): void {
  const json = join(OUT, `${name}.json`);
  const good = step(name, bin("vitest"), ["run", ...args, "--reporter=default", "--reporter=json", `--outputFile.json=${json}`]);
  try {
    const r = JSON.parse(readFileSync(json, "utf-8")) as VitestJson;
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests;
  } catch {
    failed += 1; // the runner died before writing results
  }
  ok &&= good;
}

/**
 * The type check, started in the background: it is one core's work for about 20 s. It runs beside the browser tests'
 * builds, which leave most of a core idle (a build used 1.2 of two cores, measured here), rather than beside the unit
 * tests, which keep both busy. Its output goes to a file, printed when it is awaited.
 */
function typecheckInBackground(): () => Promise<void> {
  const log = join(OUT, "typecheck.log");
  const fd = openSync(log, "w");
  const child = spawn(bin("tsc"), ["--noEmit", "-p", "."], {cwd: ROOT, env, stdio: ["ignore", fd, fd]});
  const exited = new Promise<number | null>((done) => child.on("close", (code) => done(code)));
  return async () => {
    const code = await exited;
    closeSync(fd);
    console.log("\n── typecheck ──");
    process.stdout.write(readFileSync(log, "utf-8"));
    const good = code === 0;
    if (!good) console.error(`✗ typecheck failed (exit ${code})`);
    ok &&= good;
    if (good) passed += 1;
    else failed += 1;
  };
}

const only = process.argv[2];
if (!only || only === "unit") vitest("unit-and-integration", []);
// The e2e step runs synchronously; the type check, a separate process writing to a file, goes on beside it.
const typecheck = !only || only === "typecheck" ? typecheckInBackground() : null;
if (!only || only === "e2e") vitest("e2e", ["--config", "vitest.e2e.config.ts"]);
await typecheck?.();

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(ok && failed === 0 ? 0 : 1);
