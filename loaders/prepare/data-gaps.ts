/**
 * The data gaps register (SNA Workbench issue 14): every data source the SNA guidance (section 6, with 5.4 and 5.6)
 * and the statutory guidance (paragraphs 48 to 52 and 123) name, and where this build stands on each. The analyst's
 * hand-kept table (Barnet's "data collection status": source, open or not, collected or not) is computed instead from
 * what the build itself can see, so it is never out of date:
 * - the snapshot manifest (open data: period, release, retrieval);
 * - the partner file reports (owner, period, received, sharing agreement, EXAMPLE flag, accepted or refused);
 * - the indicator list (Fingertips indicators with no value for the area are gaps);
 * - the configuration's `dataGaps` for what the build cannot see (case reviews, probation, prisons, ...).
 * Pure: prepare.ts passes everything in.
 */
import {readFileSync} from "node:fs";
import type {Row, TABLES} from "../../components/tables/registry.ts";
import type {SnaConfig} from "../config/schema.ts";
import {DATASETS, type DatasetType} from "../partners/datasets.ts";
import {partnerFileReportSchema, type PartnerFileReport} from "../partners/load.ts";
import type {ManifestEntry} from "../snapshot/manifest.ts";

export type DataGapRow = Row<typeof TABLES.data_gaps>;
export type DataGapsConfig = NonNullable<SnaConfig["dataGaps"]>;

/** The statuses a row can have. The first four come from the build; the last two only from the configuration. */
export const DATA_GAP_STATUSES = ["in this build", "partial", "EXAMPLE only", "missing", "requested", "held outside this build"] as const;
export type DataGapStatus = (typeof DATA_GAP_STATUSES)[number];

/** Snapshot files that supply a source: a manifest `source` id, optionally only some paths, or only the configured forces' files. */
interface SnapshotMatch {
  source: string;
  path?: RegExp;
  /** police.uk street files: only those of the partnership's forces (policeuk/street/<force>/...). */
  ownForces?: true;
  /** How the register names this part when it is missing (default: the source id). */
  label?: string;
}

export interface CatalogueEntry {
  id: string;
  name: string;
  what: string;
  /** Which guidance names it: "SNA guidance 6.3", "statutory guidance para 48". */
  guidance: string;
  kind: "open" | "partner";
  snapshot?: readonly SnapshotMatch[];
  partners?: readonly DatasetType[];
  /** Indicators whose gaps make the source partial: Fingertips (numeric ids) or the DfE series ("dfe-" ids). */
  indicators?: "fingertips" | "dfe";
  /** Who usually holds it (shown, marked "usually", when nothing in the build names an owner). */
  holder: string;
  /** How to get it when it is missing. */
  howToGet: string;
}

const PARTNER_DROP = "put the extract and its manifest in data/partners/ (data/partners/README.md) and rebuild";

