/**
 * A published build (content.showExamples false) of Plymouth, whose repository holds EXAMPLE narrative, registers and
 * partner extracts: the prepare step writes no EXAMPLE text and no row marked as an example into any prepared file,
 * and every chapter that drew on examples has an empty table to say "not in this build" from.
 */
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {csvParse} from "d3-dsv";
import {loadConfig} from "../../loaders/config/load-config.ts";
import {prepare} from "../../loaders/prepare/prepare.ts";
import {listFiles} from "../../loaders/lib/files.ts";
import {TABLES} from "../../components/tables/registry.ts";

const ROOT = resolve(import.meta.dirname, "../..");
let out: string;
let files: string[];

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "sna-published-"));
  const config = await loadConfig(join(ROOT, "sna.config.ts"));
  await prepare({...config, content: {showExamples: false}}, out);
  files = listFiles(out).filter((f) => /\.(csv|json)$/.test(f));
}, 300_000);
afterAll(() => rmSync(out, {recursive: true, force: true}));

const rows = (table: keyof typeof TABLES) => csvParse(readFileSync(join(out, TABLES[table].file), "utf-8"));

describe("Plymouth prepared with content.showExamples false", () => {
  it("no prepared file holds the word EXAMPLE or a value marked as an example", () => {
    expect(files.length).toBeGreaterThan(30);
    for (const f of files) {
      let text = readFileSync(join(out, f), "utf-8");
      // The previous edition's note is what its maker wrote about it (the shipped one says what it left out).
      if (f === TABLES.what_changed.file) text = JSON.stringify({...JSON.parse(text), previous: {...JSON.parse(text).previous, note: null}});
      const at = text.indexOf("EXAMPLE");
      expect(at, `${f} holds EXAMPLE: …${text.slice(Math.max(0, at - 200), at + 100)}…`).toBe(-1);
      expect(/"example":\s*true/.test(text), `${f} holds "example": true`).toBe(false);
      if (f.endsWith(".csv")) {
        const parsed = csvParse(text);
        if (parsed.columns.includes("example")) expect(parsed.filter((r) => r.example === "true").length, `${f}: rows marked as examples`).toBe(0);
      }
    }
  });

  it("leaves out the EXAMPLE narrative, recommendations, consultation log, survey, services and partner extracts", () => {
    expect(JSON.parse(readFileSync(join(out, TABLES.content.file), "utf-8"))).toEqual({chapters: {}});
    expect(rows("recommendations")).toHaveLength(0);
    expect(rows("consultation_log")).toHaveLength(0);
    expect(rows("community_survey")).toHaveLength(0);
    expect(rows("services")).toHaveLength(0);
    expect(rows("partner_records")).toHaveLength(0);
  });

  it("keeps the evidence entries whose ratings cite their source, and only those", () => {
    const register = csvParse(readFileSync(join(ROOT, "data/registers/evidence.csv"), "utf-8"));
    const cited = register.filter((r) => r.example === "false").map((r) => r.id);
    expect(cited.length).toBeGreaterThan(0);
    expect(rows("evidence").map((r) => r.id)).toEqual(cited);
  });
});
