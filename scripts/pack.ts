/**
 * npm run pack: prints the board pack, dist/board-pack.pdf, from the built site, offline: the site is served on
 * 127.0.0.1 (scripts/serve.ts) and Debian's Chromium (through playwright-core) renders each page it needs as a reader
 * sees it; the chapters are assembled into one HTML document (loaders/pack/document.ts) and printed once, so the PDF
 * has one outline and one run of page numbers. The contents' page numbers come from a first printing (the PDF's named
 * destinations, read with pdfinfo); the second printing writes them. The PDF's text then goes through the disclosure
 * audit, like every page of the site, before it is renamed into place; last, the footer of every page links to it.
 * `--link "<a chapter's shared link>"` prints the view the link names (district, period, definition) in the live
 * chapters, to <dist>/board-pack-<view>.pdf unless `--out` says where (loaders/pack/view.ts).
 * Environment: SNA_DIST (default dist). Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH) and poppler-utils.
 */
import {existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from "node:fs";
import type {Server} from "node:http";
import {dirname, join, relative, resolve} from "node:path";
import {parseArgs} from "node:util";
import {csvParse} from "d3-dsv";
import {brotliCompressSync, constants, gzipSync} from "node:zlib";
import type {Browser, BrowserContext, Page} from "playwright-core";
import frameworkConfig from "../observablehq.config.ts";
import {listFiles} from "../loaders/lib/files.ts";
import {packHtml, packTitle, samePages, type PackDocument, type PackSection} from "../loaders/pack/document.ts";
import {pdfDests, pdfInfo} from "../loaders/pack/pdf.ts";
import {packPlan, pageId, type PackPlan} from "../loaders/pack/plan.ts";
import type {Publication} from "../loaders/pack/publication.ts";
import {formatDay} from "../loaders/pack/print-head.ts";
import {summaryHtml, type RecommendationsSummaryLike} from "../loaders/pack/summary.ts";
import {packView, type PackView} from "../loaders/pack/view.ts";
import {liveDefaults, type LivePartnership} from "../components/live/selection.ts";
import {afterDependentCells, launchChromium, PAGES, waitReady} from "../tests/e2e/lib/browser.ts";
import {auditPdf} from "./lib/disclosure-audit.ts";
import {AUTOMATION_CONTENT_SECURITY_POLICY, serve} from "./serve.ts";

const ROOT = resolve(import.meta.dirname, "..");
export const PACK_FILE = "board-pack.pdf";
/** The footer's placeholder on every built page (observablehq.config.ts `footer`), filled once the pack exists. */
const LINK_PLACEHOLDER = /<span data-sna="board-pack">[\s\S]*?<\/span>/;
/** About the A4 column (182 mm at 96 px per inch, plus the page's padding): charts are drawn at the width they print. */
const VIEWPORT = {width: 760, height: 1000};
const CONCURRENCY = 2;

export interface PackResult {
  file: string;
  pages: number;
  bytes: number;
  seconds: number;
  sections: {title: string; page: number}[];
  audit: string;
  linkedPages: number;
}

/** The text of a file of the built site's data (`_file/data/<name>.<hash>.<ext>`), or null. */
function builtText(dist: string, files: readonly string[], name: string, ext: string): string | null {
  const re = new RegExp(`^_file/data/${name.replace(/[.-]/g, "\\$&")}\\.[0-9a-f]{8}\\.${ext}$`);
  const file = files.find((f) => re.test(f));
  return file ? readFileSync(join(dist, file), "utf-8") : null;
}

/** A JSON file of the built site's data, parsed, or null. */
function builtData(dist: string, files: readonly string[], name: string, ext: string): unknown {
  const text = builtText(dist, files, name, ext);
  return text === null ? null : JSON.parse(text);
}

/** The view a link asks for, read against the built site's own partnership and months (null: the default). */
function viewOfLink(dist: string, files: readonly string[], link: string): PackView | null {
  const p = builtData(dist, files, "partnership", "json") as LivePartnership | null;
  const monthly = builtText(dist, files, "area-monthly", "csv");
  if (!p || monthly === null) throw new Error(`${dist} has no partnership.json or area-monthly.csv (_file/data/): it was built by an older version of the workbench; run \`npm run build\` again`);
  return packView(link, p, liveDefaults(p, csvParse(monthly) as unknown as {crime_type: string}[]));
}

interface Extracted {
  title: string;
  html: string;
  parts: Record<string, string | null>;
  stylesheets: string[];
  inlineStyles: string[];
  prepared: {rows: number; disclosures: number} | null;
}

/**
 * In-page: makes the page printable in full (components/pack/print.ts), then copies its main column with every id
 * prefixed (so that figures of two chapters never share one, nor a chart its clip path), links to chapters of the pack
 * pointed at their sections and links to pages outside it left as text; returns named parts chosen by selector.
 */
const EXTRACT = `(({prefix, sections, parts, split}) => {
  const main = document.querySelector("#observablehq-main");
  const prepared = window.snaPrepareForPrint ? window.snaPrepareForPrint(document) : null;
  const clone = main.cloneNode(true);
  clone.querySelectorAll("script, observablehq-loading, a[download], button").forEach((e) => e.remove());
  const ids = new Set([...clone.querySelectorAll("[id]")].map((e) => e.id));
  const ref = (t) => (ids.has(t) ? prefix + t : t);
  for (const el of [clone, ...clone.querySelectorAll("*")]) {
    for (const attr of [...el.attributes]) {
      const n = attr.name;
      let v = attr.value;
      if (n === "id") v = prefix + v;
      else if (["for", "aria-labelledby", "aria-describedby", "aria-controls", "headers"].includes(n)) v = v.split(/\\s+/).map(ref).join(" ");
      else if ((n === "href" || n === "xlink:href") && v.startsWith("#")) v = "#" + ref(v.slice(1));
      else if (v.includes("url(#") || v.includes("url('#") || v.includes('url("#')) v = v.replace(/url\\((['"]?)#([^)'"]+)\\1\\)/g, (m, q, id) => "url(" + q + "#" + ref(id) + q + ")");
      if (v !== attr.value) el.setAttribute(n, v);
    }
  }
  for (const a of clone.querySelectorAll("a[href]:not([href^='#'])")) {
    const url = new URL(a.getAttribute("href"), location.href);
    if (url.origin !== location.origin) continue;
    const page = url.pathname.replace(/^\\//, "").replace(/\\.html$/, "") || "index";
    if (sections[page]) a.setAttribute("href", "#" + sections[page]);
    else a.removeAttribute("href");
  }
  const h1 = clone.querySelector("h1");
  const title = (h1 ? h1.textContent : document.title).trim();
  if (h1) h1.remove();
  const out = {};
  // A part is the first element a selector finds, or the table whose caption is the text after "caption=".
  for (const [name, selector] of Object.entries(parts)) {
    const caption = selector.startsWith("caption=") ? selector.slice(8) : null;
    const el = caption ? [...clone.querySelectorAll("table")].find((t) => t.caption && t.caption.textContent.trim() === caption) : clone.querySelector(selector);
    out[name] = el ? el.outerHTML : null;
  }
  // A section that starts at a heading of this text and runs to the next heading of its level becomes its own part.
  if (split) {
    const h = [...clone.querySelectorAll("h2")].find((e) => e.textContent.trim().startsWith(split));
    const taken = document.createElement("div");
    if (h) {
      let n = h.nextSibling;
      h.remove();
      while (n && !(n.nodeType === 1 && n.tagName === "H2")) { const next = n.nextSibling; taken.append(n); n = next; }
    }
    out.split = h ? taken.innerHTML : null;
  }
  return {
    title,
    html: clone.innerHTML,
    parts: out,
    stylesheets: [...document.querySelectorAll("link[rel=stylesheet]")].map((l) => l.href),
    inlineStyles: [...document.head.querySelectorAll("style:not([data-sna])")].map((s) => s.textContent),
    prepared
  };
})`;

interface PageJob {
  id: string;
  /** Selectors of parts the pack needs from this page (the summary's). */
  parts?: Record<string, string>;
  split?: string;
}

/**
 * Opens the page (with the view's query string, which only the live chapters read) and waits until it is drawn; a
 * live chapter recomputing the view draws its figures once DuckDB-WASM has their tables, and redraws the figures that
 * read its status line on the next frame.
 */
async function renderPage(context: BrowserContext, base: string, job: PageJob, sections: Record<string, string>, view: PackView | null): Promise<Extracted> {
  const site = PAGES.find((p) => pageId(`/${p.path}`) === job.id);
  if (!site) throw new Error(`the site has no page "${job.id}"`);
  const page = await context.newPage();
  try {
    await page.goto(`${base}${site.path}${view?.search ?? ""}`);
    await waitReady(page, site, 90_000);
    if (view) {
      const failed = page.locator('#live-status[data-source="error"]');
      if (await failed.count()) throw new Error(`the page ${site.name} (/${site.path}${view.search}) could not recompute the view in Chromium, so the pack would show the default under the view's name: ${(await failed.innerText()).slice(0, 300)}`);
      await afterDependentCells(page);
      await waitReady(page, site, 90_000);
    }
    const errors = await page.locator(".observablehq--error").allInnerTexts();
    if (errors.length) throw new Error(`the page ${site.name} (/${site.path}) shows an error, so it cannot be printed: ${errors[0]!.slice(0, 300)}`);
    const arg = {prefix: `${job.id}--`, sections, parts: job.parts ?? {}, split: job.split ?? null};
    return (await page.evaluate(`${EXTRACT}(${JSON.stringify(arg)})`)) as Extracted;
  } finally {
    await page.close();
  }
}

/** Runs `fn` over `items`, `n` at a time, keeping their order. */
async function mapLimit<T, R>(items: readonly T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({length: Math.min(n, items.length)}, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

/** What the pack's sections hold, from the rendered pages. */
function sectionsOf(plan: PackPlan, pages: Map<string, Extracted>, recommendations: RecommendationsSummaryLike | null): PackSection[] {
  const get = (id: string) => pages.get(id)!;
  const overview = get("index");
  const success = get("success-measures");
  const need = (part: string | null | undefined, what: string) => {
    if (!part) throw new Error(`the built site has no ${what}, which the board pack's executive summary prints; rebuild the site with this version of the workbench`);
    return part;
  };
  const summary: PackSection = {
    id: "pack-summary",
    title: "Executive summary",
    footer: "Executive summary",
    kind: "summary",
    html: summaryHtml({
      headline: need(overview.parts.headline, "headline figures on the Overview ([aria-label=\"Headline figures\"])"),
      findings: need(overview.parts.findings, "findings on the Overview (#findings-block)"),
      glance: need(success.parts.glance, "success measures at a glance (a table captioned \"Success measures at a glance\")"),
      recommendations
    })
  };
  const chapters: PackSection[] = plan.chapters.map((c) => ({id: `pack-ch-${c.id}`, title: get(c.id).title, footer: c.name, kind: "chapter", html: get(c.id).html}));
  const methods = get("methods");
  const appendixHtml: Record<string, string> = {
    methods: methods.html,
    sources: need(methods.parts.split, "Sources section on Methods and sources (## Sources)"),
    "data-gaps": get("data-gaps").html
  };
  const appendices: PackSection[] = plan.appendices.map((a) => ({id: `pack-app-${a.id}`, title: `Appendix ${a.letter}: ${a.title}`, footer: `Appendix ${a.letter}: ${a.title}`, kind: "appendix", html: appendixHtml[a.id]!}));
  return [summary, ...chapters, ...appendices];
}

/**
 * Prints `html` (served at base + "board-pack.html" from memory) to `file`. A printing only read for its page numbers
 * (`final` false) skips the outline and the tagged structure: the named destinations it is read for come from the
 * contents' links either way.
 */
async function printPdf(page: Page, base: string, html: string, file: string, final: boolean): Promise<void> {
  await page.route(`${base}board-pack.html`, (route) => route.fulfill({status: 200, contentType: "text/html; charset=utf-8", body: html}));
  await page.goto(`${base}board-pack.html`, {waitUntil: "load"});
  await page.unroute(`${base}board-pack.html`);
  await page.pdf({path: file, format: "A4", printBackground: true, preferCSSPageSize: true, outline: final, tagged: final});
}

/** Writes `text` to `path` with its .br and .gz twins, as the build precompresses pages (scripts/lib/precompress.ts). */
function writePage(path: string, text: string): void {
  const raw = Buffer.from(text);
  for (const [suffix, bytes] of [["", raw], [".br", brotliCompressSync(raw, {params: {[constants.BROTLI_PARAM_QUALITY]: 9}})], [".gz", gzipSync(raw, {level: 9})]] as const) {
    if (suffix && !existsSync(`${path}${suffix}`)) continue;
    writeFileSync(`${path}${suffix}.tmp-${process.pid}`, bytes);
    renameSync(`${path}${suffix}.tmp-${process.pid}`, `${path}${suffix}`);
  }
}

/** Fills the footer's placeholder on every page with a link to the pack; returns the pages changed. */
export function linkPack(dist: string, files: readonly string[], bytes: number): number {
  const link = `<span data-sna="board-pack"> <a href="./${PACK_FILE}">Board pack (PDF, ${(bytes / 1e6).toFixed(1)} MB)</a></span>`;
  let n = 0;
  for (const f of files.filter((x) => /^[^/]+\.html$/.test(x))) {
    const path = join(dist, f);
    const html = readFileSync(path, "utf-8");
    if (!LINK_PLACEHOLDER.test(html)) continue;
    writePage(path, html.replace(LINK_PLACEHOLDER, link));
    n++;
  }
  if (!n) throw new Error(`no page of ${dist} has the board pack's link placeholder (<span data-sna="board-pack">) in its footer; rebuild the site with this version of the workbench`);
  return n;
}

export interface PackOptions {
  dist: string;
  /** A live chapter's shared link (or its query string): the view the live chapters print (default: the configured one). */
  link?: string;
  /** Where the PDF goes (default: <dist>/board-pack.pdf, or <dist>/board-pack-<view>.pdf for a link's view). */
  out?: string;
  log?: (line: string) => void;
}

export async function makePack({dist, link, out, log = console.log}: PackOptions): Promise<PackResult> {
  const started = performance.now();
  if (!existsSync(join(dist, "index.html"))) throw new Error(`Nothing to print: ${join(dist, "index.html")} does not exist. Run \`npm run build\` first.`);
  const files = listFiles(dist);
  const view = link === undefined ? null : viewOfLink(dist, files, link);
  if (link !== undefined && !view) log("pack: the link names the configured default view: printing the board pack");
  out ??= join(dist, view ? `board-pack-${view.slug}.pdf` : PACK_FILE);
  if (!out.endsWith(".pdf")) throw new Error(`--out ${out}: the board pack is a PDF; give a file name ending in .pdf`);
  if (!existsSync(dirname(out))) throw new Error(`--out ${out}: the folder ${dirname(out)} does not exist; create it or choose another`);
  const pub = builtData(dist, files, "publication", "json") as Publication | null;
  if (!pub) throw new Error(`${dist} has no publication.json (_file/data/publication.*.json): it was built by an older version of the workbench; run \`npm run build\` again`);
  const recommendations = builtData(dist, files, "recommendations-summary", "json") as RecommendationsSummaryLike | null;
  const plan = packPlan(frameworkConfig.pages, pub.packChapters);
  // The day the site was built: its data files are written by the build and never touched after (the pages are: linkPack).
  const builtOn = formatDay(statSync(join(dist, files.find((f) => /^_file\/data\/publication\./.test(f))!)).mtime);
  if (view) log(`pack: view ${view.label} (${view.search}) in the live chapters; the others show the configured default`);
  log(`pack: ${pub.partnership}, ${plan.chapters.length} chapters (${plan.chapters.map((c) => c.id).join(", ")}) and ${plan.appendices.length} appendices`);

  const sectionOf: Record<string, string> = Object.fromEntries(plan.chapters.map((c) => [c.id, `pack-ch-${c.id}`]));
  sectionOf.methods = "pack-app-methods";
  sectionOf["data-gaps"] = "pack-app-data-gaps";
  const jobs = new Map<string, PageJob>(plan.chapters.map((c) => [c.id, {id: c.id}]));
  // The findings with what they are of (a view's own, then the default's comparisons): #findings-block, its id
  // prefixed as EXTRACT prefixes every id.
  jobs.set("index", {id: "index", parts: {headline: '[aria-label="Headline figures"]', findings: "#index--findings-block"}});
  jobs.set("success-measures", {id: "success-measures", parts: {glance: "caption=Success measures at a glance"}});
  jobs.set("methods", {id: "methods", split: "Sources"});
  jobs.set("data-gaps", {id: "data-gaps"});

  let server: Server | null = null;
  let browser: Browser | null = null;
  const tmp = `${out}.tmp-${process.pid}`;
  try {
    server = await serve({dir: dist, port: 0, base: "/", contentSecurityPolicy: AUTOMATION_CONTENT_SECURITY_POLICY, log});
    const address = server.address();
    if (!address || typeof address === "string") throw new Error("the pack's server has no port");
    const base = `http://127.0.0.1:${address.port}/`;
    browser = await launchChromium();
    const context = await browser.newContext({viewport: VIEWPORT});
    // Offline: Chromium is launched with a dead local proxy for every host but loopback (OFFLINE_ARGS in browser.ts).
    const list = [...jobs.values()];
    const rendered = await mapLimit(list, CONCURRENCY, (job) => renderPage(context, base, job, sectionOf, view));
    const pages = new Map(list.map((j, i) => [j.id, rendered[i]!]));
    log(`pack: ${list.length} pages rendered in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    for (const [id, p] of pages) if (p.prepared?.rows) log(`pack: ${id}: ${p.prepared.rows} more table rows rendered for print`);

    const sections = sectionsOf(plan, pages, recommendations);
    const all = [...pages.values()];
    const doc: PackDocument = {
      title: packTitle(pub.partnership, pub.edition, view?.short),
      cover: {partnership: pub.partnership, area: `${pub.area.name} (${pub.area.code})`, snaPeriod: pub.snaPeriod.label, edition: pub.edition, builtOn, snapshotId: pub.snapshotId, leadOrganisation: pub.leadOrganisation, view},
      sections,
      stylesheets: [...new Set(all.flatMap((p) => p.stylesheets))],
      inlineStyles: [...new Set(all.flatMap((p) => p.inlineStyles))]
    };
    const printer = await context.newPage();
    // Two printings, or three if the numbers written into the contents moved a heading (they are as wide as "000").
    let numbers: Map<string, number> | null = null;
    for (let pass = 1; pass <= 3; pass++) {
      const t = performance.now();
      // The first printing has no page numbers yet and is read only for them; every later one may be the pack.
      await printPdf(printer, base, packHtml(doc, numbers), tmp, numbers !== null);
      log(`pack: printing ${pass} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      const dests = pdfDests(tmp);
      if (numbers && samePages(numbers, dests, sections.map((s) => s.id))) break;
      const missing = sections.filter((s) => !dests.has(s.id));
      if (missing.length) throw new Error(`Chromium's PDF has no destination for ${missing.map((s) => s.title).join(", ")}`);
      if (pass === 3) throw new Error("the contents' page numbers did not settle after three printings");
      numbers = dests;
    }
    const audit = auditPdf(tmp, {allow: [pub.accessibility.contact?.email, pub.accessibility.contact?.phone].filter((s): s is string => !!s)});
    if (audit.findings.length) throw new Error(`disclosure audit of the board pack failed:\n${audit.findings.map((f) => `  ${f.file}: ${f.message}`).join("\n")}\nNothing was written; fix the source and build again.`);
    const info = pdfInfo(tmp);
    renameSync(tmp, out);
    const bytes = statSync(out).size;
    const linkedPages = resolve(out) === resolve(dist, PACK_FILE) ? linkPack(dist, files, bytes) : 0;
    const result: PackResult = {
      file: out,
      pages: Number(info.Pages),
      bytes,
      seconds: (performance.now() - started) / 1000,
      sections: sections.map((s) => ({title: s.title, page: numbers!.get(s.id)!})),
      audit: audit.summary,
      linkedPages
    };
    return result;
  } finally {
    rmSync(tmp, {force: true});
    await browser?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((done) => server!.close(() => done()));
    }
  }
}

const USAGE = `npm run pack [-- --link "<link>"] [--out <file.pdf>]

  --link   a live chapter's shared link, or its query string (district, from, to, types), e.g.
           "violence-profile?district=E07000209&from=2025-03&to=2025-08": the live chapters print that view,
           the others the configured default; written to <dist>/board-pack-<view>.pdf unless --out says where
  --out    where the PDF goes (default <dist>/board-pack.pdf, the pack the site's footer links to)
  --help   this text

Environment: SNA_DIST (default dist), the built site to print.`;

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const {values} = parseArgs({options: {link: {type: "string"}, out: {type: "string"}, help: {type: "boolean"}}, strict: true, allowPositionals: false});
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const dist = resolve(ROOT, process.env.SNA_DIST ?? "dist");
    const r = await makePack({dist, link: values.link, out: values.out === undefined ? undefined : resolve(values.out)});
    const linked = r.linkedPages ? `linked from the footer of ${r.linkedPages} pages` : "not linked from the site (its footer links the configured default's pack)";
    console.log(`pack: ${relative(process.cwd(), r.file)}: ${r.pages} pages, ${(r.bytes / 1e6).toFixed(1)} MB, in ${r.seconds.toFixed(1)} s; ${r.audit}; ${linked}`);
  } catch (error) {
    const usage = (error as {code?: string}).code?.startsWith("ERR_PARSE_ARGS") ? `\n\n${USAGE}` : "";
    console.error(`\n${error instanceof Error ? error.message : String(error)}${usage}`);
    process.exitCode = 1;
  }
}
