/**
 * `npm run refresh -- --from-folder <path>`: imports a police.uk custom or archive download (one `YYYY-MM/` folder per
 * month holding `YYYY-MM-<force>-street.csv`) for the configured forces: checks each file, gzips it unchanged, and
 * records it in the manifest, all or nothing.
 */
import {existsSync, readdirSync, readFileSync, statSync} from "node:fs";
import {basename, join, resolve} from "node:path";
import {gzipSync} from "node:zlib";
import {csvParseRows} from "d3-dsv";
import {SOURCE_NAMES} from "../../../components/constants.js";
import type {SnaConfig} from "../../config/schema.ts";
import type {ManifestEntry} from "../../snapshot/manifest.ts";
import type {Progress} from "./progress.ts";
import {MONTH_RE, snapshotMonths, streetRelPath} from "./snapshot-months.ts";
import {SnapshotStage} from "./staging.ts";
import {STREET_CSV_HEADER, STREET_CSV_HEADER_LINE} from "./street-csv.ts";

export const FOLDER_IMPORT_NOTES = "Imported from a police.uk download folder (npm run refresh -- --from-folder); file as published, gzipped";

export interface FolderImportOptions {
  config: SnaConfig;
  snapshotDir: string;
  folder: string;
  progress: Progress;
  dryRun?: boolean;
  today?: string;
}

export interface FolderImportReport {
  files: {force: string; month: string; source: string; rows: number; replaced: boolean}[];
  written: ManifestEntry[];
}

/** Finds `<folder>/YYYY-MM/YYYY-MM-<force>-street.csv` for every configured force. */
export function findStreetFiles(config: SnaConfig, folder: string): {force: SnaConfig["forces"][number]; month: string; path: string}[] {
  const root = resolve(folder);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`--from-folder ${folder}: no such folder. Give the unzipped police.uk download (the folder holding YYYY-MM/ subfolders).`);
  const months = readdirSync(root).filter((m) => MONTH_RE.test(m) && statSync(join(root, m)).isDirectory()).sort();
  const expected = months.flatMap((month) => config.forces.map((force) => ({force, month, path: join(root, month, `${month}-${force.id}-street.csv`)})));
  const found = expected.filter((f) => existsSync(f.path));
  // A month folder that holds some street files but not a configured force's is an incomplete download, not a gap.
  const incomplete = expected.filter((f) => !existsSync(f.path) && readdirSync(join(root, f.month)).some((n) => n.endsWith("-street.csv")));
  if (found.length > 0 && incomplete.length > 0) {
    const f = incomplete[0]!;
    throw new Error(
      `${join(root, f.month)}: no ${basename(f.path)} although the folder holds other forces' street files${incomplete.length > 1 ? ` (and ${incomplete.length - 1} more month/force file(s) missing)` : ""}. ` +
        `The download is incomplete for ${f.force.name}: download ${f.month} again with that force ticked on https://data.police.uk/data/, or remove the folder.`
    );
  }
  if (found.length === 0) {
    throw new Error(
      `${root} holds no street files for ${config.forces.map((f) => f.id).join(", ")}: expected YYYY-MM/YYYY-MM-<force>-street.csv ` +
        `(${months.length} month folders found). Tick "Include crime data" for these forces on https://data.police.uk/data/ and unzip the download here.`
    );
  }
  return found;
}

/** Checks a street CSV: exact header, 12 fields per row, Month equal to the folder's month. Returns the row count. */
export function checkStreetCsv(path: string, text: string, month: string): number {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  if (firstLine.replace(/^\uFEFF/, "") !== STREET_CSV_HEADER_LINE) {
    throw new Error(`${path}: line 1 is not a police.uk street header.\n  expected: ${STREET_CSV_HEADER_LINE}\n  found:    ${firstLine.slice(0, 200)}\nDownload the street file again from https://data.police.uk/data/.`);
  }
  const rows = csvParseRows(text.replace(/\r\n/g, "\n").replace(/\n$/, ""));
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.length !== STREET_CSV_HEADER.length) throw new Error(`${path}: row ${i + 1} has ${row.length} fields, expected ${STREET_CSV_HEADER.length}: the file is damaged or cut off; download it again.`);
    if (row[1] !== month) throw new Error(`${path}: row ${i + 1}, column Month is "${row[1]}" but the file is in folder ${month}: put it in the right YYYY-MM folder.`);
  }
  if (rows.length < 2) throw new Error(`${path}: the file has a header but no rows; a month with no rows is a gap, not a zero: download it again.`);
  return rows.length - 1;
}

export async function importFromFolder(opts: FolderImportOptions): Promise<FolderImportReport> {
  const {config, snapshotDir, progress} = opts;
  const files = findStreetFiles(config, opts.folder);
  const report: FolderImportReport = {files: [], written: []};
  progress.log(`Importing ${files.length} street file(s) from ${resolve(opts.folder)}${opts.dryRun ? " (dry run)" : ""}`);
  if (opts.dryRun) {
    for (const f of files) progress.log(`  ${f.month} ${f.force.id}: ${f.path}${snapshotMonths(snapshotDir, f.force.id).includes(f.month) ? " (replaces the snapshot's file)" : ""}`);
    return {files: files.map((f) => ({force: f.force.id, month: f.month, source: f.path, rows: 0, replaced: false})), written: []};
  }
  const stage = new SnapshotStage(snapshotDir);
  try {
    progress.start(files.length, "Importing");
    for (const f of files) {
      const bytes = readFileSync(f.path);
      const rows = checkStreetCsv(f.path, bytes.toString("utf-8"), f.month);
      const replaced = snapshotMonths(snapshotDir, f.force.id).includes(f.month);
      stage.add(streetRelPath(f.force.id, f.month), gzipSync(bytes, {level: 9}), {
        source: "policeuk",
        title: `${SOURCE_NAMES.policeUkStreet}, ${f.force.name}, ${f.month}`,
        publisher: SOURCE_NAMES.policeUkPublisher,
        licence: "Open Government Licence v3.0",
        origin: `https://data.police.uk/data/ (download folder ${basename(resolve(opts.folder))}, file ${f.month}/${basename(f.path)})`,
        period: f.month,
        retrieved: opts.today ?? new Date().toISOString().slice(0, 10),
        notes: FOLDER_IMPORT_NOTES
      });
      report.files.push({force: f.force.id, month: f.month, source: f.path, rows, replaced});
      progress.tick(`${f.month} ${f.force.id}: ${rows} rows${replaced ? " (replaces the snapshot's file)" : ""}`);
    }
    progress.stop();
    report.written = stage.commit();
    progress.log(`Imported ${report.written.length} file(s) into ${snapshotDir} and updated manifest.json.`);
    return report;
  } finally {
    stage.discard();
    progress.stop();
  }
}
