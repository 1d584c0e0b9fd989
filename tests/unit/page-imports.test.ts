/**
 * What a page imports decides what the reader downloads and runs. Framework gives a page that uses `d3.` without
 * importing it its own npm:d3 (a 280 kB bundle); the charts (components/charts) import d3 from node_modules. A page
 * using the implicit one loaded and ran d3 twice (README "How a chapter opens fast").
 */
import {readdirSync, readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";

const SRC = new URL("../../src/", import.meta.url);
const pages = readdirSync(SRC).filter((f) => f.endsWith(".md")).map((file) => ({file, text: readFileSync(new URL(file, SRC), "utf-8")}));

describe("page imports", () => {
  it("finds the pages (a check over none would pass)", () => {
    expect(pages.length).toBeGreaterThan(15);
    expect(pages.filter((p) => /\bd3\.\w/.test(p.text)).length).toBeGreaterThanOrEqual(6);
  });

  it("every page that uses d3 imports the charts' d3, so that no page runs a second copy", () => {
    for (const {file, text} of pages) {
      if (!/(?<![\w.])d3\.\w/.test(text)) continue;
      expect(text, `${file} uses d3.… : add import * as d3 from "d3"`).toMatch(/^import \* as d3 from "d3";/m);
    }
  });
});
