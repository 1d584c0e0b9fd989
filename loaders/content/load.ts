/**
 * The analyst's own words: content/<area code>/<chapter>.md, one Markdown file per chapter, split into slots by the
 * headings `## Introduction`, `## Interpretation` and `## Implications`. References to prepared tables ({{…}}, see
 * ./references.ts) are filled from the prepared folder, the text is checked for personal data with the disclosure
 * audit's own detector, and each slot is rendered to HTML (markdown-it, raw HTML refused) into content.json, which
 * the chapter pages show beside the generated findings (components/content/slot.ts).
 */
import {existsSync, readdirSync, readFileSync} from "node:fs";
import {join, relative} from "node:path";
import MarkdownIt from "markdown-it";
import {TABLES, type TableDef} from "../../components/tables/registry.ts";
import {parseTable} from "../../components/tables/parse.ts";
import {PERSONAL_DATA_LABEL} from "../partners/personal-data.ts";
import {TextChecker} from "../../scripts/lib/disclosure-text.ts";
import {parseCsv} from "../lib/csv.ts";
import {writeJson} from "../prepare/write-outputs.ts";
import {closeMatches, fillReferences, ReferenceError, type RefTable, type RefTables} from "./references.ts";

/** The chapters that show slots: a page path (src/<chapter>.md) and where its slots are placed. */
export const CHAPTERS = ["index", "violence-profile", "place", "success-measures", "methods", "risk-factors", "benchmarking", "partner-data", "recommendations", "service-mapping", "community-voice"] as const;
export type Chapter = (typeof CHAPTERS)[number];
/** "themes" (what people said, with short quotes) is a slot of community-voice.md only. */
export const SLOTS = ["introduction", "interpretation", "implications", "themes"] as const;
const THEMES_CHAPTER: Chapter = "community-voice";
export type SlotName = (typeof SLOTS)[number];

export interface SlotContent {
  readonly html: string;
  /** EXAMPLE narrative (front matter `example: true`): labelled on the page, left out when showExamples is false. */
  readonly example: boolean;
}
export type ContentDocument = {chapters: Partial<Record<Chapter, Partial<Record<SlotName, SlotContent>>>>};

/** A content file that cannot be used; the message names the file and line and says how to fix it. */
export class ContentError extends Error {}

/** Tables that text may refer to: every CSV and JSON document of the registry (not Arrow, not content itself). */
export function preparedTables(preparedDir: string): RefTables {
  const usable = Object.values(TABLES as Record<string, TableDef>).filter((t) => t.format !== "arrow" && t.name !== "content");
  const cache = new Map<string, RefTable>();
  return {
    names: () => usable.map((t) => t.name),
    get(name) {
      const table = usable.find((t) => t.name === name);
      if (!table) return undefined;
      let value = cache.get(name);
      if (!value) {
        const text = readFileSync(join(preparedDir, table.file), "utf-8");
        if (table.format === "json") value = {kind: "json", value: JSON.parse(text) as unknown};
        else {
          const {columns, rows} = parseCsv(text);
          value = {kind: "rows", rows: parseTable(table, Object.assign(rows, {columns})) as Record<string, unknown>[], columns: table.columns ?? {}};
        }
        cache.set(name, value);
      }
      return value;
    }
  };
}

interface Section {
  slot: SlotName;
  /** 1-based line of the first line of the body. */
  line: number;
  body: string;
}

