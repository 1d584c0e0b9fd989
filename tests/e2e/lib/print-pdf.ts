/**
 * Printing pages of the built site to PDF in Chromium as a reader's "Save as PDF" does (print media, the page's own
 * @page size and margin boxes; Chromium fires beforeprint, so the page prepares itself), and looking at the result:
 * page images as greyscale PGM from pdftoppm (no image library needed to read them) and word boxes from pdftotext.
 */
import {spawnSync} from "node:child_process";
import {readFileSync} from "node:fs";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {expect} from "vitest";
import {listFiles} from "../../../loaders/lib/files.ts";
import {pdfInfo, pdfPageTexts} from "../../../loaders/pack/pdf.ts";

/** Prints the page as it is to `file` (A4 from src/print.css). */
export async function printToPdf(page: Page, file: string): Promise<void> {
  await page.pdf({path: file, preferCSSPageSize: true, printBackground: true});
}

function run(command: string, args: string[]): string {
  const r = spawnSync(command, args, {encoding: "latin1", maxBuffer: 256 * 1024 * 1024});
  if (r.error || r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

export interface Gray {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Page `n` (1-based) of the PDF as a greyscale image at `dpi`; also written as PNG to `png` (without extension) when given. */
export function pageImage(pdf: string, n: number, dpi: number, png?: string): Gray {
  const out = `${pdf}.p${n}`;
  run("pdftoppm", ["-gray", "-r", String(dpi), "-f", String(n), "-l", String(n), "-singlefile", pdf, out]);
  if (png) run("pdftoppm", ["-png", "-r", String(dpi), "-f", String(n), "-l", String(n), "-singlefile", pdf, png]);
  const bytes = readFileSync(`${out}.pgm`);
  // P5 header: magic, width, height, max value, each followed by whitespace, then the pixels.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 64).toString("latin1"));
  if (!header) throw new Error(`${out}.pgm is not a binary PGM`);
  return {width: Number(header[1]), height: Number(header[2]), pixels: bytes.subarray(header[0].length)};
}

/** Share of pixels darker than mid-grey in a band of rows (fractions of the height, top = 0). */
export function inkShare(img: Gray, from = 0, to = 1): number {
  const start = Math.floor(img.height * from) * img.width;
  const end = Math.floor(img.height * to) * img.width;
  let dark = 0;
  for (let i = start; i < end; i++) if (img.pixels[i]! < 128) dark++;
  return dark / Math.max(1, end - start);
}

export interface Word {
  page: number;
  text: string;
  /** In points from the page's top left corner. */
  xMin: number;
  yMin: number;
  pageHeight: number;
}

/** Every word of the PDF with its box (pdftotext -bbox). */
export function words(pdf: string): Word[] {
  const html = run("pdftotext", ["-bbox", "-enc", "UTF-8", pdf, "-"]);
  const text = Buffer.from(html, "latin1").toString("utf-8");
  const out: Word[] = [];
  let page = 0;
  let height = 0;
  for (const m of text.matchAll(/<page width="[\d.]+" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<\/word>/g)) {
    if (m[1]) {
      page++;
      height = Number(m[1]);
    } else out.push({page, text: m[4]!.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"'), xMin: Number(m[2]), yMin: Number(m[3]), pageHeight: height});
  }
  return out;
}

/** Control text that must never print: the download buttons and links, the table disclosures' summaries, search boxes. */
export const CONTROL_TEXT: readonly RegExp[] = [/Download CSV/, /▶/, /^\s*Table: /m, /Search neighbourhoods/, /\b\d[\d,]* results?\b/, /Run query/, /Choose a period/, /SQL behind this figure/, /Open in Explore/];

/** Whitespace collapsed, for finding a title that wrapped over lines. */
export const squash = (s: string) => s.replace(/\s+/g, " ").trim();

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

type BuiltPublication = {partnership: string; edition: string; leadOrganisation: string};
const publications = new Map<string, BuiltPublication>();

/** The build's publication.json (`_file/data/publication.<hash>.json`): how printed pages name the SNA. Read once a build. */
export function builtPublication(dist: string): BuiltPublication {
  const known = publications.get(dist);
  if (known) return known;
  const file = listFiles(join(dist, "_file/data")).find((f) => /^publication\.[0-9a-f]{8}\.json$/.test(f));
  if (!file) throw new Error(`${dist} has no publication.json`);
  const pub = JSON.parse(readFileSync(join(dist, "_file/data", file), "utf-8")) as BuiltPublication;
  publications.set(dist, pub);
  return pub;
}

export interface Printed {
  pages: string[];
  info: Record<string, string>;
}

/**
 * Prints a chapter already open in `page` to `file` and checks the PDF as issue 15 asks of every chapter: no control
 * text, A4, and the running footer (partnership · chapter · build date · edition, "Page N of M") on every page.
 */
export async function printAndCheck(page: Page, file: string, chapter: string, dist: string): Promise<Printed> {
  await printToPdf(page, file);
  const printed = {pages: pdfPageTexts(file), info: pdfInfo(file)};
  const text = printed.pages.join("\n");
  for (const control of CONTROL_TEXT) expect(text, `${chapter} prints control text ${control}`).not.toMatch(control);
  expect(printed.info["Page size"]).toMatch(/^59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
  const pub = builtPublication(dist);
  const footer = new RegExp(`${escapeRe(pub.partnership)} · ${escapeRe(chapter)} · built \\d{1,2} [A-Z][a-z]{2} \\d{4} · ${escapeRe(pub.edition)}`);
  const m = printed.pages.length;
  printed.pages.forEach((p, i) => {
    expect(p, `page ${i + 1} of ${chapter}`).toContain(`Page ${i + 1} of ${m}`);
    // The footer's left part: partnership, chapter, build date, edition (it may wrap in the text's layout).
    expect(squash(p), `page ${i + 1} of ${chapter}`).toMatch(footer);
  });
  return printed;
}
