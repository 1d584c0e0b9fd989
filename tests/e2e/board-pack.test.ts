/**
 * The board pack (npm run pack, scripts/pack.ts) made from the Plymouth e2e build: its title, language, tags and
 * outline, the contents against the outline and the pages the headings are on, the cover and the executive summary,
 * the running footer, page images (pdftoppm) of the cover, the summary and a chapter, the disclosure audit over its
 * text, and the footer link of the site once it exists. Then a pack of a shared link's view from the Surrey build
 * (npm run pack -- --link): the view named on its cover and atop every page, its headline the Overview's for that
 * link in a reader's browser, each live chapter saying it shows the view, and a bad link refused before anything is
 * printed.
 */
import {spawnSync} from "node:child_process";
import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync} from "node:fs";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {testBrowser} from "./lib/shared-chromium.ts";
import {COVER_HEADING, packTitle} from "../../loaders/pack/document.ts";
import {pdfDests, pdfInfo, pdfPageTexts, readOutline} from "../../loaders/pack/pdf.ts";
import type {Publication} from "../../loaders/pack/publication.ts";
import {NO_RECOMMENDATIONS} from "../../loaders/pack/summary.ts";
import {listFiles} from "../../loaders/lib/files.ts";
import {auditDist, auditPdf} from "../../scripts/lib/disclosure-audit.ts";
import {makePack, PACK_FILE, type PackResult} from "../../scripts/pack.ts";

import {formatCount} from "../../components/format/number.ts";
import {afterDependentCells, PAGES, waitReady} from "./lib/browser.ts";
import {ROOT} from "./lib/build.ts";
import {baseUrl, site} from "./lib/context.ts";
import {CONTROL_TEXT, inkShare, pageImage, squash, words} from "./lib/print-pdf.ts";

const OUT = join(ROOT, process.env.SNA_E2E_DIR ?? ".cache/e2e", "board-pack");
let dist: string;
let pdf: string;
let result: PackResult;
let pages: string[];
let pub: Publication;

function builtJson<T>(name: string): T | null {
  const file = listFiles(dist).find((f) => new RegExp(`^_file/data/${name}\\.[0-9a-f]{8}\\.json$`).test(f));
  return file ? (JSON.parse(readFileSync(join(dist, file), "utf-8")) as T) : null;
}

beforeAll(async () => {
  baseUrl("plymouth"); // fails with the build's log when the build failed
  dist = site().builds.plymouth.dist;
  rmSync(OUT, {recursive: true, force: true});
  mkdirSync(OUT, {recursive: true});
  result = await makePack({dist, log: () => undefined});
  pdf = join(dist, PACK_FILE);
  pages = pdfPageTexts(pdf);
  pub = builtJson<Publication>("publication")!;
}, 300_000);

afterAll(() => {
  // Keep a copy beside the page images for a person to look at.
  if (existsSync(pdf)) copyFileSync(pdf, join(OUT, PACK_FILE));
});

