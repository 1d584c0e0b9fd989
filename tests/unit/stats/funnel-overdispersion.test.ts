/**
 * Over-dispersion-adjusted funnels (components/stats/overdispersion.ts) against values computed independently.
 *
 * No published expected value exists to reproduce: PHEindicatormethods' funnel test data
 * (tests/fixtures/phe-methods/testdata_funnel_*) has no over-dispersion columns (phe_funnels draws Poisson limits
 * only), and NHS-R FunnelPlotR's tests (tests/testthat/test-OD_adjust_func.R, test-funnel_plot.R) check only the
 * shape of the output and that the adjusted limits are wider, not φ or τ². So the expected φ, τ² and positions
 * here are computed by DuckDB SQL over the same real rows, written from Spiegelhalter DJ, Handling over-dispersion
 * of performance indicators, Qual Saf Health Care 2005;14:347–351, in an algebraically different form
 * (zᵢ = 2(√Oᵢ − √Eᵢ) on the square-root scale, zᵢ = √Eᵢ ln(Oᵢ/Eᵢ) on the log scale, Eᵢ = θNᵢ), with DuckDB's
 * quantile_cont for the 10th/90th percentiles; it does not call the code under test.
 */
import {readFileSync} from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";
import type {DuckDBConnection} from "@duckdb/node-api";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {openDuckDB, queryRows} from "../../../loaders/duckdb.ts";
import {
  adjustedZScores,
  dispersionFunnelLimits,
  dispersionLimit,
  dispersionSignificance,
  quantileType7,
  randomEffectsTau2,
  rateDispersion,
  rateFunnelSignificance,
  StatsInputError,
  winsorise,
  type DispersionInput,
  type DispersionScale
} from "../../../components/stats/index.ts";

const charts = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "charts", "fixtures");
const rowsOf = <T>(name: string): T[] => (JSON.parse(readFileSync(path.join(charts, name), "utf8")) as {rows: T[]}).rows;

/** Police.uk serious violence 2025 for the 224 districts of fully read forces, Census 2021 residents. */
const england: DispersionInput[] = rowsOf<{count: number; population: number; complete: boolean}>("benchmark-england-districts-violence-2025.json")
  .filter((d) => d.complete && d.count > 0)
  .map((d) => ({count: d.count, population: d.population}));
/** Police.uk violence and sexual offences 2025 for the 12 local authorities of Devon & Cornwall (the force total left out). */
const devon: DispersionInput[] = rowsOf<{lad_code: string; count: number; residents: number}>("devon-cornwall-lad-violence-2025.json")
  .filter((d) => d.lad_code.startsWith("E0"))
  .map((d) => ({count: d.count, population: d.residents}));

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await openDuckDB();
});
afterAll(() => conn.closeSync());

type Expected = {n: number; phi: number; tau2: number; lo: number; hi: number};

/** φ and τ² from the paper's formulas, in SQL over the same rows. */
async function sqlDispersion(rows: readonly DispersionInput[], scale: DispersionScale): Promise<Expected> {
  const values = rows.map((r) => `(${r.count}::DOUBLE, ${r.population}::DOUBLE)`).join(", ");
  // Square root: z = 2(√O − √E), s² = m/(4N); log: z = √E ln(O/E), s² = 1/E. Rates per m = 1,000.
  const z = scale === "sqrt" ? "2 * (sqrt(o) - sqrt(e))" : "sqrt(e) * ln(o / e)";
  const s2 = scale === "sqrt" ? "1000 / (4 * pop)" : "1 / e";
  const [row] = await queryRows<Expected>(
    conn,
    `WITH d AS (SELECT * FROM (VALUES ${values}) t(o, pop)),
          theta AS (SELECT sum(o) / sum(pop) AS th FROM d),
          z AS (SELECT ${z} AS z, ${s2} AS s2 FROM (SELECT o, pop, th * pop AS e FROM d, theta)),
          b AS (SELECT quantile_cont(z, 0.1) AS lo, quantile_cont(z, 0.9) AS hi FROM z),
          w AS (SELECT greatest(lo, least(hi, z)) AS wz, s2 FROM z, b),
          agg AS (SELECT count(*) AS n, avg(wz * wz) AS phi, sum(1 / s2) AS sw, sum(1 / (s2 * s2)) AS sw2 FROM w)
     SELECT n, phi, CASE WHEN n * phi <= n - 1 THEN 0 ELSE (n * phi - (n - 1)) / (sw - sw2 / sw) END AS tau2, lo, hi FROM agg, b`
  );
  return row!;
}

