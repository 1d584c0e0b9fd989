/**
 * Live chapters (the Violence profile, the Overview, Service mapping, Benchmarking's funnel, Place and population) in both builds: each control recomputes the chapter in the browser with
 * DuckDB-WASM, and its figures equal the build's prepared tables for the same selection, made here by the build's
 * prepare step for a second configuration (Surrey's Guildford, Mar-Aug 2025, robbery and weapons possession). For the
 * default selection, the browser's recompute (?recompute=1) equals the prepared tables drawn without it. The selection
 * round-trips through the URL; a one-district area shows no district control and says why; no request leaves
 * 127.0.0.1.
 */
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync} from "node:fs";
import {join} from "node:path";
import {csvParse} from "d3-dsv";
import type {Browser, BrowserContext, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {loadConfig} from "../../loaders/config/load-config.ts";
import type {SnaConfig} from "../../loaders/config/schema.ts";
import {prepare} from "../../loaders/prepare/prepare.ts";
import type {PlaceTables} from "../../components/live/place.ts";
import {localMeasure} from "../../components/success/measures.ts";
import {formatCount} from "../../components/format/number.ts";
import {afterDependentCells, errorCells, PAGES, queryStatus, waitReady, watch, type Watch} from "./lib/browser.ts";
import {releaseBrowser, testBrowser} from "./lib/shared-chromium.ts";
import {ROOT} from "./lib/build.ts";
import {baseUrl} from "./lib/context.ts";

const E2E_DIR = process.env.SNA_E2E_DIR ?? ".cache/e2e";
const PAGE = PAGES.find((p) => p.path === "violence-profile")!;
const OVERVIEW = PAGES.find((p) => p.path === "")!;
const SERVICES = PAGES.find((p) => p.path === "service-mapping")!;
const BENCHMARKING = PAGES.find((p) => p.path === "benchmarking")!;
const PLACE = PAGES.find((p) => p.path === "place")!;
const EXPLORE = PAGES.find((p) => p.path === "explore")!;
const GUILDFORD = {code: "E07000209", name: "Guildford"};
const CHOICE = {from: "2025-03", to: "2025-08", types: ["Possession of weapons", "Robbery"] as SnaConfig["seriousViolence"]["crimeTypes"]};
const CHOICE_SEARCH = `?district=${GUILDFORD.code}&from=${CHOICE.from}&to=${CHOICE.to}&types=Possession+of+weapons,Robbery`;

let browser: Browser;
let context: BrowserContext;
let w: Watch;
/** The build's prepared tables for Guildford with the choice as its configuration. */
let prepared: string;

beforeAll(async () => {
  const surrey = await loadConfig(join(ROOT, "configs/surrey.ts"));
  prepared = join(ROOT, E2E_DIR, "live-guildford-prepared");
  if (!(process.env.SNA_E2E_REUSE === "1" && existsSync(join(prepared, "partnership.json")))) {
    const tmp = `${prepared}.tmp-${process.pid}`;
    rmSync(tmp, {recursive: true, force: true});
    mkdirSync(tmp, {recursive: true});
    await prepare({...surrey, districts: [GUILDFORD], months: {start: CHOICE.from, end: CHOICE.to}, seriousViolence: {...surrey.seriousViolence, crimeTypes: CHOICE.types}}, tmp);
    rmSync(prepared, {recursive: true, force: true});
    renameSync(tmp, prepared);
  }
  browser = await testBrowser();
  context = await browser.newContext({viewport: {width: 1280, height: 900}, acceptDownloads: true});
  w = await watch(context);
}, 600_000);
afterAll(async () => {
  await releaseBrowser(browser);
});

/** The rate ratio to 10 significant digits: the build writes JSON numbers to 12, the page has all 17. */
const digits10 = (x: number) => Number(x.toPrecision(10));

const csvFile = (dir: string, file: string) => csvParse(readFileSync(join(dir, file), "utf-8"));

async function open(url: string, sitePage = PAGE): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await waitReady(page, sitePage);
  return page;
}

/** Waits for the chapter to show the selection whose query string is `key`, drawn by `source` ("build" or "browser"). */
async function shown(page: Page, key: string, source: "build" | "browser", sitePage = PAGE): Promise<void> {
  await page.locator(`#live-status[data-key="${key}"][data-source="${source}"]`).waitFor({timeout: 60_000});
  await afterDependentCells(page); // the figures that read the status's cell are redrawn on the next frame
  await waitReady(page, sitePage);
}

/** Follows an "Open in Explore" link from `page`; the rows of the console's first result. */
async function rowsInExplore(page: Page, href: string): Promise<number> {
  await page.goto(new URL(href, page.url()).href);
  await waitReady(page, EXPLORE);
  return (await queryStatus(page)).rows;
}

/** A figure's CSV download (the figure's table), as rows keyed by the column labels. */
async function figureCsv(page: Page, id: string): Promise<Record<string, string>[]> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator(`#${id} .sna-figure__download`).click()]);
  const text = readFileSync((await download.path())!, "utf-8").replace(/^\ufeff/, "");
  return csvParse(text);
}

