/**
 * The Fingertips part of the pinned snapshot: data/snapshot/fingertips/values/*.csv.gz (one file per source,
 * one row per value, columns SNAPSHOT_COLUMNS) and area_codes.csv (old → current area codes). Written by
 * scripts/import-fingertips-snapshot.ts (real extracts) and by the refresh (API); read by loadIndicatorValues.
 */
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync} from "node:fs";
import {dirname, join, relative} from "node:path";
import {gunzipSync, gzipSync} from "node:zlib";
import {csvFormatRows, csvParse} from "d3-dsv";
import {findEntry, readManifest} from "../snapshot/manifest.ts";
import {parseAreaCodeMap} from "./area-codes.ts";
import {defaultIndicatorSet, type IndicatorSet, type IndicatorSetEntry} from "./indicator-set.ts";
import {SNAPSHOT_COLUMNS, snapshotValueSchema, type AreaCodeMapRow, type SnapshotValue} from "./schemas.ts";

export const FINGERTIPS_SUBDIR = "fingertips";
export const VALUES_SUBDIR = "values";
export const AREA_CODES_FILE = "area_codes.csv";
export const GAP_MESSAGE = "not in this snapshot; run the refresh";

const NUMBER_FIELDS = new Set<keyof SnapshotValue>([
  "indicatorId", "periodSortable", "value", "lowerCi95", "upperCi95", "lowerCi998", "upperCi998", "count", "denominator"
]);

export const sha256 = (buf: Buffer): string => createHash("sha256").update(buf).digest("hex");

/** Writes records as gzipped CSV (temporary file, then rename); returns what the manifest needs. */
export function writeValuesFile(path: string, records: SnapshotValue[]): {sha256: string; bytes: number} {
  const rows = records.map((r) => SNAPSHOT_COLUMNS.map(([, field]) => {
    const v = snapshotValueSchema.shape[field].parse(r[field]);
    return v === null ? "" : String(v);
  }));
  const csv = `${csvFormatRows([SNAPSHOT_COLUMNS.map(([col]) => col), ...rows])}\n`;
  // mtime 0 in the gzip header: the same values give the same bytes, so the checksum only changes with the data.
  const gz = gzipSync(Buffer.from(csv, "utf-8"), {level: 9});
  gz.writeUInt32LE(0, 4);
  mkdirSync(dirname(path), {recursive: true});
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, gz);
  renameSync(tmp, path);
  return {sha256: sha256(gz), bytes: gz.length};
}

/** Reads one values file, checking every row against the snapshot record schema. */
export function readValuesFile(path: string): SnapshotValue[] {
  const rows = csvParse(gunzipSync(readFileSync(path)).toString("utf-8"));
  const missing = SNAPSHOT_COLUMNS.filter(([col]) => !rows.columns.includes(col)).map(([col]) => col);
  if (missing.length > 0) throw new Error(`${path}: column(s) ${missing.join(", ")} missing; rebuild it with scripts/import-fingertips-snapshot.ts or the refresh.`);
  return rows.map((row, i) => {
    const obj: Record<string, string | number | null> = {};
    for (const [col, field] of SNAPSHOT_COLUMNS) {
      const raw = row[col] ?? "";
      obj[field] = raw === "" ? null : NUMBER_FIELDS.has(field) ? Number(raw) : raw;
    }
    const parsed = snapshotValueSchema.safeParse(obj);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const col = SNAPSHOT_COLUMNS.find(([, f]) => f === issue?.path[0])?.[0] ?? String(issue?.path[0]);
      throw new Error(`${path}: row ${i + 2}, column "${col}": ${issue?.message}. Restore the file from git or rebuild the snapshot.`);
    }
    return parsed.data;
  });
}

export function readAreaCodeMap(snapshotDir: string): Map<string, AreaCodeMapRow> {
  const path = join(snapshotDir, FINGERTIPS_SUBDIR, AREA_CODES_FILE);
  if (!existsSync(path)) throw new Error(`${path} is missing; run: npx tsx scripts/import-fingertips-snapshot.ts`);
  return parseAreaCodeMap(readFileSync(path, "utf-8"), path);
}

