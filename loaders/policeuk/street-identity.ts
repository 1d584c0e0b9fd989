/**
 * Is each street file what its name says? A file saved under another month's or force's name, or doubled, reads
 * without a single bad row, so each is checked as a whole once DuckDB has read it (table `street_checked`):
 *  - most rows' Month must be the month of the name;
 *  - most rows' "Reported by" and "Falls within" must name the force of the name (forces.ts gives the names);
 *  - Crime IDs must not repeat within a file, nor be shared in bulk by two files.
 * A file that fails is refused by name (StreetFileError) and nothing is built: a month whose file is refused is never
 * shown as a zero. What real police.uk files do is allowed: a few Crime IDs recur in another month (26 in the 42
 * snapshot files, at most 2 shared by any two files), ASB rows have no Crime ID, and a row reported by another force
 * is rejected on its own, counted by reason.
 */
import type {DuckDBConnection} from "@duckdb/node-api";
import {formatCount} from "../../components/format/number.js";
import {queryRows, sqlString} from "../duckdb.ts";
import {forceById, normaliseForceName} from "./forces.ts";
import {snapshotRelative, StreetFileError, type StreetFile} from "./street-files.ts";

/** More repeated Crime IDs than this (within a file, or shared by two files) refuse the file: 1% of its crimes, at least 10. */
export const repeatedIdLimit = (crimes: number): number => Math.max(10, Math.ceil(crimes / 100));

/** The way out for a refused file, in the project's words. */
export function fixForFile(file: StreetFile): string {
  return `Restore it (git checkout -- ${snapshotRelative(file.path)}) or import the month again from a police.uk download (npm run refresh -- --from-folder <download folder>).`;
}

/** A problem found in one file; `refuse` throws the first, naming the others. */
export interface Problem {
  file: StreetFile;
  message: string;
}

export function refuse(problems: readonly Problem[]): void {
  if (!problems.length) return;
  const [first, ...rest] = problems as [Problem, ...Problem[]];
  const others = rest.length ? ` (${rest.length} more file(s) refused: ${[...new Set(rest.map((p) => snapshotRelative(p.file.path)))].join(", ")})` : "";
  throw new StreetFileError(snapshotRelative(first.file.path), `${first.message} ${fixForFile(first.file)}${others}`);
}

/** Names a force's rows may carry: police.uk's own (forces.ts) and any the configuration gives (the API refresh writes that). */
function expectedNames(force: string, extra: Record<string, readonly string[]>): string[] | null {
  const names = [forceById(force)?.name, ...(extra[force] ?? [])].filter((n): n is string => Boolean(n)).map(normaliseForceName);
  return names.length ? [...new Set(names)] : null;
}

const quoted = (value: string | null) => (value === null ? "nothing" : `"${value.slice(0, 60)}"`);

interface FileStats {
  rows: number;
  otherMonth: Map<string | null, number>;
  otherReporter: Map<string | null, number>;
  otherFallsWithin: Map<string | null, number>;
  crimes: number;
  repeated: number;
}

