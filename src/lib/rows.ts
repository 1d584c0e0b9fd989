/**
 * Page-only helper: CSV cells arrive as strings. Turns the named columns into numbers, keeping an empty cell as
 * null (suppressed or no data), never 0. (d3.autoType would also turn "2025-01" months into dates: we do not use it.)
 */
export function numeric<T extends Record<string, string>, K extends keyof T & string>(
  rows: readonly T[],
  columns: readonly K[]
): (Omit<T, K> & Record<K, number | null>)[] {
  return rows.map((row) => {
    const out: Record<string, unknown> = {...row};
    for (const c of columns) {
      const v = row[c];
      out[c] = v === undefined || v === "" ? null : Number(v);
    }
    return out as Omit<T, K> & Record<K, number | null>;
  });
}

/** "true"/"false" cells to booleans. */
export function booleans<T extends Record<string, unknown>>(rows: readonly T[], columns: readonly string[]): T[] {
  return rows.map((row) => {
    const out: Record<string, unknown> = {...row};
    for (const c of columns) out[c] = row[c] === "true" || row[c] === true;
    return out as T;
  });
}

/**
 * Types every column of parsed CSV rows for a SQL table: a column whose every non-empty cell is a number becomes
 * numbers, "true"/"false" becomes booleans, anything else stays text ("2025-01" months stay text); empty cells are
 * null. (Used by the SQL console to load tables it fetched itself, in parallel with DuckDB's start.)
 */
export function typedColumns(rows: readonly Record<string, string>[], columns: readonly string[]): Record<string, string | number | boolean | null>[] {
  const kind = new Map<string, "number" | "boolean" | "text">();
  for (const c of columns) {
    const cells = rows.map((r) => r[c] ?? "").filter((v) => v !== "");
    kind.set(c, cells.length && cells.every((v) => /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(v)) ? "number" : cells.length && cells.every((v) => v === "true" || v === "false") ? "boolean" : "text");
  }
  return rows.map((r) => {
    const out: Record<string, string | number | boolean | null> = {};
    for (const c of columns) {
      const v = r[c] ?? "";
      out[c] = v === "" ? null : kind.get(c) === "number" ? Number(v) : kind.get(c) === "boolean" ? v === "true" : v;
    }
    return out;
  });
}
