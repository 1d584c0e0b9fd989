/**
 * Page-only helper: the status line and the "SQL behind this figure" disclosure of the live chapters, apart from
 * ./live-page.ts so that a page that shows them without starting DuckDB (Risk factors, whose district tables are
 * prepared) does not import the engine's helper: the build creates DuckDB's worker early on every page that does
 * (scripts/lib/duckdb-early-start.ts).
 */
import {exploreHref} from "./explore-link.js";

type Html = (strings: TemplateStringsArray, ...values: unknown[]) => HTMLElement;

export type LiveSource = "build" | "browser" | "error";

/**
 * A live chapter's status line: `text` says what the figures are of; its data attributes (the selection's query
 * string, where the figures came from, the browser's milliseconds) are what the tests and the bench wait on. Figures
 * recomputed in the browser are introduced as such, with the milliseconds on screen; on paper (a printed page, the
 * board pack of a link's view) the reader's browser and its speed mean nothing, so it says how they were made.
 */
export function statusLine(html: Html, o: {search: string; source: LiveSource; ms: number}, text: unknown): HTMLElement {
  const made = o.source === "browser"
    ? html`<span class="sna-print-hide">Recomputed in this browser in ${o.ms.toFixed(0)} ms: </span><span class="sna-print-only">Recomputed from the build's tables with the build's SQL: </span>`
    : "";
  return html`<p class="small muted" id="live-status" role="status" aria-live="polite" data-key=${o.search} data-source=${o.source} data-ms=${o.ms.toFixed(1)}>${made}${text}</p>`;
}

/** The SQL behind a figure for the current selection, and a link that opens it in Explore ready to run (not printed). */
export function sqlOf(html: Html, query: string, what: string, explore = "./explore"): HTMLElement {
  return html`<details class="live-sql small sna-print-hide"><summary>SQL behind this figure</summary><p>${what}</p><pre><code>${query}</code></pre><p><a href=${exploreHref(query, explore)}>Open in Explore</a></p></details>`;
}

/** The warning above a live chapter's controls when its link asked for what this site does not have (null: nothing). */
export function linkWarning(html: Html, sentences: readonly string[]): HTMLElement | null {
  if (!sentences.length) return null;
  return html`<p class="warning" role="alert" id="link-problems"><strong>Part of this link cannot be shown.</strong> ${sentences.join(" ")}</p>`;
}
