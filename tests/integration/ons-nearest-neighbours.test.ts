/** Offline nearest neighbours on the real snapshot: structure, determinism and hand-checked inputs. */
import type {DuckDBConnection} from "@duckdb/node-api";
import {beforeAll, describe, expect, it} from "vitest";
import {loadConfig} from "../../loaders/config/load-config.ts";
import type {SnaConfig} from "../../loaders/config/schema.ts";
import {openDuckDB} from "../../loaders/duckdb.ts";
import {NN_VARIABLES, nearestNeighbours, type NnResult} from "../../loaders/ons/nearest-neighbours.ts";
import {createPlaceTables} from "../../loaders/ons/tables.ts";

let conn: DuckDBConnection;
let plymouth: SnaConfig;
let surrey: SnaConfig;
let result: NnResult;
beforeAll(async () => {
  conn = await openDuckDB();
  await createPlaceTables(conn);
  plymouth = await loadConfig("sna.config.ts");
  surrey = await loadConfig("configs/surrey.ts");
  result = await nearestNeighbours(conn, plymouth);
});

describe("nearest neighbours, Plymouth (upper tier)", () => {
  it("returns exactly 15, without Plymouth, sorted by distance, from 152 candidates", () => {
    expect(result.tier).toBe("upper");
    expect(result.candidates).toBe(152); // 153 English counties and unitary-tier authorities, less Plymouth
    expect(result.neighbours).toHaveLength(15);
    expect(result.neighbours.map((n) => n.code)).not.toContain("E06000026");
    const d = result.neighbours.map((n) => n.distance);
    expect(d).toEqual([...d].sort((a, b) => a - b));
    expect(result.neighbours.map((n) => n.rank)).toEqual(Array.from({length: 15}, (_, i) => i + 1));
  });

  it("is deterministic", async () => {
    expect(await nearestNeighbours(conn, plymouth)).toEqual(result);
  });

  it("uses the hand-checked inputs for Plymouth", () => {
    expect(result.area.values.share_16_24).toBeCloseTo(34_385 / 264_723, 12); // Census 2021 (MANIFEST.md)
    expect(result.area.values.log10_density).toBeCloseTo(Math.log10(262_839 / 79.8497), 9); // MYE 5 mid-2020
    expect(result.area.values.share_urban).toBe(1);
    expect(result.area.values.imd_score).toBeCloseTo(24.087, 0); // MHCLG's published average score 24.087
  });

  it("recomputes each distance from the z-scores it reports", () => {
    for (const n of result.neighbours) {
      const d = Math.sqrt(NN_VARIABLES.reduce((s, v) => s + (n.z[v.key] - result.area.z[v.key]) ** 2, 0));
      expect(n.distance).toBeCloseTo(d, 12);
    }
    for (const v of result.variables) expect(result.area.z[v.key as keyof typeof result.area.z]).toBeCloseTo((result.area.values[v.key as keyof typeof result.area.values] - v.mean) / v.sd, 12);
  });

  it("finds plausible neighbours: provincial port and university cities, no London borough in the top five", () => {
    const names = result.neighbours.map((n) => n.name);
    const expected = ["Brighton and Hove", "Sheffield", "Bournemouth, Christchurch and Poole", "Bristol, City of", "Portsmouth", "Southend-on-Sea", "Derby"];
    expect(expected.filter((e) => names.includes(e)).length).toBeGreaterThanOrEqual(4);
    expect(result.neighbours.slice(0, 5).some((n) => n.code.startsWith("E09"))).toBe(false);
  });

  it("compares with districts at the lower tier and honours weights", async () => {
    const lower = await nearestNeighbours(conn, plymouth, {tier: "lower", n: 5});
    expect(lower.candidates).toBe(295);
    expect(lower.neighbours).toHaveLength(5);
    const densityOnly = await nearestNeighbours(conn, plymouth, {n: 3, weights: Object.fromEntries(NN_VARIABLES.map((v) => [v.key, v.key === "log10_density" ? 1 : 0]))});
    for (const n of densityOnly.neighbours) expect(n.distance).toBeCloseTo(Math.abs(n.z.log10_density - densityOnly.area.z.log10_density), 12);
  });

  it("refuses bad options", async () => {
    await expect(nearestNeighbours(conn, plymouth, {n: 0})).rejects.toThrow(/n must be a whole number/);
    await expect(nearestNeighbours(conn, plymouth, {weights: Object.fromEntries(NN_VARIABLES.map((v) => [v.key, 0]))})).rejects.toThrow(/at least one must be above 0/);
  });
});

describe("nearest neighbours, Surrey (county)", () => {
  it("aggregates the 11 districts and leaves out Surrey and its districts", async () => {
    const r = await nearestNeighbours(conn, surrey, {n: 10});
    expect(r.area.code).toBe("E10000030");
    expect(r.area.population).toBe(1_203_099);
    expect(r.neighbours.map((n) => n.code)).not.toContain("E10000030");
    const lower = await nearestNeighbours(conn, surrey, {n: 10, tier: "lower"});
    expect(lower.candidates).toBe(296 - 11);
    for (const d of surrey.districts) expect(lower.neighbours.map((n) => n.code)).not.toContain(d.code);
  });
});
