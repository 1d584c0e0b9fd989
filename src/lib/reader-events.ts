/**
 * The events that say a reader is on a page, in one place for the page's helper (./live-page.ts, which starts a live
 * chapter's engine on them) and the build's idle script (scripts/lib/duckdb-early-start.ts, which creates the
 * engine's worker on them).
 */

/**
 * What a reader does on a page that a print job or a crawler does not: input, not its effects. ("scroll" is not one:
 * Chromium fires it when printing lays the page out again, and for anchors followed, measured here.)
 */
export const READER_EVENTS = ["pointermove", "pointerdown", "wheel", "touchstart", "keydown"] as const;

/**
 * Those, and focus on, input to or a change of a control: a live chapter starts its engine on a reader's input
 * anywhere or focus on its controls (`startInBackground`), and on a change to a control (its recompute asks for the
 * engine), so its worker is created on any of these.
 */
export const READER_START_EVENTS = [...READER_EVENTS, "focusin", "input", "change"] as const;
