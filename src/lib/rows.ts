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
