/** The static server: Range requests, precompressed files, cache headers and the sub-path, on a small real site folder. */
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Server} from "node:http";
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {brotliCompressSync} from "node:zlib";
import {serve} from "../../scripts/serve.ts";

let dir: string;
let server: Server;
let base: string;
const CSV = "lsoa21_code,count\nE01015023,12\nE01015024,7\n";
// The smallest valid WebAssembly module (magic number and version), where the build self-hosts DuckDB's engine.
const WASM = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const ENGINE = "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-eh.wasm";
// Framework's name for a package's bundled entry module: its content hash, under the package's version.
const ENTRY = "_npm/d3@7.9.0/a51cdd8b.js";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sna-serve-"));
  mkdirSync(join(dir, "_file/data"), {recursive: true});
  writeFileSync(join(dir, "index.html"), "<!DOCTYPE html><title>Overview</title>");
  writeFileSync(join(dir, "explore.html"), "<!DOCTYPE html><title>Explore</title>");
  writeFileSync(join(dir, "_file/data/lsoa.1a2b3c4d.csv"), CSV);
  writeFileSync(join(dir, "_file/data/lsoa.1a2b3c4d.csv.br"), brotliCompressSync(CSV));
  mkdirSync(join(dir, "_npm/@duckdb/duckdb-wasm@1.29.0/dist"), {recursive: true});
  writeFileSync(join(dir, ENGINE), WASM);
  writeFileSync(join(dir, `${ENGINE}.br`), brotliCompressSync(WASM));
  writeFileSync(join(dir, "_file/data/other.wasm"), WASM);
  mkdirSync(join(dir, "_npm/d3@7.9.0"), {recursive: true});
  writeFileSync(join(dir, ENTRY), "export {};\n");
  writeFileSync(join(dir, "_file/data/a51cdd8b.js"), "export {};\n");
  server = await serve({dir, port: 0, base: "/sna/"});
  base = `http://127.0.0.1:${(server.address() as {port: number}).port}/sna/`;
});
afterAll(() => {
  server.close();
  rmSync(dir, {recursive: true, force: true});
});

describe("serve", () => {
  it("serves clean URLs under the sub-path and nothing outside it", async () => {
    expect(await (await fetch(`${base}explore`)).text()).toContain("<title>Explore</title>");
    expect((await fetch(base.replace("/sna/", "/explore"))).status).toBe(404);
    expect((await fetch(base.slice(0, -1), {redirect: "manual"})).headers.get("location")).toBe("/sna/");
  });

  it("answers a Range request with the raw bytes, even when brotli is accepted", async () => {
    const r = await fetch(`${base}_file/data/lsoa.1a2b3c4d.csv`, {headers: {range: "bytes=0-11", "accept-encoding": "br"}});
    expect(r.status).toBe(206);
    expect(r.headers.get("content-range")).toBe(`bytes 0-11/${CSV.length}`);
    expect(await r.text()).toBe("lsoa21_code,");
  });

  it("serves the precompressed file and lets hashed files be cached for good", async () => {
    const r = await fetch(`${base}_file/data/lsoa.1a2b3c4d.csv`, {headers: {"accept-encoding": "br"}});
    expect(r.headers.get("content-encoding")).toBe("br");
    expect(await r.text()).toBe(CSV); // fetch decodes brotli
    expect(r.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await fetch(`${base}explore`)).headers.get("cache-control")).toBe("no-cache");
  });

  it("serves .wasm as application/wasm, plain, brotli or a range, so the browser compiles it as it streams in", async () => {
    const cases: Record<string, string>[] = [{"accept-encoding": "identity"}, {"accept-encoding": "br"}, {range: "bytes=0-3"}];
    for (const headers of cases) {
      const r = await fetch(`${base}${ENGINE}`, {headers});
      expect(r.headers.get("content-type"), JSON.stringify(headers)).toBe("application/wasm");
      await r.arrayBuffer();
    }
    // WebAssembly.compileStreaming refuses any other type: this is what the browser does with DuckDB's engine.
    const module = await WebAssembly.compileStreaming(fetch(`${base}${ENGINE}`, {headers: {"accept-encoding": "br"}}));
    expect(WebAssembly.Module.exports(module)).toEqual([]);
  });

  it("lets a package's versioned WebAssembly be cached for good, and revalidates any other", async () => {
    expect((await fetch(`${base}${ENGINE}`)).headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await fetch(`${base}_file/data/other.wasm`)).headers.get("cache-control")).toBe("no-cache");
  });

  it("caches a package's hash-named entry module for good (as a warm reload of a chapter asked for d3's again)", async () => {
    expect((await fetch(`${base}${ENTRY}`)).headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await fetch(`${base}_file/data/a51cdd8b.js`)).headers.get("cache-control")).toBe("no-cache");
  });
});
