/**
 * Community survey answers by question and group (guidance 5.4): the community-survey partner tables, aggregated and
 * suppressed by the real partner pipeline (loaders/partners Aggregator, components/suppression), turned into the
 * chapter's table (loaders/community/survey.ts) and bars (components/community). Small cells and the complements
 * that would reveal them are suppressed, never 0, with no share; the three tables of a question are solved together
 * and a survey whose tables give a suppressed count away together stops the build, naming the file and question.
 */
import {describe, expect, it} from "vitest";
import {Aggregator, tableRecords, type PartnerRecord} from "../../loaders/partners/aggregate.ts";
import {DATASETS} from "../../loaders/partners/datasets.ts";
import {CommunitySurveyError, communitySurveyRows, jointProblems} from "../../loaders/community/survey.ts";
import {orderResponses, questionBars, type SurveyCell} from "../../components/community/survey.ts";
import {responseColours, surveyChart, SUPPRESSED_SEGMENT} from "../../components/community/chart.ts";
import {figure} from "../../components/figure/figure.ts";
import {checkPartnerIntervals, emptyPartnerStats} from "../../scripts/lib/partner-audit.ts";
import {columnNames, TABLES} from "../../components/tables/registry.ts";
import {rowSchema} from "../../loaders/prepare/table-schema.ts";
import {newDocument} from "./charts/snapshot.ts";

const THRESHOLD = 5;
const Q = "Do you feel safe in your local area after dark?";
type Answer = [response: string, age: string | null, area: string | null, respondents: number];

/** The partner pipeline on survey rows: aggregated, suppressed and published as partner records. */
function records(rows: readonly Answer[], {question = Q, source = "survey.csv", example = false} = {}): PartnerRecord[] {
  const spec = DATASETS["community-survey"];
  const agg = new Aggregator(spec, THRESHOLD);
  for (const [response, age, area, n] of rows) agg.add({period: "2025", question, response, age_band: age, area: area ? {code: area, kind: "postcode district"} : null, count: {value: n}});
  return tableRecords(spec, agg.tables(), {source, owner: "Example Council", period: "2025", example});
}
const prepared = (rs: PartnerRecord[], showExamples = true) => communitySurveyRows(rs, {threshold: THRESHOLD, showExamples, areaNames: new Map([["PL1", "Plymouth city centre (PL1)"]])});
const cell = (rows: ReturnType<typeof prepared>, table: string, row: string, col: string) => rows.find((r) => r.table === table && r.row === row && r.col === col)!;

// 100 respondents; 3 of the 40 aged 16-24 answered Yes.
const SMALL: Answer[] = [
  ["Yes", "16-24", "PL1", 3],
  ["No", "16-24", "PL1", 20],
  ["No", "16-24", "PL2", 17],
  ["Yes", "25-44", "PL1", 15],
  ["Yes", "25-44", "PL2", 15],
  ["No", "25-44", "PL1", 15],
  ["No", "25-44", "PL2", 15]
];

