/**
 * The recommendations register (loaders/recommendations/register.ts and prepare.ts): a good register is accepted and
 * split into findings and evidence; an id the build does not hold is refused naming the file, line and column with
 * the close matches; a recommendation linked to nothing is refused with its line; every problem is listed at once;
 * EXAMPLE rows are left out (unchecked) when content.showExamples is false; the shipped register is well formed and
 * all EXAMPLE; the summary counts and orders what the chapter and the board pack show.
 */
import {describe, expect, it} from "vitest";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {checkRecommendations, parseRecommendationsRegister, RECOMMENDATION_COLUMNS, readRecommendationsRegister, RecommendationsRegisterError, type BuildIds} from "../../loaders/recommendations/register.ts";
import {recommendationTables, topRecommendations, type RecommendationTablesInput} from "../../loaders/recommendations/prepare.ts";
import {FINDING_IDS, riskFactorFindings} from "../../components/findings/findings.ts";
import {HOME_OFFICE_MEASURES} from "../../components/recommendations/monitoring.ts";
import {columnNames, TABLES} from "../../components/tables/registry.ts";
import {writeTable} from "../../loaders/prepare/table-schema.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const FILE = "data/registers/recommendations.csv";
const HEADER = RECOMMENDATION_COLUMNS.join(",");
const GOOD: Record<string, string> = {
  id: "self-harm-assessment",
  area: "E06000026",
  recommendation: "Offer every young person admitted after self-harm a psychosocial assessment.",
  why: "risk:90813; self-harm-psychosocial-assessment",
  owner: "NHS Devon Integrated Care Board",
  timescale: "By March 2027",
  measures: "sharp-object-admissions",
  priority: "high",
  status: "proposed",
  example: "false"
};
const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const line = (over: Record<string, string> = {}) => RECOMMENDATION_COLUMNS.map((c) => quote(over[c] ?? GOOD[c] ?? "")).join(",");
const file = (...lines: string[]) => `${HEADER}\n${lines.join("\n")}\n`;

/** What Plymouth's build holds (ids as the prepare step writes them). */
const BUILD: BuildIds = {
  areaCode: "E06000026",
  findings: ["headline-change", "england-comparison", "force-comparison", "concentration", "deprivation", "peak-month", "risk:21001", "risk:90813", "risk:dfe-neet"],
  evidence: ["mentoring", "self-harm-psychosocial-assessment", "street-lighting", "a-and-e-navigators"],
  measures: [...HOME_OFFICE_MEASURES.map((m) => m.id), "Robbery (police.uk)", "Possession of weapons offences (police.uk)"]
};

const check = (text: string, showExamples = true) => checkRecommendations(parseRecommendationsRegister(text, FILE), BUILD, FILE, {showExamples});
function refusal(text: string, showExamples = true): string {
  try {
    check(text, showExamples);
  } catch (e) {
    expect(e).toBeInstanceOf(RecommendationsRegisterError);
    return (e as Error).message;
  }
  throw new Error("the register was accepted");
}

describe("a good register", () => {
  it("is accepted, its reasons split into findings and evidence entries and its measures named as the build names them", () => {
    const [rec] = check(file(line({measures: "robbery (POLICE.UK); homicide"})));
    expect(rec).toMatchObject({id: "self-harm-assessment", findings: ["risk:90813"], evidence: ["self-harm-psychosocial-assessment"], measures: ["Robbery (police.uk)", "homicide"], priority: "high", status: "proposed", example: false});
  });
  it("may cite only a measure, or only a finding", () => {
    expect(check(file(line({why: "", measures: "knife-offences"})))[0]!.measures).toEqual(["knife-offences"]);
    expect(check(file(line({why: "concentration", measures: ""})))[0]!.findings).toEqual(["concentration"]);
  });
  it("takes `evidence:<id>` for an evidence entry whose id is also a finding's", () => {
    const build = {...BUILD, evidence: [...BUILD.evidence, "concentration"]};
    const rows = parseRecommendationsRegister(file(line({why: "evidence:concentration"})), FILE);
    expect(checkRecommendations(rows, build, FILE, {showExamples: true})[0]!.evidence).toEqual(["concentration"]);
    expect(() => checkRecommendations(parseRecommendationsRegister(file(line({why: "concentration"})), FILE), build, FILE, {showExamples: true})).toThrow(/line 2, column "why": "concentration" is both a finding and an evidence entry; write "evidence:concentration"/);
  });
});