/** The chapter's live figures as plain numbers: what the page shows, to compare with the prepared tables. */
async function liveFigures(page: Page) {
  const num = (s: string | undefined) => (s === undefined || s === "" ? null : Number(s));
  const lsoas = (await figureCsv(page, "fig-serious-violence-by-lsoa-map")).map((r) => ({lsoa21_code: r["LSOA code"], count: num(r.Offences), rate: num(r["Rate per 1,000"])}));
  const deciles = (await figureCsv(page, "fig-serious-violence-by-imd-decile")).map((r) => ({imd_decile: num(r["IMD decile"]), lsoas: num(r.LSOAs), population: num(r.Residents), count: num(r.Offences), rate: num(r["Rate per 1,000"]), lower: num(r["Lower 95% CI"]), upper: num(r["Upper 95% CI"])}));
  const curve = (await figureCsv(page, "fig-serious-violence-concentration")).map((r) => ({share_of_areas: num(r["Share of LSOAs (cumulative)"]), share_of_crimes: num(r["Share of offences (cumulative)"])}));
  const monthly = (await figureCsv(page, "fig-serious-violence-types-by-month")).map((r) => ({month: r.Month, crime_type: r["Crime type"], count: num(r.Offences)}));
  const headline = await page.locator("#live-headline [data-count]").getAttribute("data-count");
  const ratioCell = page.locator("#live-headline [data-rate-ratio]");
  const ratio = (await ratioCell.count()) ? await ratioCell.getAttribute("data-rate-ratio") : null;
  return {lsoas, deciles, curve, monthly, headline: {count: Number(headline), ratio: ratio === null ? null : digits10(Number(ratio))}};
}

/** The Overview's live figures: the headline's count and rate ratio, and the monthly figure's rows. */
async function overviewFigures(page: Page) {
  const num = (s: string | undefined) => (s === undefined || s === "" ? null : Number(s));
  const monthly = (await figureCsv(page, "fig-serious-violence-by-month")).map((r) => ({month: r.Month, crime_type: r["Crime type"], count: num(r.Offences)}));
  const count = Number(await page.locator("#live-headline [data-count]").getAttribute("data-count"));
  const ratioCell = page.locator("#live-headline [data-rate-ratio]");
  const ratio = (await ratioCell.count()) ? digits10(Number(await ratioCell.getAttribute("data-rate-ratio"))) : null;
  return {monthly: byMonthType(monthly), headline: {count, ratio}};
}

/** Service mapping's gap table (its CSV download): the ten neighbourhoods with most serious violence and their services. */
async function gapRows(page: Page) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#tbl-service-gaps-hotspots .sna-figure__download").click()]);
  const rows = csvParse(readFileSync((await download.path())!, "utf-8").replace(/^\ufeff/, ""));
  return rows.map((r) => ({rank: Number(r.Rank), lsoa: r["Neighbourhood (LSOA)"], count: Number(r["Serious violence"]), rate: Number(r["Rate per 1,000"]), inLsoa: Number(r["Services in the LSOA"]), inWard: r["Services in the ward"], gap: r["Gap: no service in the ward"] === "true"}));
}

/** The same figures from a folder of prepared tables, for the crime types shown. */
function preparedFigures(dir: string, types: readonly string[]) {
  const p = JSON.parse(readFileSync(join(dir, "partnership.json"), "utf-8"));
  const n = (s: string | undefined) => (s === undefined || s === "" ? null : Number(s));
  return {
    lsoas: csvFile(dir, "lsoa-violence.csv").map((r) => ({lsoa21_code: r.lsoa21_code, count: n(r.count), rate: n(r.rate)})),
    deciles: csvFile(dir, "imd-deciles.csv").map((r) => ({imd_decile: n(r.imd_decile), lsoas: n(r.lsoas), population: n(r.population), count: n(r.count), rate: n(r.rate), lower: n(r.lower), upper: n(r.upper)})),
    curve: csvFile(dir, "concentration.csv").map((r) => ({share_of_areas: n(r.share_of_areas), share_of_crimes: n(r.share_of_crimes)})),
    monthly: csvFile(dir, "area-monthly.csv").filter((r) => types.includes(r.crime_type!)).map((r) => ({month: r.month, crime_type: r.crime_type, count: n(r.count)})),
    headline: {count: p.headline.count as number, ratio: p.headline.change?.ratio == null ? null : digits10(p.headline.change.ratio)}
  };
}

/** Sorts rows the way the monthly series' table may differ in order (by month, then type). */
const byMonthType = <T extends {month?: string; crime_type?: string}>(rows: T[]) => [...rows].sort((a, b) => `${a.month}|${a.crime_type}`.localeCompare(`${b.month}|${b.crime_type}`));

