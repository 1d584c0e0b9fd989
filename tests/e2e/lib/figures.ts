/**
 * The checks every chart figure of a page gets (issue "Accessible and honest pages"): a title that labels it, a source
 * line with period and release, a text alternative, a table, and a CSV download whose header repeats the table's
 * columns with one line per row.
 */
import {readFileSync} from "node:fs";
import type {Locator, Page} from "playwright-core";
import {expect} from "vitest";

/** The figure's column labels from its table, as the CSV header should repeat them. */
function tableHeader(fig: Locator): Promise<string[]> {
  return fig.locator("details.sna-figure__table table thead th").allTextContents();
}

/**
 * The page's figures, counted once they have had a moment to arrive: a cell waiting on another (e.g. What changed's
 * comparison after its edition data) can draw its figure just after the ready signal. Fewer after 15 s fails. Polled
 * with page.evaluate, which works under the strict policy (waitForFunction needs 'unsafe-eval').
 */
export async function figureCount(page: Page, atLeast: number): Promise<number> {
  const until = Date.now() + 15_000;
  let n = 0;
  while ((n = (await page.evaluate(`document.querySelectorAll("figure.sna-figure").length`)) as number) < atLeast && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  return n;
}

export async function checkFigures(page: Page): Promise<void> {
  const figures = page.locator("figure.sna-figure");
  const n = await figures.count();
  for (let i = 0; i < n; i++) {
    const fig = figures.nth(i);
    const title = (await fig.locator(".sna-figure__title").innerText()).trim();
    expect(title, `figure ${i + 1} has no title`).not.toBe("");
    expect(await fig.getAttribute("aria-labelledby"), `${title}: the figure is not labelled by its title`).toBe(await fig.locator(".sna-figure__title").getAttribute("id"));
    expect(await fig.locator(".sna-figure__source").innerText(), `${title}: source line`).toMatch(/^Source: \S.* · Period: \S.* · Released: \S/);
    const label = await fig.locator('.sna-figure__chart [role="img"]').first().getAttribute("aria-label");
    expect(label?.trim(), `${title}: the chart has no aria-label`).toBeTruthy();
    const header = await tableHeader(fig);
    const rows = await fig.locator("details.sna-figure__table table tbody tr").count();
    expect(header.length, `${title}: the table has no columns`).toBeGreaterThan(0);
    expect(rows, `${title}: the table has no rows`).toBeGreaterThan(0);

    // A click that lands while a cell re-renders the figure (its width settling) can be lost: one more try.
    const button = fig.locator("button.sna-figure__download");
    await button.scrollIntoViewIfNeeded();
    const download = await Promise.all([page.waitForEvent("download", {timeout: 10_000}), button.click()])
      .then(([d]) => d)
      .catch(async () => (await Promise.all([page.waitForEvent("download"), button.click()]))[0]);
    expect(download.suggestedFilename(), `${title}: download name`).toMatch(/^[\w.-]+\.csv$/);
    const csv = readFileSync(await download.path(), "utf-8").replace(/^\ufeff/, "");
    const lines = csv.trimEnd().split(/\r\n/);
    expect(lines[0], `${title}: the CSV header repeats the table's columns`).toBe([...header, "Note"].map((h) => (/[",\n]/.test(h) ? `"${h.replaceAll('"', '""')}"` : h)).join(","));
    expect(lines.length - 1, `${title}: the CSV has one line per table row`).toBe(rows);
  }
}
