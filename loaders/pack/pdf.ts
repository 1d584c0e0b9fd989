/**
 * Reading back what Chromium printed, with poppler's command-line tools (Debian's poppler-utils, beside Chromium) and
 * a small reader of the PDF's outline: where each contents entry landed (named destinations: `pdfinfo -dests`), the
 * bookmarks, the text of each page (`pdftotext`), the document's title. Chromium writes PDF 1.4 with no object
 * streams, so the outline's objects can be read as text.
 */
import {spawnSync} from "node:child_process";

function run(command: string, args: string[]): string {
  const r = spawnSync(command, args, {encoding: "utf-8", maxBuffer: 256 * 1024 * 1024});
  if (r.error) throw new Error(`${command} could not be run (${r.error.message}); install poppler-utils (Debian: apt-get install poppler-utils)`);
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${r.status}): ${r.stderr.trim().slice(0, 300)}`);
  return r.stdout;
}

/** Named destinations and their pages, from `pdfinfo -dests` output ("   2 [ XYZ 6 826 null ] \"pack-summary\""). */
export function parseDests(output: string): Map<string, number> {
  const dests = new Map<string, number>();
  for (const m of output.matchAll(/^\s*(\d+)\s+\[[^\]]*\]\s+"(.*)"\s*$/gm)) dests.set(m[2]!, Number(m[1]));
  return dests;
}

export function pdfDests(file: string): Map<string, number> {
  return parseDests(run("pdfinfo", ["-dests", file]));
}

/** `pdfinfo`'s fields ("Title", "Pages", "Tagged", …). */
export function pdfInfo(file: string): Record<string, string> {
  const info: Record<string, string> = {};
  for (const m of run("pdfinfo", [file]).matchAll(/^([A-Za-z ]+):\s*(.*)$/gm)) info[m[1]!.trim()] = m[2]!.trim();
  return info;
}

/**
 * The text of each page (pages are split at form feeds). With `layout` (the default) lines are kept as they are printed,
 * cells of a table row side by side; without it, text comes block by block, each table cell on its own line, as the
 * disclosure audit reads a page's HTML (side by side, "Brent" and "London" would read as a person's name).
 */
export function pdfPageTexts(file: string, {layout = true}: {layout?: boolean} = {}): string[] {
  const pages = run("pdftotext", [...(layout ? ["-layout"] : []), "-enc", "UTF-8", file, "-"]).split("\f");
  if (pages.at(-1)?.trim() === "") pages.pop();
  return pages;
}

/** A PDF string's text: a literal "(…)" with its escapes, or hex "<FEFF…>" (UTF-16BE) / "<…>" (PDFDocEncoding, read as Latin-1). */
export function pdfString(raw: string): string {
  if (raw.startsWith("<")) {
    const hex = raw.slice(1, -1).replace(/\s+/g, "");
    const bytes = Buffer.from(hex.length % 2 ? `${hex}0` : hex, "hex");
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString("utf16le");
    return bytes.toString("latin1");
  }
  const body = raw.slice(1, -1);
  const escapes: Record<string, string> = {n: "\n", r: "\r", t: "\t", b: "\b", f: "\f", "(": "(", ")": ")", "\\": "\\"};
  const latin = body.replace(/\\([0-7]{1,3}|[nrtbf()\\]|\r?\n)/g, (_m, e: string) => (/^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : /\n/.test(e) ? "" : escapes[e]!));
  if (latin.startsWith("\u00fe\u00ff")) return Buffer.from(latin.slice(2), "latin1").swap16().toString("utf16le");
  return latin;
}

export interface OutlineItem {
  title: string;
  depth: number;
}

/** The bookmarks of a PDF written without object streams (Chromium's), depth-first, depth 0 for the top level. */
export function readOutline(pdf: Buffer | string): OutlineItem[] {
  const text = typeof pdf === "string" ? pdf : pdf.toString("latin1");
  const objects = new Map<number, string>();
  for (const m of text.matchAll(/(?:^|\s)(\d+) 0 obj\b([\s\S]*?)\bendobj/g)) objects.set(Number(m[1]), m[2]!);
  const ref = (body: string, key: string): number | null => {
    const m = new RegExp(`/${key}\\s+(\\d+)\\s+0\\s+R`).exec(body);
    return m ? Number(m[1]) : null;
  };
  const catalog = [...objects.values()].find((b) => /\/Type\s*\/Catalog\b/.test(b));
  const root = catalog ? ref(catalog, "Outlines") : null;
  if (root === null) return [];
  const items: OutlineItem[] = [];
  const seen = new Set<number>();
  const walk = (first: number | null, depth: number) => {
    for (let id = first; id !== null && !seen.has(id); ) {
      seen.add(id);
      const body = objects.get(id) ?? "";
      const t = /\/Title\s*(\((?:\\[\s\S]|[^\\)])*\)|<[0-9A-Fa-f\s]*>)/.exec(body);
      items.push({title: t ? pdfString(t[1]!) : "", depth});
      walk(ref(body, "First"), depth + 1);
      id = ref(body, "Next");
    }
  };
  walk(ref(objects.get(root) ?? "", "First"), 0);
  return items;
}