describe("Surrey (11 districts): each control, against the build's tables for the same selection", () => {
  test("district, period and definition chosen with the controls give the prepared tables of that configuration", async () => {
    const page = await open(`${baseUrl("surrey")}violence-profile`);
    await shown(page, "", "build");
    await page.getByLabel("District", {exact: true}).selectOption({label: GUILDFORD.name});
    await shown(page, `?district=${GUILDFORD.code}`, "browser");
    await page.getByLabel("From", {exact: true}).selectOption({label: "Mar 2025"});
    await page.getByLabel("To", {exact: true}).selectOption({label: "Aug 2025"});
    await shown(page, `?district=${GUILDFORD.code}&from=${CHOICE.from}&to=${CHOICE.to}`, "browser");
    await page.getByRole("checkbox", {name: "Violence and sexual offences"}).uncheck();
    await shown(page, CHOICE_SEARCH, "browser");
    expect(new URL(page.url()).search).toBe(CHOICE_SEARCH);
    const got = await liveFigures(page);
    const want = preparedFigures(prepared, CHOICE.types);
    expect(got.lsoas).toEqual(want.lsoas);
    expect(got.deciles).toEqual(want.deciles);
    expect(got.curve).toEqual(want.curve);
    expect(byMonthType(got.monthly)).toEqual(byMonthType(want.monthly));
    expect(got.headline).toEqual(want.headline);
    expect(got.lsoas.length).toBeGreaterThan(50); // Guildford's LSOAs, not Surrey's 700
    expect(await page.locator("#live-status").innerText()).toContain("Guildford");
    expect(await errorCells(page)).toEqual([]);
    await page.close();
  }, 240_000);

  test("a shared link reproduces the view, controls included", async () => {
    const page = await open(`${baseUrl("surrey")}violence-profile${CHOICE_SEARCH}`);
    await shown(page, CHOICE_SEARCH, "browser");
    const chosen = (label: string) => page.getByLabel(label, {exact: true}).locator("option:checked").textContent();
    expect([await chosen("District"), await chosen("From"), await chosen("To")]).toEqual([GUILDFORD.name, "Mar 2025", "Aug 2025"]);
    expect(await page.getByRole("checkbox", {name: "Violence and sexual offences"}).isChecked()).toBe(false);
    expect(await page.getByRole("checkbox", {name: "Robbery"}).isChecked()).toBe(true);
    const want = preparedFigures(prepared, CHOICE.types);
    expect((await liveFigures(page)).headline).toEqual(want.headline);
    // Back to the whole area: the build's own tables again, and the URL says so.
    await page.getByLabel("District", {exact: true}).selectOption({index: 0});
    await shown(page, `?from=${CHOICE.from}&to=${CHOICE.to}&types=Possession+of+weapons,Robbery`, "browser");
    await page.close();
  }, 120_000);

  test("a link that asks for what the site does not have says so, keeps what it can and shows the default for the rest", async () => {
    // A board member's link from a later edition (months this build lacks) with a mistyped crime type, for Guildford.
    const page = await open(`${baseUrl("surrey")}violence-profile?district=${GUILDFORD.code}&from=2031-01&to=2031-06&types=Robbery,Knife+crime`);
    await shown(page, `?district=${GUILDFORD.code}`, "browser");
    const warning = await page.locator("#link-problems").innerText();
    expect(warning).toMatch(/^Part of this link cannot be shown\./);
    expect(warning).toContain("The link's period, Jan 2031 to Jun 2031, is not within the months this site has");
    expect(warning).toContain('"Knife crime" is not one of the police.uk crime types this site can count, so the local definition');
    expect(warning).not.toContain("Guildford");
    expect(new URL(page.url()).search).toBe(`?district=${GUILDFORD.code}`);
    // The district-only chapters say the same of a district that is not the area's.
    await page.goto(`${baseUrl("surrey")}place?district=E06000026`);
    await waitReady(page, PLACE);
    expect(await page.locator("#link-problems").innerText()).toBe('Part of this link cannot be shown. District "E06000026" is not one of Surrey\'s districts, so the whole of Surrey is shown.');
    expect(await errorCells(page)).toEqual([]);
    await page.close();
  }, 120_000);

  test("for the default selection the browser's recompute equals the build's prepared tables", async () => {
    const built = await open(`${baseUrl("surrey")}violence-profile`);
    await shown(built, "", "build");
    const fromBuild = await liveFigures(built);
    await built.close();
    const page = await open(`${baseUrl("surrey")}violence-profile?recompute=1`);
    await shown(page, "?recompute=1", "browser");
    expect(await liveFigures(page)).toEqual(fromBuild);
    await page.close();
  }, 120_000);
});