const total = (m: Map<string | null, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const top = (m: Map<string | null, number>) => [...m.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
const add = (m: Map<string | null, number>, key: string | null, n: number) => m.set(key, (m.get(key) ?? 0) + n);

/** Per file: rows by month and force names that differ from the name's (few distinct values, so grouped in DuckDB and judged here), and Crime ID counts. */
async function fileStats(conn: DuckDBConnection, files: readonly StreetFile[], forceNames: Record<string, readonly string[]>): Promise<Map<string, FileStats>> {
  const groups = await queryRows<{file: string; month: string | null; reportedBy: string | null; fallsWithin: string | null; n: number}>(
    conn,
    `SELECT filename AS file, "Month" AS month, "Reported by" AS reportedBy, "Falls within" AS fallsWithin, count(*) AS n FROM street_checked GROUP BY ALL`
  );
  // Crime IDs with their number of rows per file: repeats within a file, and the pairs of files that share IDs. The IDs
  // are grouped by their 64-bit hash, four times faster than by the 64-character text; a collision among a few
  // hundred thousand IDs (odds about 1 in 10^8) could only add one to a count.
  await conn.run(`CREATE OR REPLACE TABLE street_ids AS SELECT filename, hash("Crime ID") AS id, count(*) AS n FROM street_checked WHERE "Crime ID" IS NOT NULL GROUP BY ALL`);
  const ids = await queryRows<{file: string; crimes: number; repeated: number}>(conn, `SELECT filename AS file, sum(n) AS crimes, sum(n) - count(*) AS repeated FROM street_ids GROUP BY 1`);
  const byFile = new Map(files.map((f) => [f.path, f]));
  const stats = new Map<string, FileStats>();
  for (const g of groups) {
    const f = byFile.get(g.file)!;
    const names = expectedNames(f.force, forceNames);
    const s = stats.get(g.file) ?? {rows: 0, otherMonth: new Map(), otherReporter: new Map(), otherFallsWithin: new Map(), crimes: 0, repeated: 0};
    s.rows += g.n;
    if (g.month !== f.month) add(s.otherMonth, g.month, g.n);
    const isForce = (name: string | null) => !names || (name !== null && names.includes(normaliseForceName(name)));
    if (!isForce(g.reportedBy)) add(s.otherReporter, g.reportedBy, g.n);
    if (!isForce(g.fallsWithin)) add(s.otherFallsWithin, g.fallsWithin, g.n);
    stats.set(g.file, s);
  }
  for (const r of ids) Object.assign(stats.get(r.file) ?? {}, {crimes: r.crimes, repeated: r.repeated});
  return stats;
}

/**
 * Checks every file as a whole (see the top of this file); refuses the build on the first bad file. Rows reported by
 * another force and repeats of a Crime ID within a file (below the limit) are rejected with their reason.
 * Returns, per file path, how many of its Crime IDs also appear in another file (reported, not refused).
 */
export async function checkFileIdentity(conn: DuckDBConnection, files: readonly StreetFile[], forceNames: Record<string, readonly string[]> = {}): Promise<Map<string, number>> {
  const stats = await fileStats(conn, files, forceNames);
  const problems: Problem[] = [];
  for (const f of files) {
    const s = stats.get(f.path);
    const forceName = forceById(f.force)?.name ?? f.force;
    if (!s) {
      problems.push({file: f, message: "holds no record DuckDB could read (a header and nothing else?): a month with no records would show as a zero, not a gap."});
      continue;
    }
    const most = (m: Map<string | null, number>) => total(m) * 2 > s.rows;
    if (most(s.otherMonth)) {
      problems.push({file: f, message: `${formatCount(total(s.otherMonth))} of its ${formatCount(s.rows)} rows are for ${top(s.otherMonth) ?? "no month"} (column Month), not ${f.month} as the file name says: the file holds another month's records.`});
    } else if (most(s.otherReporter) || most(s.otherFallsWithin)) {
      const [column, other] = most(s.otherReporter) ? (["Reported by", s.otherReporter] as const) : (["Falls within", s.otherFallsWithin] as const);
      problems.push({file: f, message: `${formatCount(total(other))} of its ${formatCount(s.rows)} rows have ${column} ${quoted(top(other))}, not ${forceName} as the file's name and folder (${f.force}) say: the file is another force's.`});
    } else if (s.repeated > repeatedIdLimit(s.crimes)) {
      problems.push({file: f, message: `${formatCount(s.repeated)} of its ${formatCount(s.crimes)} rows with a Crime ID repeat an earlier row's Crime ID: the file holds its records twice (police.uk never repeats a Crime ID within a month's file).`});
    }
  }
  const shared = await sharedIds(conn);
  const file = new Map(files.map((f) => [f.path, f]));
  for (const p of shared) {
    const [a, b] = [stats.get(p.a), stats.get(p.b)];
    if (!a || !b || p.shared <= repeatedIdLimit(Math.min(a.crimes, b.crimes))) continue;
    problems.push({
      file: file.get(p.b)!,
      message: `${formatCount(p.shared)} of its Crime IDs are also in ${snapshotRelative(p.a)}: the same records are in two files (a copy saved under another month's or force's name?). police.uk repeats a handful of Crime IDs between months, never this many.`
    });
  }
  refuse(problems);
  await rejectRows(conn, files, stats);
  const inOther = new Map<string, number>();
  for (const p of shared) {
    inOther.set(p.a, (inOther.get(p.a) ?? 0) + p.shared);
    inOther.set(p.b, (inOther.get(p.b) ?? 0) + p.shared);
  }
  return inOther;
}

/** Pairs of files that share Crime IDs, with how many. */
async function sharedIds(conn: DuckDBConnection): Promise<{a: string; b: string; shared: number}[]> {
  return queryRows(
    conn,
    `WITH shared AS (SELECT * FROM street_ids WHERE id IN (SELECT id FROM street_ids GROUP BY id HAVING count(*) > 1))
     SELECT x.filename AS a, y.filename AS b, count(*) AS shared FROM shared x JOIN shared y ON x.id = y.id AND x.filename < y.filename
     GROUP BY ALL ORDER BY shared DESC, a, b`
  );
}

/** Row-level rejects for what the whole-file checks let through (rare: nothing in the real files). */
async function rejectRows(conn: DuckDBConnection, files: readonly StreetFile[], stats: ReadonlyMap<string, FileStats>): Promise<void> {
  const otherForce = files.flatMap((f) => [...(stats.get(f.path)?.otherReporter.keys() ?? [])].map((name) => `(${sqlString(f.path)}, ${name === null ? "NULL" : sqlString(name)})`));
  if (otherForce.length) {
    await conn.run(`UPDATE street_checked SET reject_reason = 'Reported by names another force than the file''s'
      WHERE reject_reason IS NULL AND (filename, "Reported by") IN (VALUES ${otherForce.join(", ")})`);
  }
  if ([...stats.values()].some((s) => s.repeated > 0)) {
    await conn.run(`UPDATE street_checked SET reject_reason = 'Crime ID repeats an earlier row of the same file'
      WHERE reject_reason IS NULL AND rowid IN (
        SELECT rid FROM (SELECT rowid AS rid, row_number() OVER (PARTITION BY filename, "Crime ID" ORDER BY rowid) AS k FROM street_checked WHERE "Crime ID" IS NOT NULL) WHERE k > 1)`);
  }
}
