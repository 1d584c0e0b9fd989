/**
 * Accessibility fixes to the page template of Observable Framework 1.13 (which has no option for them), applied to
 * every built page: a document language (WCAG 3.1.1), no zoom limit in the viewport (1.4.4), and the sidebar's close
 * toggle moved out of its list (a <label> may not be a child of <ol>; the label stays in the same positioned parent).
 * Also, for speed:
 * - a low-priority prefetch of the DuckDB engine on every page that does not use it, so that the SQL console opens fast
 *   later (the first visit carries its 5–7 MB, as the bytes budget of the first visit expects, and later pages stay
 *   small);
 * - on a page whose SQL console uses src/lib/duckdb-start.ts, an inline script that creates DuckDB's worker while the
 *   page's modules are still loading (scripts/lib/duckdb-early-start.ts).
 * Last, for the Content-Security-Policy: every inline script is moved into a same-origin file named by its content hash
 * (scripts/lib/inline-scripts.ts), so `script-src 'self'` is enough.
 */
import {readFileSync, writeFileSync} from "node:fs";
import {dirname, join} from "node:path";
import {listFiles} from "../../loaders/lib/files.ts";
import {duckdbFiles, duckdbWorkerScript, findDuckDBWorker, START_MARKER} from "./duckdb-early-start.ts";
import {externaliseScripts} from "./inline-scripts.ts";

export interface TemplateOptions {
  lang?: string;
  /** Files to prefetch at low priority, relative to the page. */
  prefetch?: string[];
  /** DuckDB's worker script, relative to the page: created from the top of the head (scripts/lib/duckdb-early-start.ts). */
  duckdbWorker?: string | null;
}

export function fixPageTemplate(html: string, {lang = "en-GB", prefetch = [], duckdbWorker}: TemplateOptions = {}): string {
  const links = prefetch.map((href) => `<link rel="prefetch" href="${href}" crossorigin="anonymous">`).join("");
  // Before the stylesheets: a classic script after a stylesheet waits for it to load.
  const early = duckdbWorker && !html.includes(START_MARKER) ? duckdbWorkerScript(duckdbWorker) : "";
  return html
    .replace(/<\/head>/, (m) => (links && !html.includes(links) ? `${links}\n${m}` : m))
    .replace(/<meta charset="utf-8">\n/, (m) => (early ? `${m}${early}\n` : m))
    .replace(/<html(?![^>]*\blang=)([^>]*)>/, `<html lang="${lang}"$1>`)
    .replace(/(<meta name="viewport" content="[^"]*?),\s*maximum-scale=1(")/, "$1$2")
    .replace(/<nav id="observablehq-sidebar">\s*<ol>\s*(<label id="observablehq-sidebar-close"[^>]*><\/label>)/, '<nav id="observablehq-sidebar">\n  $1\n  <ol>');
}

/** Applies fixPageTemplate to every .html file of a built site; returns how many pages were fixed. */
export function fixBuiltPages(dist: string): number {
  let n = 0;
  const files = listFiles(dist);
  const duckdb = duckdbFiles(files);
  for (const rel of files.filter((f) => f.endsWith(".html"))) {
    const path = join(dist, rel);
    const up = "../".repeat(rel.split("/").length - 1) || "./";
    const before = readFileSync(path, "utf-8");
    // A page that starts DuckDB itself gets no prefetch: it would download the engine twice at once.
    const usesDuckDB = /DuckDBClient|duckdb-wasm/.test(before);
    const fixed = fixPageTemplate(before, usesDuckDB ? {duckdbWorker: findDuckDBWorker(before, duckdb, up)} : {prefetch: duckdb.wasm ? [`${up}${duckdb.wasm}`] : []});
    const {html: after, files: scripts} = externaliseScripts(fixed);
    for (const script of scripts) writeFileSync(join(dirname(path), script.name), script.code);
    if (after !== before) {
      writeFileSync(path, after);
      n++;
    }
  }
  return n;
}
