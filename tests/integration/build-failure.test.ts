/**
 * A failed build leaves the last good site in place: an invalid configuration stops before anything is built, and a
 * data loader that fails (here: a district with no boundaries in the snapshot) fails the build.
 */
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {spawnSync} from "node:child_process";
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {csvFormat, csvParse} from "d3-dsv";
import {loadPartnerData} from "../../loaders/partners/load.ts";
import {publishBuild} from "../../scripts/build.ts";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");
let tmp: string;
let dist: string;

function build(config: string) {
  const r = spawnSync(join(ROOT, "node_modules/.bin/tsx"), ["scripts/build.ts"], {
    cwd: ROOT,
    env: {...process.env, SNA_CONFIG: config, SNA_DIST: dist, OBSERVABLE_TELEMETRY_DISABLE: "true"},
    encoding: "utf-8",
    timeout: 300_000
  });
  return {code: r.status, output: `${r.stdout}\n${r.stderr}`};
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "sna-build-fail-"));
  dist = join(tmp, "dist");
  mkdirSync(dist);
  writeFileSync(join(dist, "index.html"), "last good site");
});
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

const plymouth = readFileSync(join(ROOT, "sna.config.ts"), "utf-8").replace("./loaders/config/schema.ts", join(ROOT, "loaders/config/schema.ts"));

describe("a failing build keeps the last good dist/", () => {
  it("stops on an invalid configuration, naming the field", () => {
    const config = join(tmp, "bad.config.ts");
    writeFileSync(config, plymouth.replace('"Possession of weapons"', '"Knife crime"'));
    const r = build(config);
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/seriousViolence\.crimeTypes\.2: "Knife crime" is not a police\.uk crime type/);
    expect(readFileSync(join(dist, "index.html"), "utf-8")).toBe("last good site");
  });

  it("removes at its start what killed builds left beside dist/, and not a running build's", () => {
    // A process id that is certainly not running: a child that has exited.
    const dead = Number(spawnSync(process.execPath, ["-e", "console.log(process.pid)"], {encoding: "utf-8"}).stdout.trim());
    for (const name of [`dist.tmp-${dead}`, `dist.old-${dead}`, `dist.tmp-${process.pid}`]) mkdirSync(join(tmp, name));
    writeFileSync(join(tmp, `dist.tmp-${dead}`, "index.html"), "half-built");
    const config = join(tmp, "bad.config.ts");
    writeFileSync(config, plymouth.replace('"Possession of weapons"', '"Knife crime"'));
    const r = build(config); // stops on the configuration, after the clean-up
    expect(r.code).toBe(1);
    expect(r.output).toContain(`removed ${join(tmp, `dist.tmp-${dead}`)}, left by a build that was stopped`);
    expect(readdirSync(tmp).filter((f) => f.startsWith("dist.")).sort()).toEqual([`dist.tmp-${process.pid}`]);
    expect(readFileSync(join(dist, "index.html"), "utf-8")).toBe("last good site");
    rmSync(join(tmp, `dist.tmp-${process.pid}`), {recursive: true});
  });

  it("fails when a data loader fails, and removes its half-built output", () => {
    const config = join(tmp, "torbay.config.ts");
    writeFileSync(config, plymouth.replace('area: {code: "E06000026", name: "Plymouth", kind: "unitary authority"}', 'area: {code: "E06000027", name: "Torbay", kind: "unitary authority"}').replace('districts: [{code: "E06000026", name: "Plymouth"}]', 'districts: [{code: "E06000027", name: "Torbay"}]'));
    const r = build(config);
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/No LSOA 2021 boundaries for Torbay \(E06000027\)/);
    expect(r.output).toMatch(/The previous .* is unchanged/);
    expect(readFileSync(join(dist, "index.html"), "utf-8")).toBe("last good site");
    expect(readdirSync(tmp).filter((f) => f.includes(".tmp-"))).toEqual([]);
    expect(existsSync(join(dist, "violence-profile.html"))).toBe(false);
  });
});

describe("publishing a build refuses what the disclosure audit finds", () => {
  /** A built site (as Framework writes it) holding the real partner tables of the example extracts. */
  async function builtSite(name: string, plant?: (rows: Record<string, string>[]) => void): Promise<string> {
    const out = join(tmp, `${name}-partners`);
    await loadPartnerData(join(ROOT, "data/partners"), out, {smallNumberThreshold: 5}, {log: () => undefined});
    const site = join(tmp, `${name}.tmp-build`);
    mkdirSync(join(site, "_file/data"), {recursive: true});
    writeFileSync(join(site, "index.html"), "<!DOCTYPE html><html><head></head><body><h1>Partner data</h1></body></html>");
    const rows = csvParse(readFileSync(join(out, "partner-records.csv"), "utf-8"));
    plant?.(rows);
    writeFileSync(join(site, "_file/data/partner-records.0a1b2c3d.csv"), csvFormat(rows, rows.columns));
    copyFileSync(join(out, "partners-report.json"), join(site, "_file/data/partners-report.9e8d7c6b.json"));
    return site;
  }

  it("refuses a partner count below the threshold planted in a data file, and keeps the last good site", async () => {
    const site = await builtSite("planted", (rows) => {
      const row = rows.find((r) => r.suppressed === "false" && Number(r.count) >= 5)!;
      row.count = "3";
    });
    await expect(publishBuild(site, dist, 5)).rejects.toThrow(/disclosure audit failed: .*partner-records\.0a1b2c3d\.csv/s);
    expect(existsSync(site)).toBe(false);
    expect(readFileSync(join(dist, "index.html"), "utf-8")).toBe("last good site");
  });

  it("publishes the same site when nothing is planted", async () => {
    const clean = join(tmp, "clean-dist");
    await publishBuild(await builtSite("clean"), clean, 5);
    expect(existsSync(join(clean, "_file/data/partner-records.0a1b2c3d.csv.br"))).toBe(true);
    expect(readFileSync(join(clean, "index.html"), "utf-8")).toContain('<html lang="en-GB">');
  });
});