/** The title of a "## " heading (closing #s dropped), as [line, title]; trimmed by hand, not by a backtracking pattern. */
function slotHeading(line: string): [string, string] | null {
  if (!/^##[ \t]/.test(line)) return null;
  let title = line.slice(3).trimEnd();
  while (title.endsWith("#")) title = title.slice(0, -1);
  title = title.trim();
  return title ? [line, title] : null;
}

/** Splits a file into its front matter (only `example: true|false`) and slots. */
export function splitContent(text: string, file: string): {example: boolean; sections: Section[]} {
  const lines = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
  let example = false;
  let start = 0;
  if (lines[0]?.trim() === "---") {
    const end = lines.indexOf("---", 1);
    if (end === -1) throw new ContentError(`${file}, line 1: front matter opened with "---" is not closed by a line "---"`);
    for (let k = 1; k < end; k++) {
      const line = lines[k]!.trim();
      if (!line || line.startsWith("#")) continue;
      const m = /^example:\s*(true|false)$/.exec(line);
      if (!m) throw new ContentError(`${file}, line ${k + 1}: the only front matter is "example: true" (EXAMPLE narrative) or "example: false"`);
      example = m[1] === "true";
    }
    start = end + 1;
  }
  const sections: Section[] = [];
  type Open = {slot: SlotName; line: number; lines: string[]};
  // Cast: assigned in the loop and read in flush(), which TypeScript's narrowing of `null` does not follow.
  let current = null as Open | null;
  const flush = () => current && sections.push({slot: current.slot, line: current.line, body: current.lines.join("\n")});
  for (let k = start; k < lines.length; k++) {
    const line = lines[k]!;
    const heading = slotHeading(line);
    if (heading) {
      const name = heading[1]!.toLowerCase();
      const slot = SLOTS.find((s) => s === name);
      if (!slot) {
        const close = closeMatches(name, SLOTS);
        throw new ContentError(`${file}, line ${k + 1}: "## ${heading[1]}" is not a slot; the slots are ## Introduction, ## Interpretation and ## Implications (and ## Themes in community-voice.md)${close.length ? ` (did you mean ${close.join(" or ")}?)` : ""}. Use ### for headings inside a slot.`);
      }
      if (sections.some((s) => s.slot === slot) || current?.slot === slot) throw new ContentError(`${file}, line ${k + 1}: ## ${heading[1]} appears twice; write each slot once`);
      flush();
      current = {slot, line: k + 2, lines: []};
    } else if (current) current.lines.push(line);
    else if (line.trim()) throw new ContentError(`${file}, line ${k + 1}: text before the first slot heading; start with ## Introduction, ## Interpretation or ## Implications`);
  }
  flush();
  return {example, sections};
}

// Raw HTML is written as text (html: false), and links only to http(s), relative pages and anchors (markdown-it's
// default validateLink already refuses javascript:, vbscript:, file: and most data: URLs).
const markdown = new MarkdownIt({html: false, linkify: false, typographer: false});

/**
 * The personal-data check of the disclosure audit over every line as it will be published (references filled) and
 * over each rendered slot as the audit reads content.json. Says what kind of data was found, never the value.
 */
function checkPersonalData(checker: TextChecker, text: string, origin: {file: string; line: number}): void {
  text.split("\n").forEach((line, k) => {
    const kind = checker.check(line);
    if (kind) throw new ContentError(`${origin.file}, line ${origin.line + k}: this line looks like it holds ${PERSONAL_DATA_LABEL[kind]}; no personal data may be published. Rewrite it (describe, do not identify), then rebuild.`);
  });
}

/**
 * Reads content/<areaCode>/*.md (there may be none) and returns the filled, checked and rendered slots. With
 * showExamples false, files marked `example: true` are left out entirely (their references are not even resolved).
 */
export function loadContent(contentRoot: string, areaCode: string, tables: RefTables, options: {showExamples: boolean; projectRoot: string; allow?: readonly string[]; notes?: string[]}): ContentDocument {
  const dir = join(contentRoot, areaCode);
  const doc: ContentDocument = {chapters: {}};
  if (!existsSync(dir)) return doc;
  const checker = new TextChecker(new Set(options.allow ?? []));
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const file = relative(options.projectRoot, path);
    if (!name.endsWith(".md")) {
      if (name.startsWith(".") || /^readme/i.test(name)) continue;
      throw new ContentError(`${file}: only Markdown chapter files (<chapter>.md) belong in ${relative(options.projectRoot, dir)}; move or remove it`);
    }
    const chapter = CHAPTERS.find((c) => `${c}.md` === name);
    if (!chapter) {
      const close = closeMatches(name.slice(0, -3), CHAPTERS);
      throw new ContentError(`${file}: "${name.slice(0, -3)}" is not a chapter with slots${close.length ? `; did you mean ${close.map((c) => `${c}.md`).join(" or ")}?` : ""} Chapters: ${CHAPTERS.map((c) => `${c}.md`).join(", ")}.`);
    }
    const {example, sections} = splitContent(readFileSync(path, "utf-8"), file);
    if (example && !options.showExamples) continue;
    const themes = sections.find((s) => s.slot === "themes");
    if (themes && chapter !== THEMES_CHAPTER) throw new ContentError(`${file}, line ${themes.line - 1}: ## Themes is a slot of ${THEMES_CHAPTER}.md only (what people said, with short quotes); use ## Interpretation here`);
    const slots: Partial<Record<SlotName, SlotContent>> = {};
    for (const s of sections) {
      if (!s.body.trim()) continue;
      // Personal data is looked for in the words as written first, so a value is never echoed by a reference error.
      checkPersonalData(checker, s.body, {file, line: s.line});
      let filled: string;
      try {
        filled = fillReferences(s.body, {file, line: s.line}, tables, options.notes);
      } catch (e) {
        throw e instanceof ReferenceError ? new ContentError(`${e.message}\nReferences are written {{table.column}} or {{table[column=value].column}}; the tables are in components/tables/registry.ts.`) : e;
      }
      checkPersonalData(checker, filled, {file, line: s.line});
      const html = markdown.render(filled);
      if (checker.check(html)) throw new ContentError(`${file}, ## ${s.slot[0]!.toUpperCase()}${s.slot.slice(1)}: the rendered text looks like it holds personal data; rewrite it, then rebuild.`);
      slots[s.slot] = {html, example};
    }
    if (Object.keys(slots).length) doc.chapters[chapter] = slots;
  }
  return doc;
}

/**
 * The prepare step's part: content.json in the prepared folder, from content/<area code>/. Runs last, after every
 * other table is written, because the text refers to them.
 */
export function writeContent(config: {area: {code: string}; content: {showExamples: boolean}}, outDir: string, projectRoot: string, contentRoot = join(projectRoot, "content")): void {
  const notes: string[] = [];
  const doc = loadContent(contentRoot, config.area.code, preparedTables(outDir), {showExamples: config.content.showExamples, projectRoot, notes});
  // Text reading a table this build has no rows for (e.g. no service register): not an error, but the analyst should know.
  for (const note of notes) console.error(`content: ${note}`);
  writeJson(join(outDir, TABLES.content.file), doc);
}
