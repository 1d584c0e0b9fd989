/**
 * The build's rewrite of the two library functions that compile code from strings (scripts/lib/no-eval.ts), on the
 * real code of the installed versions: d3-dsv and apache-arrow minified by esbuild as scripts/seed-npm-cache.ts does,
 * and DuckDB-WASM's worker as it ships. The rewritten d3-dsv parses exactly as the original.
 */
import {readFileSync} from "node:fs";
import {resolve} from "node:path";
import {pathToFileURL} from "node:url";
import {transformSync} from "esbuild";
import {describe, expect, it} from "vitest";
import {rewriteEval} from "../../scripts/lib/no-eval.ts";

const minified = (path: string) => transformSync(readFileSync(path, "utf-8"), {minify: true, format: "esm", loader: "js"}).code;
const load = (code: string) => import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`) as Promise<typeof import("d3-dsv")>;

describe("rewriting library code that compiles functions from strings", () => {
  it("rewrites d3-dsv's row-object builder, which then parses exactly as before", async () => {
    const original = minified("node_modules/d3-dsv/dist/d3-dsv.mjs");
    const {text, rewrites} = rewriteEval(original);
    expect(rewrites).toBe(1);
    expect(text).not.toContain("new Function");
    const [before, after] = await Promise.all([load(original), load(text)]);
    const csv = 'lsoa21_code,count,name,count\nE01015023,12,"Plymouth, 001A",3\nE01015024,,x\n,,,\n';
    expect(after.csvParse(csv)).toEqual(before.csvParse(csv));
    expect(after.csvParse(csv, after.autoType)).toEqual(before.csvParse(csv, before.autoType));
    expect(after.tsvParse("__proto__\tb\n1\t2\n")).toEqual(before.tsvParse("__proto__\tb\n1\t2\n"));
  });

  it("rewrites apache-arrow's null test, minified and as bundled in DuckDB's worker", () => {
    for (const code of [minified("node_modules/apache-arrow/builder/valid.mjs"), readFileSync("node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js", "utf-8"), readFileSync("node_modules/duckdb-wasm-1.32.0/dist/duckdb-browser-eh.worker.js", "utf-8")]) {
      const {text, rewrites} = rewriteEval(code);
      expect(rewrites).toBe(1);
      expect(text).not.toMatch(/new Function\("x"/);
    }
  });

  it("gives a null test that answers as the generated one did", async () => {
    // Its one import, made absolute so that the module loads from a data: URL.
    const code = minified("node_modules/apache-arrow/builder/valid.mjs").replace('"../util/pretty.mjs"', JSON.stringify(pathToFileURL(resolve("node_modules/apache-arrow/util/pretty.mjs")).href));
    const exported = /export\{(\w+) as createIsValidFunction\}/.exec(code)?.[1];
    expect(exported).toBeDefined();
    const mod = (body: string) => import(`data:text/javascript;base64,${Buffer.from(body).toString("base64")}`) as Promise<{createIsValidFunction: (nulls: unknown[]) => (x: unknown) => boolean}>;
    const [before, after] = await Promise.all([mod(code), mod(rewriteEval(code).text)]);
    const values = [null, undefined, 0, -1, NaN, "", "x", 1n, true];
    for (const nulls of [[null, undefined], [NaN], [0, "x", 1n], [], [null, NaN, ""]]) {
      const a = before.createIsValidFunction(nulls);
      const b = after.createIsValidFunction(nulls);
      expect(values.map((v) => b(v))).toEqual(values.map((v) => a(v)));
    }
  });
});
