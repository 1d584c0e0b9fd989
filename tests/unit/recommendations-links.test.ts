/**
 * Findings → evidence and recommendations (components/recommendations/links.ts): a risk-factor finding links to the
 * Evidence chapter filtered to its indicator when the register rates approaches for it, and to each recommendation
 * that cites it; a finding nothing addresses gets no links. Anchors are the ones the pages write.
 */
import {describe, expect, it} from "vitest";
import {evidenceFor, findingAnchor, findingFollowUp, findingHref, measureAnchor, recommendationsFor} from "../../components/recommendations/links.ts";
import {newDocument} from "./charts/snapshot.ts";

const EVIDENCE = [
  {id: "self-harm-psychosocial-assessment", addresses: "90813; 21001"},
  {id: "mentoring", addresses: "10401; 11301"},
  {id: "hotspot-policing", addresses: "concentration"}
];
const RECS = [
  {id: "self-harm-assessment", recommendation: "Offer a psychosocial assessment after self-harm.", findings: "risk:90813; risk:21001", example: true},
  {id: "hotspot-plan", recommendation: "Agree a problem-solving plan.", findings: "concentration", example: false},
  {id: "knife-data", recommendation: "Ask for knife crime figures.", findings: null, example: false}
];

describe("anchors and hrefs", () => {
  it("makes ids safe for HTML and URLs, and sends risk findings to their chapter", () => {
    expect(findingAnchor("risk:90813")).toBe("finding-risk-90813");
    expect(findingAnchor("risk:dfe-neet-nk")).toBe("finding-risk-dfe-neet-nk");
    expect(findingHref("risk:90813")).toBe("./risk-factors#finding-risk-90813");
    expect(findingHref("concentration")).toBe("./#finding-concentration");
    expect(measureAnchor("Robbery (police.uk)")).toBe("measure-robbery-police-uk");
  });
});

describe("what addresses a finding", () => {
  it("evidence: entries naming the finding's indicator, or the finding's own id", () => {
    expect(evidenceFor("risk:90813", EVIDENCE)).toEqual({entries: [EVIDENCE[0]], href: "./evidence?risk=90813"});
    expect(evidenceFor("concentration", EVIDENCE).href).toBe("./evidence?risk=concentration");
    // "risk:1040" is not "10401": ids are matched whole.
    expect(evidenceFor("risk:1040", EVIDENCE)).toEqual({entries: [], href: null});
  });
  it("recommendations: those citing the finding", () => {
    expect(recommendationsFor("risk:21001", RECS).map((r) => [r.rec.id, r.href])).toEqual([["self-harm-assessment", "./recommendations#rec-self-harm-assessment"]]);
    expect(recommendationsFor("peak-month", RECS)).toEqual([]);
  });
});

describe("the links written after a finding", () => {
  it("names the approaches rated for it and each recommendation citing it, EXAMPLE marked", () => {
    const doc = newDocument();
    const el = findingFollowUp(doc, "risk:90813", EVIDENCE, RECS);
    if (!el) throw new Error("no links");
    expect(el.textContent).toBe("→ approaches rated for it (1) → recommendation citing it: self-harm-assessment (EXAMPLE)");
    const links = [...el.querySelectorAll("a")].map((a) => [a.getAttribute("href"), a.textContent, a.getAttribute("aria-label")]);
    expect(links).toEqual([
      ["./evidence?risk=90813", "→ approaches rated for it (1)", null],
      ["./recommendations#rec-self-harm-assessment", "self-harm-assessment", "self-harm-assessment: Offer a psychosocial assessment after self-harm."]
    ]);
  });
  it("writes nothing for a finding nothing addresses", () => {
    expect(findingFollowUp(newDocument(), "peak-month", EVIDENCE, RECS)).toBe("");
  });
  it("links a finding cited by several recommendations to each", () => {
    const el = findingFollowUp(newDocument(), "concentration", [], [...RECS, {id: "night-time", recommendation: "Manage the night-time economy.", findings: "concentration", example: false}]);
    if (!el) throw new Error("no links");
    expect(el.textContent).toBe("→ recommendations citing it: hotspot-plan, night-time");
  });
});
