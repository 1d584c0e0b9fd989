/**
 * Accessibility fixes to the page template of Observable Framework 1.13 (which has no option for them), applied to
 * every built page: a document language (WCAG 3.1.1), no zoom limit in the viewport (1.4.4), and the sidebar's close
 * toggle moved out of its list (a <label> may not be a child of <ol>; the label stays in the same positioned parent).
 * Also, for speed:
 * - on every page that does not start DuckDB as it opens (every chapter), a script that prefetches the DuckDB engine
 *   at low priority once the page has drawn and gone quiet, so that the SQL console opens fast later (the first visit
 *   carries its 6 MB, as the bytes budget of the first visit expects, and later pages stay small), and on a live
 *   chapter creates DuckDB's worker then too (scripts/lib/duckdb-early-start.ts `duckdbWhenIdleScript`);
 * - on the page whose SQL console starts DuckDB as it opens (it uses src/lib/duckdb-start.ts), an inline script that
 *   creates DuckDB's worker while the page's modules are still loading (`duckdbWorkerScript`).
 * Last, for the Content-Security-Policy: every inline script is moved into a same-origin file named by its content hash
 * (scripts/lib/inline-scripts.ts), so `script-src 'self'` is enough.
 */
import {readFileSync, writeFileSync} from "node:fs";
import {dirname, join} from "node:path";
import {listFiles} from "../../loaders/lib/files.ts";
import {duckdbFiles, duckdbWhenIdleScript, duckdbWorkerScript, findDuckDBWorker, START_MARKER, WHEN_IDLE_MARKER} from "./duckdb-early-start.ts";
import {externaliseScripts} from "./inline-scripts.ts";

export interface TemplateOptions {
  lang?: string;
  /**
   * DuckDB's worker script, relative to the page: created from the top of the head (the SQL console, which starts
   * DuckDB as it opens: scripts/lib/duckdb-early-start.ts).
   */
  duckdbWorker?: string | null;
  /**
   * A chapter's engine files, relative to the page, asked for once the page has drawn and gone quiet
   * (`duckdbWhenIdleScript`): the engine prefetched, and on a live chapter its worker created.
   */
  whenIdle?: {wasm?: string | null; worker?: string | null};
  /** The site's title, which Framework's pager shows for the home page; the pager names it OVERVIEW instead. */
  siteTitle?: string;
}

/** The name the pager gives the home page (the first entry of observablehq.config.ts's pages). */
export const OVERVIEW = "Overview";
const SITE_TITLE = "SNA Workbench";

/**
 * A change to Framework's template. `on` says where it must apply: "page" on every page, "site" on at least one page
 * (the pager links to the home page from one page only). `done` tells an already-fixed page, so a fix applies once.
 * A fix that finds nothing where it must fails the build (fixBuiltPages): a silent no-op after a Framework upgrade
 * would publish pages without the fix.
 */