describe("survey answers by question, response and group", () => {
  const rows = prepared(records(SMALL));

  it("publishes every cell of the three groupings with the registry's columns", () => {
    expect(new Set(rows.map((r) => r.table))).toEqual(new Set(["responses", "by-age", "by-area"]));
    for (const r of rows) {
      expect(Object.keys(r)).toEqual(columnNames(TABLES.community_survey));
      expect(rowSchema(TABLES.community_survey).safeParse(r).success, JSON.stringify(r)).toBe(true);
    }
    expect(new Set(rows.map((r) => r.group_dim))).toEqual(new Set(["Period", "Age band", "Area"]));
    expect(cell(rows, "by-area", "Yes", "PL1").group).toBe("Plymouth city centre (PL1)");
    expect(cell(rows, "by-area", "Yes", "PL2").group).toBe("PL2");
  });

  it("suppresses the small cell and its complement in the group (3 and 37 of 40 aged 16-24): no count, no share, never 0", () => {
    for (const response of ["Yes", "No"]) {
      const c = cell(rows, "by-age", response, "16-24");
      expect(c, response).toMatchObject({suppressed: true, count: null, share: null, respondents: null});
    }
    // The group's respondents are published, with the shares of the groups that can be shown.
    expect(cell(rows, "by-age", "Total", "16-24")).toMatchObject({suppressed: false, count: 40, share: 1});
    expect(rows.filter((r) => r.suppressed).every((r) => r.count === null && r.share === null && r.respondents === null)).toBe(true);
    expect(rows.filter((r) => r.count === 0)).toEqual([]);
  });

  it("gives every respondent's share from the response totals, and each group's share of its own respondents", () => {
    expect(cell(rows, "responses", "Yes", "Total")).toMatchObject({group: "All respondents", count: 33, respondents: 100, share: 0.33});
    const shown = rows.filter((r) => r.table === "by-area" && !r.total && !r.suppressed);
    expect(shown.length).toBeGreaterThan(0);
    for (const r of shown) expect(r.share).toBeCloseTo(r.count! / r.respondents!, 4);
  });

  it("draws bars for every respondent, then each age band and area; a suppressed count has no share", () => {
    const bars = questionBars(rows as SurveyCell[], Q);
    expect([...new Set(bars.map((b) => b.group))]).toEqual(["All respondents", "16-24", "25-44", "Plymouth city centre (PL1)", "PL2"]);
    expect(bars.filter((b) => b.group === "16-24").map((b) => b.share)).toEqual([null, null]);
    expect(bars.filter((b) => b.group === "All respondents").map((b) => [b.response, b.share])).toEqual([["No", 0.67], ["Yes", 0.33]]);
  });

  it("leaves out a grouping the survey did not supply (every respondent's age Not known)", () => {
    const noAges = prepared(records(SMALL.map(([r, , area, n]) => [r, null, area, n])));
    expect(new Set(noAges.filter((r) => r.table === "by-age" && !r.total).map((r) => r.col))).toEqual(new Set(["Not known"]));
    expect(new Set(questionBars(noAges as SurveyCell[], Q).map((b) => b.group_dim))).toEqual(new Set(["Period", "Area"]));
  });

  it("leaves EXAMPLE surveys out when content.showExamples is false, and keeps them labelled when it is true", () => {
    const rs = [...records(SMALL, {source: "EXAMPLE-survey.csv", example: true}), ...records(SMALL, {question: "Real question?", source: "real.csv"})];
    expect(new Set(prepared(rs, false).map((r) => r.source))).toEqual(new Set(["real.csv"]));
    expect(new Set(prepared(rs, true).filter((r) => r.example).map((r) => r.source))).toEqual(new Set(["EXAMPLE-survey.csv"]));
  });
});

describe("the three tables of a question are protected together", () => {
  // Found by searching random small surveys: each table passes the disclosure audit's interval check on its own, but
  // the response totals they share let a reader narrow suppressed cells to less than the threshold.
  const NARROWED: Answer[] = [["Yes", "16-24", "PL1", 5], ["No", "16-24", "PL1", 1], ["No", "16-24", "PL2", 9], ["No", "25-44", "PL1", 1], ["Not sure", "25-44", "PL2", 4]];
  // Here one table had to suppress a response total that another publishes.
  const MISMATCHED: Answer[] = [["Yes", "16-24", "PL2", 6], ["Yes", "25-44", "PL1", 1], ["Yes", "45-64", "PL2", 3], ["No", "16-24", "PL2", 9], ["No", "25-44", "PL2", 3], ["No", "45-64", "PL1", 7], ["No", "45-64", "PL2", 6]];

  it("each table on its own passes the audit's interval check", () => {
    for (const answers of [NARROWED, MISMATCHED]) {
      const rs = records(answers);
      const findings: string[] = [];
      checkPartnerIntervals(Object.keys(rs[0]!), rs as unknown as Record<string, unknown>[], THRESHOLD, emptyPartnerStats(), (_k, where, message) => findings.push(`${where}: ${message}`));
      expect(findings).toEqual([]);
    }
  });

  it("but together they narrow a suppressed count: the build stops, naming the file and the question", () => {
    expect(jointProblems(records(NARROWED), THRESHOLD).some((p) => /together pin it to a range narrower than 5|give its value exactly/.test(p))).toBe(true);
    expect(() => prepared(records(NARROWED, {source: "survey-2025.csv"}))).toThrow(CommunitySurveyError);
    expect(() => prepared(records(NARROWED, {source: "survey-2025.csv"}))).toThrow(`survey-2025.csv, question "${Q}": the respondents answering "Yes" in group "16-24" (table by-age) is suppressed, but the three tables together pin it to a range narrower than 5`);
  });

  it("a response total published in one table and suppressed in another is disclosed, and named so", () => {
    expect(() => prepared(records(MISMATCHED))).toThrow(/the respondents answering "(Yes|No)" is published in one table and suppressed in another/);
  });

  it("a survey large enough to protect passes (control), and so do the generated examples of both partnerships (prepare)", () => {
    expect(jointProblems(records(SMALL), THRESHOLD)).toEqual([]);
  });
});

