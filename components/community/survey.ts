/**
 * Community survey answers by group (guidance section 5.4): pure helpers shared by the prepare step
 * (loaders/community/survey.ts) and the Community voice chapter. No imports: pages load this in the browser.
 */

/** The groupings of the survey tables published by loaders/partners (community-survey type), in display order. */
export const SURVEY_GROUPINGS = [
  {table: "responses", dim: "Period"},
  {table: "by-age", dim: "Age band"},
  {table: "by-area", dim: "Area"}
] as const;
export type SurveyTable = (typeof SURVEY_GROUPINGS)[number]["table"];
/** The bar of every respondent to a question (the response totals). */
export const ALL_RESPONDENTS = "All respondents";

/** Answers that are not a view ("Don't know", "Prefer not to say"): shown last, after the scale. */
const NON_SUBSTANTIVE = /^(don'?t know|do not know|not sure|unsure|prefer not to say|rather not say|no answer|not known|can'?t say|cannot say|no opinion|n\/?a)$/i;
const NEGATIVE = /\b(unsafe|disagree|dissatisfied|unlikely|unhappy|bad|poor|worse|worried|big problem|never)\b/i;
const NEGATED = /^(not|no)\b/i;
const STRONG = /\b(very|strongly|completely|extremely|at all|always)\b/i;
const MILD = /\b(fairly|quite|a bit|a little|slightly|somewhat|tend to|mostly|not a very|sometimes)\b/i;
const NEUTRAL = /\b(neither|neutral|mixed)\b/i;

/**
 * Where an answer sits on its scale, most favourable first: "Very safe" 2, "Fairly safe" 1, "A bit unsafe" −1,
 * "Very unsafe" −2, "Not a problem at all" 2, "A fairly big problem" −1; neither/neutral 0; an answer with no
 * strength word ("Agree") 1.5. Partner tables list answers alphabetically, which would scramble a Likert scale.
 */
export function responseScore(response: string): number {
  const s = response.trim();
  if (NEUTRAL.test(s)) return 0;
  let sign = NEGATIVE.test(s) ? -1 : 1;
  if (NEGATED.test(s) && NEGATIVE.test(s)) sign = 1;
  const strength = STRONG.test(s) && !/\bnot a very\b/i.test(s) ? 2 : MILD.test(s) ? 1 : 1.5;
  return sign * strength;
}

/**
 * The answers of one question in scale order: most favourable to least, then answers that are not a view. Answers
 * that score the same ("Yes", "No") keep the order given.
 */
export function orderResponses(responses: readonly string[]): string[] {
  const list = [...new Set(responses)];
  const key = (r: string) => (NON_SUBSTANTIVE.test(r.trim()) ? [1, 0] : [0, -responseScore(r)]);
  return list.map((r, i) => ({r, i, k: key(r)})).sort((a, b) => a.k[0]! - b.k[0]! || a.k[1]! - b.k[1]! || a.i - b.i).map((x) => x.r);
}

/** One published cell of the survey tables, as the chapter reads it (the prepared table community_survey). */
export interface SurveyCell {
  split: string;
  table: string;
  group_dim: string;
  col: string;
  group: string;
  row: string;
  total: boolean;
  count: number | null;
  suppressed: boolean;
  respondents: number | null;
  share: number | null;
  response_order: number;
}

/** A bar segment of the chart: a group's share giving one answer, or null when withheld. */
export interface SurveyBar {
  group: string;
  group_dim: string;
  response: string;
  count: number | null;
  share: number | null;
  respondents: number | null;
}

/**
 * The bars of one question: every respondent first, then each grouping that has more than its "Not known" column
 * (a survey supplied without ages has every respondent's age "Not known": that grouping adds nothing), and the
 * period grouping only when there are several periods. Suppressed counts have no share (never 0).
 */
export function questionBars(cells: readonly SurveyCell[], question: string): SurveyBar[] {
  const mine = cells.filter((c) => c.split === question);
  const bar = (c: SurveyCell, group: string): SurveyBar => ({group, group_dim: c.group_dim, response: c.row, count: c.suppressed ? null : c.count, share: c.suppressed ? null : c.share, respondents: c.suppressed ? null : c.respondents});
  const byOrder = (a: SurveyCell, b: SurveyCell) => a.response_order - b.response_order;
  // The response totals are the same in every grouping (the prepare step checks it); take the first table's.
  const firstTable = SURVEY_GROUPINGS.map((g) => g.table).find((t) => mine.some((c) => c.table === t));
  const all = mine.filter((c) => c.table === firstTable && c.total && c.col === "Total" && c.row !== "Total").sort(byOrder).map((c) => bar(c, ALL_RESPONDENTS));
  const groups = SURVEY_GROUPINGS.flatMap(({table}) => {
    const inner = mine.filter((c) => c.table === table && !c.total);
    const cols = [...new Set(inner.map((c) => c.col))];
    const informative = table === "responses" ? cols.length > 1 : cols.some((c) => c !== "Not known");
    return informative ? inner.sort(byOrder).map((c) => bar(c, c.group)) : [];
  });
  return [...all, ...groups];
}

/** The groups of a question's bars in display order (every respondent, then each grouping's columns as published). */
export function barGroups(bars: readonly SurveyBar[]): string[] {
  return [...new Set(bars.map((b) => b.group))];
}
