/**
 * A table shown as a figure of its own (the gap analysis of the service mapping chapter): a visible title, the table
 * in a keyboard-reachable scrolling region, the source line ("Source: … · Period: … · Released: …") and a CSV
 * download of the same rows. No chart, so it is a section, not a figure.sna-figure (whose chart the tests wait for).
 */
import {dataTable, downloadCsv, scrollRegion} from "../figure/figure.js";
import {tableCsv, type TableData} from "../figure/csv.js";

export type TableBlockOptions<T> = {
  title: string;
  source: string;
  period: string;
  released: string;
  note?: string;
  table: TableData<T>;
  filename: string;
  /** A class for a row of the table (e.g. "sna-gap" for a gap); null for none. */
  rowClass?: (row: T) => string | null;
  id?: string;
  document?: Document;
};

export function tableBlock<T>(options: TableBlockOptions<T>): HTMLElement {
  const doc = options.document ?? document;
  for (const key of ["title", "source", "period", "released", "filename"] as const)
    if (!options[key]?.trim()) throw new Error(`tableBlock "${options.title ?? "(untitled)"}": "${key}" is empty; every table must name its ${key}`);
  const id = options.id ?? `tbl-${options.filename.replace(/\.csv$/i, "").replace(/[^A-Za-z0-9_-]+/g, "-").toLowerCase()}`;
  const section = doc.createElement("section");
  section.className = "sna-table-figure";
  section.id = id;
  section.setAttribute("aria-labelledby", `${id}-title`);
  const title = doc.createElement("h3");
  title.id = `${id}-title`;
  title.className = "sna-figure__title";
  title.textContent = options.title;
  const table = dataTable(doc, options.title, options.table);
  if (options.rowClass) {
    [...table.tBodies[0]!.rows].forEach((tr, i) => {
      const c = options.rowClass!(options.table.rows[i]!);
      if (c) tr.classList.add(c);
    });
  }
  const region = scrollRegion(table, {"aria-labelledby": `${id}-title`}, "wide");
  const source = doc.createElement("p");
  source.className = "sna-figure__source";
  source.textContent = `Source: ${options.source} · Period: ${options.period} · Released: ${options.released}`;
  section.append(title, region, source);
  if (options.note) {
    const note = doc.createElement("p");
    note.className = "sna-figure__note";
    note.textContent = `Note: ${options.note}`;
    section.append(note);
  }
  const csv = tableCsv(options.table);
  const button = doc.createElement("button");
  button.type = "button";
  button.className = "sna-figure__download";
  button.setAttribute("aria-describedby", `${id}-title`);
  button.textContent = "Download CSV";
  button.addEventListener("click", () => downloadCsv(doc, csv, options.filename));
  section.append(button);
  return section;
}