describe("Plymouth (one district)", () => {
  test("shows no district control and says why; the default recomputed in the browser equals the build's", async () => {
    const built = await open(`${baseUrl("plymouth")}violence-profile`);
    await shown(built, "", "build");
    expect(await built.getByLabel("District", {exact: true}).count()).toBe(0);
    expect(await built.locator("#live-help").innerText()).toContain("Plymouth is one district, so there is no district to choose");
    const fromBuild = await liveFigures(built);
    await built.close();
    const page = await open(`${baseUrl("plymouth")}violence-profile?recompute=1`);
    await shown(page, "?recompute=1", "browser");
    expect(await liveFigures(page)).toEqual(fromBuild);
    await page.close();
  }, 120_000);

  test("period and definition: the headline is the build's monthly table summed over the chosen months and types", async () => {
    const page = await open(`${baseUrl("plymouth")}violence-profile`);
    await page.getByLabel("From", {exact: true}).selectOption({label: "Apr 2025"});
    await page.getByLabel("To", {exact: true}).selectOption({label: "Jun 2025"});
    await page.getByRole("checkbox", {name: "Violence and sexual offences"}).uncheck();
    const key = "?from=2025-04&to=2025-06&types=Possession+of+weapons,Robbery";
    await shown(page, key, "browser");
    const got = await liveFigures(page);
    // area_monthly does not depend on the period or the definition: the build's file is the check.
    const dist = join(ROOT, E2E_DIR, "plymouth");
    const file = readFileSync(join(dist, "_file/data", readdirSync(join(dist, "_file/data")).find((f) => /^area-monthly\.[0-9a-f]+\.csv$/.test(f))!), "utf-8");
    const monthly = csvParse(file);
    const want = monthly.filter((r) => ["Possession of weapons", "Robbery"].includes(r.crime_type!) && r.month! >= "2025-04" && r.month! <= "2025-06").reduce((s, r) => s + Number(r.count), 0);
    expect(got.headline.count).toBe(want);
    expect(got.headline.count).toBeGreaterThan(0);
    // The LSOA ranking adds up to the headline.
    expect(got.lsoas.reduce((s, l) => s + (l.count ?? 0), 0)).toBe(want);
    // Untick every type: the page says so and keeps the local definition rather than showing nothing.
    await page.getByRole("checkbox", {name: "Possession of weapons"}).uncheck();
    await page.getByRole("checkbox", {name: "Robbery"}).uncheck();
    await expect.poll(() => page.locator("[role=alert]").allInnerTexts()).toContainEqual(expect.stringContaining("no crime type is ticked"));
    expect(await errorCells(page)).toEqual([]);
    await page.close();
  }, 120_000);
});

describe("the Overview is live too", () => {
  test("Surrey: a link for Guildford, Mar-Aug 2025, robbery and weapons gives that configuration's headline, months and findings, and says the comparisons are the default's", async () => {
    const page = await open(`${baseUrl("surrey")}${CHOICE_SEARCH}`, OVERVIEW);
    await shown(page, CHOICE_SEARCH, "browser", OVERVIEW);
    const got = await overviewFigures(page);
    const want = preparedFigures(prepared, CHOICE.types);
    expect(got.headline).toEqual(want.headline);
    // The monthly figure: the chosen types from a year before the period (Mar 2024) to its end.
    expect(got.monthly).toEqual(byMonthType(want.monthly.filter((r) => r.month! >= "2024-03" && r.month! <= CHOICE.to)));
    expect(got.monthly.length).toBeGreaterThan(0);
    expect(await page.locator("#live-status").innerText()).toContain("Guildford");
    // The findings the selection's tables answer are that configuration's, written for Guildford and the chosen types;
    // the comparisons with England and the force (one calendar year of every district) stay the default's, and say so.
    const config = JSON.parse(readFileSync(join(prepared, "partnership.json"), "utf-8")) as {findings: {id: string; text: string}[]};
    const surreyConfig = await loadConfig(join(ROOT, "configs/surrey.ts"));
    const own = config.findings.filter((f) => !["england-comparison", "force-comparison"].includes(f.id) && !f.id.startsWith("risk:"));
    expect(own.map((f) => f.id)).toEqual(["headline-change", "concentration", "deprivation", "peak-month"]); // no month of Mar-Aug 2025 lacks data
    const wantFindings = own.map((f) => f.text.replace(`${surreyConfig.seriousViolence.label} in Surrey`, "Serious violence (Possession of weapons, Robbery) in Guildford (Surrey)"));
    expect(await page.locator("#findings-block > ul.findings").first().locator("li").allInnerTexts()).toEqual(wantFindings);
    expect(await page.locator("#findings-default").innerText()).toContain("These findings are for the selection (Guildford (Surrey), Mar 2025 to Aug 2025, Possession of weapons and Robbery only), written in this browser");
    const comparisons = await page.locator("#findings-comparisons > li").allInnerTexts();
    expect(comparisons.length).toBe(2);
    expect(comparisons[0]).toMatch(/^In the England police\.uk 2025 set, which counts the records every force located in Surrey /);
    expect(await page.locator("#compare-default").count()).toBe(1);
    // Back to the default with the controls: the build's own tables, and the notes go.
    await page.getByLabel("District", {exact: true}).selectOption({index: 0});
    await page.getByLabel("From", {exact: true}).selectOption({label: "Jan 2025"});
    await page.getByLabel("To", {exact: true}).selectOption({label: "Dec 2025"});
    await page.getByRole("checkbox", {name: "Violence and sexual offences"}).check();
    await shown(page, "", "build", OVERVIEW);
    expect(await page.locator("#findings-default, #findings-comparisons, #compare-default").count()).toBe(0);
    expect(await errorCells(page)).toEqual([]);
    await page.close();
  }, 120_000);

  test("Plymouth: the default recomputed in the browser equals the build's headline, monthly figure and findings", async () => {
    const findings = (page: Page) => page.locator("#findings-block li").allInnerTexts();
    const built = await open(`${baseUrl("plymouth")}`, OVERVIEW);
    await shown(built, "", "build", OVERVIEW);
    expect(await built.getByLabel("District", {exact: true}).count()).toBe(0);
    const fromBuild = await overviewFigures(built);
    const builtFindings = await findings(built);
    expect(await built.locator("#findings-block").innerText()).toContain("Written from the data at build time");
    await built.close();
    const page = await open(`${baseUrl("plymouth")}?recompute=1`, OVERVIEW);
    await shown(page, "?recompute=1", "browser", OVERVIEW);
    expect(await overviewFigures(page)).toEqual(fromBuild);
    // Written in the browser over the recomputed tables, the findings are the build's, word for word.
    expect(await page.locator("#findings-block").innerText()).toContain("Written in this browser from the recomputed tables");
    expect(await findings(page)).toEqual(builtFindings);
    expect(builtFindings.length).toBeGreaterThanOrEqual(5);
    expect(fromBuild.monthly.length).toBeGreaterThan(12);
    await page.close();
  }, 120_000);
});

