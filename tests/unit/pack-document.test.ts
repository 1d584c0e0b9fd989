import {describe, expect, it} from "vitest";
import {contentsHtml, packHtml, packTitle, samePages, sectionFooter, type PackDocument, type PackSection} from "../../loaders/pack/document.ts";
import {packPlan} from "../../loaders/pack/plan.ts";
import {NO_RECOMMENDATIONS, recommendationsHtml, summaryHtml, type RecommendationsSummaryLike} from "../../loaders/pack/summary.ts";
import frameworkConfig from "../../observablehq.config.ts";

const sections: PackSection[] = [
  {id: "pack-summary", title: "Executive summary", footer: "Executive summary", kind: "summary", html: "<p>s</p>"},
  {id: "pack-ch-place", title: "Place and population: Plymouth", footer: "Place and population", kind: "chapter", html: "<p>p</p>"},
  {id: "pack-app-methods", title: "Appendix A: Methods", footer: "Appendix A: Methods", kind: "appendix", html: "<p>m</p>"}
];
const cover = {partnership: "Safer Plymouth", area: "Plymouth (E06000026)", snaPeriod: "Jan 2025 to Dec 2025", edition: "2025 edition", builtOn: "6 Dec 2026", snapshotId: "0123456789ab", leadOrganisation: "Plymouth City Council"};
const doc: PackDocument = {title: packTitle("Safer Plymouth", "2025 edition"), cover, sections, stylesheets: ["http://127.0.0.1:1/_observablehq/theme.css"], inlineStyles: [".x{}"]};

describe("board pack plan", () => {
  it("takes every chapter but Explore by default, with Methods and sources and Data gaps as appendices", () => {
    const plan = packPlan(frameworkConfig.pages, null);
    const ids = plan.chapters.map((c) => c.id);
    expect(ids[0]).toBe("index");
    expect(ids).toContain("violence-profile");
    for (const never of ["explore", "methods", "data-gaps", "accessibility"]) expect(ids).not.toContain(never);
    expect(plan.appendices.map((a) => `${a.letter} ${a.title}`)).toEqual(["A Methods", "B Sources", "C Data gaps register"]);
  });

  it("keeps the configured chapters in the configured order", () => {
    expect(packPlan(frameworkConfig.pages, ["violence-profile", "index"]).chapters.map((c) => c.path)).toEqual(["violence-profile", ""]);
  });

  it("refuses a chapter that does not exist or cannot be one, naming the field and the choices", () => {
    expect(() => packPlan(frameworkConfig.pages, ["index", "violence"])).toThrow(/pack\.chapters\.1: no page "violence"; use one of: index, .*violence-profile/);
    expect(() => packPlan(frameworkConfig.pages, ["explore"])).toThrow(/pack\.chapters\.0: "explore" cannot be a chapter \(the SQL console has nothing to print\)/);
  });
});

