/**
 * The head of every page (observablehq.config.ts `head`): the empty icon, the left part of the printed page's running
 * footer ("Safer Plymouth · Violence profile · built 6 Dec 2026 · 2025 edition", an @page margin box; "Page N of M" is
 * in src/print.css) and the module that makes the page printable in full (components/pack/print.ts).
 * Runs in Node when Framework renders each page at build time: the build date is that day (or SOURCE_DATE_EPOCH), and
 * the partnership and edition come from the prepared publication.json (SNA_PREPARED_DIR, set by scripts/build.ts).
 */
import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";
import type {Publication} from "./publication.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "6 Dec 2026" (UTC). */
export function formatDay(date: Date): string {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** The build's day: SOURCE_DATE_EPOCH (seconds) when set, for a reproducible build, else now. */
export function buildDay(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  return env.SOURCE_DATE_EPOCH && Number.isFinite(epoch) ? new Date(epoch * 1000) : new Date();
}

/** A CSS string literal that is also safe inside an HTML <style> element. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, " ").replace(/</g, "\\3c ")}"`;
}

/** The running footer's left part of a printed chapter. */
export function footerText(pub: Pick<Publication, "partnership" | "edition"> | null, chapter: string, built: Date): string {
  return [pub?.partnership ?? "SNA Workbench", chapter, `built ${formatDay(built)}`, pub?.edition].filter(Boolean).join(" · ");
}

export function readPublication(preparedDir: string | undefined = process.env.SNA_PREPARED_DIR): Publication | null {
  if (!preparedDir) return null; // `npm run dev`: the footer names no partnership
  const file = join(preparedDir, "publication.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf-8")) as Publication) : null;
}

/** How a page's margin boxes (the running footer, a pack's header) are set. */
export const MARGIN_BOX_STYLE = `font: 8pt system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #333;`;

/** The footer's margin box as a <style> element: an @page rule, which only print uses. */
export function footerStyle(text: string): string {
  return `<style data-sna="print-footer">@media print { @page { @bottom-left { content: ${cssString(text)}; ${MARGIN_BOX_STYLE} } } }</style>`;
}

let cached: {dir: string | undefined; pub: Publication | null} | null = null;

/** Framework's `head` option: called once per page with its title. */
export function pageHead({title}: {title: string | null}): string {
  const dir = process.env.SNA_PREPARED_DIR;
  if (!cached || cached.dir !== dir) cached = {dir, pub: readPublication(dir)};
  return [
    '<link rel="icon" href="data:,">',
    footerStyle(footerText(cached.pub, title ?? "", buildDay())),
    '<script type="module" src="./components/pack/print.js"></script>'
  ].join("\n");
}
