/**
 * Writes the example partner extracts for a partnership in data/partners/examples/<area code>/: one per dataset type,
 * each with its manifest (example: true). They are generated, not real: no row is about a real person or event. They
 * exist so the partner data chapter renders and so analysts can see what each dataset should look like, and they
 * follow the configured partnership (its LSOAs, its organisations, volumes in proportion to its recorded violence),
 * so a county's build never shows a unitary authority's hospital under its title.
 *
 * Method (reproducible: the same seed gives the same files):
 *  - PRNG: mulberry32 seeded with EXAMPLE_SEED (20250401); Poisson draws by Knuth's method, categories by weights.
 *  - Places: the 2021 LSOAs of the partnership's districts from data/snapshot/ons/lookups/geographr_lookup_lsoa21_ward24_ltla24.csv.gz,
 *    weighted by the real police.uk 2025 "Violence and sexual offences" counts per LSOA in the snapshot (the
 *    configured forces' files), so example hotspots sit where recorded violence does.
 *  - Volumes: for Plymouth about 1,500 A&E assault attendances and 1,800 ambulance assault call-outs a year, with
 *    summer and December peaks and Friday–Sunday night peaks; youth justice and school volumes of the order
 *    published for Plymouth (DfE, YJB). Another partnership's volumes are Plymouth's scaled by the ratio of its 2025
 *    police.uk violence count to Plymouth's (both counted from the snapshot); police victims are its own count.
 *  - Organisations: from the configuration's organisations (local authority, police, health, youth justice), and
 *    the acute hospital and ambulance trusts in EXAMPLE_TRUSTS (a generic label for an area not listed there).
 *  - Distributions of weapon, location, age and sex are illustrative, of the shape reported in ISTV and ONS
 *    "Nature of violent crime" tables; they are not Plymouth statistics.
 *  - Success measures (statutory guidance ¶123), drawn from a second PRNG (seed EXAMPLE_SEED + 123) so that adding
 *    them left the seven older files byte for byte as they were:
 *    - Hospital admissions for assault by a sharp object (ICD-10 X99): England about 4,500 a year (NHS England HES
 *      published about 4,000 to 5,000 a year in recent years; no trend assumed), times the partnership's share of
 *      England's population (ONS mid-2020 estimates in data/snapshot/ons/population/mye2020_area_lad.csv: Plymouth
 *      262,839, Surrey 1,199,870, England 56,550,138), so about 21 a year for Plymouth and 95 for Surrey, by
 *      financial year 2020/21 to 2024/25. Age (0-17 12%, 18-24 26%, 25+ 62%) and sex (male 86%) are illustrative.
 *    - Knife or sharp instrument offences: the force's ONS selected offences for the year ending December 2019
 *      (Table P4 of pfatablesdec19.xlsx in data/snapshot/recorded-crime/pfa/: Devon and Cornwall 484, Surrey 467;
 *      KNIFE_OFFENCES_YE_DEC_2019), times the partnership's share of its forces' 2025 police.uk violence (Plymouth
 *      about a fifth of Devon and Cornwall's, Surrey nearly all of Surrey's), by month of 2025 with the A&E
 *      seasonality. No trend from 2019 is assumed. Assault with injury and with intent are one P4 column, split 55/45 here;
 *      rape and sexual assault one column, split 40/60; "Other" adds 3% (illustrative). Ages of victims and
 *      suspects are illustrative (suspect not known for about a fifth). For a force not in that table, Devon and
 *      Cornwall's offences per police.uk violence record are applied to the partnership's violence count.
 *  - Community survey (guidance 5.4), from a third PRNG (seed EXAMPLE_SEED + 54): respondents by question, response,
 *    age band and area (the districts of a county, else the wards of the one district); see survey() below.
 * Run: SNA_CONFIG=configs/surrey.ts tsx scripts/generate-partner-examples.ts [outDir=data/partners/examples/<area code>]
 */
