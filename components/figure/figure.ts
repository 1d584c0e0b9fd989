/**
 * A complete, accessible figure: visible title, the chart as an image with a short and a long text alternative,
 * the source line ("Source: … · Period: … · Released: …"), a collapsible table of the same data and a CSV download.
 * The table and CSV are the chart's twins (as in FingertipsNext): everything the chart shows can be read without it.
 */
import {formatNumber, isPresent} from "../format/number.js";
import {isMissing, nullLabelFor, tableCsv, type TableColumn, type TableData} from "./csv.js";

export type FigureOptions<T> = {
  title: string;
  subtitle?: string;
  /** Who published the data: "police.uk street-level crime (Home Office)". */
  source: string;
  /** The period the data cover: "Jan 2025 to Dec 2025". */
  period: string;
  /** When the source released this edition: "29 Jan 2026". */
  released: string;
  note?: string;
  /** Short text alternative for the chart (becomes its aria-label). */
  alt: string;
  /** Longer text alternative; default: the chart's aria-description (which every chart here writes from the data). */
  description?: string;
  chart: Element;
  table: TableData<T>;
  /** Name of the CSV download, e.g. "violence-monthly-plymouth.csv". */
  filename: string;
  /** Element id; default from the filename. Ids of the title and description derive from it. */
  id?: string;
  document?: Document;
};