describe("ids the build does not hold", () => {
  it("an unknown finding is refused with its file, line and column and the close matches", () => {
    expect(refusal(file(line(), line({id: "second", why: "risk:9081"})))).toContain(`${FILE}: line 3, column "why": "risk:9081" is neither a finding of this build nor an entry of the evidence register; did you mean risk:90813`);
    expect(refusal(file(line({why: "concentraton"})))).toContain("did you mean concentration?");
  });
  it("an unknown evidence entry is refused with the close matches", () => {
    expect(refusal(file(line({why: "mentorng"})))).toContain(`${FILE}: line 2, column "why": "mentorng" is neither a finding of this build nor an entry of the evidence register; did you mean mentoring?`);
  });
  it("with nothing close, the findings of the build are listed", () => {
    expect(refusal(file(line({why: "knife-hotspots"})))).toContain(`the findings of this build are ${BUILD.findings.join(", ")}`);
  });
  it("an unknown measure is refused with the close matches, or the list of measures", () => {
    expect(refusal(file(line({measures: "Robery (police.uk)"})))).toContain(`${FILE}: line 2, column "measures": "Robery (police.uk)" is not a success measure of this build; did you mean Robbery (police.uk)?`);
    expect(refusal(file(line({measures: "A&E attendances"})))).toContain(`use one of ${BUILD.measures.join(", ")}`);
  });
  it("a recommendation linked to nothing is refused with its line", () => {
    const message = refusal(file(line(), line({id: "orphan", why: "", measures: " ; "})));
    expect(message).toContain(`${FILE}: line 3: the recommendation "orphan" is linked to nothing; cite the findings or evidence entries it answers in "why"`);
    expect(message).not.toContain("line 2");
  });
  it("lists every problem at once, counting lines under a quoted cell that spans two", () => {
    const message = refusal(file(line({recommendation: "Two\nlines"}), line({id: "b", why: "risk:1"}), line({id: "c", why: "", measures: ""})));
    expect(message).toMatch(/^Invalid recommendations register \(2 problems\):/);
    expect(message).toContain(`${FILE}: line 4, column "why": "risk:1"`);
    expect(message).toContain(`${FILE}: line 5: the recommendation "c" is linked to nothing`);
  });
});

describe("the row's shape", () => {
  it("refuses bad cells naming the column and the accepted values, every one at once", () => {
    const message = refusal(file(line({id: "Self Harm", priority: "urgent", status: "done", owner: "", example: "yes", area: "Plymouth"})));
    expect(message).toContain(`${FILE}: line 2, column "id": must be a short id`);
    expect(message).toContain(`column "priority": "urgent" is not a priority; use one of: high, medium, low`);
    expect(message).toContain(`column "status": "done" is not a status; use one of: proposed, agreed, in progress, complete, stopped`);
    expect(message).toContain(`column "owner": is empty; give the organisation or role that owns it (never a person's name)`);
    expect(message).toContain(`column "example": "yes" is not true or false`);
    expect(message).toContain(`column "area": must be the ONS code of the area`);
  });
  it("refuses a person's name or contact details as the owner without repeating them", () => {
    for (const owner of ["Sarah Jenkins", "Mrs A Jones", "community.safety@example.org"]) {
      const message = refusal(file(line({owner})));
      expect(message).toContain(`${FILE}: line 2, column "owner": holds what looks like`);
      expect(message).not.toContain(owner);
    }
  });
  it("refuses a repeated id, a missing column and an unknown one", () => {
    expect(refusal(file(line(), line()))).toContain(`line 3, column "id": "self-harm-assessment" is already used on line 2`);
    expect(() => parseRecommendationsRegister(`${HEADER.replace(",timescale", "")},lead\n`, FILE)).toThrow(/line 1: missing column\(s\) "timescale"[\s\S]*unknown column\(s\) "lead"/);
  });
});

