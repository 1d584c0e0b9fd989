/**
 * Offline audit of a built site: the built pages must make no request to any host but the one serving them.
 * Any absolute http(s) URL in dist/ fails the audit, except
 *  - XML namespace identifiers (http://www.w3.org/...), which name a namespace and are never fetched, and
 *  - hyperlinks in HTML pages (<a href="https://...">), which cite a source and load nothing until a reader clicks.
 */
import {readFileSync} from "node:fs";
import {extname, join} from "node:path";
import {listFiles} from "../../loaders/lib/files.ts";

export interface OutsideReference {
  file: string;
  url: string;
}

const TEXT = new Set([".html", ".js", ".css", ".json", ".svg", ".csv", ".txt", ".map", ".mjs"]);
const URL_RE = /\b(?:https?:)?\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?[^\s"'`<>)]*/gi;
const NAMESPACE_HOSTS = new Set(["www.w3.org"]);
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost"]);

/** Removes <a href="..."> hyperlinks (citations) from HTML before scanning. */
function stripHyperlinks(html: string): string {
  return html.replace(/<a\b[^>]*\bhref\s*=\s*"https?:\/\/[^"]*"/gi, "<a");
}

export function findOutsideReferences(dist: string): OutsideReference[] {
  const found: OutsideReference[] = [];
  for (const file of listFiles(dist)) {
    const ext = extname(file);
    if (!TEXT.has(ext)) continue;
    let text = readFileSync(join(dist, file), "utf-8");
    if (ext === ".html") text = stripHyperlinks(text);
    for (const m of text.matchAll(URL_RE)) {
      const whole = m[0];
      const host = (m[1] ?? "").toLowerCase();
      if (!whole.startsWith("http") && !whole.startsWith("//")) continue;
      // "//" alone also matches comments such as `a // b.c`; only count protocol-relative URLs in attributes.
      if (whole.startsWith("//") && !/["'(=]\s*$/.test(text.slice(Math.max(0, (m.index ?? 0) - 2), m.index))) continue;
      if (NAMESPACE_HOSTS.has(host) || LOCAL_HOSTS.has(host)) continue;
      if (/^\d+\.\d+$/.test(host)) continue; // a number such as 1.5, not a host
      found.push({file, url: whole.slice(0, 120)});
    }
  }
  return found;
}
