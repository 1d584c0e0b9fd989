/**
 * The board pack as one HTML document, printed once by Chromium (scripts/pack.ts), so that it has one outline and one
 * run of page numbers: cover, contents (with page numbers from the first printing), executive summary, chapters and
 * appendices. Each part is a section on its own named page, whose @page rule gives it its running footer
 * ("Safer Plymouth · Violence profile · built 6 Dec 2026 · 2025 edition", and "Page N of M" from src/print.css); a pack
 * of a link's view names the view at the top of every page ("View: Guildford, Mar 2025 to Aug 2025").
 * Pure: the chapters' HTML comes from the built pages, as Chromium rendered them.
 */
import {cssString, MARGIN_BOX_STYLE} from "./print-head.ts";

export interface PackSection {
  /** Anchor of the section's heading (a named destination in the PDF): "pack-summary", "pack-ch-place". */
  id: string;
  /** Its heading, as the contents and the outline give it. */
  title: string;
  /** What the running footer names it. */
  footer: string;
  kind: "summary" | "chapter" | "appendix";
  /** The section's HTML after its heading. */
  html: string;
}

export interface PackCover {
  partnership: string;
  area: string;
  snaPeriod: string;
  edition: string;
  builtOn: string;
  snapshotId: string;
  leadOrganisation: string | null;
  /** A shared link's view (npm run pack -- --link): what the live chapters show, named on the cover and atop every page. */
  view?: {label: string; short: string; search: string} | null;
}

export interface PackDocument {
  /** The PDF's title (and the HTML <title>). */
  title: string;
  cover: PackCover;
  sections: PackSection[];
  /** Stylesheets of the built site (absolute URLs on the local server) and the inline styles its pages carry. */
  stylesheets: string[];
  inlineStyles: string[];
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})[c]!);
}

/** The cover's heading: the first bookmark of the PDF. */
export const COVER_HEADING = "Board pack: serious violence strategic needs assessment";

export function packTitle(partnership: string, edition: string, view?: string): string {
  return `${partnership}: serious violence strategic needs assessment, board pack (${edition}${view ? `; ${view}` : ""})`;
}

/** The running footer's left part of a section. */
export function sectionFooter(cover: PackCover, section: string): string {
  return [cover.partnership, section, `built ${cover.builtOn}`, cover.edition].join(" · ");
}

/** CSS page name of a section: named pages give each its own footer. */
const pageName = (id: string) => id.replace(/[^a-z0-9-]/gi, "-");

function footerRules(doc: PackDocument): string {
  const named = doc.sections.map((s) => `@page ${pageName(s.id)} { @bottom-left { content: ${cssString(sectionFooter(doc.cover, s.footer))}; } }\n.${pageName(s.id)} { page: ${pageName(s.id)}; }`);
  return [
    `@page { @bottom-left { content: ${cssString(sectionFooter(doc.cover, "Contents"))}; ${MARGIN_BOX_STYLE} } }`,
    // A link's view is named at the top of every page after the cover, so that no page of it passes for the default.
    ...(doc.cover.view ? [`@page { @top-left { content: ${cssString(`View: ${doc.cover.view.short}`)}; ${MARGIN_BOX_STYLE} } }`] : []),
    "@page pack-cover { @top-left { content: none; } @bottom-left { content: none; } @bottom-right { content: none; } }",
    ".pack-cover { page: pack-cover; }",
    ...named
  ].join("\n");
}

const PACK_CSS = `
body { margin: 0; background: #fff; }
#observablehq-center { margin: 0; padding: 0; }
.pack-cover { min-height: 240mm; display: flex; flex-direction: column; justify-content: center; }
.pack-cover h1 { font-size: 28pt; line-height: 1.15; max-width: none; margin: 0 0 10mm; padding-bottom: 6mm; border-bottom: 2px solid #333; }
.pack-cover .pack-kicker { font-size: 18pt; font-weight: 600; margin: 0 0 4mm; max-width: none; }
.pack-cover dl { display: grid; grid-template-columns: max-content 1fr; gap: 3mm 8mm; font-size: 13pt; margin: 6mm 0 12mm; }
.pack-cover dt { font-weight: 600; }
.pack-cover dd { margin: 0; }
.pack-contents, .pack-section { break-before: page; }
.pack-contents ol { list-style: none; padding: 0; margin: 6mm 0 0; max-width: none; font-size: 11pt; }
.pack-contents li { display: flex; align-items: baseline; gap: 2mm; margin: 0 0 2.5mm; max-width: none; }
.pack-contents li a { text-decoration: none !important; color: inherit; }
.pack-contents li .pack-dots { flex: 1; border-bottom: 1px dotted #777; transform: translateY(-1mm); }
.pack-contents li .pack-page { min-width: 10mm; text-align: right; font-variant-numeric: tabular-nums; }
.pack-section > h1 { margin-top: 0; }
.pack-kind-summary h2 { margin-top: 6mm; }
.pack-note { font-size: 9pt; color: #444; max-width: none; }
`;