describe("EXAMPLE rows and other areas", () => {
  const text = file(line({example: "true", why: "risk:99999"}), line({id: "real", why: "concentration"}), line({id: "surrey", area: "E10000030", why: "a-finding-of-surrey"}));
  it("with content.showExamples false, EXAMPLE rows are left out unchecked; rows for another area always are", () => {
    expect(check(text, false).map((r) => r.id)).toEqual(["real"]);
  });
  it("with EXAMPLE rows shown, their ids are checked like any other", () => {
    expect(refusal(text, true)).toContain(`line 2, column "why": "risk:99999"`);
  });
  it("reads no file as no register, not an error", () => {
    const dir = mkdtempSync(join(tmpdir(), "sna-rec-"));
    try {
      expect(readRecommendationsRegister(join(dir, "recommendations.csv"))).toEqual({file: null, rows: []});
      writeFileSync(join(dir, "recommendations.csv"), file(line()));
      expect(readRecommendationsRegister(join(dir, "recommendations.csv")).rows).toHaveLength(1);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});

describe("finding ids", () => {
  it("a risk factor worse than England is `risk:<indicator id>`, whatever its text", () => {
    const worse = {id: 90813, name: "Hospital admissions for self-harm, 10–24 years", period: "2017/18", value: 706.1, lower: null, upper: null, england: 421.2, decimals: 1, significance: "Worse" as const, significanceSource: "Fingertips' own comparison"};
    const similar = {...worse, id: 21001, significance: "Similar" as const};
    expect(riskFactorFindings([worse, similar], new Date("2026-12-06T00:00:00Z")).map((f) => f.id)).toEqual(["risk:90813"]);
  });
});

describe("the shipped register", () => {
  const rows = parseRecommendationsRegister(readFileSync(join(ROOT, FILE), "utf-8"), FILE);
  it("is well formed, Plymouth's, every row labelled EXAMPLE, each linked to something", () => {
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const {rec} of rows) {
      expect(rec.area).toBe("E06000026");
      expect(rec.example).toBe(true);
      expect(rec.why.length + rec.measures.length).toBeGreaterThan(0);
    }
  });
  it("cites only finding ids the prepare step writes (police.uk ids or risk:<indicator>) and the Home Office or configured measures", () => {
    const evidence = new Set(readFileSync(join(ROOT, "data/registers/evidence.csv"), "utf-8").split("\n").slice(1).map((l) => l.split(",")[0]));
    for (const {rec} of rows) {
      for (const id of rec.why) expect((FINDING_IDS as readonly string[]).includes(id) || id.startsWith("risk:") || evidence.has(id), id).toBe(true);
    }
  });
});

describe("the summary for the chapter and the board pack", () => {
  const input = (text: string, showExamples = true): RecommendationTablesInput => ({
    config: {area: {code: "E06000026", name: "Plymouth"}, forces: [{name: "Devon & Cornwall Police"}], content: {showExamples}, successMeasures: {local: []}},
    register: {file: FILE, rows: parseRecommendationsRegister(text, FILE)},
    findings: [{id: "concentration", text: "Violence is concentrated."}, {id: "risk:90813", text: "Self-harm admissions, 10–24: worse."}],
    evidence: [{id: "self-harm-psychosocial-assessment", approach: "Psychosocial assessment after self-harm", description: "d", addresses: "90813; 21001", who_level: "individual", prevention_level: "tertiary", rating_source: "NICE", impact: "x", evidence_security: "x", cost: "x", rating_reference: null, provided_locally: "unknown", provider: null, example: true, entry_source: "s"}],
    monitoring: {forceName: "Devon & Cornwall Police", areaName: "Plymouth", population: 264_723, homicideCounts: [], knifeSeries: [], partnerRecords: [], areaMonthly: []}
  });
  const text = file(
    line({id: "a", priority: "low", status: "proposed", why: "concentration", measures: ""}),
    line({id: "b", priority: "high", status: "complete", why: "concentration", measures: ""}),
    line({id: "c", priority: "high", status: "proposed", measures: "", example: "true"}),
    line({id: "d", priority: "high", status: "in progress", why: "concentration", measures: "homicide"})
  );
  it("counts by priority and status and puts open high-priority work first, in progress before proposed", () => {
    const {summary, recommendations, monitoring} = recommendationTables(input(text));
    expect(summary).toMatchObject({file: FILE, total: 4, examples: 1, open: 3, leftOut: {otherAreas: 0, examplesHidden: 0}});
    expect(summary.byPriority).toEqual([{priority: "high", count: 3}, {priority: "medium", count: 0}, {priority: "low", count: 1}]);
    expect(summary.byStatus.find((s) => s.status === "complete")!.count).toBe(1);
    expect(summary.top.map((r) => r.id)).toEqual(["d", "c", "a"]);
    expect(summary.top[1]!.reasons).toEqual([
      {kind: "finding", id: "risk:90813", text: "Self-harm admissions, 10–24: worse.", href: "./risk-factors#finding-risk-90813", example: false},
      {kind: "evidence", id: "self-harm-psychosocial-assessment", text: "Psychosocial assessment after self-harm", href: "./evidence#evidence-self-harm-psychosocial-assessment", example: true}
    ]);
    expect(recommendations.find((r) => r.id === "c")).toMatchObject({findings: "risk:90813", evidence: "self-harm-psychosocial-assessment", measures: null});
    // Only the measures a recommendation cites are monitored, each with the recommendations it monitors.
    expect(monitoring.map((m) => [m.measure_id, m.recommendations])).toEqual([["homicide", "d"]]);
  });
  it("writes tables the registry accepts (columns and types)", () => {
    const {recommendations, monitoring} = recommendationTables(input(text));
    const dir = mkdtempSync(join(tmpdir(), "sna-rec-tables-"));
    try {
      writeTable(dir, TABLES.recommendations, recommendations);
      writeTable(dir, TABLES.recommendation_monitoring, monitoring);
      expect(readFileSync(join(dir, TABLES.recommendation_monitoring.file), "utf-8").split("\n")[0]).toBe(columnNames(TABLES.recommendation_monitoring).join(","));
      expect(readFileSync(join(dir, TABLES.recommendations.file), "utf-8").trim().split("\n")).toHaveLength(5);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
  it("says how many EXAMPLE rows the switch left out", () => {
    const {summary} = recommendationTables(input(text, false));
    expect(summary).toMatchObject({total: 3, examples: 0, leftOut: {examplesHidden: 1}});
  });
  it("orders the top list by priority, then progress, then the register's order", () => {
    const recs = [{id: 1, priority: "medium", status: "agreed"}, {id: 2, priority: "medium", status: "in progress"}, {id: 3, priority: "high", status: "proposed"}, {id: 4, priority: "high", status: "stopped"}];
    expect(topRecommendations(recs).map((r) => r.id)).toEqual([3, 2, 1]);
    expect(topRecommendations(recs, 1).map((r) => r.id)).toEqual([3]);
  });
});
