/**
 * npm test: type check, then vitest (unit and integration), then the browser tests against built sites (Playwright in
 * Debian's Chromium). Prints one closing line "N passed, N failed" for the whole run.
 */
import {spawnSync} from "node:child_process";
import {mkdirSync, readFileSync} from "node:fs";
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

const only = process.argv[2];
if (!only || only === "typecheck") {
  const good = step("typecheck", bin("tsc"), ["--noEmit", "-p", "."]);
  ok &&= good;
  if (good) passed += 1;
  else failed += 1;
}
if (!only || only === "unit") vitest("unit-and-integration", []);
if (!only || only === "e2e") vitest("e2e", ["--config", "vitest.e2e.config.ts"]);

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(ok && failed === 0 ? 0 : 1);
