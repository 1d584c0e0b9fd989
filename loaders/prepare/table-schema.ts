/**
 * The prepare step's side of the table registry (components/tables/registry.ts): a zod schema for each table's row,
 * made from its columns, and the writers that hold every prepared table to it. A builder that adds, drops or retypes
 * a column fails the build here, naming the table, the row and the column, until the registry says the same (and
 * with it the pages, Explore and the data loaders).
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {tableFromIPC, Type} from "apache-arrow";
import {z} from "zod";
import {columnNames, TABLE_LIST, type ColumnDef, type ColumnType, type Row, type TableDef} from "../../components/tables/registry.ts";
import {parseTable} from "../../components/tables/parse.ts";
import {parseCsv} from "../lib/csv.ts";
import {writeCsv} from "./write-outputs.ts";

const BASE: Record<ColumnType, () => z.ZodType> = {
  text: () => z.string(),
  integer: () => z.number().int(),
  number: () => z.number().finite(),
  boolean: () => z.boolean()
};

const columnSchema = (c: ColumnDef): z.ZodType => (c.nullable ? BASE[c.type]().nullable() : BASE[c.type]());

/** The zod schema of one row of a registry table: exactly its columns (no more, no fewer), typed. */
export function rowSchema<T extends TableDef>(table: T): z.ZodType<Row<T>> {
  return z.strictObject(Object.fromEntries(Object.entries(table.columns ?? {}).map(([name, c]) => [name, columnSchema(c)]))) as unknown as z.ZodType<Row<T>>;
}

function checkRows(table: TableDef, rows: readonly object[]): void {
  const schema = rowSchema(table);
  rows.forEach((row, i) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const column = issue.code === "unrecognized_keys" ? issue.keys.join(", ") : issue.path.join(".");
      throw new Error(`prepared table ${table.name} (${table.file}), row ${i + 1}, column ${column}: ${issue.message}. The builder (${table.builder}) and the registry (components/tables/registry.ts) disagree: change one to match the other.`);
    }
  });
}

/** Writes a registry table as CSV: its columns in registry order, every row checked first. */
export function writeTable<T extends TableDef>(outDir: string, table: T, rows: readonly Row<T>[]): void {
  if (table.format !== "csv") throw new Error(`${table.name} is a ${table.format} table, not CSV`);
  checkRows(table, rows as readonly object[]);
  writeCsv(join(outDir, table.file), rows as readonly object[], columnNames(table));
}

const ARROW_TYPES: Record<ColumnType, (t: Type) => boolean> = {
  text: (t) => t === Type.Utf8 || t === Type.Dictionary,
  integer: (t) => t === Type.Int,
  number: (t) => t === Type.Int || t === Type.Float,
  boolean: (t) => t === Type.Bool
};

/**
 * Checks a prepared folder against the registry: every file the registry names is there, each CSV's header is the
 * registry's columns and every cell has the column's type, and each Arrow file's fields have the registry's names
 * and types. Run at the end of the prepare step, so files written by other modules (partner data) are held to it too.
 */
export function verifyPrepared(dir: string): void {
  for (const table of TABLE_LIST) {
    const path = join(dir, table.file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      throw new Error(`The prepare step did not write ${table.file} (table ${table.name}, built by ${table.builder}).`);
    }
    if (table.format === "csv") {
      const {columns, rows} = parseCsv(bytes.toString("utf-8"));
      try {
        parseTable(table, Object.assign(rows, {columns}));
      } catch (error) {
        throw new Error(`${(error as Error).message.replace(/ Rebuild the site \(npm run build\)\.$/, "")} (built by ${table.builder}; the registry is components/tables/registry.ts)`);
      }
    } else if (table.format === "arrow") {
      const fields = tableFromIPC(bytes).schema.fields;
      const names = fields.map((f) => f.name);
      const expected = columnNames(table);
      if (names.join(",") !== expected.join(",")) throw new Error(`${table.file} has columns ${names.join(", ")}; the registry says ${expected.join(", ")} (built by ${table.builder}).`);
      for (const f of fields) {
        const def = table.columns![f.name]!;
        if (!ARROW_TYPES[def.type](f.type.typeId)) throw new Error(`${table.file}, column ${f.name}: Arrow type ${f.type} is not ${def.type} as the registry says (built by ${table.builder}).`);
      }
    }
  }
}