export interface IndicatorCoverage {
  indicatorId: number;
  indicatorName: string;
  /** Period labels with at least one value, oldest first. */
  periods: string[];
  /** Distinct areas with a value (England and regions included). */
  areas: number;
  values: number;
  sources: string[];
}

export interface IndicatorGap {
  indicatorId: number;
  name: string;
  kind: IndicatorSetEntry["kind"];
  level: IndicatorSetEntry["level"];
  message: typeof GAP_MESSAGE;
}

export interface LoadedIndicatorValues {
  values: SnapshotValue[];
  /** Indicators of the set with no value in the snapshot: show them as gaps, never hide them. */
  gaps: IndicatorGap[];
  coverage: IndicatorCoverage[];
  /** The same value from two sources: the one with confidence intervals (or the first) is kept. */
  overlapsDropped: number;
  /** Values files that the snapshot manifest does not list (not yet recorded). */
  unlisted: string[];
}

const overlapKey = (v: SnapshotValue): string =>
  [v.indicatorId, v.areaCode, v.period, v.sex ?? "Persons", v.age ?? "", v.categoryType ?? "", v.category ?? ""].join("|");

/**
 * Every Fingertips value in the snapshot, typed, plus the indicators of the set that have none.
 * Checks each values file against its manifest checksum; a mismatch is an error.
 */
export function loadIndicatorValues(snapshotDir: string, set: IndicatorSet = defaultIndicatorSet()): LoadedIndicatorValues {
  const dir = join(snapshotDir, FINGERTIPS_SUBDIR, VALUES_SUBDIR);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".csv.gz")).sort() : [];
  const manifest = readManifest(join(snapshotDir, "manifest.json"));
  const unlisted: string[] = [];
  const kept = new Map<string, SnapshotValue>();
  let overlapsDropped = 0;
  for (const f of files) {
    const path = join(dir, f);
    const rel = relative(snapshotDir, path).split("\\").join("/");
    const entry = findEntry(manifest, rel);
    if (!entry) unlisted.push(rel);
    else if (entry.sha256 !== sha256(readFileSync(path))) {
      throw new Error(`${path} does not match its checksum in the snapshot manifest; restore it (git checkout -- ${path}) or rerun the import.`);
    }
    for (const v of readValuesFile(path)) {
      const key = overlapKey(v);
      const prior = kept.get(key);
      if (!prior) kept.set(key, v);
      else {
        overlapsDropped++;
        if (prior.lowerCi95 === null && v.lowerCi95 !== null) kept.set(key, v);
      }
    }
  }
  const values = [...kept.values()];
  const coverage = summarise(values);
  const covered = new Set(coverage.map((c) => c.indicatorId));
  const gaps = set
    .filter((e) => !covered.has(e.id))
    .map((e): IndicatorGap => ({indicatorId: e.id, name: e.name, kind: e.kind, level: e.level, message: GAP_MESSAGE}));
  return {values, gaps, coverage, overlapsDropped, unlisted};
}

/** Per indicator: periods, areas and sources with a non-null value. */
export function summarise(values: SnapshotValue[]): IndicatorCoverage[] {
  const by = new Map<number, {name: string; periods: Map<string, number>; areas: Set<string>; values: number; sources: Set<string>}>();
  for (const v of values) {
    if (v.value === null) continue;
    const s = by.get(v.indicatorId) ?? {name: v.indicatorName, periods: new Map(), areas: new Set(), values: 0, sources: new Set()};
    s.periods.set(v.period, Math.min(s.periods.get(v.period) ?? Infinity, v.periodSortable ?? Infinity));
    s.areas.add(v.areaCode);
    s.values++;
    s.sources.add(v.sourceFile);
    by.set(v.indicatorId, s);
  }
  return [...by.entries()]
    .map(([indicatorId, s]) => ({
      indicatorId,
      indicatorName: s.name,
      periods: [...s.periods.entries()].sort((a, b) => (a[1] - b[1]) || a[0].localeCompare(b[0])).map(([p]) => p),
      areas: s.areas.size,
      values: s.values,
      sources: [...s.sources].sort()
    }))
    .sort((a, b) => a.indicatorId - b.indicatorId);
}
