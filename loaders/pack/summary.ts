/**
 * The board pack's executive summary: the headline figures with their confidence intervals and the findings that
 * matter (from the Overview as built), the three success measures at a glance (from Success measures as built) and
 * the recommendations (from the build's recommendations-summary.json, which the Recommendations chapter also reads;
 * when the build has none, the summary says that none are recorded).
 */
import {escapeHtml} from "./document.ts";
import type {RecommendationsSummary, SummaryRecommendation} from "../recommendations/prepare.ts";

/** The parts of recommendations-summary.json the pack prints (loaders/recommendations/prepare.ts writes it). */
export type RecommendationsSummaryLike = Pick<RecommendationsSummary, "file" | "total" | "open" | "examples" | "byPriority"> & {
  top: (Omit<SummaryRecommendation, "href" | "reasons" | "measures"> & {
    reasons: Pick<SummaryRecommendation["reasons"][number], "kind" | "text" | "example">[];
    measures: Pick<SummaryRecommendation["measures"][number], "measure" | "direction">[];
  })[];
};

export const NO_RECOMMENDATIONS = "No recommendations are recorded in this build. Add them to the recommendations register (data/registers/recommendations.csv) and build again.";

export function recommendationsHtml(summary: RecommendationsSummaryLike | null): string {
  if (!summary || summary.total === 0) return `<p>${escapeHtml(NO_RECOMMENDATIONS)}</p>`;
  const counts = summary.byPriority.filter((p) => p.count > 0).map((p) => `${p.count} ${escapeHtml(p.priority)} priority`).join(", ");
  const intro = `<p>${summary.total} recommendation${summary.total === 1 ? "" : "s"} in the register, ${summary.open} open (${counts})${summary.examples ? `; ${summary.examples} ${summary.examples === 1 ? "is an EXAMPLE" : "are EXAMPLES"}, not the partnership's own` : ""}. The open recommendations the board should read first:</p>`;
  const items = summary.top.map((r) => {
    const reasons = r.reasons.map((x) => `${x.kind === "finding" ? "Finding" : "Evidence"}: ${escapeHtml(x.text)}${x.example ? " (EXAMPLE)" : ""}`);
    const measures = r.measures.map((m) => `${escapeHtml(m.measure)} (${escapeHtml(m.direction)})`);
    return `<li><strong>${r.example ? "EXAMPLE: " : ""}${escapeHtml(r.recommendation)}</strong> <span class="pack-note">(${escapeHtml(r.id)}; ${escapeHtml(r.priority)} priority, ${escapeHtml(r.status)}; owner ${escapeHtml(r.owner)}; ${escapeHtml(r.timescale)})</span>` +
      `${reasons.length ? `<br><span class="pack-note">Why: ${reasons.join("; ")}</span>` : ""}${measures.length ? `<br><span class="pack-note">Monitored by: ${measures.join("; ")}</span>` : ""}</li>`;
  });
  return `${intro}<ol class="findings">${items.join("")}</ol>`;
}

export interface SummaryParts {
  /** The Overview's headline cards (count, rate with CI, change with CI). */
  headline: string;
  /** The Overview's list of findings. */
  findings: string;
  /** The Success measures chapter's "at a glance" table. */
  glance: string;
  recommendations: RecommendationsSummaryLike | null;
}

export function summaryHtml(parts: SummaryParts): string {
  return [
    `<h2 id="pack-summary-headline">Headline figures</h2>${parts.headline}`,
    `<h2 id="pack-summary-measures">The three success measures</h2>${parts.glance}`,
    `<h2 id="pack-summary-findings">Findings that matter</h2>${parts.findings}`,
    `<h2 id="pack-summary-recommendations">Recommendations</h2>${recommendationsHtml(parts.recommendations)}`
  ].join("\n");
}