describe("board pack", () => {
  test("is written into the built site with its title, language, tags and A4 pages", () => {
    expect(result.file).toBe(pdf);
    expect(existsSync(pdf)).toBe(true);
    const info = pdfInfo(pdf);
    expect(info.Title).toBe(packTitle(pub.partnership, pub.edition));
    expect(info.Tagged).toBe("yes");
    expect(info["Page size"]).toMatch(/\(A4\)/);
    expect(Number(info.Pages)).toBe(pages.length);
    expect(readFileSync(pdf).toString("latin1")).toMatch(/\/Lang \(en-GB\)/);
  });

  test("its outline's top level is the cover, the contents and exactly the contents' entries, in order", () => {
    const outline = readOutline(readFileSync(pdf));
    const top = outline.filter((o) => o.depth === 0).map((o) => squash(o.title));
    expect(top.slice(0, 2)).toEqual([COVER_HEADING, "Contents"]);
    expect(top.slice(2)).toEqual(result.sections.map((s) => squash(s.title)));
    expect(result.sections.map((s) => s.title)).toEqual(expect.arrayContaining(["Executive summary", "Appendix A: Methods", "Appendix B: Sources", "Appendix C: Data gaps register"]));
    // Chapters carry their own headings beneath them.
    expect(outline.some((o) => o.depth === 1)).toBe(true);
  });

  test("the contents give the page each section starts on, and each heading is there", () => {
    const contents = pages.findIndex((p) => /^\s*Contents\s*$/m.test(p));
    expect(contents).toBeGreaterThan(0);
    const dests = pdfDests(pdf);
    for (const s of result.sections) {
      const line = pages[contents]!.split("\n").find((l) => squash(l).startsWith(squash(s.title).slice(0, 40)));
      expect(line, `no contents line for ${s.title}`).toBeDefined();
      expect(Number(/(\d+)\s*$/.exec(line!)?.[1])).toBe(s.page);
      expect(squash(pages[s.page - 1]!), `${s.title} is not on page ${s.page}`).toContain(squash(s.title));
      expect([...dests.values()]).toContain(s.page);
    }
  });

  test("the cover names the partnership, SNA period, edition, build date and snapshot", () => {
    const cover = squash(pages[0]!);
    for (const want of [pub.partnership, pub.snaPeriod.label, pub.edition, pub.snapshotId, "Built"]) expect(cover).toContain(want);
    expect(cover).toMatch(/Built \d{1,2} [A-Z][a-z]{2} \d{4}/);
    expect(cover).not.toMatch(/Page 1 of/);
  });

  test("the executive summary has headline figures with CIs, the three success measures, findings and recommendations", () => {
    const at = result.sections.find((s) => s.title === "Executive summary")!.page - 1;
    // Text block by block (no layout), so that a table cell that wraps reads as one.
    const summary = squash(pdfPageTexts(pdf, {layout: false}).slice(at, at + 3).join("\n"));
    expect(summary).toMatch(/Rate per 1,000 residents/);
    expect(summary).toMatch(/95% CI \d+\.\d to \d+\.\d/);
    for (const m of ["Homicide", "Knife or sharp instrument offences", "Hospital admissions for assault by a sharp object"]) expect(summary).toContain(m);
    expect(summary).toContain("Findings that matter");
    const recs = builtJson<{total: number; top: {recommendation: string}[]}>("recommendations-summary");
    if (recs && recs.total > 0) expect(summary).toContain(squash(recs.top[0]!.recommendation).slice(0, 40));
    else expect(summary).toContain(squash(NO_RECOMMENDATIONS).slice(0, 40));
  });

  test("every page after the cover has the running footer and Page N of M; no control text anywhere", () => {
    const m = pages.length;
    pages.slice(1).forEach((p, i) => {
      expect(p, `page ${i + 2}`).toContain(`Page ${i + 2} of ${m}`);
      expect(squash(p), `page ${i + 2}`).toContain(`${pub.partnership} ·`);
    });
    const text = pages.join("\n");
    for (const control of CONTROL_TEXT) expect(text).not.toMatch(control);
    // Links to pages of the site point into the pack, not at the local server that printed it.
    expect(readFileSync(pdf).toString("latin1")).not.toMatch(/127\.0\.0\.1/);
  });

  test("page images: the cover, the summary and a chapter are A4, not blank, with text where it belongs", () => {
    const summaryPage = result.sections.find((s) => s.title === "Executive summary")!.page;
    const chapterPage = result.sections.find((s) => s.title.startsWith("Violence profile") || /violence/i.test(s.title))!.page;
    const w = words(pdf);
    for (const [name, n] of [["cover", 1], ["summary", summaryPage], ["chapter", chapterPage]] as const) {
      const img = pageImage(pdf, n, 40, join(OUT, `page-${name}`));
      // A4 at 40 dpi: 8.27 × 11.69 in.
      expect([img.width, img.height]).toEqual([331, 468]);
      // Measured: the cover (mostly white) 0.4% dark pixels, the summary and a chapter several times that; blank is 0.
      expect(inkShare(img), `${name} page is blank`).toBeGreaterThan(0.002);
      expect(inkShare(img, 0, 0.5), `${name} page has nothing in its top half`).toBeGreaterThan(0.001);
    }
    // The cover's title in the top half of the page; every "Page N of M" in the bottom margin.
    const title = w.find((x) => x.page === 1 && x.text === "Board")!;
    expect(title).toBeDefined();
    expect(title.yMin / title.pageHeight).toBeLessThan(0.6);
    const footers = w.filter((x) => x.text === "Page" && x.page > 1);
    expect(footers.length).toBe(pages.length - 1);
    for (const f of footers) expect(f.yMin / f.pageHeight).toBeGreaterThan(0.93);
  });

  test("its text passes the disclosure audit, which reads PDFs: a planted email in a PDF is found", async () => {
    expect(auditPdf(pdf).findings).toEqual([]);
    const site = auditDist(dist, {threshold: 5});
    expect(site.findings.filter((f) => f.file === PACK_FILE)).toEqual([]);
    // A PDF holding personal data (an email address), made by the same Chromium, fails both checks.
    const planted = join(OUT, "planted");
    mkdirSync(planted, {recursive: true});
    const browser = await testBrowser();
    const page = await browser.newPage();
    try {
      await page.setContent("<p>Referred by jane.doe@example.org on Monday</p>");
      await page.pdf({path: join(planted, "board-pack.pdf")});
    } finally {
      await page.close();
    }
    expect(auditPdf(join(planted, "board-pack.pdf")).findings.map((f) => f.kind)).toEqual(["email"]);
    expect(auditDist(planted, {threshold: 5}).findings.map((f) => `${f.file} ${f.where}`)).toEqual(["board-pack.pdf page 1, line 1"]);
  }, 60_000);

  test("the site links to it from every page's footer, and serves it", async () => {
    const html = readFileSync(join(dist, "index.html"), "utf-8");
    expect(html).toMatch(/<span data-sna="board-pack"> <a href="\.\/board-pack\.pdf">Board pack \(PDF, \d+\.\d MB\)<\/a><\/span>/);
    expect(result.linkedPages).toBeGreaterThan(5);
    const r = await fetch(`${baseUrl("plymouth")}board-pack.pdf`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await r.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
  });
});

describe("a board pack of a shared link's view (Surrey: Guildford, Mar-Aug 2025, robbery and weapons possession)", () => {
  const LINK = "violence-profile?district=E07000209&from=2025-03&to=2025-08&types=Possession+of+weapons,Robbery";
  const SHORT = "Guildford, Mar 2025 to Aug 2025, Possession of weapons and Robbery";
  let surreyDist: string;
  let viewPdf: string;
  let view: PackResult;
  let viewPages: string[];

  beforeAll(async () => {
    baseUrl("surrey");
    surreyDist = site().builds.surrey.dist;
    mkdirSync(OUT, {recursive: true});
    viewPdf = join(OUT, "board-pack-view.pdf");
    // A reader's whole link, as copied from the address bar of the site the pack is made from.
    view = await makePack({dist: surreyDist, link: `${baseUrl("surrey")}${LINK}`, out: viewPdf, log: () => undefined});
    viewPages = pdfPageTexts(viewPdf);
  }, 300_000);

  test("names the view in its title, on its cover and atop every page after the cover, and is not linked from the site", () => {
    expect(pdfInfo(viewPdf).Title).toContain(`board pack (2025 edition; ${SHORT})`);
    expect(squash(viewPages[0]!)).toContain("View Guildford (Surrey); Mar 2025 to Aug 2025; serious violence counted as Possession of weapons, Robbery (not the local definition)");
    const headers = words(viewPdf).filter((x) => x.text === "View:");
    expect(headers.map((x) => x.page)).toEqual(viewPages.slice(1).map((_, i) => i + 2));
    for (const h of headers) expect(h.yMin / h.pageHeight).toBeLessThan(0.06);
    expect(view.linkedPages).toBe(0);
    expect(readFileSync(join(surreyDist, "index.html"), "utf-8")).not.toContain("board-pack-");
  });

  test("its headline figures and findings are the Overview's for that link in a reader's browser; the comparisons say they are the default's", async () => {
    const browser = await testBrowser();
    const page = await browser.newPage();
    try {
      await page.goto(`${baseUrl("surrey")}${LINK.replace("violence-profile", "")}`);
      await page.locator('#live-status[data-source="browser"]').waitFor({timeout: 60_000});
      await afterDependentCells(page);
      await waitReady(page, PAGES.find((p) => p.path === "")!);
      const count = Number(await page.locator("#live-headline [data-count]").getAttribute("data-count"));
      expect(count).toBeGreaterThan(0);
      const at = view.sections.find((s) => s.title === "Executive summary")!.page - 1;
      const summary = squash(pdfPageTexts(viewPdf, {layout: false}).slice(at, at + 3).join("\n"));
      // Block by block: the three cards' headings, then their values (rate, count, change).
      expect(summary).toMatch(new RegExp(`Offences recorded Change on a year earlier [0-9.]+ ${formatCount(count)} [−+]`));
      expect(summary).toContain("Guildford (Surrey), Mar 2025 to Aug 2025; serious violence here counts Possession of weapons, Robbery");
      const findings = squash((await page.locator("#findings-block > ul.findings").first().innerText()));
      expect(findings).toMatch(/^Serious violence \(Possession of weapons, Robbery\) in Guildford \(Surrey\)/);
      expect(summary).toContain(findings);
      expect(summary).toContain("These findings are for the selection (Guildford (Surrey), Mar 2025 to Aug 2025, Possession of weapons and Robbery only), written in this browser");
      expect(summary).toContain("For the configured default (Surrey, Jan 2025 to Dec 2025, the local definition):");
    } finally {
      await page.close();
    }
  });

  test("each live chapter says it shows the view, made with the build's SQL; no page speaks of a browser's milliseconds", () => {
    const text = squash(viewPages.join("\n"));
    const made = text.match(/Recomputed from the build's tables with the build's SQL: Guildford \(Surrey\)/g) ?? [];
    // The Overview, Success measures, Place, the Violence profile and Benchmarking's funnel (Surrey has no service register).
    expect(made.length).toBeGreaterThanOrEqual(5);
    expect(text).not.toMatch(/Recomputed in this browser|could not be recomputed|the default is shown instead/);
    for (const control of CONTROL_TEXT) expect(text).not.toMatch(control);
  });

  test("a link the build cannot show is refused before anything is printed, naming what the build has", () => {
    const run = (...args: string[]) => spawnSync(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, "scripts/pack.ts"), ...args], {cwd: ROOT, env: {...process.env, SNA_DIST: surreyDist}, encoding: "utf-8"});
    const before = readdirSync(surreyDist).filter((f) => f.endsWith(".pdf"));
    const bad = run("--link", "violence-profile?district=E07000999");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--link: district "E07000999" is not a district of this area\. This build has districts E07000207 \(Elmbridge\),.* E07000209 \(Guildford\)/);
    const typo = run("--lnk", "x");
    expect(typo.status).toBe(1);
    expect(typo.stderr).toMatch(/Unknown option '--lnk'[\s\S]*--link +a live chapter's shared link/);
    expect(readdirSync(surreyDist).filter((f) => f.endsWith(".pdf"))).toEqual(before);
  });
});
