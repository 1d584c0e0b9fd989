/**
 * Editions on disk (editions/<name>/): written whole into a temporary folder and renamed into place, read back with
 * every file validated (zod for the JSON, the table registry for the CSVs, sizes and SHA-256 from edition.json), so
 * a hand-edited or truncated edition stops the build with the file and the fix, never a wrong comparison.
 */
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from "node:fs";
import {join, relative} from "node:path";
import {z} from "zod";
import {TABLES, columnNames, type TableDef} from "../../components/tables/registry.ts";
import {parseTable} from "../../components/tables/parse.ts";
import type {EditionView} from "../../components/editions/diff.ts";
import {parseCsv} from "../lib/csv.ts";
import {PROJECT_ROOT} from "../config/load-config.ts";
import {writeCsv} from "../prepare/write-outputs.ts";
import {EDITION_NAME, editionMetaSchema, figuresSchema, type EditionMeta} from "./schema.ts";

export const EDITIONS_DIR = join(PROJECT_ROOT, "editions");

/** The files of an edition besides edition.json. */
const FILES = {figures: "figures.json", monthly: "area-monthly.csv", lsoas: "lsoa-violence.csv"} as const;

export class EditionError extends Error {
  override name = "EditionError";
}

const sha256 = (bytes: Buffer | string): string => createHash("sha256").update(bytes).digest("hex");
const show = (path: string): string => relative(PROJECT_ROOT, path) || path;
const fix = (dir: string) => `Restore it from git (git checkout -- ${show(dir)}) or make it again with npm run edition (README "Editions and the annual review").`;

function zodProblem(file: string, error: z.ZodError, dir: string): EditionError {
  const issue = error.issues[0]!;
  const at = issue.path.length ? issue.path.map(String).join(".") : "(top level)";
  return new EditionError(`${show(file)}: ${at}: ${issue.message}. ${fix(dir)}`);
}

function readJsonFile(file: string, dir: string): unknown {
  if (!existsSync(file)) throw new EditionError(`${show(file)} is missing. ${fix(dir)}`);
  try {
    return JSON.parse(readFileSync(file, "utf-8"));
  } catch (error) {
    throw new EditionError(`${show(file)} is not valid JSON (${(error as Error).message}): it was truncated or edited by hand. ${fix(dir)}`);
  }
}

function readTableFile<T extends TableDef>(file: string, table: T, dir: string) {
  const {columns, rows} = parseCsv(readFileSync(file, "utf-8"));
  try {
    return parseTable(table, Object.assign(rows, {columns}));
  } catch (error) {
    // The registry's parser names the page's path and a rebuild as the fix; here the file and its fix are the edition's.
    const message = (error as Error).message.replace(/^data\/[\w.-]+,? ?/, "").replace(/ Rebuild the site \(npm run build\)\.$/, "").replace(/:? ?the page and the prepared data disagree\.$/, "");
    throw new EditionError(`${show(file)}: ${message}. ${fix(dir)}`);
  }
}

/** Writes an edition folder atomically; refuses to replace one unless `replace`. Returns the bytes of each file. */
export function writeEdition(root: string, view: EditionView, meta: Omit<EditionMeta, "files">, {replace = false} = {}): {dir: string; files: Record<string, number>} {
  if (!EDITION_NAME.test(view.name)) throw new EditionError(`"${view.name}" is not a valid edition name: use lower-case letters, digits and hyphens, e.g. plymouth-2026-review.`);
  const dir = join(root, view.name);
  if (existsSync(dir) && !replace) throw new EditionError(`${show(dir)} already exists: choose another name, or pass --replace to make it again.`);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, {recursive: true, force: true});
  mkdirSync(tmp, {recursive: true});
  try {
    // The summary is ours, but an edition is only written in the shape it will be read back in.
    const figures = figuresSchema.safeParse(view.figures);
    if (!figures.success) throw zodProblem(join(dir, FILES.figures), figures.error, dir);
    writeFileSync(join(tmp, FILES.figures), `${JSON.stringify(figures.data, null, 1)}\n`);
    writeCsv(join(tmp, FILES.monthly), view.monthly, columnNames(TABLES.area_monthly));
    writeCsv(join(tmp, FILES.lsoas), view.lsoas, columnNames(TABLES.lsoa_violence));
    const files = Object.fromEntries(Object.values(FILES).map((f) => {
      const bytes = readFileSync(join(tmp, f));
      return [f, {bytes: bytes.length, sha256: sha256(bytes)}];
    }));
    const checked = editionMetaSchema.safeParse({...meta, files});
    if (!checked.success) throw zodProblem(join(dir, "edition.json"), checked.error, dir);
    const full = checked.data;
    writeFileSync(join(tmp, "edition.json"), `${JSON.stringify(full, null, 1)}\n`);
    rmSync(dir, {recursive: true, force: true});
    renameSync(tmp, dir);
  } finally {
    rmSync(tmp, {recursive: true, force: true});
  }
  return {dir, files: Object.fromEntries(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).size]))};
}

/** Reads and checks one edition folder. */
export function readEdition(dir: string): {meta: EditionMeta; view: EditionView} {
  const metaFile = join(dir, "edition.json");
  const parsed = editionMetaSchema.safeParse(readJsonFile(metaFile, dir));
  if (!parsed.success) throw zodProblem(metaFile, parsed.error, dir);
  const meta = parsed.data;
  if (meta.name !== dir.split(/[\\/]/).at(-1)) throw new EditionError(`${show(metaFile)}: name is "${meta.name}" but the folder is ${show(dir)}: rename one to match the other.`);
  for (const f of Object.values(FILES)) {
    const path = join(dir, f);
    const want = meta.files[f];
    if (!want) throw new EditionError(`${show(metaFile)}: files lists no ${f}. ${fix(dir)}`);
    if (!existsSync(path)) throw new EditionError(`${show(path)} is missing. ${fix(dir)}`);
    const bytes = readFileSync(path);
    if (bytes.length !== want.bytes || sha256(bytes) !== want.sha256) {
      throw new EditionError(`${show(path)} is not the file the edition was made with (${bytes.length} bytes, edition.json says ${want.bytes}): it was truncated or edited by hand. ${fix(dir)}`);
    }
  }
  const figuresFile = join(dir, FILES.figures);
  const figures = figuresSchema.safeParse(readJsonFile(figuresFile, dir));
  if (!figures.success) throw zodProblem(figuresFile, figures.error, dir);
  const monthly = readTableFile(join(dir, FILES.monthly), TABLES.area_monthly, dir);
  const lsoas = readTableFile(join(dir, FILES.lsoas), TABLES.lsoa_violence, dir);
  return {
    meta,
    view: {name: meta.name, created: meta.created, follows: meta.follows, partnership: meta.partnership, window: meta.window, config: meta.config, configHash: meta.configHash, sources: meta.snapshot.sources, figures: figures.data, monthly, lsoas}
  };
}

/** The edition folders under `root` (names only; each is checked when read). */
export function listEditions(root: string = EDITIONS_DIR): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, {withFileTypes: true}).filter((d) => d.isDirectory() && EDITION_NAME.test(d.name)).map((d) => d.name).sort();
}
