/**
 * d3 and Plot seeded into Framework's node_modules cache as one module each (scripts/lib/whole-node-packages.ts): each
 * exports what the installed package exports, d3's imports nothing, Plot's imports only d3's entry, and seeding
 * replaces an entry Framework wrote itself and leaves an up-to-date one alone.
 */
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {pathToFileURL} from "node:url";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {nodeEntry, seedWholeNodePackages, wholePackageBundle} from "../../scripts/lib/whole-node-packages.ts";

/** Every module specifier a minified ES module imports from (static imports and re-exports). */
const importsOf = (code: string): string[] => [...new Set([...code.matchAll(/(?:\bfrom|\bimport)\s*"([^"]+)"/g)].map((m) => m[1]!))];

describe("whole node packages", () => {
  let cache: string;
  const lines: string[] = [];
  beforeAll(async () => {
    cache = mkdtempSync(join(tmpdir(), "sna-node-cache-"));
    // What Framework itself writes for d3: a file of re-exports, one per d3 package.
    const stale = join(cache, nodeEntry("d3"));
    mkdirSync(dirname(stale), {recursive: true});
    writeFileSync(stale, 'export*from"../d3-array@3.2.5/index.js";\n');
    await seedWholeNodePackages(cache, (line) => lines.push(line));
  }, 60_000);
  afterAll(() => rmSync(cache, {recursive: true, force: true}));

  it("writes d3 as one module that imports nothing and exports every name the d3 package does", async () => {
    const path = join(cache, nodeEntry("d3"));
    const code = readFileSync(path, "utf-8");
    expect(importsOf(code)).toEqual([]);
    const [seeded, installed] = await Promise.all([import(pathToFileURL(path).href), import("d3")]);
    expect(Object.keys(seeded).sort()).toEqual(Object.keys(installed).sort());
    expect(Object.keys(seeded).length).toBeGreaterThan(400);
    // The bundle's code, not a name bound to nothing: a scale and a format computed as d3 computes them.
    expect(seeded.scaleLinear().domain([0, 10]).range([0, 100])(2.5)).toBe(25);
    expect(seeded.format(",.1f")(12345.678)).toBe(installed.format(",.1f")(12345.678));
  });

  it("writes Plot as one module whose only import is d3's seeded entry", async () => {
    const path = join(cache, nodeEntry("@observablehq/plot"));
    const code = readFileSync(path, "utf-8");
    expect(importsOf(code)).toEqual([`../../${nodeEntry("d3")}`]);
    const [seeded, installed] = await Promise.all([import(pathToFileURL(path).href), import("@observablehq/plot")]);
    expect(Object.keys(seeded).sort()).toEqual(Object.keys(installed).sort());
    // interval-tree-1d and isoformat, inlined: Plot's ISO date parsing and its d3 scales answer as the package's do.
    expect(seeded.valueof([{d: "2024-03-01"}], "d")).toEqual(installed.valueof([{d: "2024-03-01"}], "d"));
    expect(seeded.scale({x: {domain: [0, 10], range: [0, 100]}}).apply(2.5)).toBe(25);
  });

  it("replaced the entry Framework had written and said so; a second run changes nothing", async () => {
    expect(lines).toEqual([`seeded ${nodeEntry("d3")} as one module`, `seeded ${nodeEntry("@observablehq/plot")} as one module (importing d3)`]);
    const before = statSync(join(cache, nodeEntry("d3"))).mtimeMs;
    const again: string[] = [];
    await seedWholeNodePackages(cache, (line) => again.push(line));
    expect(again).toEqual([]);
    expect(statSync(join(cache, nodeEntry("d3"))).mtimeMs).toBe(before);
  }, 60_000);

  it("bundles the package it is asked for, keeping only the packages listed as imports", async () => {
    const plotWithD3 = await wholePackageBundle("@observablehq/plot", []);
    expect(importsOf(plotWithD3)).toEqual([]);
  }, 60_000);
});