interface TemplateFix {
  name: string;
  on: "page" | "site";
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
  done: (html: string) => boolean;
  /** For an "on: site" fix: the pages that show the template it fixes (a one-page site has no pager). */
  shows?: (html: string) => boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function templateFixes(lang: string, siteTitle: string): TemplateFix[] {
  return [
    {name: "document language", on: "page", pattern: /<html(?![^>]*\blang=)([^>]*)>/, replace: (_m, rest) => `<html lang="${lang}"${rest}>`, done: (h) => /<html[^>]*\blang=/.test(h)},
    {name: "zoomable viewport", on: "page", pattern: /(<meta name="viewport" content="[^"]*?),\s*maximum-scale=1(")/, replace: (_m, a, b) => `${a}${b}`, done: (h) => /<meta name="viewport" content="(?![^"]*maximum-scale)[^"]*"/.test(h)},
    {
      name: "sidebar toggle out of its list",
      on: "page",
      pattern: /<nav id="observablehq-sidebar">\s*<ol>\s*(<label id="observablehq-sidebar-close"[^>]*><\/label>)/,
      replace: (_m, label) => `<nav id="observablehq-sidebar">\n  ${label}\n  <ol>`,
      done: (h) => !h.includes('<nav id="observablehq-sidebar">') || /<nav id="observablehq-sidebar">\s*<label/.test(h)
    },
    {
      name: "pager names the Overview",
      on: "site",
      pattern: new RegExp(`(<a rel="prev" href="(?:\\./|(?:\\.\\./)+)"><span>)${escape(siteTitle)}(</span></a>)`),
      replace: (_m, a, b) => `${a}${OVERVIEW}${b}`,
      done: (h) => new RegExp(`<a rel="prev" href="(?:\\./|(?:\\.\\./)+)"><span>${OVERVIEW}</span></a>`).test(h),
      shows: (h) => h.includes('<a rel="prev"')
    }
  ];
}

/** The page with Framework's template fixed, and the fixes that changed it or found it already fixed. */
export function fixTemplate(html: string, {lang = "en-GB", whenIdle, duckdbWorker, siteTitle = SITE_TITLE}: TemplateOptions = {}): {html: string; applied: Set<string>; fixes: TemplateFix[]} {
  const later = (whenIdle?.wasm || whenIdle?.worker) && !html.includes(WHEN_IDLE_MARKER) ? duckdbWhenIdleScript(whenIdle) : "";
  // Before the stylesheets: a classic script after a stylesheet waits for it to load.
  const early = duckdbWorker && !html.includes(START_MARKER) ? duckdbWorkerScript(duckdbWorker) : "";
  let out = html.replace(/<\/head>/, (m) => (later ? `${later}\n${m}` : m)).replace(/<meta charset="utf-8">\n/, (m) => (early ? `${m}${early}\n` : m));
  const applied = new Set<string>();
  const fixes = templateFixes(lang, siteTitle);
  for (const fix of fixes) {
    if (fix.pattern.test(out)) {
      out = out.replace(fix.pattern, fix.replace as (m: string, ...a: unknown[]) => string);
      applied.add(fix.name);
    } else if (fix.done(out)) applied.add(fix.name);
  }
  return {html: out, applied, fixes};
}

export function fixPageTemplate(html: string, options: TemplateOptions = {}): string {
  return fixTemplate(html, options).html;
}

/**
 * Applies the template fixes to every .html file of a built site; returns how many pages were changed. Throws, naming
 * the fix and the page, when a fix that must apply finds nothing to change (Framework's template has changed).
 */
export function fixBuiltPages(dist: string, options: Pick<TemplateOptions, "siteTitle"> = {}): number {
  let n = 0;
  const files = listFiles(dist);
  const duckdb = duckdbFiles(files);
  const siteWide = new Map<string, {shown: boolean; applied: boolean}>();
  for (const rel of files.filter((f) => f.endsWith(".html"))) {
    const path = join(dist, rel);
    const up = "../".repeat(rel.split("/").length - 1) || "./";
    const before = readFileSync(path, "utf-8");
    // A page that starts DuckDB at once (the SQL console) creates its worker from the head and gets no prefetch: it
    // would download the engine twice at once. A chapter asks for the engine (and a live chapter creates its worker)
    // once it has drawn: a live chapter starts the engine at the reader's first action, and finds it there by then.
    const usesDuckDB = /DuckDBClient|duckdb-wasm/.test(before);
    const worker = findDuckDBWorker(before, duckdb, up);
    const wasm = duckdb.wasm ? `${up}${duckdb.wasm}` : null;
    const page = fixTemplate(before, {...options, ...(usesDuckDB ? {duckdbWorker: worker} : {whenIdle: {wasm, worker}})});
    // Framework's own 404 page has the head but not always the sidebar and pager: only full pages are held to "page" fixes.
    const fullPage = before.includes('<nav id="observablehq-sidebar">');
    for (const fix of page.fixes) {
      if (fix.on === "site") {
        const seen = siteWide.get(fix.name) ?? {shown: false, applied: false};
        siteWide.set(fix.name, {shown: seen.shown || (fix.shows?.(before) ?? true), applied: seen.applied || page.applied.has(fix.name)});
      }
      else if (fullPage && !page.applied.has(fix.name)) throw new Error(templateChanged(fix.name, rel));
    }
    const {html: after, files: scripts} = externaliseScripts(page.html);
    for (const script of scripts) writeFileSync(join(dirname(path), script.name), script.code);
    if (after !== before) {
      writeFileSync(path, after);
      n++;
    }
  }
  for (const [name, {shown, applied}] of siteWide) if (shown && !applied) throw new Error(templateChanged(name, "any page"));
  return n;
}

const templateChanged = (fix: string, where: string) =>
  `html-fixes: the fix "${fix}" found nothing to change in ${where}: Observable Framework's page template has changed. Update scripts/lib/html-fixes.ts to the new template (the built page shows what it now writes).`;
