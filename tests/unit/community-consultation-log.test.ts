/**
 * The consultation log (loaders/community/consultation-log.ts, guidance 5.4): the shipped log is valid and all
 * EXAMPLE, each kind of bad cell is refused naming the file, line and column (and never the personal value), every
 * problem of a file is listed at once, and the prepared rows keep the configured area's rows and drop EXAMPLE rows
 * when content.showExamples is false.
 */
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {CONSULTATION_COLUMNS, ConsultationLogError, consultationRows, parseConsultationLog, readConsultationLog} from "../../loaders/community/consultation-log.ts";
import {logSummary} from "../../components/community/summary.ts";
import {columnNames, TABLES} from "../../components/tables/registry.ts";
import {rowSchema} from "../../loaders/prepare/table-schema.ts";

const NAME = "data/registers/consultation-log.csv";
const HEADER = CONSULTATION_COLUMNS.join(",");
const GOOD: Record<string, string> = {
  area: "E06000026",
  id: "youth-forum",
  activity: "Youth forum workshop on feeling safe",
  group_heard: "Young people aged 13-18 on the youth council",
  method: "workshop",
  start: "2025-03-12",
  end: "",
  participants: "18",
  partner: "Plymouth City Council",
  reach_notes: "Members of the youth council only.",
  example: "false"
};
const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const line = (over: Record<string, string> = {}) => CONSULTATION_COLUMNS.map((c) => quote(over[c] ?? GOOD[c] ?? "")).join(",");
const file = (...lines: string[]) => `${HEADER}\n${lines.join("\n")}\n`;

function refusal(text: string): string {
  try {
    parseConsultationLog(text, NAME);
  } catch (e) {
    expect(e).toBeInstanceOf(ConsultationLogError);
    return (e as Error).message;
  }
  throw new Error("the log was accepted");
}

describe("the shipped log", () => {
  const {file: name, entries} = readConsultationLog();
  it("is valid: six EXAMPLE activities of the default partnership, each with a group (never a person) and a partner", () => {
    expect(name).toBe(NAME);
    expect(entries).toHaveLength(6);
    expect(entries.every((e) => e.example && e.area === "E06000026")).toBe(true);
    expect(new Set(entries.map((e) => e.method))).toEqual(new Set(["workshop", "survey", "focus group", "interviews"]));
  });
  it("gives prepared rows that match the registry's columns, for the configured area only, EXAMPLE rows dropped when showExamples is false", () => {
    const rows = consultationRows(entries, {showExamples: true, areaCode: "E06000026"});
    expect(rows).toHaveLength(6);
    for (const r of rows) {
      expect(Object.keys(r)).toEqual(columnNames(TABLES.consultation_log));
      expect(rowSchema(TABLES.consultation_log).safeParse(r).success).toBe(true);
    }
    expect(consultationRows(entries, {showExamples: true, areaCode: "E10000030"})).toEqual([]);
    expect(consultationRows(entries, {showExamples: false, areaCode: "E06000026"})).toEqual([]);
  });
  it("sums to the chapter's summary: activities, people heard, groups reached and partners", () => {
    const s = logSummary(consultationRows(entries, {showExamples: true, areaCode: "E06000026"}));
    expect(s).toEqual({activities: 6, people: 18 + 1122 + 11 + 14 + 23 + 46, uncounted: 0, groups: 6, partners: 4, examples: 6});
  });
  it("a missing file is no log, not an error", () => {
    expect(readConsultationLog(join(tmpdir(), "no-such-consultation-log.csv"))).toEqual({file: null, entries: []});
  });
});

describe("a good file", () => {
  it("is read with typed fields: a month or a day, an optional end, participants a number or not recorded", () => {
    const entries = parseConsultationLog(file(line(), line({id: "survey", method: "Survey", start: "2025-04", end: "2025-06", participants: "1,122", example: "true"}), line({id: "online", method: "online", participants: ""})), NAME);
    expect(entries.map((e) => [e.id, e.method, e.start, e.end, e.participants, e.example])).toEqual([
      ["youth-forum", "workshop", "2025-03-12", "", 18, false],
      ["survey", "survey", "2025-04", "2025-06", 1122, true],
      ["online", "online", "2025-03-12", "", null, false]
    ]);
    expect(logSummary(consultationRows(entries, {showExamples: true, areaCode: "E06000026"}))).toMatchObject({activities: 3, people: 1140, uncounted: 1, groups: 1, partners: 1});
  });
  it("reads a file saved from Excel (byte-order mark, CRLF line ends)", () => {
    expect(parseConsultationLog(`\uFEFF${file(line()).replaceAll("\n", "\r\n")}`, NAME)).toHaveLength(1);
  });
});

