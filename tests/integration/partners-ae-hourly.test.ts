/**
 * A&E attendances by day of week and hour (the cohort heatmap's table, guidance ¶37) from the Plymouth and Surrey
 * EXAMPLE extracts: published once, by hour, with day totals, and safe under the build's interval audit. Day and time
 * are not also published in 4-hour bands: a band is the sum of four published hours, so a reader could subtract the
 * shown hours from it and recover a suppressed one (suppression and the audit protect each table on its own).
 */
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {DATASETS} from "../../loaders/partners/datasets.ts";
import {loadPartnerData} from "../../loaders/partners/load.ts";
import {checkPartnerIntervals, emptyPartnerStats} from "../../scripts/lib/partner-audit.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const THRESHOLD = 5;
const HOURS = Array.from({length: 24}, (_, h) => String(h).padStart(2, "0"));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, {recursive: true, force: true})));

describe.each([["Plymouth", "E06000026"], ["Surrey", "E10000030"]])("%s A&E example", (_, area) => {
  const load = async () => {
    const dir = mkdtempSync(join(tmpdir(), "partners-ae-hourly-"));
    dirs.push(dir);
    const {records} = await loadPartnerData(join(ROOT, "data/partners"), join(dir, "out"), {smallNumberThreshold: THRESHOLD}, {exampleArea: area, log: () => undefined});
    return records.filter((r) => r.dataset === "ae-assault");
  };

  it("publishes day of week by hour 00–23 with day totals that add up to all attendances, and no second day-time grouping", async () => {
    const ae = await load();
    const hourly = ae.filter((r) => r.table === "by-weekday-hour");
    const cells = hourly.filter((r) => !r.total);
    expect(new Set(cells.map((r) => r.row))).toEqual(new Set(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]));
    expect(cells.every((r) => HOURS.includes(r.col!))).toBe(true);
    expect(hourly[0]).toMatchObject({row_dim: "Day of week", col_dim: "Hour of attendance"});
    expect(cells.some((r) => r.suppressed)).toBe(true);
    for (const r of cells) expect(r.suppressed ? r.count === null : r.count === 0 || r.count! >= THRESHOLD, `${r.row} ${r.col}`).toBe(true);
    const dayTotals = hourly.filter((r) => r.total && r.col === "Total" && r.row !== "Total");
    const all = ae.find((r) => r.table === "by-month" && r.row === "Total")!.count!;
    expect(dayTotals).toHaveLength(7);
    expect(dayTotals.reduce((s, r) => s + r.count!, 0)).toBe(all);
    // Only one table groups attendances by time of day: any other would nest in (or cross) the hours.
    const byTime = [...new Set(ae.filter((r) => [r.row_dim, r.col_dim].some((d) => /time|hour/i.test(d ?? ""))).map((r) => r.table))];
    expect(byTime).toEqual(["by-weekday-hour"]);
    expect(DATASETS["ae-assault"].outputs.filter((o) => [o.rows, o.cols].some((d) => d && DATASETS["ae-assault"].derived?.[d]?.from === "attendance_time")).map((o) => o.name)).toEqual(["by-weekday-hour"]);
  });

  it("leaves every suppressed hour at least the threshold wide when the table is re-solved, as the build's audit does", async () => {
    const hourly = (await load()).filter((r) => r.table === "by-weekday-hour");
    const stats = emptyPartnerStats();
    const findings: string[] = [];
    checkPartnerIntervals(Object.keys(hourly[0]!), hourly as unknown as Record<string, unknown>[], THRESHOLD, stats, (_kind, where, message) => findings.push(`${where}: ${message}`));
    expect(findings).toEqual([]);
    expect(stats.tablesSolved).toBe(1);
    // Every suppressed hour was re-solved (for the counts, and again for the denominator column the records carry).
    const suppressed = hourly.filter((r) => r.suppressed).length;
    expect(suppressed).toBeGreaterThan(0);
    expect(stats.intervalCells).toBeGreaterThanOrEqual(suppressed);
  });
});