/** The contents page: one line per section, linking to its heading, with its page (null before the first printing). */
export function contentsHtml(sections: readonly PackSection[], pages: ReadonlyMap<string, number> | null): string {
  const items = sections.map((s) => {
    const page = pages?.get(s.id);
    // Before the page numbers are known, a placeholder as wide as a number keeps every line where it will be.
    return `<li class="pack-entry pack-kind-${s.kind}"><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a><span class="pack-dots" aria-hidden="true"></span><span class="pack-page">${page ?? "000"}</span></li>`;
  });
  return `<nav class="pack-contents" aria-labelledby="pack-contents"><h1 id="pack-contents">Contents</h1><ol>${items.join("")}</ol></nav>`;
}

export function coverHtml(c: PackCover): string {
  const rows: [string, string][] = [
    ["Area", c.area],
    ["SNA period", c.snaPeriod],
    ["Edition", c.edition],
    ...(c.view ? ([["View", c.view.label]] as [string, string][]) : []),
    ["Built", c.builtOn],
    ["Data snapshot", c.snapshotId],
    ...(c.leadOrganisation ? ([["Lead organisation", c.leadOrganisation]] as [string, string][]) : [])
  ];
  return `<section class="pack-cover" aria-label="Cover"><p class="pack-kicker">${escapeHtml(c.partnership)}</p><h1 id="pack-cover">${COVER_HEADING}</h1>` +
    `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("")}</dl>` +
    (c.view ? `<p class="pack-note">This pack prints the view of a shared link (<code>${escapeHtml(c.view.search)}</code>): the chapters with controls (the Overview's headline, monthly figure and findings, the Violence profile, Service mapping, Benchmarking's funnel, and for a district Place, Risk factors and Success measures) show it, each saying under its controls what its figures are of; everything else, such as the comparisons with England and the force, is the configured default's (${escapeHtml(c.area)}, ${escapeHtml(c.snaPeriod)}) and says so.</p>` : "") +
    `<p class="pack-note">Printed from the partnership's SNA website as built on ${escapeHtml(c.builtOn)}: every figure, table and finding is the website's. Rates carry 95% confidence intervals; suppressed values are never shown as zero.</p></section>`;
}

/** The whole document. `pages` gives the contents' page numbers (null for the first printing). */
export function packHtml(doc: PackDocument, pages: ReadonlyMap<string, number> | null): string {
  const sections = doc.sections.map((s) => `<section class="pack-section pack-kind-${s.kind} ${pageName(s.id)}" aria-labelledby="${escapeHtml(s.id)}"><h1 id="${escapeHtml(s.id)}">${escapeHtml(s.title)}</h1>\n${s.html}\n</section>`);
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>${escapeHtml(doc.title)}</title>
${doc.stylesheets.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join("\n")}
${doc.inlineStyles.map((css) => `<style>${css.replace(/<\/style/gi, "<\\/style")}</style>`).join("\n")}
<style>${PACK_CSS}
@media print {
${footerRules(doc)}
}
</style>
</head>
<body>
<div id="observablehq-center"><main id="observablehq-main" class="observablehq">
${coverHtml(doc.cover)}
${contentsHtml(doc.sections, pages)}
${sections.join("\n")}
</main></div>
</body>
</html>
`;
}

/** The contents' page numbers are final when every section's heading is on the page the contents says. */
export function samePages(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>, ids: readonly string[]): boolean {
  return ids.every((id) => a.get(id) !== undefined && a.get(id) === b.get(id));
}
