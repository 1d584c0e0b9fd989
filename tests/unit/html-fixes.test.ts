import {describe, expect, it} from "vitest";
import {fixPageTemplate} from "../../scripts/lib/html-fixes.ts";

// The head and sidebar exactly as Observable Framework 1.13.4 writes them (from a built page).
const PAGE = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">
</head>
<body>
<nav id="observablehq-sidebar">
  <ol>
    <label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"></label>
    <li class="observablehq-link observablehq-link-active"><a href="./">SNA Workbench</a></li>
  </ol>`;

describe("fixes to Framework's page template", () => {
  const fixed = fixPageTemplate(PAGE);
  it("declares the language", () => expect(fixed).toContain('<html lang="en-GB">'));
  it("lets readers zoom", () => expect(fixed).toContain('content="width=device-width, initial-scale=1"'));
  it("moves the sidebar toggle out of the list", () => {
    expect(fixed).toMatch(/<nav id="observablehq-sidebar">\s*<label id="observablehq-sidebar-close"[^>]*><\/label>\s*<ol>\s*<li/);
  });
  it("changes nothing twice", () => expect(fixPageTemplate(fixed)).toBe(fixed));
  it("prefetches the given files once, before </head>", () => {
    const withPrefetch = fixPageTemplate(fixPageTemplate(PAGE, {prefetch: ["./_npm/x/duckdb-eh.wasm"]}), {prefetch: ["./_npm/x/duckdb-eh.wasm"]});
    expect(withPrefetch.match(/rel="prefetch"/g)).toHaveLength(1);
    expect(withPrefetch).toMatch(/<link rel="prefetch" href="\.\/_npm\/x\/duckdb-eh\.wasm" crossorigin="anonymous">\n<\/head>/);
  });
});
