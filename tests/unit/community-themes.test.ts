/**
 * Themes and short quotes (guidance 5.4) in content/<area code>/community-voice.md: the `## Themes` slot of the
 * content mechanism (loaders/content/load.ts, components/content/slot.ts). The shipped Plymouth file is an EXAMPLE
 * whose references resolve against the tables the prepare step makes from the shipped consultation log and the
 * EXAMPLE survey (real partner pipeline); a quote with a name or a phone number fails naming the file and line and
 * never the value; ## Themes belongs to community-voice.md only.
 */
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {JSDOM} from "jsdom";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {slot} from "../../components/content/slot.ts";
import {TABLES} from "../../components/tables/registry.ts";
import {ContentError, loadContent} from "../../loaders/content/load.ts";
import type {RefTables} from "../../loaders/content/references.ts";
import {consultationRows, readConsultationLog} from "../../loaders/community/consultation-log.ts";
import {communitySurveyRows, readPartnerRecords} from "../../loaders/community/survey.ts";
import {loadPartnerData} from "../../loaders/partners/load.ts";

const ROOT = join(import.meta.dirname, "../..");
const AREA = "E06000026";
let work: string;
let tables: RefTables;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "sna-themes-"));
  // The tables as the prepare step makes them for Plymouth: the shipped log and the EXAMPLE survey through the partner pipeline.
  await loadPartnerData(join(ROOT, "data/partners"), join(work, "partners"), {smallNumberThreshold: 5}, {examples: "auto", exampleArea: AREA, log: () => undefined});
  const data: Record<string, Record<string, unknown>[]> = {
    consultation_log: consultationRows(readConsultationLog().entries, {showExamples: true, areaCode: AREA}),
    community_survey: communitySurveyRows(readPartnerRecords(join(work, "partners/partner-records.csv")), {threshold: 5, showExamples: true})
  };
  tables = {
    get: (name) => (data[name] ? {kind: "rows", rows: data[name], columns: TABLES[name as "consultation_log" | "community_survey"].columns} : undefined),
    names: () => Object.keys(data)
  };
}, 60_000);
afterAll(() => rmSync(work, {recursive: true, force: true}));

/** Content files written to a temporary content root, loaded as the build loads them. */
function render(files: Record<string, string>, showExamples = true) {
  const root = mkdtempSync(join(tmpdir(), "sna-themes-content-"));
  try {
    mkdirSync(join(root, AREA));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, AREA, name), text);
    return loadContent(root, AREA, tables, {showExamples, projectRoot: root});
  } finally {
    rmSync(root, {recursive: true, force: true});
  }
}
function refusal(files: Record<string, string>): string {
  try {
    render(files);
  } catch (e) {
    expect(e).toBeInstanceOf(ContentError);
    return (e as Error).message;
  }
  throw new Error("the content was accepted");
}

const THEMES = `## Themes

### Feeling unsafe after dark

> "I don't walk back through the park after dark any more."
> (resident, neighbourhood forum)
`;

describe("the shipped Plymouth themes", () => {
  it("are an EXAMPLE whose references resolve and whose every line passes the personal-data check", () => {
    const doc = render({"community-voice.md": readFileSync(join(ROOT, "content", AREA, "community-voice.md"), "utf-8")});
    const chapter = doc.chapters["community-voice"]!;
    expect(chapter.themes!.example).toBe(true);
    expect(chapter.themes!.html).toContain("<h3>Feeling unsafe after dark</h3>");
    expect(chapter.themes!.html).toMatch(/<blockquote>\n<p>&quot;I don't walk back through the park after dark any more\.&quot;\n\(resident, neighbourhood forum\)<\/p>\n<\/blockquote>/);
    // The survey share is filled from the EXAMPLE survey: a percentage, never a reference left in the text.
    expect(chapter.themes!.html).toMatch(/<p>\d+%\nof survey respondents feel very unsafe/);
    expect(chapter.introduction!.html).toMatch(/heard from [\d,]+ people in 6 activities/);
    expect(JSON.stringify(chapter)).not.toContain("{{");
  });
  it("are left out when content.showExamples is false", () => {
    expect(render({"community-voice.md": readFileSync(join(ROOT, "content", AREA, "community-voice.md"), "utf-8")}, false).chapters).toEqual({});
  });
});

describe("the Themes slot", () => {
  it("renders quotes as block quotes under its own heading, labelled EXAMPLE in an example file", () => {
    const doc = render({"community-voice.md": `---\nexample: true\n---\n${THEMES}`});
    const section = slot(doc as never, "community-voice", "themes", new JSDOM("").window.document) as HTMLElement;
    expect(section.querySelector("h2")!.textContent).toBe("Themes from what people said");
    expect(section.querySelector(".sna-slot__label")!.textContent).toContain("EXAMPLE narrative.");
    expect(section.querySelector("blockquote")!.textContent).toContain("I don't walk back through the park after dark any more.");
  });

  it("refuses a quote naming a person, with the file and line, never the name", () => {
    const message = refusal({"community-voice.md": `${THEMES}\n> "My neighbour Sarah Johnson was stabbed outside the shop."\n`});
    expect(message).toBe(`E06000026/community-voice.md, line 8: this line looks like it holds people's names; no personal data may be published. Rewrite it (describe, do not identify), then rebuild.`);
    expect(message).not.toContain("Johnson");
  });

  it("refuses a quote with a phone number, with the file and line, never the number", () => {
    const message = refusal({"community-voice.md": `${THEMES}\n> "Ring me on 07700 900461 if it kicks off again."\n`});
    expect(message).toBe(`E06000026/community-voice.md, line 8: this line looks like it holds phone numbers; no personal data may be published. Rewrite it (describe, do not identify), then rebuild.`);
    expect(message).not.toContain("900461");
  });

  it("refuses an email address in an attribution", () => {
    expect(refusal({"community-voice.md": `${THEMES}> (youth.worker@example.org)\n`})).toMatch(/^E06000026\/community-voice\.md, line 7: this line looks like it holds email addresses/);
  });

  it("belongs to community-voice.md only", () => {
    expect(refusal({"violence-profile.md": `## Interpretation\nWords.\n\n${THEMES}`})).toBe("E06000026/violence-profile.md, line 4: ## Themes is a slot of community-voice.md only (what people said, with short quotes); use ## Interpretation here");
  });
});
