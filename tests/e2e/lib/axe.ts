/**
 * axe-core at WCAG 2.2 AA on an open page, through @axe-core/playwright. Legacy mode runs axe.run inside the page: the
 * default splits the run by frame and finishes it in a second, blank page, which costs a third more on these pages
 * (one frame each, up to 15,000 elements; Surrey's Violence profile took 8.5 s and takes 5.5 s, measured here) and
 * finds the same violations. Only violations are reported in full: the passes' thousands of nodes (1,510 on Surrey's
 * Violence profile) cost a quarter to a third of each run to gather and carry back, and no test reads them.
 */
import AxeBuilder from "@axe-core/playwright";
import type {Page} from "playwright-core";

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** The builder every browser test uses: WCAG 2.2 AA rules, run in the page. Call .analyze() on it. */
export function axe(page: Page): AxeBuilder {
  // options() replaces the options withTags() sets, so it comes first.
  return new AxeBuilder({page}).options({resultTypes: ["violations"]}).withTags(WCAG_TAGS).setLegacyMode(true);
}