describe("Service mapping is live too", () => {
  test("Surrey: Guildford's ten neighbourhoods with most serious violence for the chosen months and types are those the build finds for that configuration, with the same services", async () => {
    const page = await open(`${baseUrl("surrey")}service-mapping${CHOICE_SEARCH}`, SERVICES);
    await shown(page, CHOICE_SEARCH, "browser", SERVICES);
    const got = await gapRows(page);
    // The Guildford configuration's own gap table: same LSOAs, counts, rates and services by LSOA and ward. (Its
    // district-wide and area-wide columns differ by design: there Guildford is the whole area.)
    const want = csvFile(prepared, "service-gap-hotspots.csv").map((r) => ({rank: Number(r.rank), lsoa: r.lsoa21_name, count: Number(r.count), rate: Number(r.rate), inLsoa: Number(r.services_in_lsoa), inWard: r.services_in_ward, gap: r.gap === "true"}));
    expect(got).toEqual(want);
    expect(got).toHaveLength(10);
    expect(await page.locator("#coverage-register").count()).toBe(1);
    // The map shows Guildford's neighbourhoods only.
    expect(await page.locator("#live-status").innerText()).toContain("Guildford");
    expect(await errorCells(page)).toEqual([]);
    await page.close();
  }, 120_000);

  test("Plymouth: the default recomputed in the browser gives the build's gap table", async () => {
    const built = await open(`${baseUrl("plymouth")}service-mapping`, SERVICES);
    await shown(built, "", "build", SERVICES);
    const fromBuild = await gapRows(built);
    await built.close();
    const page = await open(`${baseUrl("plymouth")}service-mapping?recompute=1`, SERVICES);
    await shown(page, "?recompute=1", "browser", SERVICES);
    expect(await gapRows(page)).toEqual(fromBuild);
    expect(fromBuild).toHaveLength(10);
    await page.close();
  }, 120_000);
});

