/**
 * One survey question as stacked bars: for every respondent and for each group (period, age band, area), the share
 * of the group's respondents giving each answer, answers in scale order (most favourable, in blue, on the left; least
 * favourable in red; answers that are not a view in grey). A suppressed count draws no segment and no share: the
 * group's suppressed answers are one outlined "suppressed" segment (their sum is already given by the group's
 * published respondents), and a group whose respondents are suppressed has no bar, only the word.
 */
import * as Plot from "@observablehq/plot";
import {interpolateRgbBasis, lab, quantize} from "d3";
import {formatPercent} from "../format/number.js";
import {chartWidth, CHART_STYLE, documentOf, FONT_SIZE, MUTED, textWidth, withLegend, type ChartElement, type ChartOptions} from "../charts/common.js";
import {ALL_RESPONDENTS, barGroups, responseScore, type SurveyBar} from "./survey.js";

export const SUPPRESSED_SEGMENT = "Suppressed (small numbers)";
const NOT_A_VIEW = /^(don'?t know|do not know|not sure|unsure|prefer not to say|rather not say|no answer|not known|can'?t say|cannot say|no opinion|n\/?a)$/i;

/** Label of a group's bar: age bands read "Aged 16-24"; everything else as it is. */
export function groupLabel(bar: Pick<SurveyBar, "group" | "group_dim">): string {
  return bar.group_dim === "Age band" && bar.group !== ALL_RESPONDENTS && bar.group !== "Not known" ? `Aged ${bar.group}` : bar.group_dim === "Age band" && bar.group === "Not known" ? "Age not known" : bar.group;
}

/** Colours of the answers, in the order given: favourable blue to unfavourable red through grey; not a view light grey. */
export function responseColours(responses: readonly string[]): string[] {
  const views = responses.filter((r) => !NOT_A_VIEW.test(r.trim()));
  const ramp = interpolateRgbBasis(["#2166ac", "#67a9cf", "#9e9e9e", "#ef8a62", "#b2182b"]);
  const colours = views.length === 1 ? ["#2166ac"] : quantize(ramp, views.length);
  // A two-answer question with no scale words (Yes/No) gets two distinct ends, never two blues.
  if (views.length === 2 && responseScore(views[0]!) === responseScore(views[1]!)) colours.splice(0, 2, "#2166ac", "#b2182b");
  return responses.map((r) => (NOT_A_VIEW.test(r.trim()) ? "#cfcfcf" : colours[views.indexOf(r)]!));
}

interface Segment {
  label: string;
  response: string;
  share: number;
  x1: number;
  x2: number;
}

export type SurveyChartOptions = ChartOptions & {question: string};

