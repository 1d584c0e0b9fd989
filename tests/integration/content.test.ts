/**
 * The analyst's words on the real prepared tables: the prepare step fills Plymouth's EXAMPLE narrative
 * (content/E06000026/) with the figures checked by hand (13,072 offences, 49.4 per 1,000; see prepare.test.ts), refuses
 * personal data and unknown references naming the file and line, and leaves EXAMPLE text out when showExamples is off.
 */
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {loadConfig} from "../../loaders/config/load-config.ts";
import {prepare} from "../../loaders/prepare/prepare.ts";
import {ContentError, loadContent, preparedTables, writeContent, type ContentDocument} from "../../loaders/content/load.ts";

const ROOT = resolve(import.meta.dirname, "../..");
let base: string;
let out: string;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), "sna-content-"));
  out = join(base, "plymouth");
  mkdirSync(out);
  await prepare(await loadConfig(join(ROOT, "sna.config.ts")), out);
}, 300_000);
afterAll(() => rmSync(base, {recursive: true, force: true}));

/** A content folder holding one file for Plymouth; returns its root. */
function contentRoot(name: string, text: string): string {
  const root = join(base, `content-${name}`);
  mkdirSync(join(root, "E06000026"), {recursive: true});
  writeFileSync(join(root, "E06000026", name), text);
  return root;
}
const load = (root: string, showExamples = true) => loadContent(root, "E06000026", preparedTables(out), {showExamples, projectRoot: base});
const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ContentError);
    return (e as Error).message;
  }
  throw new Error("expected a ContentError");
};
const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim();

describe("Plymouth's EXAMPLE narrative", () => {
  it("is written into the prepared folder with the real figures filled in", () => {
    const doc = JSON.parse(readFileSync(join(out, "content.json"), "utf-8")) as ContentDocument;
    const intro = doc.chapters.index?.introduction;
    expect(intro?.example).toBe(true);
    expect(text(intro!.html)).toContain("13,072 serious violence offences were recorded among 264,723 residents: 49.4 per 1,000 residents (95% CI 48.5 to 50.2)");
    expect(text(intro!.html)).not.toMatch(/\{\{|\}\}/);
    const profile = text(doc.chapters["violence-profile"]!.interpretation!.html);
    expect(profile).toContain("Plymouth 027E in St Peter and the Waterfront ward, recorded 752 offences");
    expect(profile).toContain("93.7 per 1,000 in the most deprived tenth");
    // Every chapter file of Plymouth's folder is placed, and only those.
    const files = readdirSync(join(ROOT, "content/E06000026")).filter((f) => f.endsWith(".md")).map((f) => f.slice(0, -3)).sort();
    expect(files).toEqual(expect.arrayContaining(["index", "success-measures", "violence-profile", "recommendations"]));
    expect(Object.keys(doc.chapters).sort()).toEqual(files);
    for (const slots of Object.values(doc.chapters)) for (const s of Object.values(slots!)) expect(s!.example).toBe(true);
  });

  it("is left out entirely when content.showExamples is false", () => {
    writeContent({area: {code: "E06000026"}, content: {showExamples: false}}, out, ROOT);
    const doc = JSON.parse(readFileSync(join(out, "content.json"), "utf-8")) as ContentDocument;
    expect(doc).toEqual({chapters: {}});
    // Put back what the prepare step wrote, for the other tests.
    writeContent({area: {code: "E06000026"}, content: {showExamples: true}}, out, ROOT);
  });

  it("keeps the analyst's own (non-EXAMPLE) text when EXAMPLE text is hidden", () => {
    const root = contentRoot("index.md", "## Interpretation\nSerious violence: {{partnership.headline.count}} offences.\n");
    expect(load(root, false).chapters.index?.interpretation).toEqual({html: "<p>Serious violence: 13,072 offences.</p>\n", example: false});
  });

  it("writes a suppressed partner cell as \"suppressed\", never a number", () => {
    const rows = preparedTables(out).get("partner_records");
    const cell = rows?.kind === "rows" ? rows.rows.find((r) => r.suppressed === true && r.dataset === "ae-assault") : undefined;
    expect(cell, "the EXAMPLE A&E extract has a suppressed cell").toBeDefined();
    const root = contentRoot("success-measures.md", `## Introduction\nGlass or bottle: {{partner_records[dataset=ae-assault,table=${String(cell!.table)},row=${String(cell!.row)}].count}}.\n`);
    expect(text(load(root).chapters["success-measures"]!.introduction!.html)).toBe("Glass or bottle: suppressed.");
  });
});

describe("refused content", () => {
  it("an unknown reference fails naming the file and line, with close matches", () => {
    const root = contentRoot("index.md", "---\nexample: false\n---\n\n## Introduction\n\nThe busiest ward:\n{{lsoa_violance[rank=1].ward_name}}.\n");
    expect(errorOf(() => load(root))).toContain('content-index.md/E06000026/index.md, line 8: {{lsoa_violance[rank=1].ward_name}}: no table "lsoa_violance"; did you mean lsoa_violence?');
  });

  it("a person's name is refused naming the file and line, without the name", () => {
    const root = contentRoot("violence-profile.md", "## Introduction\nViolence is concentrated in the city centre.\n\n## Implications\nWe asked youth workers what helps.\nSarah Wilson from the youth club told us about knives.\n");
    const message = errorOf(() => load(root));
    expect(message).toMatch(/violence-profile.md, line 6: this line looks like it holds people's names/);
    expect(message).not.toContain("Sarah");
    expect(message).not.toContain("Wilson");
  });

  it("a postcode and a phone number are refused too", () => {
    expect(errorOf(() => load(contentRoot("index.md", "## Introduction\nThe hub at PL4 8AA is open daily.\n")))).toMatch(/line 2: .*full postcodes/);
    expect(errorOf(() => load(contentRoot("index.md", "## Introduction\nCall 07700 900123 for help.\n")))).toMatch(/line 2: .*phone numbers/);
  });

  it("raw HTML is shown as text, never as markup", () => {
    const html = load(contentRoot("index.md", "## Introduction\n<script>alert(1)</script> and <b>bold</b>\n")).chapters.index!.introduction!.html;
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
  });

  it("a file for a chapter with no slots is refused with the chapters that have them", () => {
    expect(errorOf(() => load(contentRoot("violence.md", "## Introduction\nText.\n")))).toMatch(/"violence" is not a chapter with slots; did you mean violence-profile.md\?/);
  });
});