describe("Benchmarking's funnel is live too", () => {
  /** The funnel's table (its CSV download): every English district drawn, with its count, residents and rate. */
  async function funnelRows(page: Page) {
    return (await figureCsv(page, "fig-funnel-serious-violence")).map((r) => ({district: r.District, count: Number(r.Offences), population: Number(r.Residents), rate: Number(r["Rate per 1,000"])}));
  }

  test("Surrey: Guildford highlighted with robbery and weapons gives the English districts of that configuration's build, and its SQL runs in Explore", async () => {
    const search = `?district=${GUILDFORD.code}&types=Possession+of+weapons,Robbery`;
    const page = await open(`${baseUrl("surrey")}benchmarking${search}`, BENCHMARKING);
    await shown(page, search, "browser", BENCHMARKING);
    // The Guildford configuration's own table: the districts of forces with every month, with a count.
    const want = csvFile(prepared, "england-districts.csv").filter((r) => r.complete === "true" && Number(r.count) > 0)
      .map((r) => ({district: r.lad_name, count: Number(r.count), population: Number(r.population), rate: Number(((1000 * Number(r.count)) / Number(r.population)).toFixed(1))})); // the table's rates, to its 1 decimal
    const got = await funnelRows(page);
    expect(got.length).toBeGreaterThan(200);
    expect([...got].sort((a, b) => a.district!.localeCompare(b.district!))).toEqual([...want].sort((a, b) => a.district!.localeCompare(b.district!)));
    const title = await page.locator("#fig-funnel-serious-violence .sna-figure__title").innerText();
    expect(title).toContain("Jan 2025 to Dec 2025");
    expect(await page.locator("#fig-funnel-serious-violence").innerText()).toContain("Guildford highlighted; serious violence here counts Possession of weapons, Robbery (not the local definition)");
    // "Open in Explore" opens the console with the funnel's query, which runs there on the same tables.
    const sqlBox = page.locator("details.live-sql").last();
    await sqlBox.locator("summary").click();
    const query = await sqlBox.locator("pre code").innerText();
    expect(query).toContain("'Possession of weapons', 'Robbery'");
    await Promise.all([page.waitForURL(/\/explore/), sqlBox.getByRole("link", {name: "Open in Explore"}).click()]);
    await waitReady(page, EXPLORE);
    expect(await page.locator("textarea").inputValue()).toBe(query);
    expect(await page.getByLabel("Example").locator("option:checked").innerText()).toBe("The query from the link");
    expect((await queryStatus(page)).rows).toBe(csvFile(prepared, "england-districts.csv").length);
    expect(await errorCells(page)).toEqual([]);
    await page.close();
  }, 120_000);

  test("Plymouth: the default recomputed in the browser equals the build's funnel; the months control recomputes it", async () => {
    const built = await open(`${baseUrl("plymouth")}benchmarking`, BENCHMARKING);
    await shown(built, "", "build", BENCHMARKING);
    const fromBuild = await funnelRows(built);
    await built.close();
    const page = await open(`${baseUrl("plymouth")}benchmarking?recompute=1`, BENCHMARKING);
    await shown(page, "?recompute=1", "browser", BENCHMARKING);
    expect(await funnelRows(page)).toEqual(fromBuild);
    // Three months: every district's count falls, and the title names the months.
    await page.getByLabel("To", {exact: true}).selectOption({label: "Mar 2025"});
    await page.locator(`#live-status[data-key*="to=2025-03"][data-source="browser"]`).waitFor({timeout: 60_000});
    await afterDependentCells(page);
    await waitReady(page, BENCHMARKING);
    const quarter = await funnelRows(page);
    const full = new Map(fromBuild.map((r) => [r.district, r.count]));
    expect(quarter.length).toBeGreaterThan(200);
    // (A force that published Jan-Mar but not every month of the year joins the funnel: only shared districts compare.)
    expect(quarter.filter((r) => full.has(r.district)).every((r) => r.count <= full.get(r.district)!)).toBe(true);
    expect(quarter.reduce((a, r) => a + r.count, 0)).toBeLessThan(0.4 * fromBuild.reduce((a, r) => a + r.count, 0));
    expect(await page.locator("#fig-funnel-serious-violence .sna-figure__title").innerText()).toContain("Jan 2025 to Mar 2025");
    await page.close();
  }, 120_000);
});

test("nothing left 127.0.0.1, nothing failed, no page error", () => {
  expect(w.foreign).toEqual([]);
  expect(w.failed).toEqual([]);
  expect(w.pageErrors).toEqual([]);
  // DuckDB's engine was fetched from the site itself.
  expect(w.requests.some((u) => /duckdb-(eh|mvp)\.wasm$/.test(u))).toBe(true);
});

