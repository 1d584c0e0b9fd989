/**
 * The board pack of a shared link's view (loaders/pack/view.ts): which links it reads, what it refuses and how it
 * names the view. The partnerships are the two example configurations; the months are the snapshot's own police.uk
 * files for Surrey.
 */
import {readdirSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {liveDefaults, type LivePartnership} from "../../components/live/selection.ts";
import {POLICEUK_CRIME_TYPES} from "../../loaders/config/schema.ts";
import {linkQuery, packView} from "../../loaders/pack/view.ts";
import plymouthConfig from "../../sna.config.ts";
import surreyConfig from "../../configs/surrey.ts";
import {ROOT} from "../e2e/lib/build.ts";

const months = readdirSync(join(ROOT, "data/snapshot/policeuk/street/surrey")).map((f) => f.slice(0, 7)).sort();
const types = POLICEUK_CRIME_TYPES.map((crime_type) => ({crime_type}));
const partnership = (c: typeof surreyConfig): LivePartnership => ({
  area: {name: c.area.name},
  districts: c.districts,
  monthsAvailable: months,
  window: {start: "2025-01", end: "2025-12"},
  seriousViolence: {crimeTypes: [...c.seriousViolence.crimeTypes]}
});
const surrey = partnership(surreyConfig);
const plymouth = partnership(plymouthConfig);
const view = (link: string, p = surrey) => packView(link, p, liveDefaults(p, types));

describe("linkQuery", () => {
  it("reads a whole link, a page and its query, or the query alone, without the hash", () => {
    const q = "district=E07000209&from=2025-03&to=2025-08";
    expect(linkQuery(`http://sna.council.internal/sna/violence-profile?${q}#fig-x`)).toBe(q);
    expect(linkQuery(`violence-profile?${q}`)).toBe(q);
    expect(linkQuery(`?${q}`)).toBe(q);
    expect(linkQuery(` ${q}#top `)).toBe(q);
  });
});

describe("packView", () => {
  it("names a district, a period and a definition the way the cover, the header and the file name need", () => {
    const v = view("https://sna.example/violence-profile?district=E07000209&from=2025-03&to=2025-08&types=Robbery,Possession+of+weapons");
    expect(v).toEqual({
      selection: {district: "E07000209", from: "2025-03", to: "2025-08", crimeTypes: ["Possession of weapons", "Robbery"]},
      search: "?district=E07000209&from=2025-03&to=2025-08&types=Possession+of+weapons,Robbery",
      label: "Guildford (Surrey); Mar 2025 to Aug 2025; serious violence counted as Possession of weapons, Robbery (not the local definition)",
      short: "Guildford, Mar 2025 to Aug 2025, Possession of weapons and Robbery",
      slug: "guildford-2025-03-to-2025-08-possession-of-weapons-robbery"
    });
  });

  it("writes only what differs from the default, as the pages do", () => {
    const v = view("district=E07000217&types=Robbery,Violence+and+sexual+offences,Possession+of+weapons");
    expect(v?.search).toBe("?district=E07000217");
    expect(v?.label).toBe("Woking (Surrey); Jan 2025 to Dec 2025; the local definition of serious violence");
    expect(v?.short).toBe("Woking, Jan 2025 to Dec 2025");
    // A period may run over months with no data (2024-05 to 2024-12): the pages say which.
    expect(view("from=2024-01&to=2025-06")?.label).toBe("Surrey; Jan 2024 to Jun 2025; the local definition of serious violence");
    // One month is written once, as the pages write it.
    expect(view("from=2025-12&to=2025-12")?.short).toBe("Surrey, Dec 2025");
  });

  it("is null for the configured default (the ordinary pack), recompute=1 included", () => {
    expect(view("")).toBeNull();
    expect(view("http://127.0.0.1:3000/violence-profile")).toBeNull();
    expect(view("?recompute=1&from=2025-01&to=2025-12")).toBeNull();
    // Plymouth is one district: its own code is the whole area.
    expect(view("?district=E06000026", plymouth)).toBeNull();
  });

  it("refuses a district the area lacks, naming the districts it has", () => {
    expect(() => view("?district=E07000999")).toThrow(/--link: district "E07000999" is not a district of this area\. This build has districts E07000207 \(Elmbridge\), .*E07000209 \(Guildford\)/);
    expect(() => view("?district=E07000209", plymouth)).toThrow(/district "E07000209" is not a district of this area\. This build has districts E06000026 \(Plymouth\): one district, the whole area/);
  });

  it("refuses months the build does not have, and a reversed period, naming the months it has", () => {
    expect(() => view("?from=2026-01&to=2026-03")).toThrow(new RegExp(`the period 2026-01 to 2026-03 is not a run of months this build has .*months ${months[0]} to 2025-12 \\(from and to, YYYY-MM\\)`));
    expect(() => view("?from=2025-08&to=2025-03")).toThrow(/the period 2025-08 to 2025-03 is not a run of months/);
  });

  it("refuses a crime type police.uk does not have, naming the types", () => {
    expect(() => view("?types=Knife+crime")).toThrow(/the crime types "Knife crime" are not all police.uk types of this build.*crime types Bicycle theft, Burglary/);
    // Anti-social behaviour is not a crime type a definition may count.
    expect(() => view("?types=Anti-social+behaviour")).toThrow(/not all police.uk types/);
  });

  it("refuses a parameter no chapter reads (an Explore link, a typo), saying which it may carry", () => {
    expect(() => view("explore#sql=SELECT%201")).not.toThrow(); // the hash is not the query: nothing asked for
    expect(() => view("explore?sql=SELECT+1")).toThrow(/--link: "sql" is not a parameter of a chapter's view; a link may carry district, from, to, types/);
    expect(() => view("?distrct=E07000209")).toThrow(/"distrct" is not a parameter/);
  });
});
