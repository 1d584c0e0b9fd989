/**
 * Typing a prepared table's CSV rows from the registry (./registry.ts): a page reads
 * `parseTable(TABLES.lsoa_violence, await FileAttachment("data/lsoa-violence.csv").csv())` and gets numbers,
 * booleans and nulls where the registry says, instead of listing columns itself. An empty cell is null (no data or
 * suppressed), never 0 or "". (d3.autoType would also turn "2025-01" months into dates: not used.)
 * A file whose header is not the registry's fails loudly, naming the file and the column: the page and the build
 * disagree, and a rebuild is the fix.
 */
import {columnNames, pagePath, type ColumnType, type Row, type TableDef} from "./registry.js";

const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;

/** One CSV cell as the column's type; a cell that does not fit throws. */
export function cellValue(type: ColumnType, cell: string | undefined): string | number | boolean | null {
  if (cell === undefined || cell === "") return null;
  switch (type) {
    case "text":
      return cell;
    case "boolean":
      if (cell === "true" || cell === "false") return cell === "true";
      throw new Error(`"${cell}" is not true or false`);
    case "integer":
    case "number": {
      if (!NUMBER.test(cell)) throw new Error(`"${cell.slice(0, 40)}" is not a number`);
      const value = Number(cell);
      if (type === "integer" && !Number.isInteger(value)) throw new Error(`${cell} is not a whole number`);
      return value;
    }
  }
}

/** Rows of a registry table from parsed CSV records (as FileAttachment.csv() or d3.csvParse give them). */
export function parseTable<T extends TableDef>(table: T, records: readonly Record<string, string>[] & {columns?: readonly string[]}): Row<T>[] {
  const columns = columnNames(table);
  const header = records.columns ?? (records[0] ? Object.keys(records[0]) : columns);
  const missing = columns.filter((c) => !header.includes(c));
  const extra = header.filter((c) => !columns.includes(c));
  if (missing.length || extra.length) {
    const what = [missing.length ? `lacks ${missing.join(", ")}` : "", extra.length ? `has unexpected ${extra.join(", ")}` : ""].filter(Boolean).join(" and ");
    throw new Error(`${pagePath(table)} ${what}: the page and the prepared data disagree. Rebuild the site (npm run build).`);
  }
  const types = columns.map((c) => [c, table.columns![c]!] as const);
  return records.map((record, i) => {
    const row: Record<string, unknown> = {};
    for (const [c, def] of types) {
      try {
        const value = cellValue(def.type, record[c]);
        if (value === null && !def.nullable && def.type !== "text") throw new Error("is empty");
        row[c] = value ?? (def.type === "text" && !def.nullable ? "" : null);
      } catch (error) {
        throw new Error(`${pagePath(table)}, row ${i + 2}, column ${c}: ${(error as Error).message}. Rebuild the site (npm run build).`);
      }
    }
    return row as Row<T>;
  });
}
