import {describe, expect, it} from "vitest";
import {externaliseScripts, inlineScriptName} from "../../scripts/lib/inline-scripts.ts";
import {duckdbWorkerScript} from "../../scripts/lib/duckdb-early-start.ts";

// A built page's scripts as Observable Framework 1.13.4 writes them, plus the build's DuckDB head script.
const MODULE = `\nimport {define} from "./_observablehq/client.48a4289e.js";\ndefine({id: "f34dde43", body: () => 1});\n`;
const SIDEBAR = `{const e=document.querySelector("#observablehq-sidebar");}`;
const PAGE = `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
${duckdbWorkerScript("./_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-browser-eh.worker.4fc45517.js")}
<link rel="modulepreload" href="./_observablehq/client.48a4289e.js">
<script type="module">${MODULE}</script>
<script type="application/json" id="data">{"a": 1}</script>
<script type="module" src="./_observablehq/search.js"></script>
</head>
<body>
<nav id="observablehq-sidebar"></nav>
<script>${SIDEBAR}</script>
</body>
</html>`;

describe("moving inline scripts into same-origin files (for script-src 'self')", () => {
  const {html, files} = externaliseScripts(PAGE);

  it("leaves no runnable inline script", () => {
    for (const m of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
      if (!/type="application\/json"/.test(m[1]!)) expect(m[2]).toBe("");
    }
    expect(html).toContain('<script type="application/json" id="data">{"a": 1}</script>');
    expect(html).toContain('<script type="module" src="./_observablehq/search.js"></script>');
  });

  it("writes each script's code unchanged to a file named by its hash, referenced beside the page, in place", () => {
    expect(files.map((f) => f.code)).toContain(MODULE);
    expect(files.map((f) => f.code)).toContain(SIDEBAR);
    expect(files).toHaveLength(3);
    for (const f of files) expect(f.name).toBe(inlineScriptName(f.code));
    expect(html).toContain(`<script type="module" src="./${inlineScriptName(MODULE)}"></script>`);
    expect(html).toContain(`<nav id="observablehq-sidebar"></nav>\n<script src="./${inlineScriptName(SIDEBAR)}"></script>`);
    // The DuckDB script keeps its marker (so it is not added twice) and its place at the top of the head.
    expect(html).toMatch(/<meta charset="utf-8">\n<script data-sna="duckdb-worker" src="\.\/_inline\.[0-9a-f]{8}\.js"><\/script>/);
  });

  it("names files by content (hashed names are cached for good), and changes nothing twice", () => {
    expect(inlineScriptName("a")).toMatch(/^_inline\.[0-9a-f]{8}\.js$/);
    expect(inlineScriptName("a")).not.toBe(inlineScriptName("b"));
    expect(externaliseScripts(html)).toEqual({html, files: []});
  });
});
