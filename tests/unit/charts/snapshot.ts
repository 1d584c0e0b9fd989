/**
 * SVG/HTML snapshot testing in the style of Observable Plot's own test suite: a chart is drawn with jsdom's document,
 * serialised deterministically (one element per line, generated ids renumbered), and compared with the file committed
 * in __snapshots__/. On a difference, the new output is written beside it as <name>-changed.<ext> and the test fails.
 * A missing snapshot is written (and the test passes), except when process.env.CI is set: then it fails.
 */
import path from "node:path";
import {fileURLToPath} from "node:url";
import {JSDOM} from "jsdom";
import {assertGolden} from "../../helpers/golden.ts";

const SNAPSHOT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "__snapshots__");
const SVG_NS = "http://www.w3.org/2000/svg";
const VOID_HTML = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

/** A fresh jsdom document for one chart. */
export function newDocument(): Document {
  return new JSDOM("<!DOCTYPE html><html><head></head><body></body></html>").window.document;
}

const escapeText = (s: string): string => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
const escapeAttr = (s: string): string => escapeText(s).replaceAll('"', "&quot;");

/** Pretty-prints an element: one element per line, text kept inline, attributes in document order. */
export function serialize(node: Element, indent = ""): string {
  const tag = node.localName; // "div" for HTML, case kept for SVG ("clipPath")
  const attrs = [...node.attributes].map((a) => ` ${a.name}="${escapeAttr(a.value)}"`).join("");
  const children = [...node.childNodes].filter((c) => c.nodeType === 1 || (c.nodeType === 3 && c.textContent !== ""));
  if (children.length === 0) {
    if (node.namespaceURI === SVG_NS) return `${indent}<${tag}${attrs}/>`;
    return VOID_HTML.has(tag) ? `${indent}<${tag}${attrs}>` : `${indent}<${tag}${attrs}></${tag}>`;
  }
  if (children.every((c) => c.nodeType === 3)) return `${indent}<${tag}${attrs}>${escapeText(node.textContent ?? "")}</${tag}>`;
  const inner = children.map((c) => (c.nodeType === 3 ? `${indent}  ${escapeText(c.textContent ?? "")}` : serialize(c as Element, `${indent}  `)));
  return `${indent}<${tag}${attrs}>\n${inner.join("\n")}\n${indent}</${tag}>`;
}

/** Renumbers Plot's process-wide generated ids (plot-clip-7, plot-marker-3…) in order of appearance. */
export function reindexIds(text: string): string {
  const maps = new Map<string, Map<string, number>>();
  return text.replace(/\bplot-(clip|marker|pattern)-(\d+)\b/g, (_, kind: string, n: string) => {
    let m = maps.get(kind);
    if (!m) maps.set(kind, (m = new Map()));
    if (!m.has(n)) m.set(n, m.size + 1);
    return `plot-${kind}-${m.get(n)}`;
  });
}


/** Serialises a chart root (svg or HTML element) to the text stored in a snapshot. */
export function snapshotText(root: Element): string {
  if (root.namespaceURI === SVG_NS) root.setAttribute("xmlns", SVG_NS);
  return reindexIds(serialize(root)) + "\n";
}

/** Compares a chart with __snapshots__/<name>.svg|html; see the file comment for what happens on a difference. */
export async function assertSnapshot(name: string, root: Element): Promise<void> {
  const ext = root.namespaceURI === SVG_NS ? "svg" : "html";
  await assertGolden(path.join(SNAPSHOT_DIR, `${name}.${ext}`), snapshotText(root));
}
