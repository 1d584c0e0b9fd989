/**
 * Editions on disk (loaders/editions/store.ts) and which one a build compares with (what-changed.ts chooseEdition).
 * A hand-edited, truncated or misnamed edition stops with the file, the field or row, and the fix; the writer never
 * replaces an edition unasked and leaves no half-written folder.
 */
import {cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {createHash} from "node:crypto";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeEach, describe, expect, it} from "vitest";
import {readEdition, writeEdition} from "../../loaders/editions/store.ts";
import {chooseEdition} from "../../loaders/editions/what-changed.ts";
import {parseConfig} from "../../loaders/config/load-config.ts";
import plymouthConfig from "../../sna.config.ts";
import {currentBuild, metaFor, previousEdition} from "./edition-fixtures.ts";

const root = mkdtempSync(join(tmpdir(), "sna-edition-store-"));
afterAll(() => rmSync(root, {recursive: true, force: true}));
const NAME = "plymouth-jan-apr-2024";
const dir = join(root, NAME);

beforeEach(() => {
  rmSync(root, {recursive: true, force: true});
  writeEdition(root, previousEdition(), metaFor(previousEdition()));
});

/** Rewrites one file of the edition and, as a careful hand edit would, its size and hash in edition.json. */
function editWithHash(file: string, text: string): void {
  writeFileSync(join(dir, file), text);
  const meta = JSON.parse(readFileSync(join(dir, "edition.json"), "utf-8"));
  meta.files[file] = {bytes: Buffer.byteLength(text), sha256: createHash("sha256").update(text).digest("hex")};
  writeFileSync(join(dir, "edition.json"), JSON.stringify(meta));
}

describe("writing", () => {
  it("writes four small files and no temporary folder", () => {
    expect(readdirSync(dir).sort()).toEqual(["area-monthly.csv", "edition.json", "figures.json", "lsoa-violence.csv"]);
    expect(readdirSync(root)).toEqual([NAME]);
  });
  it("refuses to replace an edition unless asked", () => {
    expect(() => writeEdition(root, previousEdition(), metaFor(previousEdition()))).toThrow(/plymouth-jan-apr-2024 already exists: choose another name, or pass --replace/);
    expect(() => writeEdition(root, previousEdition(), metaFor(previousEdition()), {replace: true})).not.toThrow();
  });
  it("refuses a name that is not lower-case letters, digits and hyphens", () => {
    expect(() => writeEdition(root, {...previousEdition(), name: "../Plymouth 2024"}, metaFor(previousEdition()))).toThrow(/"..\/Plymouth 2024" is not a valid edition name/);
  });
});

describe("reading a damaged edition (7 hostile cases)", () => {
  it("a truncated table: names the file and the fix", () => {
    const path = join(dir, "lsoa-violence.csv");
    writeFileSync(path, readFileSync(path, "utf-8").slice(0, 400));
    expect(() => readEdition(dir)).toThrow(/lsoa-violence\.csv is not the file the edition was made with \(400 bytes, edition\.json says \d+\): it was truncated or edited by hand\. Restore it from git \(git checkout -- .*plymouth-jan-apr-2024\) or make it again with npm run edition/);
  });
  it("a truncated edition.json: not valid JSON, naming it", () => {
    const path = join(dir, "edition.json");
    writeFileSync(path, readFileSync(path, "utf-8").slice(0, 200));
    expect(() => readEdition(dir)).toThrow(/edition\.json is not valid JSON .*truncated or edited by hand/);
  });
  it("a hand-edited figure (hash updated too): names figures.json and the field", () => {
    const figures = JSON.parse(readFileSync(join(dir, "figures.json"), "utf-8"));
    figures.headline.count = -3;
    editWithHash("figures.json", JSON.stringify(figures));
    expect(() => readEdition(dir)).toThrow(/figures\.json: headline\.count: .*>=0/);
  });
  it("a hand-edited cell (hash updated too): names the file, the row and the column", () => {
    const text = readFileSync(join(dir, "area-monthly.csv"), "utf-8").replace(/,937\n/, ",many\n");
    editWithHash("area-monthly.csv", text);
    expect(() => readEdition(dir)).toThrow(/area-monthly\.csv: row 3, column count: "many" is not a number/);
  });
  it("a table missing a column: names the column", () => {
    editWithHash("area-monthly.csv", "month,count\n2024-01,5\n");
    expect(() => readEdition(dir)).toThrow(/area-monthly\.csv: lacks crime_type/);
  });
  it("an edition of another format: says which", () => {
    const meta = JSON.parse(readFileSync(join(dir, "edition.json"), "utf-8"));
    writeFileSync(join(dir, "edition.json"), JSON.stringify({...meta, format: 2}));
    expect(() => readEdition(dir)).toThrow(/edition\.json: format: expected format 1; this edition was written by another version/);
  });
  it("a renamed folder: the name inside and the folder disagree", () => {
    renameSync(dir, join(root, "plymouth-2024"));
    expect(() => readEdition(join(root, "plymouth-2024"))).toThrow(/edition\.json: name is "plymouth-jan-apr-2024" but the folder is .*plymouth-2024: rename one to match the other/);
  });
});