describe("answers in scale order", () => {
  it("puts a Likert scale most favourable first and answers that are not a view last", () => {
    expect(orderResponses(["A bit unsafe", "Don't know", "Fairly safe", "Very safe", "Very unsafe"])).toEqual(["Very safe", "Fairly safe", "A bit unsafe", "Very unsafe", "Don't know"]);
    expect(orderResponses(["A fairly big problem", "A very big problem", "Don't know", "Not a problem at all", "Not a very big problem"])).toEqual(["Not a problem at all", "Not a very big problem", "A fairly big problem", "A very big problem", "Don't know"]);
    expect(orderResponses(["Disagree", "Neither agree nor disagree", "Strongly agree", "Agree", "Strongly disagree"])).toEqual(["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"]);
    expect(orderResponses(["No", "Prefer not to say", "Yes"])).toEqual(["No", "Yes", "Prefer not to say"]);
  });
  it("colours the scale blue to red through grey, two plain answers with two ends, and answers that are not a view grey", () => {
    expect(responseColours(["Very safe", "Fairly safe", "A bit unsafe", "Very unsafe", "Don't know"])).toEqual(["rgb(33, 102, 172)", expect.any(String), expect.any(String), "rgb(178, 24, 43)", "#cfcfcf"]);
    expect(responseColours(["No", "Yes", "Prefer not to say"])).toEqual(["#2166ac", "#b2182b", "#cfcfcf"]);
  });
});

describe("the chart of a question", () => {
  const rows = prepared(records(SMALL));
  const bars = questionBars(rows as SurveyCell[], Q);

  it("has a text alternative that gives every group's shares and says which are suppressed, never 0%", () => {
    const chart = surveyChart(bars, {question: Q, document: newDocument(), width: 640});
    // With its legend Plot returns a figure: the chart's own svg carries the text alternative.
    const svg = chart.querySelector("svg[aria-description]")!;
    const description = svg.getAttribute("aria-description")!;
    expect(svg.getAttribute("aria-label")).toContain(`answers to "${Q}"`);
    expect(description).toContain("All respondents: No 67%, Yes 33%");
    // Every answer of the group is withheld, so the group has no bar, only the word.
    expect(description).toContain("Aged 16-24: suppressed");
    expect(description).not.toMatch(/\b0%/);
    // The 16-24 bar is withheld as a whole: no segment, the word "suppressed".
    expect(svg.textContent).toContain("suppressed");
    expect(chart.textContent).not.toContain(SUPPRESSED_SEGMENT);
  });

  it("sits in a figure with title, source, period, table and CSV download", () => {
    const doc = newDocument();
    const fig = figure({
      title: Q, source: "Example Council, community survey", period: "2025", released: "partner extract as received", alt: "Stacked bars",
      chart: surveyChart(bars, {question: Q, document: doc}),
      table: {rows: bars, columns: [{key: "group", label: "Group"}, {key: "response", label: "Answer"}, {key: "count", label: "Respondents", nullLabel: "suppressed"}, {key: "share", label: "Share", nullLabel: "suppressed"}]},
      filename: "community-survey-question-1.csv", document: doc
    });
    expect(fig.querySelector(".sna-figure__title")!.textContent).toBe(Q);
    expect(fig.querySelector(".sna-figure__source")!.textContent).toBe("Source: Example Council, community survey · Period: 2025 · Released: partner extract as received");
    expect(fig.querySelectorAll("table tbody tr")).toHaveLength(bars.length);
    const withheld = bars.filter((b) => b.share === null).length;
    expect(withheld).toBeGreaterThan(0);
    expect([...fig.querySelectorAll("table tbody td")].filter((td) => td.textContent === "suppressed").length).toBe(2 * withheld);
    expect(fig.querySelector("button.sna-figure__download")!.textContent).toBe("Download CSV");
  });
});
