/**
 * Finding and checking police.uk street files: the name says the month and force
 * (`YYYY-MM-<force>-street.csv`, gzipped or not); the first line must be the exact 12-column header.
 */
import {createReadStream, existsSync, readdirSync, statSync} from "node:fs";
import {basename, join} from "node:path";
import {createGunzip} from "node:zlib";
import {monthRange} from "../../components/format/month.js";
import {STREET_HEADER} from "./street-schema.ts";

export interface StreetFile {
  path: string;
  force: string;
  month: string;
}

const NAME_RE = /^(\d{4}-(?:0[1-9]|1[0-2]))-([a-z]+(?:-[a-z]+)*)-street\.csv(\.gz)?$/;

export class StreetFileError extends Error {
  override name = "StreetFileError";
  constructor(
    readonly file: string,
    message: string
  ) {
    super(`${file}: ${message}`);
  }
}

/** A snapshot path as the project names it (data/snapshot/…); other paths (a test's folder) stay as they are. */
export const snapshotRelative = (path: string): string => path.replace(/^.*?\/data\/snapshot\//, "data/snapshot/");

export function parseStreetFileName(path: string): StreetFile {
  const m = NAME_RE.exec(basename(path));
  if (!m) {
    throw new StreetFileError(path, "the name is not a police.uk street file name; expected YYYY-MM-<force>-street.csv or .csv.gz (e.g. 2025-01-surrey-street.csv.gz)");
  }
  return {path, month: m[1]!, force: m[2]!};
}

/** Street files of the given forces below dir/<force>/, sorted by force then month. */
export function listStreetFiles(dir: string, forces: readonly string[]): StreetFile[] {
  const files: StreetFile[] = [];
  for (const force of forces) {
    const forceDir = join(dir, force);
    if (!existsSync(forceDir) || !statSync(forceDir).isDirectory()) {
      throw new StreetFileError(forceDir, `no street files for force "${force}": the folder does not exist. Check the force id in the configuration or run \`npm run refresh\`.`);
    }
    for (const name of readdirSync(forceDir).sort()) {
      if (!/\.csv(\.gz)?$/.test(name)) continue;
      const file = parseStreetFileName(join(forceDir, name));
      if (file.force !== force) throw new StreetFileError(file.path, `the file names force "${file.force}" but sits in the folder of "${force}"; move it.`);
      files.push(file);
    }
  }
  return files;
}

/** Reads the first line of a (possibly gzipped) file; a broken gzip stream is reported with the file name. */
export function readFirstLine(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const raw = createReadStream(path);
    const stream = path.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
    let text = "";
    let done = false;
    const finish = (line: string) => {
      if (done) return;
      done = true;
      raw.destroy();
      resolve(line);
    };
    stream.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf-8");
      const nl = text.indexOf("\n");
      if (nl >= 0) finish(text.slice(0, nl).replace(/\r$/, ""));
    });
    stream.on("end", () => finish(text.replace(/\r$/, "")));
    stream.on("error", (e: Error) => {
      if (done) return;
      done = true;
      raw.destroy();
      reject(new StreetFileError(path, `cannot be read (${e.message}). The download is corrupt or truncated: download the month again or restore it from git.`));
    });
  });
}

/**
 * Decompresses a whole .gz file and discards the output: a truncated or corrupt download fails here (DuckDB's reader
 * would read a truncated stream up to the break without complaint). Runs on libuv's thread pool, so it overlaps with
 * DuckDB's own reading.
 */
export function verifyGzip(path: string): Promise<void> {
  if (!path.endsWith(".gz")) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const stream = createReadStream(path).pipe(createGunzip());
    stream.on("data", () => undefined);
    stream.on("end", () => resolve());
    stream.on("error", (e: Error) =>
      reject(new StreetFileError(path, `cannot be read (${e.message}): the file is corrupt or truncated. Download the month again or restore it from git.`))
    );
  });
}

/** Checks the header line; throws a StreetFileError naming the first column that differs. */
export async function checkStreetHeader(path: string): Promise<void> {
  const line = (await readFirstLine(path)).replace(/^\uFEFF/, "");
  if (line === "") throw new StreetFileError(path, "the file is empty; download the month again.");
  const columns = line.split(",").map((c) => c.replace(/^"|"$/g, ""));
  for (let i = 0; i < Math.max(columns.length, STREET_HEADER.length); i++) {
    if (columns[i] !== STREET_HEADER[i]) {
      const found = columns[i] === undefined ? "nothing" : `"${columns[i]}"`;
      const expected = STREET_HEADER[i] === undefined ? "no more columns" : `"${STREET_HEADER[i]}"`;
      throw new StreetFileError(path, `header column ${i + 1} is ${found} where police.uk street files have ${expected}. Is this a street file (not outcomes or stop-and-search)? Expected header: ${STREET_HEADER.join(",")}`);
    }
  }
}

/** Months between a force's first and last file that have no file: gaps, never zeros. */
export function missingMonths(files: readonly StreetFile[], force: string): string[] {
  const months = new Set(files.filter((f) => f.force === force).map((f) => f.month));
  if (!months.size) return [];
  const sorted = [...months].sort();
  return monthRange(sorted[0]!, sorted.at(-1)!).filter((m) => !months.has(m));
}