describe("choosing the edition to compare with", () => {
  const config = parseConfig(plymouthConfig);
  const window = currentBuild().window;
  const later = {...currentBuild(), name: "plymouth-2025-interim", created: "2025-05-31", follows: NAME, window: {start: "2025-01", end: "2025-04", months: ["2025-01", "2025-02", "2025-03", "2025-04"], available: ["2025-01", "2025-02", "2025-03", "2025-04"], missing: []}};
  const surrey = {...previousEdition(), name: "surrey-2026-review", partnership: {name: "Surrey", areaCode: "E10000030", areaName: "Surrey"}, window: {...later.window, end: "2025-11"}};
  beforeEach(() => {
    writeEdition(root, later, metaFor(later));
    writeEdition(root, surrey, metaFor(surrey));
    // A folder that is not an edition's name is not read.
    cpSync(dir, join(root, "Not An Edition"), {recursive: true});
  });

  it("takes the latest edition of the same area whose window ends before this build's", () => {
    const {chosen, all} = chooseEdition(config, window, root);
    expect(chosen?.meta.name).toBe("plymouth-2025-interim");
    expect(all.map((e) => e.meta.name)).toEqual([NAME, "plymouth-2025-interim"]);
  });
  it("skips the edition this build is named as, and takes one named in edition.compareWith", () => {
    expect(chooseEdition({...config, edition: {name: "plymouth-2025-interim"}}, window, root).chosen?.meta.name).toBe(NAME);
    expect(chooseEdition({...config, edition: {compareWith: NAME}}, window, root).chosen?.meta.name).toBe(NAME);
  });
  it("refuses a compareWith that names no edition of the area, listing those there are", () => {
    expect(() => chooseEdition({...config, edition: {compareWith: "surrey-2026-review"}}, window, root)).toThrow(/edition\.compareWith names "surrey-2026-review", but editions\/ has no edition of that name for Plymouth \(E06000026\); it has plymouth-jan-apr-2024, plymouth-2025-interim/);
  });
  it("has none when every edition is later, or when there is no editions folder", () => {
    expect(chooseEdition(config, {...window, end: "2024-02"}, root).chosen).toBeNull();
    expect(chooseEdition(config, window, join(root, "absent"))).toEqual({chosen: null, all: []});
    expect(existsSync(join(root, "absent"))).toBe(false);
  });
});

describe("the shipped editions (editions/*-jan-apr-2024, made from the snapshot with --from 2024-01 --to 2024-04)", () => {
  for (const [name, code] of [["plymouth-jan-apr-2024", "E06000026"], ["surrey-jan-apr-2024", "E10000030"]] as const) {
    it(`${name}: reads, is small, and its headline is the sum of its own monthly table`, () => {
      const shipped = join(import.meta.dirname, "../../editions", name);
      const {meta, view} = readEdition(shipped);
      expect(meta.partnership.areaCode).toBe(code);
      expect(view.window).toMatchObject({start: "2024-01", end: "2024-04", missing: []});
      expect(meta.months).toEqual({start: "2024-01", end: "2024-04", overridden: true});
      // Its police.uk sources are the window's months only, and the note says how it was made.
      expect(meta.snapshot.sources.find((s) => s.source === "policeuk")).toMatchObject({firstPeriod: "2024-01", lastPeriod: "2024-04"});
      expect(meta.note).toMatch(/analysis window set to 2024-01 to 2024-04/);
      const sv = new Set(view.figures.headline.crimeTypes);
      expect(view.monthly.filter((r) => sv.has(r.crime_type)).reduce((s, r) => s + r.count, 0)).toBe(view.figures.headline.count);
      expect(view.lsoas.map((l) => l.rank)).toEqual(Array.from({length: 50}, (_, i) => i + 1));
      const bytes = Object.values(meta.files).reduce((s, f) => s + f.bytes, 0) + readFileSync(join(shipped, "edition.json")).length;
      expect(bytes).toBeLessThan(40_000);
      // Partner data only as published totals and metadata: no partner table is copied.
      expect(readdirSync(shipped).sort()).toEqual(["area-monthly.csv", "edition.json", "figures.json", "lsoa-violence.csv"]);
    });
  }
});
