/**
 * Two small real-shaped editions of Plymouth for the edition tests: police.uk serious violence by month for Jan-Apr
 * 2024 and Jan-Apr 2025 as the build counts them (copied from Plymouth's prepared area-monthly.csv: 4,039 and 4,016
 * offences, the Overview's year-on-year), twelve of its busiest neighbourhoods, and measures, indicators, sources and
 * partner datasets in the shapes the prepare step writes. Not a test file (no .test.ts): imported by them.
 */
import type {EditionView, LsoaView} from "../../components/editions/diff.ts";
import {EDITION_FORMAT, type EditionMeta, type MeasureSummary} from "../../loaders/editions/schema.ts";

const SV = ["Violence and sexual offences", "Possession of weapons", "Robbery"];

/** [month, violence and sexual offences, possession of weapons, robbery] as police.uk gives Plymouth. */
const COUNTS: [string, number, number, number][] = [
  ["2024-01", 937, 33, 20],
  ["2024-02", 905, 32, 19],
  ["2024-03", 1015, 36, 19],
  ["2024-04", 975, 38, 10],
  ["2025-01", 991, 39, 8],
  ["2025-02", 915, 24, 11],
  ["2025-03", 1010, 21, 7],
  ["2025-04", 951, 31, 8],
  ["2025-05", 1040, 30, 9]
];

const monthly = (from: string, to: string) =>
  COUNTS.filter(([m]) => m >= from && m <= to).flatMap(([month, v, w, r]) => [
    {month, crime_type: "Burglary", count: 90},
    {month, crime_type: SV[0]!, count: v},
    {month, crime_type: SV[1]!, count: w},
    {month, crime_type: SV[2]!, count: r}
  ]);

/** Plymouth neighbourhoods (LSOA 2021), in the order given as rank 1, 2, ... */
const LSOAS: [string, string, string][] = [
  ["E01015156", "Plymouth 027E", "St Peter and the Waterfront"],
  ["E01032658", "Plymouth 027G", "St Peter and the Waterfront"],
  ["E01015152", "Plymouth 027C", "St Peter and the Waterfront"],
  ["E01015155", "Plymouth 034A", "St Peter and the Waterfront"],
  ["E01015092", "Plymouth 005C", "Moor View"],
  ["E01015151", "Plymouth 033A", "St Peter and the Waterfront"],
  ["E01015032", "Plymouth 023B", "Compton"],
  ["E01015153", "Plymouth 033C", "St Peter and the Waterfront"],
  ["E01034159", "Plymouth 034B", "St Peter and the Waterfront"],
  ["E01015046", "Plymouth 026C", "Devonport"],
  ["E01015028", "Plymouth 003C", "Budshead"],
  ["E01015040", "Plymouth 019A", "Devonport"]
];

const lsoas = (order: number[], scale: number): LsoaView[] =>
  order.map((i, rank) => {
    const [code, name, ward] = LSOAS[i]!;
    const count = Math.round((800 - rank * 50) * scale);
    // Rates to 3 decimals, as the prepared tables hold them (write-outputs.ts keeps 12 significant digits).
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    return {rank: rank + 1, lsoa21_code: code, lsoa21_name: name, ward_name: ward, lad_code: "E06000026", lad_name: "Plymouth", population: 1800, imd_decile: 1, count, rate: r3((count / 1800) * 1000), lower: r3((count / 1800) * 900), upper: r3((count / 1800) * 1100), ci_method: "Byar"};
  });

const m = (x: Partial<MeasureSummary> & Pick<MeasureSummary, "id" | "measure">): MeasureSummary => ({level: "police force area", period: null, months: null, count: null, value: null, lower: null, upper: null, unit: "offences", example: false, verdict: null, note: null, ...x});

const window = (start: string, end: string, available: string[]) => {
  const months: string[] = [];
  for (let y = Number(start.slice(0, 4)), mo = Number(start.slice(5)); `${y}-${String(mo).padStart(2, "0")}` <= end; mo === 12 ? (y++, (mo = 1)) : mo++) months.push(`${y}-${String(mo).padStart(2, "0")}`);
  return {start, end, months, available, missing: months.filter((x) => !available.includes(x))};
};

const config = {
  seriousViolence: {label: "Serious violence (police.uk proxy)", crimeTypes: SV},
  months: {},
  districts: ["E06000026"],
  forces: ["devon-and-cornwall"],
  comparators: [],
  smallNumberThreshold: 5,
  localMeasures: [{name: "Robbery (police.uk)", table: "area_monthly", where: {crime_type: "Robbery"}, polarity: "low-is-good", baseline: {from: "2024-01", to: "2024-04"}}],
  indicators: ["93203", "90813", "11201"]
};

const partnership = {name: "Safer Plymouth", areaCode: "E06000026", areaName: "Plymouth"};

