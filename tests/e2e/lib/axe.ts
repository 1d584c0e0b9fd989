/**
 * axe-core at WCAG 2.2 AA on an open page, through @axe-core/playwright. Legacy mode runs axe.run inside the page: the
 * default splits the run by frame and finishes it in a second, blank page, which costs a third more on these pages
 * (one frame each, up to 15,000 elements; Surrey's Violence profile took 8.5 s and takes 5.5 s, measured here) and
 * finds the same violations.
 */
import AxeBuilder from "@axe-core/playwright";
import type {Page} from "playwright-core";

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** The builder every browser test uses: WCAG 2.2 AA rules, run in the page. Call .analyze() on it. */
export function axe(page: Page): AxeBuilder {
  return new AxeBuilder({page}).withTags(WCAG_TAGS).setLegacyMode(true);
}