describe("each kind of bad cell names the file, line and column", () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ["area", {area: "Plymouth"}, /line 2, column "area": must be the ONS code of the partnership's area/],
    ["id", {id: "Youth Forum"}, /line 2, column "id": must be a short id/],
    ["empty activity", {activity: " "}, /line 2, column "activity": is empty; give what the activity was/],
    ["long activity", {activity: "A workshop ".repeat(8)}, /line 2, column "activity": is longer than 15 words/],
    ["method", {method: "questionnaire"}, /line 2, column "method": "questionnaire" is not a method; use one of: survey, focus group, workshop, interviews, online, other/],
    ["empty method", {method: ""}, /line 2, column "method": empty is not a method/],
    ["start", {start: "2025-13"}, /line 2, column "start": is not a date: write a month \(2025-03\) or a day \(2025-03-14\)/],
    ["start not a day", {start: "2025-02-30"}, /line 2, column "start": is not a date/],
    ["start US order", {start: "03/12/2025"}, /line 2, column "start": is not a date/],
    ["end", {end: "June"}, /line 2, column "end": is not a date/],
    ["end before start", {start: "2025-06", end: "2025-04-30"}, /line 2, column "end": is before start/],
    ["participants", {participants: "about 20"}, /line 2, column "participants": is not a number of people/],
    ["no participants", {participants: "0"}, /line 2, column "participants": is not a number of people; write a whole number of at least 1/],
    ["partner", {partner: ""}, /line 2, column "partner": is empty; give the organisation that ran it/],
    ["example", {example: "yes"}, /line 2, column "example": "yes" is not true or false/]
  ];
  it.each(cases)("%s", (_kind, over, expected) => {
    const message = refusal(file(line(over)));
    expect(message).toMatch(/^Invalid consultation log \(1 problem\):/);
    expect(message).toContain(`${NAME}: line 2, column`);
    expect(message).toMatch(expected);
    expect(message).toMatch(/Fix the cell\(s\) above \(see data\/registers\/README\.md\) and build again\.$/);
  });

  it("a person instead of a group, and contact details, are refused without repeating them", () => {
    const message = refusal(file(line({group_heard: "Mrs Sarah Johnson and her neighbours"}), line({id: "b", reach_notes: "Call 07700 900123 to join"}), line({id: "c", partner: "youth.team@example.org"})));
    expect(message).toContain(`${NAME}: line 2, column "group_heard": holds what looks like people's names; the log is published`);
    expect(message).toContain(`${NAME}: line 3, column "reach_notes": holds what looks like phone numbers`);
    expect(message).toContain(`${NAME}: line 4, column "partner": holds what looks like email addresses`);
    for (const secret of ["Johnson", "07700", "example.org"]) expect(message).not.toContain(secret);
  });

  it("a repeated id names the line of its first use", () => {
    expect(refusal(file(line(), line()))).toContain(`${NAME}: line 3, column "id": "youth-forum" is already used on line 2`);
  });

  it("a wrong header names the missing and unknown columns and gives the header to use", () => {
    const message = refusal(`${HEADER.replace("group_heard", "who")}\n${line()}\n`);
    expect(message).toContain(`${NAME}: line 1: missing column(s) "group_heard"`);
    expect(message).toContain(`${NAME}: line 1: unknown column(s) "who"`);
    expect(message).toContain(`the header must be: ${HEADER}`);
  });
});

describe("every problem is listed at once", () => {
  it("lists each bad cell of each line, with the right line after a cell that spans lines", () => {
    const message = refusal(file(line({method: "chat", start: "soon"}), line({id: "two", reach_notes: "Met in the hall,\nthen online"}), line({id: "three", participants: "-4", example: "maybe"})));
    expect(message).toMatch(/^Invalid consultation log \(4 problems\):/);
    expect(message).toContain(`${NAME}: line 2, column "method"`);
    expect(message).toContain(`${NAME}: line 2, column "start"`);
    expect(message).toContain(`${NAME}: line 5, column "participants"`);
    expect(message).toContain(`${NAME}: line 5, column "example"`);
  });

  it("reads the file from disk and names it relative to the project", () => {
    const dir = mkdtempSync(join(tmpdir(), "sna-log-"));
    try {
      const path = join(dir, "consultation-log.csv");
      writeFileSync(path, file(line({method: "chat"})));
      expect(() => readConsultationLog(path)).toThrow(/consultation-log\.csv: line 2, column "method"/);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