/** Keeps text for screen readers only (the usual "visually hidden" recipe, inline so no stylesheet is needed). */
const VISUALLY_HIDDEN = "position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0;";

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Default text for a table cell: en-GB numbers (whole numbers without decimals, others to `digits`, default 1). */
function cellText<T>(column: TableColumn<T>, row: T): string {
  const value = row[column.key];
  if (isMissing(value)) return nullLabelFor(column, row);
  if (column.format) return column.format(value, row);
  if (typeof value === "number" && isPresent(value)) return formatNumber(value, column.digits ?? (Number.isInteger(value) ? 0 : 1));
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/**
 * An accessible table: caption, column headers with scope="col", the first cell of each row a row header. Numbers
 * and missing values (classes sna-num and sna-missing) are right-aligned by the site's stylesheet (src/style.css),
 * not by a style attribute on each cell: Benchmarking's eight tables have about 6,800 cells, and building them was
 * the largest part of its figures' time (a CPU profile of its warm reload).
 */
export function dataTable<T>(doc: Document, caption: string, {rows, columns}: TableData<T>): HTMLTableElement {
  const table = el(doc, "table", {class: "sna-table"});
  table.append(el(doc, "caption", {}, caption));
  const headRow = el(doc, "tr");
  for (const c of columns) headRow.append(el(doc, "th", {scope: "col"}, c.label));
  const head = el(doc, "thead");
  head.append(headRow);
  table.append(head);
  const body = doc.createElement("tbody");
  for (const row of rows) {
    const tr = doc.createElement("tr");
    columns.forEach((c, i) => {
      const value = row[c.key];
      const cell = doc.createElement(i === 0 ? "th" : "td");
      if (i === 0) cell.setAttribute("scope", "row");
      if (isMissing(value)) cell.className = "sna-missing";
      else if (typeof value === "number") cell.className = "sna-num";
      cell.textContent = cellText(c, row);
      tr.append(cell);
    });
    body.append(tr);
  }
  table.append(body);
  return table;
}

/**
 * A table in a region of its own that scrolls sideways when the table is wider than the screen, so that the page never
 * does (WCAG 1.4.10, reflow); focusable, so that it scrolls from the keyboard too (axe: scrollable-region-focusable),
 * and named by `name` (an aria-label or aria-labelledby). A "fit" table (a figure's) is as narrow as its columns allow;
 * a "wide" one (a chapter's own long tables) keeps at least 40rem and scrolls rather than squeezing its columns
 * (src/style.css, .sna-figure__scroll and .scroll-table).
 */
export function scrollRegion(table: HTMLElement, name: {"aria-label": string} | {"aria-labelledby": string}, size: "fit" | "wide" = "fit"): HTMLDivElement {
  const region = el(table.ownerDocument, "div", {class: size === "wide" ? "scroll-table" : "sna-figure__scroll", role: "region", tabindex: "0", ...name});
  region.append(table);
  return region;
}

/** A chapter's wide table in its scrolling region, named `label`: `display(scrollTable(dataTable(…), "…"))`. */
export const scrollTable = (table: HTMLElement, label: string): HTMLDivElement => scrollRegion(table, {"aria-label": label}, "wide");

/** Starts a download of the CSV text (called on click, so no Blob URL outlives its use). */
export function downloadCsv(doc: Document, csv: string, filename: string): void {
  const view = doc.defaultView;
  if (!view) throw new Error("downloadCsv: the document has no window");
  // A byte order mark so that Excel reads the file as UTF-8.
  const url = view.URL.createObjectURL(new view.Blob(["\ufeff", csv], {type: "text/csv;charset=utf-8"}));
  const a = el(doc, "a", {href: url, download: filename});
  doc.body.append(a);
  a.click();
  a.remove();
  view.setTimeout(() => view.URL.revokeObjectURL(url), 0);
}

/** "violence-monthly.csv" → "fig-violence-monthly". */
function idFrom(filename: string): string {
  return `fig-${filename.replace(/\.csv$/i, "").replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase()}`;
}

/** Builds the figure; see FigureOptions. */
export function figure<T>(options: FigureOptions<T>): HTMLElement {
  const doc = options.document ?? (typeof document === "undefined" ? undefined : document);
  if (!doc) throw new Error(`figure "${options.title}": no document; pass {document} when not in a browser`);
  for (const key of ["title", "source", "period", "released", "alt", "filename"] as const)
    if (!options[key]?.trim()) throw new Error(`figure "${options.title ?? "(untitled)"}": "${key}" is empty; every figure must name its ${key}`);
  if (!/^[^/\\]+\.csv$/i.test(options.filename)) throw new Error(`figure "${options.title}": filename ${JSON.stringify(options.filename)} must be a plain name ending in .csv`);
  const {rows, columns} = options.table;
  if (!columns.length) throw new Error(`figure "${options.title}": the table has no columns`);
  const id = options.id ?? idFrom(options.filename);
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const description = options.description ?? options.chart.getAttribute("aria-description") ?? (options.chart.querySelector("svg[aria-description]")?.getAttribute("aria-description") ?? "");

  const fig = el(doc, "figure", {class: "sna-figure", id, "aria-labelledby": titleId});
  fig.append(el(doc, "h3", {id: titleId, class: "sna-figure__title"}, options.title));
  if (options.subtitle) fig.append(el(doc, "p", {class: "sna-figure__subtitle"}, options.subtitle));

  // The chart is one image to assistive technology: its name is the alt text, its description the longer text.
  const chart = options.chart;
  chart.setAttribute("role", "img");
  chart.setAttribute("aria-label", options.alt);
  if (description) chart.setAttribute("aria-describedby", descId);
  const holder = el(doc, "div", {class: "sna-figure__chart"});
  holder.append(chart);
  fig.append(holder);
  if (description) fig.append(el(doc, "p", {id: descId, class: "sna-figure__description", style: VISUALLY_HIDDEN}, description));

  fig.append(el(doc, "p", {class: "sna-figure__source"}, `Source: ${options.source} · Period: ${options.period} · Released: ${options.released}`));
  if (options.note) fig.append(el(doc, "p", {class: "sna-figure__note"}, `Note: ${options.note}`));

  const details = el(doc, "details", {class: "sna-figure__table"});
  details.append(el(doc, "summary", {}, `Table: ${options.title}`), scrollRegion(dataTable(doc, options.title, options.table), {"aria-labelledby": titleId}));
  fig.append(details);

  // The CSV is written when asked for: most readers never download it.
  const button = el(doc, "button", {type: "button", class: "sna-figure__download", "aria-describedby": titleId}, "Download CSV");
  button.addEventListener("click", () => downloadCsv(doc, tableCsv({rows, columns}), options.filename));
  fig.append(button);
  return fig;
}
