/**
 * What changed between two editions (components/editions/diff.ts), on two small real-shaped Plymouth editions
 * (tests/unit/edition-fixtures.ts) written to disk with the edition writer and read back through its checks, as the
 * build reads them. The headline's expected ratio and interval are R's poisson.test(c(4016, 4039)) (the Overview's
 * Jan-Apr 2025 against Jan-Apr 2024): 0.9943055, 95% CI 0.9515752 to 1.0389532.
 */
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {diffEditions, pairMonths, type EditionView} from "../../components/editions/diff.ts";
import {readEdition, writeEdition} from "../../loaders/editions/store.ts";
import {changeRows, type WhatChanged} from "../../loaders/editions/what-changed.ts";
import {LSOA_RANKS_KEPT} from "../../loaders/editions/schema.ts";
import {currentBuild, metaFor, previousEdition} from "./edition-fixtures.ts";

const root = mkdtempSync(join(tmpdir(), "sna-editions-"));
afterAll(() => rmSync(root, {recursive: true, force: true}));

/** Writes the view as an edition and reads it back, as the build does. */
function roundTrip(view: EditionView): EditionView {
  writeEdition(root, view, metaFor(view), {replace: true});
  return readEdition(join(root, view.name)).view;
}

const previous = roundTrip(previousEdition());
const current = roundTrip({...currentBuild(), name: "plymouth-2025-review"});
const diff = diffEditions(previous, current, LSOA_RANKS_KEPT);

describe("an edition on disk", () => {
  it("reads back exactly as written (figures, monthly counts, neighbourhoods)", () => {
    expect(previous).toEqual(previousEdition());
  });
});

describe("the headline on the same months", () => {
  it("pairs each month of this build with the same calendar month a year earlier in the edition", () => {
    expect(pairMonths(previous.window.available, current.window.available)).toEqual({years: 1, previous: ["2024-01", "2024-02", "2024-03", "2024-04"], current: ["2025-01", "2025-02", "2025-03", "2025-04"]});
    // Two years apart when that pairs more months; none when no month pairs.
    expect(pairMonths(["2023-05", "2023-06"], ["2025-05", "2025-06", "2024-01"])).toMatchObject({years: 2, current: ["2025-05", "2025-06"]});
    expect(pairMonths(["2024-01"], ["2024-06"])).toBeNull();
  });

  it("counts serious violence only (no burglary) on the paired months (May 2025 has no pair), and gives R's rate ratio", () => {
    const c = diff.headline.compared!;
    expect(c.previousCount).toBe(4039);
    expect(c.currentCount).toBe(4016);
    expect(c.change.ratio).toBeCloseTo(0.9943055, 6);
    expect(c.change.lower).toBeCloseTo(0.9515752, 6);
    expect(c.change.upper).toBeCloseTo(1.0389532, 6);
    expect(c.change.significant).toBe(false);
    expect(c.currentRate.value).toBeCloseTo((4016 / 264723) * 1000, 9);
    expect(diff.headline.definitionChanged).toBe(false);
  });

  it("counts both editions with this build's definition when it changed, and says so", () => {
    const narrower = {...current, figures: {...current.figures, headline: {...current.figures.headline, crimeTypes: ["Robbery"]}}};
    const d = diffEditions(previous, narrower, LSOA_RANKS_KEPT);
    expect(d.headline.definitionChanged).toBe(true);
    expect(d.headline.compared).toMatchObject({previousCount: 20 + 19 + 19 + 10, currentCount: 8 + 11 + 7 + 8, crimeTypes: ["Robbery"]});
  });

  it("gives the reason when no month pairs", () => {
    const late = {...previous, window: {...previous.window, available: ["2024-06"]}};
    const d = diffEditions(late, current, LSOA_RANKS_KEPT);
    expect(d.headline.compared).toBeNull();
    expect(d.headline.reason).toMatch(/no month of this build's window \(Jan 2025 to May 2025\) falls a whole number of years after a month of plymouth-jan-apr-2024's \(Jun 2024\)/);
  });
});

describe("measures", () => {
  const byId = Object.fromEntries(diff.measures.map((m) => [m.id, m]));
  it("a source with no newer period is 'no new period', with no test", () => {
    expect(byId["homicide-rate:E23000035"]).toMatchObject({status: "no new period", change: null});
  });
  it("two counts over periods of the same length are compared as a rate ratio (31 to 62: a significant rise)", () => {
    const k = byId["knife-partner"]!;
    expect(k.status).toBe("new period");
    expect(k.change!.ratio).toBe(2);
    expect(k.change!.significant).toBe(true);
    // Clopper-Pearson limits for 62 of 93 (scipy.stats.beta.ppf), as odds: 1.27962 to 3.18513
    expect(k.change!.lower).toBeCloseTo(1.27962, 4);
    expect(k.change!.upper).toBeCloseTo(3.18513, 4);
  });
  it("a local measure first given a verdict against its baseline is 'first measured'; a new measure is 'added'", () => {
    expect(byId["local:Robbery (police.uk)"]).toMatchObject({status: "new period", verdictMoved: false, firstMeasured: true, change: null});
    const worse = diffEditions({...previous, figures: {...previous.figures, measures: current.figures.measures.map((x) => ({...x, verdict: x.verdict && "Worse"}))}}, current, LSOA_RANKS_KEPT);
    expect(worse.measures.find((x) => x.id === "local:Robbery (police.uk)")).toMatchObject({verdictMoved: true, firstMeasured: false});
    expect(byId["sharp-object-admissions"]).toMatchObject({status: "added", previous: null});
  });
});

