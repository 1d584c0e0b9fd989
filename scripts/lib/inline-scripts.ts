/**
 * Moves every inline script of a built page into a same-origin file named by its content hash, so the site runs under
 * `script-src 'self'` (no 'unsafe-inline', no per-build hashes): one Content-Security-Policy that a council can paste
 * into nginx or IIS once and that survives every rebuild (scripts/serve.ts, README "Hosting").
 *
 * Framework writes each page's cells as an inline `<script type="module">` and the sidebar's state as an inline
 * classic script; the build adds DuckDB's early worker script (scripts/lib/duckdb-early-start.ts). The file goes beside
 * the page: a module's `import "./_observablehq/…"` resolves against the module's own URL, so beside the page it
 * resolves exactly as it did inline (URLs built at run time use `location` or `document.baseURI`, which do not change).
 * A classic script stays classic and blocking, a module stays a (deferred) module, in the same place and order.
 */
import {createHash} from "node:crypto";

/** Scripts the browser runs: no type, a JavaScript type, or a module. Data blocks (JSON, import maps…) stay inline. */
const RUNNABLE = /^(?:|module|text\/javascript|application\/javascript)$/i;
const SCRIPT = /<script((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*>([\s\S]*?)<\/script>/gi;

export interface MovedScript {
  /** The file's name, beside the page. */
  name: string;
  code: string;
}

export const inlineScriptName = (code: string): string => `_inline.${createHash("sha256").update(code).digest("hex").slice(0, 8)}.js`;

/** The page with its inline scripts replaced by `<script src>` tags, and the files to write beside it. */
export function externaliseScripts(html: string): {html: string; files: MovedScript[]} {
  const files: MovedScript[] = [];
  const out = html.replace(SCRIPT, (tag, attributes: string, code: string) => {
    const type = /\stype="([^"]*)"/i.exec(attributes)?.[1] ?? "";
    if (/\ssrc=/i.test(attributes) || !code.trim() || !RUNNABLE.test(type)) return tag;
    const name = inlineScriptName(code);
    if (!files.some((f) => f.name === name)) files.push({name, code});
    return `<script${attributes} src="./${name}"></script>`;
  });
  return {html: out, files};
}