export function previousEdition(): EditionView {
  return {
    name: "plymouth-jan-apr-2024",
    created: "2024-06-30",
    follows: null,
    partnership,
    window: window("2024-01", "2024-04", ["2024-01", "2024-02", "2024-03", "2024-04"]),
    config: {...config, months: {start: "2024-01", end: "2024-04"}},
    configHash: "a".repeat(64),
    sources: [
      {source: "ons", files: 20, firstPeriod: "2021", lastPeriod: "Census 2021", released: "2023-03", retrieved: "2026-12-01"},
      {source: "policeuk", files: 4, firstPeriod: "2024-01", lastPeriod: "2024-04", released: "about 2024-06 (police.uk monthly release)", retrieved: "2026-12-01"}
    ],
    figures: {
      headline: {label: "Serious violence (police.uk proxy)", crimeTypes: SV, count: 4039, population: 264723, rate: 15.258, lower: 14.79, upper: 15.73, ci_method: "Byar", lsoas: 164},
      measures: [
        m({id: "homicide-rate:E23000035", measure: "Homicide, Devon and Cornwall", period: "Apr 2022 to Mar 2025", months: 36, value: 6.025, unit: "per million a year"}),
        m({id: "knife-partner", measure: "Knife or sharp instrument offences, Plymouth", level: "partner data", period: "Jan to Apr 2024", months: 4, count: 31, example: true}),
        m({id: "local:Robbery (police.uk)", measure: "Robbery (police.uk)", level: "local measure (area_monthly)", verdict: "not compared", note: "no later year in this build has all of the baseline's calendar months (Jan to Apr 2024)"})
      ],
      indicators: [
        {id: "93203", name: "Children in relative low income families (under 16s)", period: "2017/18", value: 19.2, significance: "Similar", polarity: "low-is-good", gap: null},
        {id: "90813", name: "Sickness absence", period: "2016 - 18", value: 2.2, significance: "Similar", polarity: "low-is-good", gap: null},
        {id: "11201", name: "Hospital admissions for violence", period: null, value: null, significance: "Not compared", polarity: "low-is-good", gap: "not in this snapshot; run the refresh"}
      ],
      partners: [{dataset: "police-knife-crime", title: "Knife or sharp instrument offences", owner: "Devon & Cornwall Police (EXAMPLE)", period: "2024-01 to 2024-04", received: "2024-05-10", example: true, status: "accepted"}],
      recommendations: null
    },
    monthly: monthly("2024-01", "2024-04"),
    lsoas: lsoas([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.4)
  };
}

export function currentBuild(): EditionView {
  const prev = previousEdition();
  return {
    ...prev,
    name: "this build",
    created: null,
    follows: prev.name,
    window: window("2025-01", "2025-12", ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]),
    config,
    configHash: "a".repeat(64),
    sources: [prev.sources[0]!, {source: "policeuk", files: 5, firstPeriod: "2025-01", lastPeriod: "2025-05", released: "about 2025-07 (police.uk monthly release)", retrieved: "2026-12-01"}],
    figures: {
      ...prev.figures,
      headline: {...prev.figures.headline, count: 5066, rate: 19.137, lower: 18.61, upper: 19.67},
      measures: [
        prev.figures.measures[0]!,
        m({id: "knife-partner", measure: "Knife or sharp instrument offences, Plymouth", level: "partner data", period: "Jan to Apr 2025", months: 4, count: 62, example: true}),
        m({id: "local:Robbery (police.uk)", measure: "Robbery (police.uk)", level: "local measure (area_monthly)", period: "Jan to Apr 2025", months: 4, count: 34, value: 34 / 68, lower: 0.32, upper: 0.76, verdict: "Better"}),
        m({id: "sharp-object-admissions", measure: "Hospital admissions for assault by a sharp object, Plymouth", level: "partner data", period: "2024/25", months: 12, count: 19, unit: "admissions", example: true})
      ],
      indicators: [prev.figures.indicators[0]!, {...prev.figures.indicators[1]!, period: "2019 - 21", value: 3.1, significance: "Worse"}, prev.figures.indicators[2]!],
      partners: [
        {...prev.figures.partners[0]!, period: "2025-01 to 2025-04", received: "2025-05-12"},
        {dataset: "sharp-object-admissions", title: "Hospital admissions for assault by a sharp object", owner: "NHS Devon ICB (EXAMPLE)", period: "2024/25", received: "2025-06-01", example: true, status: "accepted"}
      ]
    },
    monthly: monthly("2025-01", "2025-05"),
    // Plymouth 019A (index 11) climbs into the top 10; Devonport's 026C (index 9) falls out.
    lsoas: lsoas([0, 2, 1, 3, 4, 11, 5, 6, 7, 8, 10, 9], 1)
  };
}

/** edition.json's fields for an EditionView (what scripts/edition.ts writes beside it). */
export function metaFor(view: EditionView): Omit<EditionMeta, "files"> {
  return {
    format: EDITION_FORMAT,
    name: view.name,
    created: view.created ?? "2025-12-31",
    follows: view.follows,
    partnership: view.partnership,
    window: view.window,
    months: {...view.config.months, overridden: true},
    configHash: view.configHash,
    config: view.config,
    snapshot: {manifestSha256: "b".repeat(64), files: 120, sources: view.sources},
    note: "a test edition"
  };
}
