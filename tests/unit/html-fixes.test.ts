import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {fixBuiltPages, fixPageTemplate} from "../../scripts/lib/html-fixes.ts";

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
  </ol>
</nav>`;
// The pager of the page after the home page, as Framework 1.13.4 writes it (from the built place.html).
const PAGER = `<nav><a rel="prev" href="./"><span>SNA Workbench</span></a><a rel="next" href="./violence-profile"><span>Violence profile</span></a></nav>`;

describe("fixes to Framework's page template", () => {
  const fixed = fixPageTemplate(PAGE);
  it("declares the language", () => expect(fixed).toContain('<html lang="en-GB">'));
  it("lets readers zoom", () => expect(fixed).toContain('content="width=device-width, initial-scale=1"'));
  it("moves the sidebar toggle out of the list", () => {
    expect(fixed).toMatch(/<nav id="observablehq-sidebar">\s*<label id="observablehq-sidebar-close"[^>]*><\/label>\s*<ol>\s*<li/);
  });
  it("changes nothing twice", () => expect(fixPageTemplate(fixed)).toBe(fixed));
  it("asks for a chapter's engine files once, from a deferred script before </head>", () => {
    const whenIdle = {wasm: "./_npm/x/duckdb-eh.wasm", worker: null};
    const withScript = fixPageTemplate(fixPageTemplate(PAGE, {whenIdle}), {whenIdle});
    expect(withScript.match(/data-sna="duckdb-when-idle"/g)).toHaveLength(1);
    expect(withScript).toMatch(/<script defer data-sna="duckdb-when-idle">try\{[^<]*"\.\/_npm\/x\/duckdb-eh\.wasm"[^<]*<\/script>\n<\/head>/);
    // Not a <link rel="prefetch"> in the head: that competed with the chapter's own drawing.
    expect(withScript).not.toMatch(/<link rel="prefetch"/);
    expect(fixPageTemplate(PAGE, {whenIdle: {wasm: null, worker: null}})).not.toContain("duckdb-when-idle");
  });
});

describe("fixes that must apply", () => {
  const site = (pages: Record<string, string>): string => {
    const dir = mkdtempSync(join(tmpdir(), "html-fixes-"));
    for (const [name, html] of Object.entries(pages)) writeFileSync(join(dir, name), html);
    return dir;
  };

  it("names the home page Overview in the pager, not the site's title", () => {
    const dir = site({"index.html": PAGE, "place.html": `${PAGE}\n${PAGER}`});
    try {
      fixBuiltPages(dir);
      const place = readFileSync(join(dir, "place.html"), "utf-8");
      expect(place).toContain('<a rel="prev" href="./"><span>Overview</span></a>');
      expect(place).not.toContain("<span>SNA Workbench</span>");
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it("fails the build, naming the fix and the page, when Framework's template no longer matches", () => {
    const changed = PAGE.replace('content="width=device-width, initial-scale=1, maximum-scale=1"', 'content="width=device-width" data-zoom="off"');
    const dir = site({"index.html": changed.replace("width=device-width", "width=device-width, maximum-scale=2"), "place.html": `${PAGE}\n${PAGER}`});
    try {
      expect(() => fixBuiltPages(dir)).toThrow(/the fix "zoomable viewport" found nothing to change in index\.html/);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it("fails the build when no page has the pager link to the home page", () => {
    const dir = site({"index.html": PAGE, "place.html": `${PAGE}\n${PAGER.replace("SNA Workbench", "Home")}`});
    try {
      expect(() => fixBuiltPages(dir)).toThrow(/the fix "pager names the Overview" found nothing to change in any page/);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