import {mkdirSync, readFileSync, renameSync, writeFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {csvParse} from "d3-dsv";
import ExcelJS from "exceljs";
import {openDuckDB, queryRows, sqlString} from "../loaders/duckdb.ts";
import {toCsv} from "../loaders/partners/load.ts";
import type {PartnerManifest} from "../loaders/partners/manifest.ts";
import {loadConfig} from "../loaders/config/load-config.ts";
import type {SnaConfig} from "../loaders/config/schema.ts";

export const EXAMPLE_SEED = 20250401;
const ROOT = resolve(import.meta.dirname, "..");
/** Plymouth: the partnership whose published volumes the examples are scaled from. */
const REFERENCE = {area: "E06000026", districts: ["E06000026"], forces: ["devon-and-cornwall"]};
/** The NHS acute and ambulance trusts that serve each area (an area not listed gets a generic label). */
export const EXAMPLE_TRUSTS: Record<string, {hospital: string; ambulance: string}> = {
  E06000026: {hospital: "University Hospitals Plymouth NHS Trust", ambulance: "South Western Ambulance Service NHS Foundation Trust"},
  E10000030: {hospital: "Surrey's acute hospital trusts", ambulance: "South East Coast Ambulance Service NHS Foundation Trust"}
};
const RECEIVED = "2026-01-20";
const AGREEMENT = "EXAMPLE: generated data, no sharing agreement";

/** mulberry32: a small, fast, well-distributed 32-bit PRNG (public domain). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = this.next(); p > limit; p *= this.next()) k++;
    return k;
  }
  pick<T extends string>(weights: Readonly<Record<T, number>>): T {
    const entries = Object.entries(weights) as [T, number][];
    let r = this.next() * entries.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of entries) if ((r -= w) < 0) return v;
    return entries[entries.length - 1]![0];
  }
  binomial(n: number, p: number): number {
    let k = 0;
    for (let i = 0; i < n; i++) if (this.next() < p) k++;
    return k;
  }
}

const pad = (n: number) => String(n).padStart(2, "0");
const days = (year: number) => Array.from({length: year % 4 === 0 ? 366 : 365}, (_, i) => new Date(Date.UTC(year, 0, 1 + i)));
/** Seasonality: a summer peak and a December peak, as in published A&E assault series. */
const season = (d: Date) => 1 + 0.12 * Math.sin(((d.getUTCMonth() - 3) / 12) * 2 * Math.PI) + (d.getUTCMonth() === 11 ? 0.15 : 0);
const WEEKDAY = [1.35, 0.75, 0.72, 0.75, 0.85, 1.25, 1.6]; // Sunday … Saturday (getUTCDay order)

const AGE: Record<string, number> = {"0-17": 11, "18-24": 24, "25-34": 27, "35-44": 18, "45-54": 11, "55-64": 6, "65+": 3};
const SEX = {Male: 68, Female: 31, "Not known": 1};

const LOOKUP = join(ROOT, "data/snapshot/ons/lookups/geographr_lookup_lsoa21_ward24_ltla24.csv.gz");
const streetFiles = (forces: readonly string[]) => `[${forces.map((f) => sqlString(join(ROOT, `data/snapshot/policeuk/street/${f}/2025-*-${f}-street.csv.gz`))).join(", ")}]`;
const inList = (codes: readonly string[]) => codes.map(sqlString).join(", ");

/** Each LSOA of the districts, weighted by its real 2025 police.uk violence count (plus one, so none is impossible). */
async function lsoaWeights(districts: readonly string[], forces: readonly string[]): Promise<Record<string, number>> {
  const conn = await openDuckDB();
  try {
    const rows = await queryRows<{lsoa: string; n: number}>(conn, `
      WITH l AS (SELECT lsoa21_code FROM read_csv(${sqlString(LOOKUP)}, header = true, all_varchar = true) WHERE ltla24_code IN (${inList(districts)})),
           v AS (SELECT "LSOA code" AS lsoa, count(*) AS n FROM read_csv(${streetFiles(forces)}, header = true, all_varchar = true)
                 WHERE "Crime type" = 'Violence and sexual offences' GROUP BY 1)
      SELECT l.lsoa21_code AS lsoa, coalesce(v.n, 0) + 1 AS n FROM l LEFT JOIN v ON v.lsoa = l.lsoa21_code ORDER BY 1`);
    if (rows.length < 20 * districts.length) throw new Error(`expected the LSOAs of ${districts.join(", ")} in the lookup, found ${rows.length}; restore data/snapshot from git`);
    return Object.fromEntries(rows.map((r) => [r.lsoa, r.n]));
  } finally {
    conn.closeSync();
  }
}

/** The 2025 police.uk "Violence and sexual offences" count located in the districts' LSOAs. */
async function violenceCount(districts: readonly string[], forces: readonly string[]): Promise<number> {
  const conn = await openDuckDB();
  try {
    const [row] = await queryRows<{n: number}>(conn, `SELECT count(*) AS n FROM read_csv(${streetFiles(forces)}, header = true, all_varchar = true) s
      JOIN (SELECT lsoa21_code FROM read_csv(${sqlString(LOOKUP)}, header = true, all_varchar = true) WHERE ltla24_code IN (${inList(districts)})) l ON l.lsoa21_code = s."LSOA code"
      WHERE s."Crime type" = 'Violence and sexual offences'`);
    return row?.n ?? 0;
  } finally {
    conn.closeSync();
  }
}

function aeAttendances(rng: Rng, lsoas: Record<string, number>, perYear = 1500): Record<string, string>[] {
  const all = days(2025);
  const weight = (d: Date) => season(d) * WEEKDAY[d.getUTCDay()]!;
  const scale = perYear / all.reduce((s, d) => s + weight(d), 0);
  const out: Record<string, string>[] = [];
  for (const d of all) {
    for (let k = rng.poisson(weight(d) * scale); k > 0; k--) {
      const night = rng.next() < 0.55;
      const hour = night ? (20 + Math.floor(rng.next() * rng.next() * 8) + (rng.next() < 0.5 ? 2 : 0)) % 24 : 8 + Math.floor(rng.next() * 12);
      const location = rng.pick({"Street or public place": 38, "Pub, bar or club": night ? 24 : 6, Home: 24, "Shop or commercial premises": 5, "School or college": 2, Workplace: 3, "Public transport": 2, Other: 3, "Not known": 7});
      out.push({
        "Attendance date": d.toISOString().slice(0, 10),
        "Attendance time": `${pad(hour)}:${pad(Math.floor(rng.next() * 60))}`,
        "Location of incident": location,
        "Incident LSOA": rng.next() < 0.75 ? rng.pick(lsoas) : "",
        Weapon: rng.pick({"Body (hands, feet, head)": 58, "Knife or sharp object": 7, "Blunt object": 8, "Glass or bottle": location === "Pub, bar or club" ? 12 : 3, Firearm: 0.3, "Other weapon": 5, "Not known": 15}),
        "Age band": rng.pick(AGE),
        Sex: rng.pick(SEX)
      });
    }
  }
  return out;
}

/** Counts of generated events by the given keys, as rows with a Count column. */
function countBy(events: Record<string, string>[], keys: string[], countName = "Count"): Record<string, string | number>[] {
  const m = new Map<string, number>();
  for (const e of events) {
    const k = JSON.stringify(keys.map((key) => e[key]));
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => ({...Object.fromEntries((JSON.parse(k) as string[]).map((v, i) => [keys[i]!, v])), [countName]: n}));
}

function ambulance(rng: Rng, perYear = 1800): Record<string, string | number>[] {
  const events: Record<string, string>[] = [];
  const all = days(2025);
  const scale = perYear / all.reduce((s, d) => s + season(d) * WEEKDAY[d.getUTCDay()]!, 0);
  for (const d of all) {
    for (let k = rng.poisson(season(d) * WEEKDAY[d.getUTCDay()]! * scale); k > 0; k--) {
      events.push({Month: d.toISOString().slice(0, 7), "Call type": rng.next() < 0.08 ? "Stab, gunshot or penetrating trauma" : "Assault or sexual assault", "Age band": rng.pick(AGE), Sex: rng.pick(SEX)});
    }
  }
  return countBy(events, ["Month", "Call type", "Age band", "Sex"]);
}

function youthJustice(rng: Rng, scale: number): Record<string, string | number>[] {
  const rows: Record<string, string | number>[] = [];
  const offences = {"Violence against the person": 30, Robbery: 5, "Sexual offences": 2, "Possession of weapons": 6, "Theft and handling": 12, Burglary: 5, "Criminal damage": 10, "Drugs offences": 9, "Public order": 9, "Motoring offences": 6, "Breach of order": 4, Other: 2};
  for (const [i, year] of ["2021/22", "2022/23", "2023/24", "2024/25"].entries()) {
    for (const age of ["10-14", "15-17"]) {
      for (const sex of ["Male", "Female"]) {
        const mean = 46 * scale * (age === "15-17" ? 0.7 : 0.3) * (sex === "Male" ? 0.8 : 0.2) * (1 - 0.04 * i);
        rows.push({Period: year, Measure: "First-time entrants", "Offence type": "", "Age band": age, Sex: sex, Count: rng.poisson(mean)});
      }
    }
    for (const [type, w] of Object.entries(offences)) rows.push({Period: year, Measure: "Proven offences", "Offence type": type, "Age band": "", Sex: "", Count: rng.poisson(w * 2.6 * scale)});
    rows.push({Period: year, Measure: "Children cautioned or sentenced", "Offence type": "", "Age band": "", Sex: "", Count: rng.poisson((118 - 6 * i) * scale)});
  }
  return rows;
}

function schools(rng: Rng, scale: number): (string | number)[][] {
  const phases = {Primary: {pupils: 19400, susp: 2.1, perm: 0.02, pa: 17}, Secondary: {pupils: 14600, susp: 19, perm: 0.2, pa: 27}, Special: {pupils: 930, susp: 12, perm: 0.1, pa: 35}};
  const rows: (string | number)[][] = [];
  for (const [i, year] of ["2020/21", "2021/22", "2022/23", "2023/24"].entries()) {
    for (const [phase, p] of Object.entries(phases)) {
      const pupils = Math.round(p.pupils * scale * (1 + 0.01 * i));
      rows.push([year, phase, "Suspensions", rng.poisson((pupils * p.susp * (0.85 + 0.1 * i)) / 100), pupils]);
      rows.push([year, phase, "Permanent exclusions", rng.poisson((pupils * p.perm) / 100), pupils]);
      rows.push([year, phase, "Persistent absence", rng.binomial(pupils, (p.pa * (1.1 - 0.04 * i)) / 100), pupils]);
    }
  }
  return rows;
}

function police(rng: Rng, total: number): Record<string, string | number>[] {
  const groups = {Homicide: 0.0005, "Violence with injury": 0.3, "Violence without injury": 0.34, "Stalking and harassment": 0.26, "Sexual offences": 0.08, Robbery: 0.015};
  const ages = {"0-17": 15, "18-24": 17, "25-34": 24, "35-44": 20, "45-54": 13, "55-64": 7, "65+": 4};
  const rows: Record<string, string | number>[] = [];
  for (const [role, share] of [["Victim", 1], ["Suspect", 0.72]] as const) {
    for (const [group, g] of Object.entries(groups)) {
      for (const [age, a] of Object.entries(ages)) {
        for (const [sex, s] of Object.entries(role === "Victim" ? {Male: 0.48, Female: 0.52} : {Male: 0.78, Female: 0.22})) {
          rows.push({Period: "2025", Role: role, "Offence group": group, "Age band": age, Sex: sex, Count: rng.poisson(total * share * g * (a / 100) * s)});
        }
      }
    }
  }
  return rows;
}

/**
 * The 2024 ward of each LSOA of the districts (ONS lookup in the snapshot), for example services based in a ward.
 * Reads no PRNG, so adding it left the other example files as they were.
 */
async function lsoaWards(districts: readonly string[]): Promise<Record<string, string>> {
  const conn = await openDuckDB();
  try {
    const rows = await queryRows<{lsoa: string; ward: string}>(conn, `SELECT lsoa21_code AS lsoa, min(ward24_code) AS ward FROM read_csv(${sqlString(LOOKUP)}, header = true, all_varchar = true)
      WHERE ltla24_code IN (${inList(districts)}) AND ward24_code IS NOT NULL GROUP BY 1 ORDER BY 1`);
    return Object.fromEntries(rows.map((r) => [r.lsoa, r.ward]));
  } finally {
    conn.closeSync();
  }
}

/**
 * Example services, one to three of each kind. Levels of prevention and WHO levels follow the kind of service (the
 * evidence register's vocabularies); victim support gives none, to show a register with blanks, and no kind is
 * contextual or societal, so the chapter's gap analysis has gaps to show. The second service of a kind based in a
 * neighbourhood gives its ward code instead of its LSOA (both are accepted). Draws from the shared PRNG exactly as
 * before the levels and wards were added.
 */
function services(rng: Rng, lsoas: Record<string, number>, orgs: ExampleOrganisations, wards: Record<string, string>): Record<string, string>[] {
  const kinds: [string, string, string, string, string][] = [
    ["Youth work", "10-19", orgs.council, "primary", "individual; community"],
    ["Mentoring", "11-18", "Voluntary sector provider A", "secondary", "individual; relationship"],
    ["Sport and diversionary activity", "10-25", "Voluntary sector provider B", "primary", "individual; community"],
    ["Hospital youth worker (A&E navigator)", "11-25", orgs.health, "secondary; tertiary", "individual"],
    ["Domestic abuse support", "16+", "Voluntary sector provider C", "secondary; tertiary", "relationship"],
    ["Substance misuse treatment", "18+", orgs.health, "tertiary", "individual"],
    ["Early help family support", "0-17", orgs.council, "primary; secondary", "relationship"],
    ["Youth justice prevention", "10-17", orgs.youthJustice, "secondary; tertiary", "individual; relationship"],
    ["Victim support", "All ages", "Voluntary sector provider D", "", ""],
    ["Education inclusion", "5-16", orgs.council, "primary", "individual; community"]
  ];
  const out: Record<string, string>[] = [];
  kinds.forEach(([type, ages, provider, prevention, who], i) => {
    for (let k = 0; k < 1 + (i % 3); k++) {
      const area = rng.next() < 0.3 ? orgs.wholeArea : rng.pick(lsoas);
      out.push({"Service name": `${type} service ${String.fromCharCode(65 + k)} (example)`, Provider: provider, "Service type": type, Area: k === 1 ? (wards[area] ?? area) : area, "Age group served": ages, "Prevention level": prevention, "WHO level": who});
    }
  });
  return out;
}

/**
 * Where the example survey's respondents live: the districts of a multi-district partnership, else the wards of its
 * one district (2024 wards, ONS lookup in the snapshot), each weighted by its number of LSOAs (about 1,500 residents
 * each). Reads no PRNG.
 */
async function surveyAreas(districts: readonly string[]): Promise<Record<string, number>> {
  const conn = await openDuckDB();
  try {
    const level = districts.length > 1 ? "ltla24_code" : "ward24_code";
    const rows = await queryRows<{area: string; n: number}>(conn, `SELECT ${level} AS area, count(DISTINCT lsoa21_code)::INTEGER AS n FROM read_csv(${sqlString(LOOKUP)}, header = true, all_varchar = true)
      WHERE ltla24_code IN (${inList(districts)}) AND ${level} IS NOT NULL GROUP BY 1 ORDER BY 1`);
    return Object.fromEntries(rows.map((r) => [r.area, Number(r.n)]));
  } finally {
    conn.closeSync();
  }
}

/** Respondents' age bands in the example survey (illustrative: adults 16+). */
const SURVEY_AGE = {"16-24": 14, "25-44": 32, "45-64": 32, "65+": 22} as const;
/** How much more often each age band gives the question's less favourable answers (illustrative, not a finding). */
const SURVEY_AGE_CONCERN: Record<keyof typeof SURVEY_AGE, number> = {"16-24": 1.6, "25-44": 1.1, "45-64": 0.9, "65+": 0.8};

/**
 * The example community safety survey: four questions of the kind asked by community safety surveys, each answered
 * by 1,050-1,199 respondents who are drawn one by one with an age band (SURVEY_AGE) and an area (surveyAreas,
 * weighted by LSOAs); the less favourable answers (marked `true`) are more likely for the age bands with a higher
 * SURVEY_AGE_CONCERN. Rows are respondents by question, response, age band and area (empty combinations left out).
 * Drawn from its own PRNG (seed EXAMPLE_SEED + 54, after guidance section 5.4), so that adding the groups left every
 * other example file as it was.
 */
function survey(rng: Rng, areas: Record<string, number>): Record<string, string | number>[] {
  const questions: [string, [string, number, boolean][]][] = [
    ["How safe or unsafe do you feel when outside in your local area after dark?", [["Very safe", 18, false], ["Fairly safe", 41, false], ["A bit unsafe", 25, true], ["Very unsafe", 12, true], ["Don't know", 4, false]]],
    ["How safe or unsafe do you feel when outside in your local area during the day?", [["Very safe", 49, false], ["Fairly safe", 40, false], ["A bit unsafe", 7, true], ["Very unsafe", 2, true], ["Don't know", 2, false]]],
    ["How much of a problem is violent crime in your local area?", [["A very big problem", 9, true], ["A fairly big problem", 21, true], ["Not a very big problem", 44, false], ["Not a problem at all", 19, false], ["Don't know", 7, false]]],
    ["Have you seen anyone carrying a knife in your local area in the last 12 months?", [["Yes", 6, true], ["No", 90, false], ["Prefer not to say", 4, false]]]
  ];
  const counts = new Map<string, number>();
  for (const [q, answers] of questions) {
    const n = 1050 + Math.floor(rng.next() * 150);
    for (let k = 0; k < n; k++) {
      const age = rng.pick(SURVEY_AGE);
      const area = rng.pick(areas);
      const weights = Object.fromEntries(answers.map(([answer, w, concern]) => [answer, concern ? w * SURVEY_AGE_CONCERN[age] : w]));
      const key = JSON.stringify([q, rng.pick(weights), age, area]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const order = (q: string, answer: string) => questions.findIndex(([x]) => x === q) * 10 + questions.find(([x]) => x === q)![1].findIndex(([a]) => a === answer);
  const ages = Object.keys(SURVEY_AGE);
  return [...counts]
    .map(([key, count]) => [JSON.parse(key) as [string, string, string, string], count] as const)
    .sort(([a], [b]) => order(a[0], a[1]) - order(b[0], b[1]) || ages.indexOf(a[2]) - ages.indexOf(b[2]) || a[3].localeCompare(b[3]))
    .map(([[q, answer, age, area], count]) => ({Period: "2025", Question: q, Response: answer, "Age band": age, Area: area, Respondents: count}));
}

/** England's hospital admissions for assault by a sharp object (ICD-10 X99) a year, rounded (see the header). */
const ENGLAND_X99_ADMISSIONS = 4500;
const POPULATION = join(ROOT, "data/snapshot/ons/population/mye2020_area_lad.csv");

/** The area's share of England's population (ONS mid-2020): its own row, else the sum of its districts. */
function populationShare(config: SnaConfig): number {
  const rows = new Map(csvParse(readFileSync(POPULATION, "utf-8")).map((r) => [r.code!, Number(r.population)]));
  const own = rows.get(config.area.code) ?? config.districts.reduce((s, d) => s + (rows.get(d.code) ?? Number.NaN), 0);
  const share = own / rows.get("E92000001")!;
  if (!(share > 0 && share < 1)) throw new Error(`no ONS mid-2020 population for ${config.area.code} or its districts in ${POPULATION}; restore data/snapshot from git`);
  return share;
}

function sharpObjectAdmissions(rng: Rng, perYear: number): Record<string, string | number>[] {
  const ages = {"0-17": 0.12, "18-24": 0.26, "25+": 0.62};
  const rows: Record<string, string | number>[] = [];
  for (const year of ["2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]) {
    for (const [age, a] of Object.entries(ages)) {
      for (const [sex, s] of [["Male", 0.86], ["Female", 0.14]] as const) rows.push({"Financial year": year, "Age band": age, Sex: sex, Admissions: rng.poisson(perYear * a * s)});
    }
  }
  return rows;
}

/**
 * ONS Table P4, year ending December 2019: knife or sharp instrument offences by selected offence for each force
 * (police.uk force id), the latest force figures in the snapshot (pfatablesdec19.xlsx, rows E23000035 and E23000031).
 */
interface P4Offences {
  homicide: number;
  attemptedMurder: number;
  threatsToKill: number;
  /** Assault with injury and assault with intent to cause serious harm: one column in P4. */
  assault: number;
  robbery: number;
  rapeSexualAssault: number;
}
const KNIFE_OFFENCES_YE_DEC_2019: Record<string, P4Offences> = {
  "devon-and-cornwall": {homicide: 5, attemptedMurder: 8, threatsToKill: 38, assault: 308, robbery: 106, rapeSexualAssault: 19},
  surrey: {homicide: 2, attemptedMurder: 11, threatsToKill: 86, assault: 250, robbery: 114, rapeSexualAssault: 4}
};

/** Offences a year by offence group for the forces (P4, splits as in the header), or null for a force not in it. */
function knifeOffencesPerYear(forces: readonly string[]): Record<string, number> | null {
  const known = forces.map((f) => KNIFE_OFFENCES_YE_DEC_2019[f]);
  if (known.some((k) => !k)) return null;
  const sum = (key: keyof P4Offences) => known.reduce((s, k) => s + k![key], 0);
  const selected = {Homicide: sum("homicide"), "Attempted murder": sum("attemptedMurder"), "Threats to kill": sum("threatsToKill"), "Assault with injury": 0.55 * sum("assault"), "Assault with intent to cause serious harm": 0.45 * sum("assault"), Robbery: sum("robbery"), Rape: 0.4 * sum("rapeSexualAssault"), "Sexual assault": 0.6 * sum("rapeSexualAssault")};
  const total = Object.values(selected).reduce((a, b) => a + b, 0);
  return {...selected, Other: 0.03 * total};
}

function policeKnifeCrime(rng: Rng, perYear: Record<string, number>): Record<string, string | number>[] {
  const victims = {"0-17": 14, "18-24": 22, "25-34": 24, "35-44": 17, "45-54": 11, "55+": 7, "Not known": 5};
  const suspects = {"0-17": 19, "18-24": 24, "25-34": 21, "35-44": 11, "45-54": 5, "55+": 2, "Not known": 18};
  const months = Array.from({length: 12}, (_, m) => new Date(Date.UTC(2025, m, 15)));
  const weights = months.map(season);
  const sum = weights.reduce((a, b) => a + b, 0);
  const events: Record<string, string>[] = [];
  months.forEach((d, m) => {
    for (const [group, n] of Object.entries(perYear)) {
      for (let k = rng.poisson((n * weights[m]!) / sum); k > 0; k--) {
        events.push({Month: d.toISOString().slice(0, 7), "Offence group": group, "Victim age band": rng.pick(victims), "Suspect age band": rng.pick(suspects)});
      }
    }
  });
  return countBy(events, ["Month", "Offence group", "Victim age band", "Suspect age band"], "Offences");
}

/** All 2025 police.uk "Violence and sexual offences" records of the forces, located or not (the force total). */
async function forceViolenceCount(forces: readonly string[]): Promise<number> {
  const conn = await openDuckDB();
  try {
    const [row] = await queryRows<{n: number}>(conn, `SELECT count(*) AS n FROM read_csv(${streetFiles(forces)}, header = true, all_varchar = true) WHERE "Crime type" = 'Violence and sexual offences'`);
    return row?.n ?? 0;
  } finally {
    conn.closeSync();
  }
}

function manifest(datasetType: PartnerManifest["datasetType"], owner: string, period: string, extra: Partial<PartnerManifest> = {}): PartnerManifest {
  return {datasetType, owner, period, received: RECEIVED, sharingAgreement: AGREEMENT, example: true, notes: `Generated by scripts/generate-partner-examples.ts (seed ${EXAMPLE_SEED}); not real data.`, ...extra};
}

function atomicWrite(path: string, data: string | Buffer): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

async function schoolsXlsx(rows: (string | number)[][], areaName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "SNA Workbench example generator";
  wb.created = wb.modified = new Date(Date.UTC(2026, 0, 20));
  const ws = wb.addWorksheet("Exclusions and absence");
  ws.addRow([`EXAMPLE: ${areaName} school suspensions, permanent exclusions and persistent absence (generated, not real)`]);
  ws.mergeCells("A1:E1");
  ws.addRow(["Academic year", "Phase", "Measure", "Count", "Pupils on roll"]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Who holds each example dataset, from the configuration's organisations (matched by role) and EXAMPLE_TRUSTS. */
export interface ExampleOrganisations {
  council: string;
  police: string;
  health: string;
  youthJustice: string;
  hospital: string;
  ambulance: string;
  /** How a service covering the whole area is described ("Citywide", "Countywide"). */
  wholeArea: string;
}

export function exampleOrganisations(config: SnaConfig): ExampleOrganisations {
  const byRole = (re: RegExp, fallback: string) => config.partnership.organisations.find((o) => re.test(o.role))?.name ?? fallback;
  const trusts = EXAMPLE_TRUSTS[config.area.code];
  return {
    council: byRole(/^local authority/i, `${config.area.name} Council`),
    police: byRole(/^police/i, config.forces.map((f) => f.name).join(" and ")),
    health: byRole(/^health/i, `${config.area.name} Integrated Care Board`),
    youthJustice: byRole(/^youth justice/i, `${config.area.name} Youth Justice Service`),
    hospital: trusts?.hospital ?? `${config.area.name} acute hospital trust`,
    ambulance: trusts?.ambulance ?? "Ambulance service",
    wholeArea: config.area.kind === "county" ? "Countywide" : config.districts.length > 1 ? "Area-wide" : "Citywide"
  };
}

/** Writes every example file of the configured partnership with its manifest into outDir; returns the data file names. */
export async function generatePartnerExamples(outDir: string, config: SnaConfig, seed = EXAMPLE_SEED): Promise<string[]> {
  mkdirSync(outDir, {recursive: true});
  const rng = new Rng(seed);
  const districts = config.districts.map((d) => d.code);
  const forces = config.forces.map((f) => f.id);
  const lsoas = await lsoaWeights(districts, forces);
  const total = await violenceCount(districts, forces);
  const reference = config.area.code === REFERENCE.area ? total : await violenceCount(REFERENCE.districts, REFERENCE.forces);
  const scale = config.area.code === REFERENCE.area ? 1 : total / reference;
  const orgs = exampleOrganisations(config);
  const slug = config.area.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  const written: string[] = [];
  const put = (name: string, data: string | Buffer, m: PartnerManifest) => {
    atomicWrite(join(outDir, name), data);
    atomicWrite(join(outDir, `${name}.manifest.json`), `${JSON.stringify(m, null, 2)}\n`);
    written.push(name);
  };
  const csv = (rows: Record<string, string | number>[]) => toCsv(rows, Object.keys(rows[0] ?? {}));
  const ex = (name: string) => `${name} (EXAMPLE)`;
  put(`EXAMPLE-ae-assault-${slug}-2025.csv`, csv(aeAttendances(rng, lsoas, Math.round(1500 * scale))), manifest("ae-assault", ex(orgs.hospital), "2025-01 to 2025-12"));
  put(`EXAMPLE-ambulance-assault-${slug}-2025.csv`, csv(ambulance(rng, Math.round(1800 * scale))), manifest("ambulance-assault", ex(orgs.ambulance), "2025-01 to 2025-12"));
  put(`EXAMPLE-youth-justice-${slug}-2021-2025.csv`, csv(youthJustice(rng, scale)), manifest("youth-justice", ex(orgs.youthJustice), "2021/22 to 2024/25"));
  put(`EXAMPLE-school-exclusions-${slug}-2020-2024.xlsx`, await schoolsXlsx(schools(rng, scale), config.area.name), manifest("school-exclusions", ex(`${orgs.council} Education`), "2020/21 to 2023/24"));
  put(`EXAMPLE-police-victims-suspects-${slug}-2025.csv`, csv(police(rng, total)), manifest("police-victims-suspects", ex(orgs.police), "2025"));
  put(`EXAMPLE-service-register-${slug}-2025.csv`, csv(services(rng, lsoas, orgs, await lsoaWards(districts))), manifest("service-register", ex(orgs.council), "2025"));
  put(`EXAMPLE-community-survey-${slug}-2025.csv`, csv(survey(new Rng(seed + 54), await surveyAreas(districts))), manifest("community-survey", ex(orgs.council), "2025", {notes: `Generated by scripts/generate-partner-examples.ts (seed ${seed} + 54); not real data.`}));
  // The success measures draw from their own PRNG: the files above stay as they were generated before these existed.
  const measures = new Rng(seed + 123);
  const measureNotes = {notes: `Generated by scripts/generate-partner-examples.ts (seed ${seed} + 123); not real data.`};
  put(`EXAMPLE-sharp-object-admissions-${slug}-2020-2025.csv`, csv(sharpObjectAdmissions(measures, ENGLAND_X99_ADMISSIONS * populationShare(config))), manifest("sharp-object-admissions", ex(orgs.health), "2020/21 to 2024/25", measureNotes));
  // The force's knife offences (Devon and Cornwall's for a force not in P4 here) per police.uk violence record of
  // the force, times the partnership's own violence count.
  const knifeForces = knifeOffencesPerYear(forces) ? forces : REFERENCE.forces;
  const perViolence = total / (await forceViolenceCount(knifeForces));
  const knifePerYear = Object.fromEntries(Object.entries(knifeOffencesPerYear(knifeForces)!).map(([g, n]) => [g, n * perViolence]));
  put(`EXAMPLE-police-knife-crime-${slug}-2025.csv`, csv(policeKnifeCrime(measures, knifePerYear)), manifest("police-knife-crime", ex(orgs.police), "2025-01 to 2025-12", measureNotes));
  return written;
}

/** Where a partnership's examples live: one folder per area code, so each build uses its own. */
export const examplesDir = (areaCode: string) => join(ROOT, "data/partners/examples", areaCode);

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = await loadConfig();
  const out = resolve(process.argv[2] ?? examplesDir(config.area.code));
  const files = await generatePartnerExamples(out, config);
  console.log(`wrote ${files.length} example extracts for ${config.area.name} to ${out}:\n  ${files.join("\n  ")}`);
}