describe("over-dispersion factor φ and between-area variance τ² against an independent DuckDB computation", () => {
  for (const [name, rows] of [["224 English districts", england], ["12 Devon & Cornwall authorities", devon]] as const) {
    for (const scale of ["sqrt", "log"] as const) {
      it(`${name}, ${scale} scale`, async () => {
        const expected = await sqlDispersion(rows, scale);
        const d = rateDispersion(rows, {multiplier: 1000, scale});
        expect(d.n).toBe(expected.n);
        expect(d.winsorBounds[0]).toBeCloseTo(expected.lo, 9);
        expect(d.winsorBounds[1]).toBeCloseTo(expected.hi, 9);
        expect(Math.abs(d.phi / expected.phi - 1)).toBeLessThan(1e-12);
        expect(Math.abs(d.tau2 / expected.tau2 - 1)).toBeLessThan(1e-10);
        expect(d.chiSquare).toMatchObject({statistic: expect.closeTo(expected.n * expected.phi, 6), df: expected.n - 1});
      });
    }
  }

  it("police-recorded violence is heavily over-dispersed: φ ≈ 299 on the square-root scale, beyond any chance", () => {
    const d = rateDispersion(england, {multiplier: 1000});
    // Pinned from the SQL above (and README "Hand checks"): φ 299.46, τ² 0.4765 on √(rate per 1,000).
    expect(d.phi).toBeCloseTo(299.46, 2);
    expect(d.tau2).toBeCloseTo(0.4765, 4);
    expect(d.chiSquare.pValue).toBeLessThan(1e-300);
  });

  it("every area's position under the additive limits matches the SQL classification", async () => {
    const d = rateDispersion(england, {multiplier: 1000});
    const values = england.map((r, i) => `(${i}, ${r.count}::DOUBLE, ${r.population}::DOUBLE)`).join(", ");
    const rows = await queryRows<{i: number; position: string}>(
      conn,
      `WITH d AS (SELECT * FROM (VALUES ${values}) t(i, o, pop)),
            theta AS (SELECT sum(o) / sum(pop) * 1000 AS target FROM d),
            z AS (SELECT i, (sqrt(1000 * o / pop) - sqrt(target)) / sqrt(1000 / (4 * pop) + ${d.tau2}) AS z FROM d, theta)
       SELECT i, CASE WHEN z > 3.090232306167813 THEN 'High (0.001)' WHEN z > 1.959963984540054 THEN 'High (0.025)'
                      WHEN z < -3.090232306167813 THEN 'Low (0.001)' WHEN z < -1.959963984540054 THEN 'Low (0.025)'
                      ELSE 'Not significant' END AS position FROM z ORDER BY i`
    );
    expect(dispersionSignificance(england, d, "additive")).toEqual(rows.map((r) => r.position));
  });
});