describe("Place and population is live for a county's districts", () => {
  /** The chapter's figures as residents per row, from their CSV downloads: what the page shows, to compare with place.json. */
  async function placeFigures(page: Page) {
    const n = (s: string | undefined) => Number(s);
    return {
      pyramid: (await figureCsv(page, "fig-population-pyramid")).filter((r) => r.Area !== "England").map((r) => ({sex: r.Sex, band: r.Age, population: n(r.Residents)})),
      ageGroups: (await figureCsv(page, "fig-age-groups")).map((r) => ({group: r["Age group"], population: n(r.Residents)})),
      ethnicity: (await figureCsv(page, "fig-ethnicity")).map((r) => ({group: r["Ethnic group"], population: n(r.Residents)})),
      imd: (await figureCsv(page, "fig-imd-deciles")).map((r) => ({decile: n(r["IMD decile"]), lsoas: n(r.LSOAs), population: n(r.Residents)})),
      ruralUrban: (await figureCsv(page, "fig-rural-urban")).map((r) => ({ruc_code: r.Code, lsoas: n(r.LSOAs), population: n(r.Residents)})),
      map: (await figureCsv(page, "fig-imd-decile-by-lsoa")).length
    };
  }
  /** The same from a prepared place.json (its "area" rows). */
  function preparedPlace(dir: string) {
    const p = JSON.parse(readFileSync(join(dir, "place.json"), "utf-8")) as PlaceTables;
    const area = <T extends {geography: string}>(rows: T[]) => rows.filter((r) => r.geography === "area");
    return {
      pyramid: area(p.pyramid).map((r) => ({sex: r.sex, band: r.band, population: r.population})),
      ageGroups: area(p.ageGroups).map((r) => ({group: r.group, population: r.population})),
      ethnicity: area(p.ethnicity).map((r) => ({group: r.label, population: r.population})),
      imd: p.imdDeciles.filter((r) => r.domain === "imd").map((r) => ({decile: r.decile, lsoas: r.lsoas, population: r.population})),
      ruralUrban: area(p.ruralUrban).filter((r) => r.lsoas > 0).map((r) => ({ruc_code: r.ruc_code, lsoas: r.lsoas, population: r.population}))
    };
  }

  test("Surrey: Guildford chosen gives the Guildford configuration's place.json, maps Guildford's neighbourhoods only, and its link reproduces the view", async () => {
    const page = await open(`${baseUrl("surrey")}place`, PLACE);
    await shown(page, "", "build", PLACE);
    const county = await placeFigures(page);
    await page.getByLabel("District", {exact: true}).selectOption({label: GUILDFORD.name});
    await shown(page, `?district=${GUILDFORD.code}`, "browser", PLACE);
    const got = await placeFigures(page);
    const {map, ...figures} = got;
    expect(figures).toEqual(preparedPlace(prepared));
    expect(map).toBe(got.imd.reduce((s, d) => s + d.lsoas, 0)); // Guildford's LSOAs on the map, not Surrey's
    expect(map).toBeLessThan(county.map / 5);
    expect(await page.locator("#live-status").innerText()).toContain("Guildford");
    expect(await page.locator("#fig-age-groups h3").innerText()).toContain("Guildford (Surrey)");
    // Open in Explore runs the age groups' query on the shipped tables and gets its six rows.
    const href = await page.locator("#fig-age-groups ~ details.live-sql a").first().getAttribute("href");
    expect(await errorCells(page)).toEqual([]);
    await page.close();
    const again = await open(`${baseUrl("surrey")}place?district=${GUILDFORD.code}`, PLACE);
    await shown(again, `?district=${GUILDFORD.code}`, "browser", PLACE);
    expect(await again.getByLabel("District", {exact: true}).locator("option:checked").textContent()).toBe(GUILDFORD.name);
    const {map: _m, ...linked} = await placeFigures(again);
    expect(linked).toEqual(figures);
    expect(await rowsInExplore(again, href!)).toBe(6);
    await again.close();
  }, 180_000);

  test("Plymouth: no district control; the whole area recomputed in the browser equals the build's figures", async () => {
    const built = await open(`${baseUrl("plymouth")}place`, PLACE);
    expect(await built.getByLabel("District", {exact: true}).count()).toBe(0);
    const fromBuild = await placeFigures(built);
    await built.close();
    const page = await open(`${baseUrl("plymouth")}place?recompute=1`, PLACE);
    await shown(page, "?recompute=1", "browser", PLACE);
    expect(await placeFigures(page)).toEqual(fromBuild);
    expect(fromBuild.ageGroups.reduce((s, d) => s + d.population, 0)).toBeGreaterThan(250_000);
    await page.close();
  }, 120_000);
});

describe("Risk factors shows a county's district", () => {
  const RISK = PAGES.find((p) => p.path === "risk-factors")!;
  /** The indicator table's CSV download, as id, value and gap: what the page shows. */
  async function indicatorCsv(page: Page) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(`a[download^="risk-factor-indicators"]`).click()]);
    return csvParse(readFileSync((await download.path())!, "utf-8")).map((r) => ({id: r.id, value: r.value, gap: r.gap}));
  }
  /** The district tables the page read, fetched from the same URL (the build's prepared district-indicators.json). */
  async function servedDistricts(page: Page): Promise<{code: string; name: string; indicators: {id: number | string; value: number | null; gap: string | null}[]; findings: {text: string}[]}[]> {
    return page.evaluate(async () => {
      const url = performance.getEntriesByType("resource").map((e) => e.name).find((u) => u.includes("district-indicators"));
      return (await (await fetch(url!)).json()).districts;
    });
  }

  test("Surrey: Guildford chosen shows Guildford's indicators, findings and neighbourhoods, and its link reproduces the view", async () => {
    const page = await open(`${baseUrl("surrey")}risk-factors`, RISK);
    await shown(page, "", "build", RISK);
    const county = await indicatorCsv(page);
    // The county's gaps say which indicators its districts have (low-income families: all eleven).
    expect(await page.locator(".district-values").first().innerText()).toBe("All 11 of its districts have a value: choose one above.");
    await page.getByLabel("District", {exact: true}).selectOption({label: GUILDFORD.name});
    await shown(page, `?district=${GUILDFORD.code}`, "build", RISK);
    const guildford = (await servedDistricts(page)).find((d) => d.code === GUILDFORD.code)!;
    const want = guildford.indicators.map((i) => ({id: String(i.id), value: i.value === null ? "" : String(i.value), gap: i.gap ?? ""}));
    const got = await indicatorCsv(page);
    expect(got).toEqual(want);
    expect(got).not.toEqual(county);
    expect(got.filter((r) => r.value !== "").map((r) => r.id).sort()).toEqual(["10101", "21001", "91414"]);
    expect(await page.locator("h1").innerText()).toContain("Guildford (Surrey)");
    expect(await page.locator("#live-status").innerText()).toContain("Showing Guildford: 3 of");
    expect(await page.locator("#risk-findings").innerText()).toContain(guildford.findings[0]!.text);
    // The map shows Guildford's neighbourhoods only: those of the Guildford configuration's prepared tables.
    const lsoas = (await figureCsv(page, "fig-share-aged-16-24-by-lsoa")).map((r) => r.LSOA).sort();
    expect(lsoas).toEqual(csvFile(prepared, "lsoa-risk-factors.csv").map((r) => r.lsoa21_code).sort());
    expect(await errorCells(page)).toEqual([]);
    // Explore holds the district's rows: "Open in Explore" gets one per indicator.
    const href = await page.locator("details.live-sql a").first().getAttribute("href");
    expect(await rowsInExplore(page, href!)).toBe(want.length);
    await page.close();
    const again = await open(`${baseUrl("surrey")}risk-factors?district=${GUILDFORD.code}`, RISK);
    await shown(again, `?district=${GUILDFORD.code}`, "build", RISK);
    expect(await again.getByLabel("District", {exact: true}).locator("option:checked").textContent()).toBe(GUILDFORD.name);
    expect(await indicatorCsv(again)).toEqual(want);
    await again.close();
  }, 120_000);

  test("Plymouth: one district, no district control", async () => {
    const page = await open(`${baseUrl("plymouth")}risk-factors`, RISK);
    expect(await page.getByLabel("District", {exact: true}).count()).toBe(0);
    expect(await page.locator("#live-status").count()).toBe(0);
    await page.close();
  }, 60_000);
});