/** The stacked-bar chart of one question (bars from components/community/survey.ts questionBars). */
export function surveyChart(bars: readonly SurveyBar[], options: SurveyChartOptions): ChartElement {
  const doc = documentOf(options, "surveyChart");
  if (!bars.length) throw new Error(`surveyChart: no answers to draw for "${options.question}"`);
  const width = chartWidth(options.width ?? 688);
  const groups = barGroups(bars);
  const labelOf = new Map(bars.map((b) => [b.group, groupLabel(b)]));
  const labels = groups.map((g) => labelOf.get(g)!);
  const responses = [...new Set(bars.map((b) => b.response))];
  const colours = responseColours(responses);
  const segments: Segment[] = [];
  const withheld: string[] = [];
  for (const g of groups) {
    const mine = bars.filter((b) => b.group === g);
    let x = 0;
    for (const b of mine) {
      if (b.share === null) continue;
      segments.push({label: labelOf.get(g)!, response: b.response, share: b.share, x1: x, x2: x + b.share});
      x += b.share;
    }
    if (!mine.some((b) => b.share !== null)) withheld.push(labelOf.get(g)!);
    else if (mine.some((b) => b.share === null) && 1 - x > 0.0005) segments.push({label: labelOf.get(g)!, response: SUPPRESSED_SEGMENT, share: 1 - x, x1: x, x2: 1});
  }
  const hasSuppressed = segments.some((s) => s.response === SUPPRESSED_SEGMENT);
  const domain = [...responses, ...(hasSuppressed ? [SUPPRESSED_SEGMENT] : [])];
  const range = [...colours, ...(hasSuppressed ? ["#f2f2f2"] : [])];
  const fillOf = new Map(domain.map((d, i) => [d, range[i]!]));
  const ink = (s: Segment) => (s.response === SUPPRESSED_SEGMENT ? MUTED : lab(fillOf.get(s.response)!).l < 55 ? "white" : "black");
  // Group labels take at most 38% of the width; on a phone a long name wraps onto more lines instead of being cut.
  const marginLeft = Math.min(220, Math.floor(width * 0.38), Math.max(60, ...labels.map((l) => textWidth(l) + 12)));
  const labelEms = Math.max(4, (marginLeft - 12) / FONT_SIZE);
  const lines = Math.max(1, ...labels.map((l) => Math.ceil(textWidth(l) / (marginLeft - 12))));
  const rowHeight = Math.max(26, lines * (FONT_SIZE + 2) + 8);
  const describe = (g: string) => {
    const label = labelOf.get(g)!;
    if (withheld.includes(label)) return `${label}: suppressed`;
    return `${label}: ${bars.filter((b) => b.group === g).map((b) => `${b.response} ${b.share === null ? "suppressed" : formatPercent(b.share, 0)}`).join(", ")}`;
  };
  const segTitle = (s: Segment) => `${s.label}: ${s.response}${s.response === SUPPRESSED_SEGMENT ? "" : ` ${formatPercent(s.share, 0)}`}`;
  const minLabel = textWidth("00%") / (width - marginLeft - 16);
  // A suppressed segment says so in words only where the word fits inside it (its outline and the key say it anyway).
  const minSuppressed = (textWidth("suppressed") + 8) / (width - marginLeft - 16);
  return Plot.plot({
    document: doc,
    width,
    height: 44 + groups.length * rowHeight,
    marginLeft,
    marginRight: 20, // half of "100%", the last tick label, centred on the edge
    marginBottom: 36,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel ?? `Stacked bar chart: answers to "${options.question}" as shares of each group's respondents`,
    ariaDescription: options.ariaDescription ?? `Answers to "${options.question}", as shares of each group's respondents. ${groups.map(describe).join(". ")}.`,
    x: {domain: [0, 1], label: "Share of the group's respondents →", labelAnchor: "left", tickFormat: (v: number) => formatPercent(v, 0), ticks: width < 500 ? 3 : 5},
    y: {domain: labels, label: null, padding: 0.2, axis: null},
    color: withLegend({type: "ordinal", domain, range}),
    marks: [
      Plot.barX(segments.filter((s) => s.response !== SUPPRESSED_SEGMENT), {x1: "x1", x2: "x2", y: "label", fill: "response", stroke: "white", title: segTitle}),
      Plot.barX(segments.filter((s) => s.response === SUPPRESSED_SEGMENT), {x1: "x1", x2: "x2", y: "label", fill: "response", stroke: MUTED, strokeDasharray: "3,2", insetRight: 1, title: segTitle}),
      Plot.text(segments.filter((s) => s.share >= minLabel && s.response !== SUPPRESSED_SEGMENT), {x: (s: Segment) => (s.x1 + s.x2) / 2, y: "label", text: (s: Segment) => formatPercent(s.share, 0), fill: ink, ariaHidden: "true"}),
      Plot.text(withheld, {x: 0, y: (d: string) => d, text: () => "suppressed", textAnchor: "start", dx: 4, fontStyle: "italic", fill: MUTED, ariaHidden: "true"}),
      Plot.text(segments.filter((s) => s.response === SUPPRESSED_SEGMENT && s.share >= Math.max(0.3, minSuppressed)), {x: (s: Segment) => (s.x1 + s.x2) / 2, y: "label", text: () => "suppressed", fontStyle: "italic", fill: MUTED, ariaHidden: "true"}),
      Plot.text(labels, {y: (d: string) => d, text: (d: string) => d, frameAnchor: "left", textAnchor: "end", dx: -6, lineWidth: labelEms, ariaHidden: "true"}),
      Plot.ruleX([0], {ariaHidden: "true"})
    ]
  });
}