describe("what the adjustment does", () => {
  const d = rateDispersion(england, {multiplier: 1000});

  it("discriminates where the Poisson limits do not: most districts sit inside the adjusted 95% limits", () => {
    const poisson = rateFunnelSignificance(england.map((r) => ({count: r.count, rate: (1000 * r.count) / r.population, denominator: r.population})), {rateType: "crude", multiplier: 1000});
    const outside = (s: string[]): number => s.filter((x) => x !== "Not significant").length;
    expect(outside(poisson)).toBeGreaterThan(190);
    const additive = dispersionSignificance(england, d, "additive");
    expect(outside(additive)).toBe(28);
    expect(additive.filter((s) => s === "High (0.001)")).toHaveLength(3);
  });

  it("multiplicative limits are the Poisson-scale limits widened by √φ; additive ones by √(s² + τ²)", () => {
    const n = 100000;
    const s = Math.sqrt(1000) / (2 * Math.sqrt(n));
    const z = 3.090232306167813;
    expect(dispersionLimit(n, d, "multiplicative", z, "high")).toBeCloseTo((Math.sqrt(d.target) + z * s * Math.sqrt(d.phi)) ** 2, 9);
    expect(dispersionLimit(n, d, "additive", z, "low")).toBeCloseTo((Math.sqrt(d.target) - z * Math.sqrt(s * s + d.tau2)) ** 2, 9);
    // Additive limits stay apart for the largest areas; multiplicative ones close in on the average.
    const lines = dispersionFunnelLimits(england, d, "additive");
    const last = lines.at(-1)!;
    expect(last.upper998 - last.lower998).toBeGreaterThan(2 * 3.09 * Math.sqrt(d.tau2) * 2 * Math.sqrt(d.target) * 0.9);
    const mult = dispersionFunnelLimits(england, d, "multiplicative").at(-1)!;
    expect(mult.upper998 - mult.lower998).toBeLessThan(last.upper998 - last.lower998);
    expect(lines[0]!.baseline).toBeCloseTo(d.target, 12);
    for (const l of lines) expect(l.lower998).toBeLessThanOrEqual(l.lower95);
  });

  it("adjusted z-scores are the raw ones shrunk: by √φ (multiplicative) or to (y − y₀)/√(s² + τ²)", () => {
    const mult = adjustedZScores(england, d, "multiplicative");
    mult.forEach((z, i) => expect(z).toBeCloseTo(d.zScores[i]! / Math.sqrt(d.phi), 9));
  });

  it("no adjustment without over-dispersion: τ² = 0 when nφ ≤ n − 1 and the multiplicative factor is never below 1", () => {
    // Areas whose counts equal their expected counts exactly (θ = 0.01): every z is 0.
    const flat = [{count: 100, population: 10000}, {count: 200, population: 20000}, {count: 300, population: 30000}];
    const f = rateDispersion(flat, {multiplier: 1000});
    expect(f.phi).toBe(0);
    expect(f.tau2).toBe(0);
    expect(f.chiSquare.pValue).toBe(1);
    expect(dispersionLimit(10000, f, "multiplicative", 1.96, "high")).toBeCloseTo((Math.sqrt(10) + (1.96 * Math.sqrt(1000)) / (2 * 100)) ** 2, 12);
    expect(randomEffectsTau2(2 / 3, [0.1, 0.2, 0.3])).toBe(0);
  });

  it("χ² test on n − 1 degrees of freedom: with 3 areas (2 df) the upper tail is exp(−nφ/2)", () => {
    const three = devon.slice(0, 3);
    const t = rateDispersion(three, {multiplier: 1000, winsorise: 0});
    expect(t.chiSquare.df).toBe(2);
    expect(t.chiSquare.pValue).toBeCloseTo(Math.exp(-t.chiSquare.statistic / 2), 12);
  });
});

describe("helpers and bad input", () => {
  it("quantileType7 interpolates as R's quantile(type = 7); winsorise clamps to those quantiles", () => {
    expect(quantileType7([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.1)).toBeCloseTo(1.9, 12);
    expect(quantileType7([10, 1, 4], 0.5)).toBe(4);
    expect(winsorise([-50, 1, 2, 3, 4, 5, 6, 7, 8, 90], 0.1)).toEqual({values: [-4.1, 1, 2, 3, 4, 5, 6, 7, 8, 16.2].map((v) => expect.closeTo(v, 12)), bounds: [expect.closeTo(-4.1, 12), expect.closeTo(16.2, 12)]});
  });

  it("refuses too few areas, negative counts, zero populations and a log of zero", () => {
    expect(() => rateDispersion([{count: 1, population: 10}], {multiplier: 1000})).toThrow(StatsInputError);
    expect(() => rateDispersion([{count: -1, population: 10}, {count: 1, population: 10}], {multiplier: 1000})).toThrow(/count of point 1/);
    expect(() => rateDispersion([{count: 1, population: 0}, {count: 1, population: 10}], {multiplier: 1000})).toThrow(/population of point 1/);
    expect(() => rateDispersion([{count: 0, population: 10}, {count: 1, population: 10}], {multiplier: 1000, scale: "log"})).toThrow(/square-root scale/);
    expect(() => rateDispersion([{count: 0, population: 10}, {count: 0, population: 10}], {multiplier: 1000})).toThrow(/no area has any events/);
    const d = rateDispersion(devon, {multiplier: 1000});
    expect(() => dispersionSignificance(devon.slice(1), d, "additive")).toThrow(/estimated from 12 areas/);
  });
});
