/**
 * Links into the SQL console with a query: `explore#sql=<query, URL-encoded>` (or `?sql=`). Explore puts the query in
 * its editor and runs it (README "Explore"); the live chapters link "Open in Explore" with exploreHref.
 */

/** The query a link to Explore carries: `#sql=` first, then `?sql=`; null when it carries none (or an empty one). */
export function sqlFromUrl(url: {hash: string; search: string}): string | null {
  for (const part of [url.hash.replace(/^#/, ""), url.search.replace(/^\?/, "")]) {
    const sql = new URLSearchParams(part).get("sql"); // a malformed escape becomes U+FFFD: DuckDB then names the error
    if (sql?.trim()) return sql;
  }
  return null;
}

/** A link to Explore that runs `sql`; `explore` is the console's path relative to the linking page. */
export function exploreHref(sql: string, explore = "explore"): string {
  return `${explore}#sql=${encodeURIComponent(sql)}`;
}
