/**
 * Makes a chapter printable in full (loaded on every page from its head: loaders/pack/print-head.ts). Before the
 * browser prints (Ctrl+P, "Save as PDF", or Chromium's page.pdf in `npm run pack`), every table disclosure is opened
 * and every lazy table of Observable Inputs renders all its rows (it draws twice its visible rows and adds more only
 * as the reader scrolls: the ranked neighbourhoods table printed 15 rows of hundreds). After printing the disclosures
 * are closed again. src/print.css hides the controls and lays the page out for A4.
 */

/** Disclosures this module opened, to close again after printing. */
const opened = new WeakSet<HTMLDetailsElement>();

/**
 * Renders every row of each Inputs.table of `root`: scrolls its box to the bottom and tells it so until no row is
 * added (Inputs appends rows from its scroll listener). A short box is forced for the while, so that the listener's
 * "near the bottom" test holds whatever the print stylesheet does to the box's height.
 */
export function expandLazyTables(root: ParentNode): number {
  let added = 0;
  for (const table of root.querySelectorAll<HTMLElement>("form:has(> table > tbody)")) {
    const body = table.querySelector("tbody")!;
    const {maxHeight, overflow} = table.style;
    table.style.setProperty("max-height", "60px", "important");
    table.style.setProperty("overflow", "auto", "important");
    for (let before = -1; before !== body.rows.length; ) {
      before = body.rows.length;
      table.scrollTop = table.scrollHeight;
      table.dispatchEvent(new Event("scroll"));
      added += body.rows.length - before;
    }
    table.scrollTop = 0;
    table.style.maxHeight = maxHeight;
    table.style.overflow = overflow;
  }
  return added;
}

/** Opens every closed disclosure (a figure's table twin) so its content prints. */
export function openDisclosures(root: ParentNode): number {
  let n = 0;
  for (const d of root.querySelectorAll<HTMLDetailsElement>("details:not([open])")) {
    d.open = true;
    opened.add(d);
    n++;
  }
  return n;
}

export function closeDisclosures(root: ParentNode): void {
  for (const d of root.querySelectorAll<HTMLDetailsElement>("details[open]")) if (opened.has(d)) d.open = false;
}

/**
 * Wraps each figure's title, subtitle, chart, description and source line (everything before its table) in one
 * block that print keeps on one page (src/print.css: `break-inside: avoid`; on screen the block is `display:
 * contents`, so nothing moves). Breaks avoided between siblings are not enough: Chromium then splits the subtitle.
 */
export function keepFiguresTogether(root: ParentNode): number {
  let n = 0;
  for (const fig of root.querySelectorAll<HTMLElement>("figure.sna-figure")) {
    if (fig.querySelector(":scope > .sna-print-keep")) continue;
    const keep = fig.ownerDocument.createElement("div");
    keep.className = "sna-print-keep";
    const head = [...fig.children].filter((c) => !c.matches("details, button"));
    fig.prepend(keep);
    keep.append(...head);
    n++;
  }
  return n;
}

/** Everything a print needs before it starts; returns what it changed (the pack logs it). */
export function prepareForPrint(doc: Document = document): {rows: number; disclosures: number; figures: number} {
  const main = doc.querySelector("#observablehq-main") ?? doc.body;
  return {rows: expandLazyTables(main), disclosures: openDisclosures(main), figures: keepFiguresTogether(main)};
}

if (typeof window !== "undefined") {
  window.addEventListener("beforeprint", () => prepareForPrint());
  window.addEventListener("afterprint", () => closeDisclosures(document));
  // For `npm run pack` and the print tests, which call it before Chromium prints.
  (window as unknown as {snaPrepareForPrint: typeof prepareForPrint}).snaPrepareForPrint = prepareForPrint;
}