describe("board pack document", () => {
  it("links each contents line to its section and keeps the lines' width before the page numbers are known", () => {
    const first = contentsHtml(sections, null);
    expect(first.match(/<span class="pack-page">000<\/span>/g)).toHaveLength(3);
    const second = contentsHtml(sections, new Map([["pack-summary", 3], ["pack-ch-place", 5], ["pack-app-methods", 41]]));
    expect(second).toContain('<a href="#pack-ch-place">Place and population: Plymouth</a><span class="pack-dots" aria-hidden="true"></span><span class="pack-page">5</span>');
    expect(second).toContain('<span class="pack-page">41</span>');
  });

  it("gives each section its own named page, whose footer names the section, and no footer on the cover", () => {
    const html = packHtml(doc, null);
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain("<title>Safer Plymouth: serious violence strategic needs assessment, board pack (2025 edition)</title>");
    expect(html).toContain(`@page pack-ch-place { @bottom-left { content: "${sectionFooter(cover, "Place and population")}"; } }`);
    expect(html).toContain(".pack-ch-place { page: pack-ch-place; }");
    expect(html).toContain("@page pack-cover { @top-left { content: none; } @bottom-left { content: none; } @bottom-right { content: none; } }");
    expect(html).toContain('<h1 id="pack-ch-place">Place and population: Plymouth</h1>');
    for (const want of ["Jan 2025 to Dec 2025", "2025 edition", "6 Dec 2026", "0123456789ab", "Plymouth City Council"]) expect(html).toContain(want);
  });

  it("names a link's view on the cover, in the title and atop every page but the cover; the default pack has none", () => {
    expect(packHtml(doc, null)).not.toMatch(/@top-left \{ content: "|<dt>View<\/dt>/);
    const view = {label: "Guildford (Surrey); Mar 2025 to Aug 2025; the local definition of serious violence", short: "Guildford, Mar 2025 to Aug 2025", search: "?district=E07000209&from=2025-03&to=2025-08"};
    const html = packHtml({...doc, title: packTitle("Surrey", "2025 edition", view.short), cover: {...cover, view}}, null);
    expect(html).toContain("<title>Surrey: serious violence strategic needs assessment, board pack (2025 edition; Guildford, Mar 2025 to Aug 2025)</title>");
    expect(html).toContain(`<dt>View</dt><dd>${view.label}</dd>`);
    expect(html).toContain("<code>?district=E07000209&amp;from=2025-03&amp;to=2025-08</code>");
    expect(html).toContain('@page { @top-left { content: "View: Guildford, Mar 2025 to Aug 2025";');
    // The footer stays one line: the view is in the header, not the footer.
    expect(sectionFooter({...cover, view}, "Place")).toBe(sectionFooter(cover, "Place"));
  });

  it("escapes text from the site", () => {
    const html = packHtml({...doc, cover: {...cover, partnership: "A <b>&</b> B"}, inlineStyles: ["a{}</style><script>x</script>"]}, null);
    expect(html).toContain("A &lt;b&gt;&amp;&lt;/b&gt; B");
    expect(html).not.toContain("</style><script>");
  });

  it("knows when the contents' numbers have settled", () => {
    const a = new Map([["x", 3], ["y", 9]]);
    expect(samePages(a, new Map([["x", 3], ["y", 9], ["z", 1]]), ["x", "y"])).toBe(true);
    expect(samePages(a, new Map([["x", 3], ["y", 10]]), ["x", "y"])).toBe(false);
    expect(samePages(a, new Map([["x", 3]]), ["x", "y"])).toBe(false);
  });
});

describe("executive summary", () => {
  const summary: RecommendationsSummaryLike = {
    file: "data/registers/recommendations.csv",
    total: 3,
    open: 2,
    examples: 3,
    byPriority: [{priority: "high", count: 2}, {priority: "medium", count: 1}, {priority: "low", count: 0}],
    top: [{id: "R1", recommendation: "Fund <youth> outreach", owner: "Plymouth City Council", timescale: "2026/27", priority: "high", status: "agreed", example: true, reasons: [{kind: "finding", text: "Violence is concentrated", example: false}], measures: [{measure: "Homicide", direction: "not assessed"}]}]
  };

  it("says that none are recorded when the build has no recommendations", () => {
    expect(recommendationsHtml(null)).toContain(NO_RECOMMENDATIONS);
    expect(recommendationsHtml({...summary, total: 0, open: 0, top: []})).toContain(NO_RECOMMENDATIONS);
  });

  it("prints the open recommendations with priority, status, owner, reasons and measures, EXAMPLE marked", () => {
    const html = recommendationsHtml(summary);
    expect(html).toContain("3 recommendations in the register, 2 open (2 high priority, 1 medium priority); 3 are EXAMPLES");
    expect(html).toContain("EXAMPLE: Fund &lt;youth&gt; outreach");
    expect(html).toContain("high priority, agreed; owner Plymouth City Council; 2026/27");
    expect(html).toContain("Why: Finding: Violence is concentrated");
    expect(html).toContain("Monitored by: Homicide (not assessed)");
  });

  it("has the four parts in order", () => {
    const html = summaryHtml({headline: "<div>H</div>", findings: "<ul>F</ul>", glance: "<table>G</table>", recommendations: null});
    const order = ["Headline figures", "The three success measures", "Findings that matter", "Recommendations"].map((h) => html.indexOf(`>${h}</h2>`));
    expect(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1]!))).toBe(true);
  });
});
