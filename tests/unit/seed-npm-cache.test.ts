/**
 * How the build seeds DuckDB-WASM's worker (scripts/seed-npm-cache.ts): on the worker scripts as the installed
 * package ships them, the engine's download reaches WebAssembly.instantiateStreaming as fetch() returned it (so
 * Chromium can keep the compiled engine in its code cache); in the "eh" workers the engine's exports fill only the GOT
 * entries that exist (ENGINE_LINKED_ON_DEMAND); and a version that instantiates or links differently is refused.
 * tests/e2e/engine-linking.test.ts runs the seeded and the shipped worker side by side.
 */
import {readFileSync} from "node:fs";
import {resolve} from "node:path";
import {describe, expect, it} from "vitest";
import {linkEngineOnDemand, seededText, streamEngineAsFetched} from "../../scripts/seed-npm-cache.ts";

const NODE_MODULES = resolve(import.meta.dirname, "../../node_modules");
// The site's engine (1.32.0, eh only) and the one Framework pins for its own DuckDBClient (1.29.0, both bundles).
const WORKERS = [
  ["duckdb-wasm-1.32.0", "duckdb-browser-eh.worker.js"],
  ["@duckdb/duckdb-wasm", "duckdb-browser-eh.worker.js"],
  ["@duckdb/duckdb-wasm", "duckdb-browser-mvp.worker.js"]
] as const;

describe("DuckDB-WASM's worker as the site serves it", () => {
  for (const [pkg, file] of WORKERS) {
    it(`${pkg} ${file}: the engine is streamed as fetched, not through a Response of the worker's making`, () => {
      const shipped = readFileSync(resolve(NODE_MODULES, pkg, "dist", file), "utf-8");
      // As shipped: the download is wrapped in `new Response(body.pipeThrough(progress), response)`.
      expect(shipped).toContain('if(typeof TransformStream=="function")');
      const seeded = seededText(`dist/${file}`, shipped);
      expect(seeded).not.toContain('typeof TransformStream=="function"');
      expect(seeded).not.toContain("instantiating without progress handler");
      // The path now taken: fetch()'s own response straight into instantiateStreaming.
      expect(seeded).toMatch(/if\(false\)\{[\s\S]{0,1200}?\}else\{let \w+=new Request\(this\.mainModuleURL\);WebAssembly\.instantiateStreaming\(fetch\(\w+\),/);
      expect(seeded.length).toBeLessThan(shipped.length);
    });
  }
  it("other files are left as they are, outside URLs apart", () => {
    expect(seededText("dist/other.js", 'if(typeof TransformStream=="function")x()')).toBe('if(typeof TransformStream=="function")x()');
  });
  it("a worker that instantiates its engine another way stops the build, naming the file", () => {
    expect(() => streamEngineAsFetched("WebAssembly.instantiate(bytes)", "dist/duckdb-browser-eh.worker.js")).toThrow(/duckdb-browser-eh\.worker\.js has 0 copies .*update ENGINE_AS_FETCHED/);
  });
});

describe("DuckDB-WASM's engine as the site's worker links it", () => {
  const ehWorkers = WORKERS.filter(([, file]) => file.includes("-eh."));
  for (const [pkg, file] of ehWorkers) {
    it(`${pkg} ${file}: the engine's exports fill only the GOT entries that exist, walked without copies`, () => {
      const shipped = readFileSync(resolve(NODE_MODULES, pkg, "dist", file), "utf-8");
      const seeded = seededText(`dist/${file}`, shipped);
      // Only the main module's own call asks for existing entries alone; an extension's exports are linked as shipped.
      expect(seeded).toContain("wasmExports=relocateExports(wasmExports,1024,void 0,!0);");
      expect(seeded).toContain('if(r.startsWith("orig$")&&(r=r.split("$")[1],t=!0),existingOnly&&!GOT[r])continue;GOT[r]||(GOT[r]=new WebAssembly.Global(');
      expect(seeded).toMatch(/moduleExports=relocateExports\(instance\.exports,memoryBase\)/);
      expect(seeded).not.toMatch(/mergeLibSymbols=[^;]*Object\.entries/);
      expect(seeded).toContain("applySignatureConversions(e){e=Object.create(e);");
      // `reportUndefinedSymbols`, which resolves what the GOT lacks, is as shipped.
      const report = (t: string) => t.slice(t.indexOf("reportUndefinedSymbols=()=>"), t.indexOf(",loadDylibs="));
      expect(report(seeded)).toBe(report(shipped));
      expect(report(seeded).length).toBeGreaterThan(100);
    });
  }
  it("the mvp worker (never started by the site) is only streamed as fetched", () => {
    const shipped = readFileSync(resolve(NODE_MODULES, "@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js"), "utf-8");
    expect(seededText("dist/duckdb-browser-mvp.worker.js", shipped)).not.toContain("existingOnly");
  });
  it("a worker that links its engine another way stops the build, naming the file", () => {
    expect(() => linkEngineOnDemand("relocateExports(exports)", "dist/duckdb-browser-eh.worker.js")).toThrow(/duckdb-browser-eh\.worker\.js has 0 copies .*update ENGINE_LINKED_ON_DEMAND/);
  });
});