describe("Success measures shows a county's district", () => {
  const SUCCESS = PAGES.find((p) => p.path === "success-measures")!;
  /** The local measures table: measure, baseline and latest (label and count), as the page shows them. */
  async function localMeasures(page: Page): Promise<{name: string; baseline: string; latest: string}[]> {
    const table = page.locator("table", {has: page.locator("caption", {hasText: "Local measures"})});
    return table.locator("tbody tr").evaluateAll((rows) => rows.map((r) => {
      const cells = [...r.querySelectorAll("th, td")].map((c) => (c as HTMLElement).innerText.trim());
      return {name: cells[0]!, baseline: cells[2]!, latest: cells[3]!};
    }));
  }

  test("Surrey: Guildford chosen recomputes the police.uk measures as the Guildford configuration's tables give them, and names its CSP's homicides", async () => {
    const surrey = await loadConfig(join(ROOT, "configs/surrey.ts"));
    const page = await open(`${baseUrl("surrey")}success-measures`, SUCCESS);
    await shown(page, "", "build", SUCCESS);
    const county = await localMeasures(page);
    await page.getByLabel("District", {exact: true}).selectOption({label: GUILDFORD.name});
    await shown(page, `?district=${GUILDFORD.code}`, "browser", SUCCESS);
    // The prepared area_monthly of a build of Guildford alone, through the page's own function.
    const monthly = csvFile(prepared, "area-monthly.csv").map((r) => ({month: r.month, crime_type: r.crime_type, count: Number(r.count)}));
    const want = surrey.successMeasures.local.map((def) => {
      const m = localMeasure(def, monthly);
      if (!m.ok) throw new Error(`${def.name}: ${m.reason}`);
      return {name: def.name, baseline: `${m.change.baseline.label}: ${formatCount(m.change.baseline.count)}`, latest: `${m.change.latest.label}: ${formatCount(m.change.latest.count)}`};
    });
    const got = await localMeasures(page);
    expect(got).toEqual(want);
    expect(got).not.toEqual(county);
    expect(await page.locator("table caption", {hasText: "Local measures"}).innerText()).toContain("Guildford (Surrey)");
    // Guildford's CSP (ONS Table C2) is named in the glance and marked in the homicide table.
    const cspRow = csvFile(prepared, "csp-crime.csv").find((r) => r.level === "partnership CSP" && r.offence === "homicide")!;
    expect(cspRow.area_name).toBe("Guildford");
    expect(await page.locator("table", {has: page.locator("caption", {hasText: "at a glance"})}).innerText()).toContain(`of which Guildford CSP ${cspRow.count}`);
    expect(await page.getByText("Guildford (the district chosen)", {exact: true}).count()).toBe(1);
    // Open in Explore runs the query on the shipped tables: every month of the build, every crime type.
    const href = await page.locator("details.live-sql a").first().getAttribute("href");
    expect(await errorCells(page)).toEqual([]);
    expect(await rowsInExplore(page, href!)).toBe(monthly.length);
    await page.close();
    const again = await open(`${baseUrl("surrey")}success-measures?district=${GUILDFORD.code}`, SUCCESS);
    await shown(again, `?district=${GUILDFORD.code}`, "browser", SUCCESS);
    expect(await localMeasures(again)).toEqual(want);
    await again.close();
  }, 120_000);

  test("Plymouth: no district control; the measures recomputed in the browser equal the build's", async () => {
    const built = await open(`${baseUrl("plymouth")}success-measures`, SUCCESS);
    expect(await built.getByLabel("District", {exact: true}).count()).toBe(0);
    const fromBuild = await localMeasures(built);
    expect(fromBuild.length).toBeGreaterThan(0);
    await built.close();
    const page = await open(`${baseUrl("plymouth")}success-measures?recompute=1`, SUCCESS);
    await shown(page, "?recompute=1", "browser", SUCCESS);
    expect(await localMeasures(page)).toEqual(fromBuild);
    await page.close();
  }, 120_000);
});
