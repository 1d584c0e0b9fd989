/**
 * Printing (src/print.css, components/pack/print.ts, the running footer of loaders/pack/print-head.ts): every page of
 * both builds printed to PDF in Chromium as "Save as PDF" prints it, and the PDF's text checked: no control text, the
 * running footer with "Page N of M" on every page, A4; on the Violence profile, every figure's title on the page of its
 * chart and source line, and the ranked neighbourhoods table in full (every LSOA, code unclipped).
 */
import {mkdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {csvParse} from "d3-dsv";
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {pdfInfo, pdfPageTexts} from "../../loaders/pack/pdf.ts";
import {listFiles} from "../../loaders/lib/files.ts";
import {launchChromium, PAGES, waitReady} from "./lib/browser.ts";
import {ROOT} from "./lib/build.ts";
import {baseUrl, site} from "./lib/context.ts";
import {CONTROL_TEXT, printToPdf, squash} from "./lib/print-pdf.ts";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const OUT = join(ROOT, process.env.SNA_E2E_DIR ?? ".cache/e2e", "print");
let browser: Browser;

beforeAll(async () => {
  mkdirSync(OUT, {recursive: true});
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

interface Printed {
  pages: string[];
  info: Record<string, string>;
  figureTitles: string[];
}

/** Prints one page of a build, as a reader would (the page prepares itself on beforeprint). */
async function printPage(which: "plymouth" | "surrey", path: string): Promise<Printed> {
  const page = await browser.newPage({viewport: {width: 1280, height: 900}});
  try {
    await page.goto(`${baseUrl(which)}${path}`);
    await waitReady(page, PAGES.find((p) => p.path === path)!, 90_000);
    const figureTitles = await page.locator("figure.sna-figure .sna-figure__title").allInnerTexts();
    const file = join(OUT, `${which}-${path || "index"}.pdf`);
    await printToPdf(page, file);
    return {pages: pdfPageTexts(file), info: pdfInfo(file), figureTitles};
  } finally {
    await page.close();
  }
}

/** A JSON file of a build's data (`_file/data/<name>.<hash>.json`). */
function builtJson(which: "plymouth" | "surrey", name: string): {partnership: string; edition: string} {
  const dist = site().builds[which].dist;
  const file = listFiles(dist).find((f) => new RegExp(`^_file/data/${name}\\.[0-9a-f]{8}\\.json$`).test(f));
  if (!file) throw new Error(`${dist} has no ${name}.json`);
  return JSON.parse(readFileSync(join(dist, file), "utf-8"));
}
const printed = new Map<string, Printed>();

describe.each(["plymouth", "surrey"] as const)("%s: every page prints", (which) => {
  test.each(PAGES.map((p) => [p.name, p.path] as const))("%s: no controls, the running footer with Page N of M, A4", async (name, path) => {
    const p = await printPage(which, path);
    printed.set(`${which}/${path}`, p);
    const text = p.pages.join("\n");
    for (const control of CONTROL_TEXT) expect(text, `${name} (${which}) prints control text ${control}`).not.toMatch(control);
    expect(p.info["Page size"]).toMatch(/^59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    const m = p.pages.length;
    const pub = builtJson(which, "publication");
    const footer = new RegExp(`${escape(pub.partnership)} · ${escape(name)} · built \\d{1,2} [A-Z][a-z]{2} \\d{4} · ${escape(pub.edition)}`);
    p.pages.forEach((page, i) => {
      expect(page, `page ${i + 1} of ${name} (${which})`).toContain(`Page ${i + 1} of ${m}`);
      // The footer's left part: partnership, chapter, build date, edition (it may wrap in the text's layout).
      expect(squash(page), `page ${i + 1} of ${name} (${which})`).toMatch(footer);
    });
  }, 240_000);
});

describe.each(["plymouth", "surrey"] as const)("%s: Violence profile, a long chapter", (which) => {
  const get = () => {
    const p = printed.get(`${which}/violence-profile`);
    if (!p) throw new Error("the Violence profile was not printed (see the test above)");
    return p;
  };

  test("each figure's title is on the same page as its chart and source line", () => {
    const p = get();
    expect(p.figureTitles.length).toBeGreaterThan(5);
    const pages = p.pages.map(squash);
    for (const title of p.figureTitles) {
      const t = squash(title);
      const at = pages.findIndex((page) => page.includes(t));
      expect(at, `figure "${t}" is not in the PDF`).toBeGreaterThanOrEqual(0);
      // The source line follows the chart, which follows the title: both on the title's page means the chart is too.
      const after = pages[at]!.slice(pages[at]!.indexOf(t) + t.length);
      expect(after, `figure "${t}": its source line is not on its title's page (${at + 1})`).toMatch(/Source: /);
    }
  });

  test("the ranked neighbourhoods table prints every row, with whole LSOA codes", () => {
    const p = get();
    const dist = site().builds[which].dist;
    const csv = listFiles(dist).find((f) => /^_file\/data\/lsoa-violence\.[0-9a-f]{8}\.csv$/.test(f));
    expect(csv).toBeDefined();
    const codes = csvParse(readFileSync(join(dist, csv!), "utf-8")).map((r) => r.lsoa21_code!);
    expect(codes.length).toBeGreaterThan(100);
    const text = p.pages.join("\n");
    const seen = new Map<string, number>();
    for (const m of text.matchAll(/\bE01\d{6}\b/g)) seen.set(m[0], (seen.get(m[0]) ?? 0) + 1);
    // Every neighbourhood twice: in the map's table and in the ranked table (which printed 15 of them before).
    const short = codes.filter((c) => (seen.get(c) ?? 0) < 2);
    expect(short, `${short.length} of ${codes.length} LSOAs are not in both tables`).toEqual([]);
    const last = codes.length;
    expect(text).toMatch(new RegExp(`^\\s*${last}\\s+E01\\d{6}\\b`, "m"));
  });
});

describe.each(["plymouth", "surrey"] as const)("%s: the accessibility statement (regulation 7)", (which) => {
  test("names the standard, what is not accessible (every map, with its table), how to ask, enforcement, the contact and dates", () => {
    const p = printed.get(`${which}/accessibility`);
    if (!p) throw new Error("the statement was not printed (see the tests above)");
    const text = squash(p.pages.join("\n"));
    for (const want of ["Web Content Accessibility Guidelines version 2.2 AA", "partially compliant", "Asking for information in another format", "Equality and Human Rights Commission (EHRC)", "Equality Advisory and Support Service", "Equality Commission for Northern Ireland (ECNI)", "This statement was prepared on", "last reviewed on"]) expect(text).toContain(want);
    expect(text).toMatch(/prepared on \d{1,2} [A-Z][a-z]+ \d{4}/);
    // Every chapter that draws a map is listed, with its table.
    for (const page of PAGES.filter((x) => /\bchoropleth\(/.test(readFileSync(join(ROOT, x.source), "utf-8")))) expect(text, `${page.name} draws a map`).toContain(`${page.name}:`);
    // No contact is configured in either example: the statement names the lead organisation and says how to set one.
    const lead = builtJson(which, "publication") as unknown as {leadOrganisation: string};
    expect(text).toContain(`contact the partnership's lead organisation, ${lead.leadOrganisation}`);
  });
});