/** The sources the guidance names, in the order of the guidance. */
export const DATA_SOURCES: readonly CatalogueEntry[] = [
  {
    id: "population", name: "Population and census (ONS)", what: "Census 2021 and mid-year population estimates: age, sex, ethnicity by area",
    guidance: "SNA guidance 5.1, 6.1", kind: "open", snapshot: [{source: "ons", path: /^ons\/population\//}],
    holder: "Office for National Statistics", howToGet: "Run npm run refresh to add the ONS population files to the snapshot."
  },
  {
    id: "deprivation", name: "Deprivation (English indices)", what: "Index of Multiple Deprivation by LSOA and district",
    guidance: "SNA guidance 5.1, 5.2", kind: "open", snapshot: [{source: "ons", path: /^ons\/imd\//}],
    holder: "Ministry of Housing, Communities and Local Government", howToGet: "Run npm run refresh to add the indices of deprivation to the snapshot."
  },
  {
    id: "fingertips", name: "Public Health Profiles (Fingertips)", what: "Risk and protective factor indicators, benchmarked against England and similar areas",
    guidance: "SNA guidance 6.1, 6.2", kind: "open", snapshot: [{source: "fingertips", path: /^fingertips\/values\//}], indicators: "fingertips",
    holder: "Office for Health Improvement and Disparities", howToGet: "Run npm run refresh on a machine with internet access to fetch the configured indicators."
  },
  {
    id: "shape", name: "SHAPE (Strategic Health Asset Planning and Evaluation)", what: "Health service locations and catchments linked to population data",
    guidance: "SNA guidance 6.1", kind: "partner",
    holder: "NHS England (restricted to NHS, local authority and public health staff)", howToGet: "Ask a partner with SHAPE access (public health or the ICB) for service maps and catchments; record them in the configuration (dataGaps)."
  },
  {
    id: "police-uk", name: "Police.uk street-level crime", what: "Street-level crime by month, LSOA and crime type, with outcomes",
    guidance: "SNA guidance 6.3", kind: "open", snapshot: [{source: "policeuk", ownForces: true, label: "the forces' street files"}, {source: "policeuk-england", label: "the England aggregate (comparisons)"}],
    holder: "Home Office and police forces (data.police.uk)", howToGet: "Run npm run refresh to add the force's monthly street files."
  },
  {
    id: "recorded-crime", name: "Official police recorded crime (ONS)", what: "Recorded crime by community safety partnership, homicide and knife crime by force area",
    guidance: "SNA guidance 6.3; statutory guidance paras 48, 123", kind: "open", snapshot: [{source: "recorded-crime"}],
    holder: "Office for National Statistics (Home Office data)", howToGet: "Run npm run refresh to add the ONS recorded crime tables."
  },
  {
    id: "hes-sharp-object", name: "Hospital admissions for assault, including by a sharp object (HES)", what: "Emergency admissions for assault (ICD-10 X85-Y09), knife or sharp object (X99): a Home Office success measure",
    guidance: "SNA guidance 6.3; statutory guidance para 123", kind: "partner", partners: ["sharp-object-admissions"],
    holder: "Integrated care board or public health team with HES access", howToGet: `Ask the ICB or public health intelligence team (HES access) for admissions by year, age band and sex under a data sharing agreement; ${PARTNER_DROP}.`
  },
  {
    id: "istv-ae", name: "A&E attendances for assault (ISTV minimum dataset)", what: "Emergency department attendances for assault: date, time, location, weapon",
    guidance: "SNA guidance 6.3; statutory guidance para 52", kind: "partner", partners: ["ae-assault"],
    holder: "Acute hospital trust emergency departments", howToGet: `Agree an ISTV data sharing agreement with the emergency departments; ${PARTNER_DROP}.`
  },
  {
    id: "ambulance", name: "Ambulance call-outs for assault", what: "Ambulance Data Set injuries from assault, with date, time and place",
    guidance: "SNA guidance 6.3", kind: "partner", partners: ["ambulance-assault"],
    holder: "Regional ambulance service", howToGet: `Ask the ambulance service for assault call-outs by month and area; ${PARTNER_DROP}.`
  },
  {
    id: "primary-care", name: "Primary care and IRIS", what: "Patients with domestic violence and abuse recorded; IRIS referrals where commissioned",
    guidance: "SNA guidance 6.3", kind: "partner",
    holder: "Integrated care board (GP practices) and the IRIS provider", howToGet: "Ask the ICB for aggregate counts of patients with domestic abuse codes, and the IRIS provider for referrals; no partner dataset type yet, so record them in the configuration (dataGaps)."
  },
  {
    id: "police-victims-suspects", name: "Police victims and suspects", what: "Victims and suspects of police-recorded violence by age band and sex",
    guidance: "SNA guidance 6.3", kind: "partner", partners: ["police-victims-suspects"],
    holder: "Police force analysts", howToGet: `Ask the force for victims and suspects of violent offences by age band and sex; ${PARTNER_DROP}.`
  },
  {
    id: "police-knife-crime", name: "Police-recorded knife crime (local)", what: "Knife or sharp instrument offences for the partnership area: a Home Office success measure",
    guidance: "statutory guidance para 123", kind: "partner", partners: ["police-knife-crime"],
    holder: "Police force analysts", howToGet: `Ask the force for knife or sharp instrument offences by month for the area; ${PARTNER_DROP}.`
  },
  {
    id: "police-intelligence", name: "Police intelligence: county lines and drug markets", what: "Threat assessments of county lines, organised crime and drug markets",
    guidance: "statutory guidance para 48", kind: "partner",
    holder: "Police force intelligence unit", howToGet: "Ask the force for a shareable (aggregated) threat assessment; summarise it in the narrative and record it in the configuration (dataGaps)."
  },
  {
    id: "youth-justice", name: "Youth justice", what: "First-time entrants, proven offences and children cautioned or sentenced",
    guidance: "SNA guidance 6.2; statutory guidance para 48", kind: "partner", partners: ["youth-justice"],
    holder: "Youth justice service", howToGet: `Ask the youth justice service for first-time entrants and proven offences by year; ${PARTNER_DROP}.`
  },
  {
    id: "probation", name: "Probation", what: "People on probation for violent offences, reoffending, accommodation and need",
    guidance: "statutory guidance para 51", kind: "partner",
    holder: "Probation Service (regional)", howToGet: "Ask the regional Probation Service for aggregate caseload and reoffending figures for violence; no partner dataset type yet, so record them in the configuration (dataGaps)."
  },
  {
    id: "prisons", name: "Prisons and youth custody", what: "Anonymised prison data: releases to the area, violence in custody",
    guidance: "statutory guidance paras 48, 51", kind: "partner",
    holder: "HM Prison and Probation Service; local prisons", howToGet: "Ask HMPPS or the local prison for anonymised releases to the area and violence in custody; record them in the configuration (dataGaps)."
  },
  {
    id: "education", name: "Education: exclusions, absence and NEET", what: "Suspensions, permanent exclusions, persistent absence (local) and NEET (DfE)",
    guidance: "SNA guidance 5.1, 6.2; statutory guidance para 48", kind: "partner", snapshot: [{source: "dfe-neet", label: "DfE NEET and absence"}], partners: ["school-exclusions"], indicators: "dfe",
    holder: "Local authority education team; Department for Education", howToGet: `Ask the local authority education team for exclusions and absence by year and phase; ${PARTNER_DROP}.`
  },
  {
    id: "case-reviews", name: "Case reviews", what: "Findings of domestic homicide reviews, safeguarding reviews and other statutory reviews",
    guidance: "SNA guidance 6.3", kind: "partner",
    holder: "Community safety partnership and safeguarding partnerships", howToGet: "Discuss access to review findings with the police and local authority leads; summarise themes (never cases) and record them in the configuration (dataGaps)."
  },
  {
    id: "safeguarding", name: "Safeguarding referrals and social care", what: "Children's safeguarding referrals and areas of high social services intervention",
    guidance: "SNA guidance 6.2; statutory guidance para 48", kind: "partner",
    holder: "Children's services and the integrated care board", howToGet: "Ask children's services for referrals by year, age band and area; no partner dataset type yet, so record them in the configuration (dataGaps)."
  },
  {
    id: "mental-health", name: "Mental health services", what: "Mental health services provision and use",
    guidance: "SNA guidance 6.2", kind: "partner",
    holder: "Integrated care board and mental health trust", howToGet: "Ask the ICB for aggregate service use by age band and area; record it in the configuration (dataGaps)."
  },
  {
    id: "community-voice", name: "Community voice", what: "Surveys and engagement with residents and young people on safety and violence",
    guidance: "SNA guidance 4.5, 5.4", kind: "partner", partners: ["community-survey"],
    holder: "Local authority and voluntary sector partners", howToGet: `Run or collect a community survey and add its results; ${PARTNER_DROP}.`
  },
  {
    id: "service-map", name: "Services and assets", what: "Register of services and community assets that prevent violence",
    guidance: "SNA guidance 5.6", kind: "partner", partners: ["service-register"],
    holder: "Local authority commissioners and voluntary sector", howToGet: `Compile the register of services with commissioners; ${PARTNER_DROP}.`
  }
];

export interface DataGapsInput {
  manifest: readonly ManifestEntry[];
  partners: readonly PartnerFileReport[];
  indicators: readonly {id: number | string; gap?: string | null}[];
  /** police.uk force ids of the configuration. */
  forces: readonly string[];
  areaName: string;
  config?: DataGapsConfig;
  /** The day the tables are prepared (UTC midnight): ages are counted to it. */
  builtAt: Date;
}

/** Reads the partner step's report file (partners-report.json), checked against its zod schema. */
export function readPartnerReports(path: string): PartnerFileReport[] {
  return partnerFileReportSchema.array().parse(JSON.parse(readFileSync(path, "utf-8")));
}

// ------------------------------------------------------------------------------------------------ periods and ages

/** A period's years and months: "2025-01", "2024/25" (ends in March 2025), "2025" (ends in December). */
const TOKEN = /\d{4}-\d{2}|\d{4}\/\d{2}|\d{4}/g;

/** The month a token ends in, "YYYY-MM": financial and academic years are counted to the March that ends them. */
function tokenEnd(token: string): string {
  if (/^\d{4}-\d{2}$/.test(token)) return token;
  const split = token.match(/^(\d{4})\/(\d{2})$/);
  if (split) return `${Number(split[1]!.slice(0, 2)) * 100 + Number(split[2]) + (Number(split[2]) < Number(split[1]!.slice(2)) ? 100 : 0)}-03`;
  return `${token}-12`;
}
function tokenStart(token: string): string {
  return /^\d{4}-\d{2}$/.test(token) ? token : `${token.slice(0, 4)}-${token.includes("/") ? "04" : "01"}`;
}

/** The years and months a period names, outside any parenthesised remark ("2014-04 to 2025-03 (nine 3-year periods)"). */
const tokens = (period: string): string[] => period.replace(/\([^)]*\)/g, " ").match(TOKEN) ?? [];

/** The month a period ends in ("YYYY-MM"), or null if it names no year. */
export function periodEnd(period: string | null | undefined): string | null {
  const last = tokens(period ?? "").at(-1);
  return last ? tokenEnd(last) : null;
}

/** Years (one decimal) from the end of the month a period ends in to `now`; null if the period names no year. */
export function periodAgeYears(period: string | null | undefined, now: Date): number | null {
  const end = periodEnd(period);
  if (!end) return null;
  const [y, m] = end.split("-").map(Number) as [number, number];
  const endOfMonth = Date.UTC(y, m, 1);
  return Math.max(0, Math.round(((now.getTime() - endOfMonth) / (365.25 * 86_400_000)) * 10) / 10);
}

/**
 * One period for several files: with a single distinct period, that period; when every period is a month or a span of
 * months, the span from the first to the last ("2018-10 to 2025-12"); otherwise `newest` (the newest file's period,
 * which the caller knows best), else the period that ends last.
 */
export function combinedPeriod(periods: readonly string[], newest?: string): string | null {
  const distinct = [...new Set(periods)];
  if (distinct.length <= 1) return distinct[0] ?? null;
  const all = distinct.map(tokens);
  if (distinct.every((p, i) => /^\s*\d{4}-\d{2}(\s+to\s+\d{4}-\d{2})?\s*(\([^)]*\))?\s*$/.test(p) && all[i]!.length > 0)) {
    const first = all.map((t) => tokenStart(t[0]!)).sort()[0]!;
    const last = all.map((t) => tokenEnd(t.at(-1)!)).sort().at(-1)!;
    return first === last ? first : `${first} to ${last}`;
  }
  return newest ?? newestBy(distinct, (p) => p) ?? null;
}

/** The item whose period ends last; ties go to the later `tie` (a release date), then to the later in the list. */
function newestBy<T>(items: readonly T[], period: (item: T) => string | null, tie: (item: T) => string = () => ""): T | undefined {
  let best: T | undefined;
  let bestKey = "";
  for (const item of items) {
    const key = `${periodEnd(period(item)) ?? ""} ${tie(item).replace(/^\D*/, "")}`;
    if (best === undefined || key >= bestKey) [best, bestKey] = [item, key];
  }
  return best;
}

// ------------------------------------------------------------------------------------------------ the register

const unique = (values: readonly (string | null | undefined)[]): string[] => [...new Set(values.filter((v): v is string => !!v))];
/** The publisher without a remark after ";" ("...; aggregated by LSOA"), so one publisher is named once. */
const publisherOf = (f: ManifestEntry): string => f.publisher.split(";")[0]!.trim();
const joined = (values: readonly (string | null | undefined)[]): string | null => unique(values).join("; ") || null;

function snapshotFiles(match: SnapshotMatch, input: DataGapsInput): ManifestEntry[] {
  return input.manifest.filter(
    (f) => f.source === match.source && (!match.path || match.path.test(f.path)) && (!match.ownForces || input.forces.some((force) => f.path.startsWith(`policeuk/street/${force}/`)))
  );
}

/** One row of the register: what the build holds for the source, and the next step. */
function registerRow(entry: CatalogueEntry, input: DataGapsInput): DataGapRow {
  const files = (entry.snapshot ?? []).map((m) => ({match: m, files: snapshotFiles(m, input)}));
  const open = files.flatMap((f) => f.files);
  const reports = (entry.partners ?? []).map((type) => ({type, reports: input.partners.filter((r) => r.dataset === type)}));
  const accepted = reports.flatMap((p) => p.reports.filter((r) => r.status === "accepted"));
  const real = accepted.filter((r) => !r.example);
  const examples = accepted.filter((r) => r.example);
  const refused = reports.flatMap((p) => p.reports.filter((r) => r.status === "refused"));

  // Each snapshot match and partner type is one part of the source; a part is met only by real data.
  const parts = [
    ...files.map((f) => ({name: f.match.label ?? f.match.source, met: f.files.length > 0, example: false, refused: [] as PartnerFileReport[]})),
    ...reports.map((p) => ({
      name: DATASETS[p.type].title,
      met: p.reports.some((r) => r.status === "accepted" && !r.example),
      example: p.reports.some((r) => r.status === "accepted" && r.example),
      refused: p.reports.filter((r) => r.status === "refused")
    }))
  ];
  const met = parts.filter((p) => p.met);
  const gaps = entry.indicators
    ? input.indicators.filter((i) => (entry.indicators === "fingertips" ? typeof i.id === "number" : String(i.id).startsWith("dfe-")))
    : [];
  const withGap = gaps.filter((i) => i.gap);

  let status: DataGapStatus;
  const details: string[] = [];
  if (parts.length > 0 && met.length === parts.length) status = "in this build";
  else if (met.length > 0) status = "partial";
  else if (refused.length > 0) status = "missing";
  else if (examples.length > 0) status = "EXAMPLE only";
  else status = "missing";
  for (const p of parts.filter((x) => !x.met)) {
    if (p.refused.length) details.push(`${p.name}: ${p.refused.length} file(s) refused (${unique(p.refused.map((r) => r.refusal?.reason ?? r.refusal?.kind)).join("; ") || "see the build log"})`);
    else if (p.example) details.push(`${p.name}: EXAMPLE files only (generated, not real data)`);
    else if (met.length > 0) details.push(`${p.name}: not supplied`);
  }
  if (withGap.length > 0 && status === "in this build") status = "partial";
  if (withGap.length > 0) details.push(`${withGap.length} of ${gaps.length} indicators have no value for ${input.areaName} in the snapshot`);

  // Period, release and age: of the real data only (EXAMPLE files describe no real period).
  const dataPeriods = [...open.map((f) => f.period), ...real.map((r) => r.period).filter((p): p is string => !!p)];
  const shown = status === "EXAMPLE only" ? examples.map((r) => r.period).filter((p): p is string => !!p) : dataPeriods;
  const newestOpen = newestBy(open, (f) => f.period, (f) => f.released ?? "");
  const period = combinedPeriod(shown, status === "EXAMPLE only" || open.length === 0 ? undefined : newestOpen?.period);
  const newestReal = newestBy(real, (r) => r.period);
  const ageOf = status === "EXAMPLE only" ? null : periodAgeYears(period, input.builtAt);

  const own = input.config?.[entry.id];
  const fromBuild = status === "in this build" || status === "partial" || status === "EXAMPLE only";
  if (own?.status && !fromBuild) status = own.status;
  const owner = joined([...real.map((r) => r.owner), ...(status === "EXAMPLE only" ? examples.map((r) => r.owner) : []), ...(real.length ? [] : open.map((f) => publisherOf(f)))]) ?? own?.owner ?? `Usually: ${entry.holder}`;
  const agreement =
    joined(real.map((r) => r.sharingAgreement)) ??
    (status === "EXAMPLE only" ? joined(examples.map((r) => r.sharingAgreement)) : null) ??
    own?.sharingAgreement ??
    (open.length ? `Not needed: open data (${unique(open.map((f) => f.licence)).join("; ")})${entry.partners?.length ? "; none recorded for the partner data" : ""}` : "None recorded");

  return {
    source_id: entry.id,
    source: entry.name,
    what: entry.what,
    guidance: entry.guidance,
    kind: entry.kind,
    status,
    period,
    released: newestOpen?.released ?? null,
    received: newestReal?.received ?? null,
    age_years: ageOf,
    owner,
    sharing_agreement: agreement,
    files: open.length + real.length + (status === "EXAMPLE only" ? examples.length : 0),
    detail: details.join("; ") || null,
    next_step: own?.nextStep ?? defaultNextStep(entry, status, {refused, owner: real[0]?.owner ?? null, period, gaps: withGap.length})
  };
}

function defaultNextStep(entry: CatalogueEntry, status: DataGapStatus, s: {refused: PartnerFileReport[]; owner: string | null; period: string | null; gaps: number}): string {
  const fix = s.refused[0]?.refusal?.reason;
  if (status === "missing" && fix) return `The partner's file was refused: ${fix} Ask the owner for a corrected extract and rebuild.`;
  if (status === "EXAMPLE only") return `Replace the EXAMPLE files with a real extract. ${entry.howToGet}`;
  if (status === "partial") return s.gaps > 0 ? entry.howToGet : `Fill the missing part. ${entry.howToGet}`;
  if (status === "in this build") {
    return s.owner ? `Ask ${s.owner} for the next extract after ${s.period ?? "this one"}.` : "Run npm run refresh after the publisher's next release.";
  }
  return entry.howToGet;
}

/** The register: one row per source of DATA_SOURCES, in the guidance's order. Throws on a config key that names no source. */
export function dataGapsRegister(input: DataGapsInput): DataGapRow[] {
  const unknown = Object.keys(input.config ?? {}).filter((id) => !DATA_SOURCES.some((s) => s.id === id));
  if (unknown.length) {
    throw new Error(`configuration dataGaps: ${unknown.map((u) => `"${u}"`).join(", ")} is not a data source id; use one of: ${DATA_SOURCES.map((s) => s.id).join(", ")}.`);
  }
  return DATA_SOURCES.map((entry) => registerRow(entry, input));
}