describe("neighbourhoods, indicators, sources, configuration, partner data", () => {
  it("names the neighbourhoods entering and leaving the top 10, with their ranks in the other edition", () => {
    expect(diff.neighbourhoods.entering).toEqual([expect.objectContaining({name: "Plymouth 019A", ward: "Devonport", currentRank: 6, previousRank: 12})]);
    expect(diff.neighbourhoods.leaving).toEqual([expect.objectContaining({name: "Plymouth 026C", previousRank: 10, currentRank: 12})]);
    expect(diff.neighbourhoods.stayed).toBe(9);
  });
  it("lists indicators that moved between Similar and Worse with both periods; gaps are not compared", () => {
    expect(diff.indicators).toEqual({
      moved: [{id: "90813", name: "Sickness absence", previous: {significance: "Similar", period: "2016 - 18", value: 2.2}, current: {significance: "Worse", period: "2019 - 21", value: 3.1}}],
      unchanged: 1,
      newValue: 0,
      compared: 2
    });
  });
  it("lists the sources updated (police.uk), not those unchanged (ONS)", () => {
    expect(diff.sources.changed.map((s) => [s.source, s.status, s.current?.lastPeriod])).toEqual([["policeuk", "updated", "2025-05"]]);
    expect(diff.sources.unchanged).toBe(1);
  });
  it("reports no configuration change but the window; a changed definition is named with both values", () => {
    expect(diff.config).toEqual([]);
    const changed = diffEditions(previous, {...current, config: {...current.config, seriousViolence: {...current.config.seriousViolence, crimeTypes: ["Robbery"]}, smallNumberThreshold: 10}}, LSOA_RANKS_KEPT);
    expect(changed.config).toEqual([
      {field: "seriousViolence.crimeTypes", previous: "Violence and sexual offences; Possession of weapons; Robbery", current: "Robbery"},
      {field: "smallNumberThreshold", previous: "5", current: "10"}
    ]);
  });
  it("lists partner datasets added and those with a new period", () => {
    expect(diff.partners.changed.map((p) => [p.dataset, p.status])).toEqual([["police-knife-crime", "changed"], ["sharp-object-admissions", "added"]]);
  });
});

describe("recommendations' monitoring measures", () => {
  it("are null when the build has no recommendations table", () => {
    expect(diff.recommendations).toBeNull();
  });
  it("follow the measure each names: by Home Office id or local measure name, moved or not", () => {
    const recs = [
      {id: "R1", recommendation: "Focused deterrence in the city centre", measure: "knife-offences"},
      {id: "R2", recommendation: "Street lighting", measure: "homicide"},
      {id: "R3", recommendation: "Robbery patrols", measure: "Robbery (police.uk)"},
      {id: "R4", recommendation: "Work with schools", measure: "school exclusions"}
    ];
    const d = diffEditions(previous, {...current, figures: {...current.figures, recommendations: recs}}, LSOA_RANKS_KEPT);
    expect(d.recommendations!.map((r) => [r.id, r.matched, r.moved])).toEqual([
      ["R1", "Knife or sharp instrument offences, Plymouth", "moved"],
      ["R2", "Homicide, Devon and Cornwall", "not moved"],
      ["R3", "Robbery (police.uk)", "first measured"],
      ["R4", null, "no comparable measure"]
    ]);
  });
});

describe("the edition_changes table", () => {
  it("has one row per item, the headline first with its months named and its ratio", () => {
    const w: WhatChanged = {edition: {name: null, follows: previous.name, window: current.window, configHash: current.configHash}, previous: null, editions: [], reason: null, diff};
    const rows = changeRows(w);
    expect(rows[0]).toMatchObject({section: "headline", status: "no significant change", previous: "4039", current: "4016", previous_period: "Jan 2024 to Apr 2024", current_period: "Jan 2025 to Apr 2025", significant: false});
    expect(rows.filter((r) => r.section === "measure")).toHaveLength(4);
    expect(rows.filter((r) => r.section === "neighbourhood").map((r) => r.status)).toEqual(["entered the top 10", "left the top 10"]);
    expect(rows.find((r) => r.section === "indicator")).toMatchObject({item: "Sickness absence", status: "Similar → Worse", previous_period: "2016 - 18", current_period: "2019 - 21"});
    expect(changeRows({...w, diff: null})).toEqual([]);
  });
});
