/**
 * The partner dataset types. Each has a zod schema for one normalised row (the single source of its shape), the
 * columns it accepts (header aliases, unit, parser) and the tables it publishes after suppression.
 * data/partners/README.md documents the same tables for analysts; tests/unit/partners-datasets.test.ts keeps the
 * two in step.
 */
import {z} from "zod";
import {
  categoryParser,
  labelParser,
  NOT_KNOWN,
  parseAgeBand,
  parseArea,
  parseCount,
  parseDate,
  parseMonth,
  parseNumber,
  parsePeriod,
  parseSex,
  parseTime,
  Problem,
  type AreaValue,
  type Parsed,
  type RawCell
} from "./values.ts";
import {PREVENTION_LEVELS, WHO_LEVELS} from "../evidence/register.ts";
import {categoryKey, cellText, isBlank} from "./values.ts";

export const DATASET_TYPES = [
  "ae-assault",
  "ambulance-assault",
  "youth-justice",
  "school-exclusions",
  "police-victims-suspects",
  "service-register",
  "community-survey",
  "sharp-object-admissions",
  "police-knife-crime"
] as const;
export type DatasetType = (typeof DATASET_TYPES)[number];

export type ColumnKind = "date" | "time" | "month" | "period" | "category" | "age-band" | "sex" | "area" | "count" | "number" | "label";

export interface ColumnSpec {
  label: string;
  kind: ColumnKind;
  /** Header spellings accepted (compared after normaliseHeader). The label itself always matches. */
  aliases: readonly string[];
  unit: string;
  required: boolean;
  parse: (cell: RawCell) => Parsed<unknown>;
  /** Canonical values, in display order (categories only). */
  values?: readonly string[];
  /** Longest value in words before it counts as free text (labels only). */
  maxWords?: number;
}

export interface OutputSpec {
  name: string;
  title: string;
  rows: string;
  cols?: string;
  /** One table per value of this column (e.g. per survey question). */
  splitBy?: string;
  /** Keep only rows whose column has one of these values. */
  filter?: {column: string; values: readonly string[]};
  rowTotals: boolean;
  colTotals: boolean;
  /**
   * Column holding a denominator (summed like the counts) for a rate per `ratePer`: cohorts such as pupils on roll.
   * Denominators are disclosive too: a cell whose denominator, or denominator less count, is below the threshold is
   * suppressed with its denominator and rate (components/suppression). Survey shares (`shareOfColumn`) use the
   * column's respondents, a published total that the interval check already covers.
   */
  denominator?: string;
  ratePer?: number;
  rateUnit?: string;
  /** Rate as a percentage of the column total (survey responses). */
  shareOfColumn?: boolean;
}

export interface DatasetSpec<S extends z.ZodObject = z.ZodObject> {
  type: DatasetType;
  title: string;
  description: string;
  /** One row per attendance (count 1 each) rather than pre-aggregated counts. */
  rowLevel: boolean;
  /** Published as a list (services are not people): no counts, no suppression. */
  register: boolean;
  schema: S;
  columns: {[K in keyof z.infer<S> & string]: ColumnSpec};
  /** The column holding counts (aggregated datasets). */
  count?: keyof z.infer<S> & string;
  /** Dimensions computed from one column of a row (e.g. month from a date). */
  derived?: Record<string, {label: string; order?: readonly string[]; from: string; of: (value: unknown) => string | null}>;
  outputs: readonly OutputSpec[];
}

const count = z.object({value: z.number().int().nonnegative().nullable()});
const area = z.object({code: z.string(), kind: z.string()});
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const hhmm = z.string().regex(/^\d{2}:\d{2}$/);
const yyyymm = z.string().regex(/^\d{4}-\d{2}$/);
const ageBand = z.string().regex(/^(\d+-\d+|\d+\+|All ages|Not known)$/);
const sexValues = ["Male", "Female", "Other", NOT_KNOWN] as const;

/** A category column: its values (canonical → aliases) become the zod enum, the parser and the display order. */
function category<const T extends Record<string, readonly string[]>>(label: string, aliases: readonly string[], categories: T, required: boolean) {
  const values = Object.keys(categories) as (keyof T & string)[];
  return {
    spec: {label, kind: "category", aliases, unit: "category", required, parse: categoryParser(label.toLowerCase(), categories), values} satisfies ColumnSpec,
    schema: z.enum(values as [keyof T & string, ...(keyof T & string)[]])
  };
}

const col = (label: string, kind: ColumnKind, aliases: readonly string[], unit: string, required: boolean, parse: ColumnSpec["parse"], extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  label,
  kind,
  aliases,
  unit,
  required,
  parse,
  ...extra
});

const NK = ["not known", "unknown", "not recorded", "not stated", "nk", "missing"];

// ---------------------------------------------------------------- A&E (ISTV minimum dataset)
const weapon = category("Weapon", ["weapon", "weapon used", "means of assault", "weapon or means", "object used", "weapon type", "mechanism"], {
  "Body (hands, feet, head)": ["body", "hands", "feet", "fist", "fists", "punch", "kick", "headbutt", "body part", "hit kick", "no weapon body", "bodily force"],
  "Knife or sharp object": ["knife", "knives", "sharp object", "blade", "knife sharp object", "stabbing", "sharp instrument", "knife or blade"],
  "Blunt object": ["blunt", "blunt object", "bat", "stick", "club", "blunt instrument"],
  "Glass or bottle": ["glass", "bottle", "glass bottle", "glass or bottle"],
  Firearm: ["firearm", "gun", "shotgun", "air weapon", "gunshot"],
  "Other weapon": ["other", "other weapon", "other object", "vehicle", "animal", "corrosive", "acid"],
  [NOT_KNOWN]: NK
}, true);
const location = category("Location of incident", ["location of incident", "incident location", "location type", "location", "place of assault", "assault location", "place of incident", "location of assault"], {
  "Street or public place": ["street", "public place", "street public place", "road", "park", "outside", "open space", "street or public area"],
  "Pub, bar or club": ["pub", "bar", "club", "nightclub", "licensed premises", "pub club", "pub bar club", "night time economy"],
  Home: ["home", "private dwelling", "dwelling", "house", "residential", "own home", "someone else s home"],
  "Shop or commercial premises": ["shop", "commercial", "retail", "commercial premises", "restaurant", "takeaway", "shop commercial"],
  "School or college": ["school", "college", "education", "university", "school college"],
  Workplace: ["work", "workplace", "place of work"],
  "Public transport": ["transport", "public transport", "bus", "train", "station", "taxi"],
  "Prison or custody": ["prison", "custody", "police custody"],
  Other: ["other", "other location"],
  [NOT_KNOWN]: NK
}, true);

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
export const HOURS = Array.from({length: 24}, (_, h) => String(h).padStart(2, "0"));

export const aeAssaultSchema = z.object({
  attendance_date: isoDate,
  attendance_time: hhmm.nullable(),
  incident_location: location.schema,
  incident_area: area.nullable(),
  weapon: weapon.schema,
  age_band: ageBand,
  sex: z.enum(sexValues)
});
export type AeAssaultRow = z.infer<typeof aeAssaultSchema>;

const areaAliases = ["area", "area code", "lsoa", "lsoa code", "lsoa21", "lsoa 2021", "lsoa21cd", "lsoa 2021 code", "incident lsoa", "postcode district", "postal district", "postcode sector", "ward", "ward code", "locality", "postcode area"];
const ageAliases = ["age band", "age group", "age", "age range", "patient age band", "age bracket"];
const sexAliases = ["sex", "gender", "patient sex", "sex gender"];
const countAliases = ["count", "number", "n", "total", "value", "frequency", "volume", "count of people", "number of people"];

const ae: DatasetSpec<typeof aeAssaultSchema> = {
  type: "ae-assault",
  title: "A&E attendances for assault (ISTV minimum dataset)",
  description: "One row per emergency department attendance for assault, with no identifiers: date and time of attendance, type of place the incident happened, weapon, age band and sex; optionally the incident's LSOA or postcode district.",
  rowLevel: true,
  register: false,
  schema: aeAssaultSchema,
  columns: {
    attendance_date: col("Attendance date", "date", ["attendance date", "arrival date", "date of attendance", "attend date", "date", "arrival date time", "attendance date time"], "date (YYYY-MM-DD, DD/MM/YYYY, DD-Mon-YYYY or Excel date)", true, parseDate),
    attendance_time: col("Attendance time", "time", ["attendance time", "arrival time", "time of attendance", "time", "time of arrival"], "time of day (HH:MM, 24-hour)", false, parseTime),
    incident_location: location.spec,
    incident_area: col("Incident area", "area", ["incident area", "incident lsoa", "location lsoa", "incident postcode district", ...areaAliases], "LSOA 2021 code or postcode district", false, parseArea),
    weapon: weapon.spec,
    age_band: col("Age band", "age-band", ageAliases, "age band in years (e.g. 18-24, 65+)", true, parseAgeBand),
    sex: col("Sex", "sex", sexAliases, "Male / Female / Other / Not known", true, parseSex, {values: sexValues})
  },
  derived: {
    month: {label: "Month", from: "attendance_date", of: (d) => (typeof d === "string" ? d.slice(0, 7) : null)},
    weekday: {label: "Day of week", order: WEEKDAYS, from: "attendance_date", of: (d) => (typeof d === "string" ? WEEKDAYS[(new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7]! : null)},
    hour: {label: "Hour of attendance", order: HOURS, from: "attendance_time", of: (t) => (typeof t === "string" ? t.slice(0, 2) : null)}
  },
  // Day and time are published once, by hour. A second grouping of the same attendances (4-hour bands) would let a
  // reader subtract the published hours from a band and recover hours suppressed in the hourly table: suppression
  // and the disclosure audit protect each table on its own, not tables that nest.
  outputs: [
    {name: "by-month", title: "Attendances by month", rows: "month", rowTotals: false, colTotals: true},
    {name: "by-location", title: "Attendances by location of incident", rows: "incident_location", rowTotals: false, colTotals: true},
    {name: "by-weapon", title: "Attendances by weapon", rows: "weapon", rowTotals: false, colTotals: true},
    {name: "by-age-sex", title: "Attendances by age band and sex", rows: "age_band", cols: "sex", rowTotals: true, colTotals: true},
    {name: "by-weekday-hour", title: "Attendances by day of week and hour of attendance", rows: "weekday", cols: "hour", rowTotals: true, colTotals: true},
    {name: "by-area", title: "Attendances by incident area", rows: "incident_area", rowTotals: false, colTotals: true}
  ]
};

// ---------------------------------------------------------------- Ambulance
const callType = category("Call type", ["call type", "chief complaint", "ampds", "ampds chief complaint", "category", "incident type", "call category", "protocol"], {
  "Assault or sexual assault": ["assault", "sexual assault", "assault sexual assault", "assault sexual assault stun gun", "ampds 4", "4", "protocol 4"],
  "Stab, gunshot or penetrating trauma": ["stab", "gunshot", "stab gunshot", "stab gunshot penetrating trauma", "penetrating trauma", "ampds 27", "27", "protocol 27"]
}, true);
export const ambulanceSchema = z.object({
  month: yyyymm,
  call_type: callType.schema,
  area: area.nullable(),
  age_band: ageBand.nullable(),
  sex: z.enum(sexValues).nullable(),
  count
});
const ambulance: DatasetSpec<typeof ambulanceSchema> = {
  type: "ambulance-assault",
  title: "Ambulance call-outs for assault",
  description: "Counts of ambulance incidents coded as assault/sexual assault (AMPDS protocol 4) or stab/gunshot/penetrating trauma (protocol 27) by month, optionally by incident area, age band and sex.",
  rowLevel: false,
  register: false,
  schema: ambulanceSchema,
  count: "count",
  columns: {
    month: col("Month", "month", ["month", "call month", "incident month", "period", "date", "month of call"], "month (YYYY-MM)", true, parseMonth),
    call_type: callType.spec,
    area: col("Area", "area", ["incident area", ...areaAliases], "LSOA 2021 code or postcode district", false, parseArea),
    age_band: col("Age band", "age-band", ageAliases, "age band in years", false, parseAgeBand),
    sex: col("Sex", "sex", sexAliases, "Male / Female / Other / Not known", false, parseSex, {values: sexValues}),
    count: col("Count", "count", ["calls", "call outs", "callouts", "incidents", "number of calls", "number of incidents", ...countAliases], "incidents (whole number)", true, parseCount)
  },
  outputs: [
    {name: "by-month-type", title: "Call-outs by month and call type", rows: "month", cols: "call_type", rowTotals: true, colTotals: true},
    {name: "by-area", title: "Call-outs by incident area", rows: "area", rowTotals: false, colTotals: true},
    {name: "by-age-sex", title: "Call-outs by age band and sex", rows: "age_band", cols: "sex", rowTotals: true, colTotals: true}
  ]
};

// ---------------------------------------------------------------- Youth justice
const yjMeasure = category("Measure", ["measure", "indicator", "metric", "type", "count type"], {
  "First-time entrants": ["fte", "ftes", "first time entrants", "first time entrant", "first time entrants to the youth justice system"],
  "Proven offences": ["offences", "proven offences", "proven offence", "offence count"],
  "Children cautioned or sentenced": ["children cautioned or sentenced", "children sentenced", "cautioned or sentenced", "children with a caution or sentence"]
}, true);
const offenceType = category("Offence type", ["offence type", "offence group", "offence category", "offence", "primary offence"], {
  "Violence against the person": ["violence against the person", "vatp", "violence", "violent offences"],
  Robbery: ["robbery"],
  "Sexual offences": ["sexual offences", "sexual offence", "sexual"],
  "Possession of weapons": ["possession of weapons", "weapons", "possession of a weapon", "knife possession"],
  "Theft and handling": ["theft", "theft and handling", "theft and handling stolen goods"],
  Burglary: ["burglary", "domestic burglary", "non domestic burglary"],
  "Criminal damage": ["criminal damage", "arson", "criminal damage and arson"],
  "Drugs offences": ["drugs", "drug offences", "drugs offences"],
  "Public order": ["public order", "public order offences"],
  "Motoring offences": ["motoring", "motoring offences", "vehicle theft unauthorised taking"],
  "Breach of order": ["breach", "breach of statutory order", "breach of bail", "breach of conditional discharge", "breach of order"],
  Other: ["other", "other offences", "fraud and forgery", "death or injury by dangerous driving", "racially aggravated"],
  [NOT_KNOWN]: NK
}, false);
export const youthJusticeSchema = z.object({
  period: z.string(),
  measure: yjMeasure.schema,
  offence_type: offenceType.schema.nullable(),
  age_band: ageBand.nullable(),
  sex: z.enum(sexValues).nullable(),
  count
});
const youthJustice: DatasetSpec<typeof youthJusticeSchema> = {
  type: "youth-justice",
  title: "Youth justice: first-time entrants and offences by type",
  description: "Youth Justice Service counts by period: first-time entrants to the youth justice system, proven offences by offence type, children cautioned or sentenced; optionally by age band and sex.",
  rowLevel: false,
  register: false,
  schema: youthJusticeSchema,
  count: "count",
  columns: {
    period: col("Period", "period", ["period", "year", "financial year", "quarter", "month", "time period", "reporting period"], "year, financial year (2024/25), quarter or month", true, parsePeriod),
    measure: yjMeasure.spec,
    offence_type: offenceType.spec,
    age_band: col("Age band", "age-band", ageAliases, "age band in years (e.g. 10-14, 15-17)", false, parseAgeBand),
    sex: col("Sex", "sex", sexAliases, "Male / Female / Other / Not known", false, parseSex, {values: sexValues}),
    count: col("Count", "count", ["children", "number of children", "offences", ...countAliases], "children or offences (whole number)", true, parseCount)
  },
  outputs: [
    {name: "first-time-entrants", title: "First-time entrants by period", rows: "period", filter: {column: "measure", values: ["First-time entrants"]}, rowTotals: false, colTotals: true},
    {name: "fte-by-age-sex", title: "First-time entrants by age band and sex", rows: "age_band", cols: "sex", filter: {column: "measure", values: ["First-time entrants"]}, rowTotals: true, colTotals: true},
    {name: "offences-by-type", title: "Proven offences by offence type and period", rows: "offence_type", cols: "period", filter: {column: "measure", values: ["Proven offences"]}, rowTotals: true, colTotals: true},
    {name: "cautioned-or-sentenced", title: "Children cautioned or sentenced by period", rows: "period", filter: {column: "measure", values: ["Children cautioned or sentenced"]}, rowTotals: false, colTotals: true}
  ]
};

// ---------------------------------------------------------------- Schools
const phase = category("Phase", ["phase", "school phase", "school type", "phase type", "education phase"], {
  Primary: ["primary", "state funded primary", "state-funded primary", "primary school"],
  Secondary: ["secondary", "state funded secondary", "state-funded secondary", "secondary school"],
  Special: ["special", "special school", "state funded special"],
  "Alternative provision": ["alternative provision", "ap", "pupil referral unit", "pru"]
}, false);
const schoolMeasure = category("Measure", ["measure", "indicator", "metric", "type", "category"], {
  Suspensions: ["suspensions", "suspension", "fixed term exclusions", "fixed period exclusions", "fixed term exclusion", "fixed period exclusion"],
  "Permanent exclusions": ["permanent exclusions", "permanent exclusion", "perm excl", "perm exclusions"],
  "Persistent absence": ["persistent absence", "persistently absent", "persistent absentees", "pupils persistently absent", "persistently absent pupils"]
}, true);
export const schoolSchema = z.object({
  academic_year: z.string(),
  phase: phase.schema.nullable(),
  measure: schoolMeasure.schema,
  count,
  pupils: z.number().nonnegative().nullable()
});
const schools: DatasetSpec<typeof schoolSchema> = {
  type: "school-exclusions",
  title: "School suspensions, permanent exclusions and persistent absence",
  description: "Local authority education counts by academic year and school phase, with the number of pupils on roll so rates per 100 pupils can be shown (never for a suppressed count).",
  rowLevel: false,
  register: false,
  schema: schoolSchema,
  count: "count",
  columns: {
    academic_year: col("Academic year", "period", ["academic year", "year", "time period", "period", "school year"], "academic year (2023/24)", true, parsePeriod),
    phase: phase.spec,
    measure: schoolMeasure.spec,
    count: col("Count", "count", ["pupils affected", "number of pupils affected", "exclusions", "suspensions", ...countAliases], "events or pupils (whole number)", true, parseCount),
    pupils: col("Pupils on roll", "number", ["pupils", "pupils on roll", "headcount", "number of pupils", "enrolments", "denominator", "roll", "pupil headcount"], "pupils (denominator)", false, parseNumber)
  },
  outputs: [
    {name: "suspensions", title: "Suspensions per 100 pupils", rows: "academic_year", cols: "phase", filter: {column: "measure", values: ["Suspensions"]}, rowTotals: true, colTotals: false, denominator: "pupils", ratePer: 100, rateUnit: "per 100 pupils"},
    {name: "permanent-exclusions", title: "Permanent exclusions per 100 pupils", rows: "academic_year", cols: "phase", filter: {column: "measure", values: ["Permanent exclusions"]}, rowTotals: true, colTotals: false, denominator: "pupils", ratePer: 100, rateUnit: "per 100 pupils"},
    {name: "persistent-absence", title: "Persistently absent pupils (% of pupils)", rows: "academic_year", cols: "phase", filter: {column: "measure", values: ["Persistent absence"]}, rowTotals: true, colTotals: false, denominator: "pupils", ratePer: 100, rateUnit: "% of pupils"}
  ]
};

// ---------------------------------------------------------------- Police victims and suspects
const role = category("Role", ["role", "person type", "type", "victim or suspect", "victim suspect"], {
  Victim: ["victim", "victims"],
  Suspect: ["suspect", "suspects", "offender", "offenders", "perpetrator", "perpetrators"]
}, true);
const offenceGroup = category("Offence group", ["offence group", "offence type", "crime type", "offence", "offence category", "crime group"], {
  Homicide: ["homicide", "murder", "manslaughter"],
  "Violence with injury": ["violence with injury", "vwi", "assault with injury", "gbh", "abh"],
  "Violence without injury": ["violence without injury", "vwoi", "common assault", "assault without injury"],
  "Stalking and harassment": ["stalking and harassment", "stalking", "harassment"],
  Robbery: ["robbery", "personal robbery", "robbery of personal property"],
  "Sexual offences": ["sexual offences", "sexual offence", "rape", "other sexual offences"],
  "Possession of weapons": ["possession of weapons", "possession of weapons offences", "weapons possession"],
  "Knife or sharp instrument offences": ["knife crime", "knife or sharp instrument", "knife or sharp instrument offences", "knife offences"],
  Other: ["other", "other offences"]
}, false);
export const policeSchema = z.object({
  period: z.string(),
  role: role.schema,
  offence_group: offenceGroup.schema.nullable(),
  age_band: ageBand.nullable(),
  sex: z.enum(sexValues).nullable(),
  count
});
const police: DatasetSpec<typeof policeSchema> = {
  type: "police-victims-suspects",
  title: "Police-recorded victims and suspects by age band and sex",
  description: "Force counts of victims and suspects of violent crime in the area by period, offence group, age band and sex.",
  rowLevel: false,
  register: false,
  schema: policeSchema,
  count: "count",
  columns: {
    period: col("Period", "period", ["period", "year", "financial year", "month", "quarter", "time period"], "year, financial year, quarter or month", true, parsePeriod),
    role: role.spec,
    offence_group: offenceGroup.spec,
    age_band: col("Age band", "age-band", ageAliases, "age band in years", true, parseAgeBand),
    sex: col("Sex", "sex", sexAliases, "Male / Female / Other / Not known", true, parseSex, {values: sexValues}),
    count: col("Count", "count", ["victims", "suspects", "people", "persons", ...countAliases], "people (whole number)", true, parseCount)
  },
  outputs: [
    {name: "victims-by-age-sex", title: "Victims by age band and sex", rows: "age_band", cols: "sex", filter: {column: "role", values: ["Victim"]}, rowTotals: true, colTotals: true},
    {name: "suspects-by-age-sex", title: "Suspects by age band and sex", rows: "age_band", cols: "sex", filter: {column: "role", values: ["Suspect"]}, rowTotals: true, colTotals: true},
    {name: "by-offence-role", title: "Victims and suspects by offence group", rows: "offence_group", cols: "role", rowTotals: false, colTotals: true},
    {name: "by-period-role", title: "Victims and suspects by period", rows: "period", cols: "role", rowTotals: false, colTotals: true}
  ]
};

// ---------------------------------------------------------------- Service register
/**
 * A cell naming one or more levels of a vocabulary (the evidence register's, so the two chapters speak alike):
 * "primary; secondary", "Primary and secondary prevention", "individual, relationship". Written canonically, in the
 * vocabulary's order, joined by "; ".
 */
function levelList(name: string, levels: readonly string[], suffix: string): (cell: RawCell) => Parsed<string> {
  return (cell) => {
    if (isBlank(cell)) return null;
    const items = cellText(cell).toLowerCase().split(/\s*(?:[;,/|+&]|\band\b)\s*/).map((s) => categoryKey(s.replace(new RegExp(`\\b${suffix}\\b`, "g"), ""))).filter(Boolean);
    if (!items.length || items.some((i) => !levels.includes(i))) return new Problem(`not a recognised ${name}; use one or more of: ${levels.join(", ")} (separated by ";")`);
    return levels.filter((l) => items.includes(l)).join("; ");
  };
}
const levelsOf = (levels: readonly string[]) => z.string().regex(new RegExp(`^(${levels.join("|")})(; (${levels.join("|")}))*$`));

export const serviceSchema = z.object({
  service_name: z.string().min(1),
  provider: z.string().min(1),
  service_type: z.string().nullable(),
  area: area,
  age_group: ageBand.nullable(),
  prevention_level: levelsOf(PREVENTION_LEVELS).nullable(),
  who_level: levelsOf(WHO_LEVELS).nullable()
});
export type ServiceRow = z.infer<typeof serviceSchema>;
const services: DatasetSpec<typeof serviceSchema> = {
  type: "service-register",
  title: "Service register",
  description: "Services that prevent or respond to violence (guidance section 5.6): one row per service with its provider, type, the LSOA, ward or postcode district it is based in (or Citywide), the age group it serves and, optionally, its level of prevention and WHO ecological level (the evidence register's vocabularies). Services are not people: the register is published as a list.",
  rowLevel: false,
  register: true,
  schema: serviceSchema,
  columns: {
    service_name: col("Service name", "label", ["service name", "name", "service", "name of service", "project name", "programme"], "text (up to 12 words)", true, labelParser(12), {maxWords: 12}),
    provider: col("Provider", "label", ["provider", "organisation", "provider organisation", "delivered by", "commissioned provider", "organisation name"], "text (up to 12 words)", true, labelParser(12), {maxWords: 12}),
    service_type: col("Service type", "label", ["service type", "type", "type of service", "category", "service category"], "text (up to 8 words)", false, labelParser(8), {maxWords: 8}),
    area: col("Area", "area", ["location", "base", "based in", "service area", "delivery area", ...areaAliases], "LSOA 2021 code, ward code, postcode district or Citywide (never an address)", true, parseArea),
    age_group: col("Age group served", "age-band", ["age group served", "age group", "ages served", "age range", "target age", "age band", "ages"], "age band (e.g. 10-25) or All ages", false, parseAgeBand),
    prevention_level: col("Prevention level", "category", ["prevention level", "level of prevention", "prevention levels", "prevention type", "prevention"], `one or more of ${PREVENTION_LEVELS.join(", ")} (separated by ";")`, false, levelList("prevention level", PREVENTION_LEVELS, "prevention"), {values: PREVENTION_LEVELS}),
    who_level: col("WHO level", "category", ["who level", "who ecological level", "ecological level", "who levels", "level of the ecological model"], `one or more of ${WHO_LEVELS.join(", ")} (separated by ";")`, false, levelList("WHO level", WHO_LEVELS, "level"), {values: WHO_LEVELS})
  },
  outputs: []
};

// ---------------------------------------------------------------- Community survey
export const surveySchema = z.object({
  period: z.string(),
  question: z.string().min(1),
  response: z.string().min(1),
  age_band: ageBand.nullable(),
  area: area.nullable(),
  count
});
const survey: DatasetSpec<typeof surveySchema> = {
  type: "community-survey",
  title: "Community survey results",
  description: "Aggregated answers to a community safety survey (guidance section 5.4, community voice): respondents by question and response, optionally by the respondents' age band and area. Shares of each group's respondents are shown on the Community voice chapter, never for suppressed counts.",
  rowLevel: false,
  register: false,
  schema: surveySchema,
  count: "count",
  columns: {
    period: col("Period", "period", ["period", "year", "survey year", "wave", "survey period", "date"], "year, financial year or month", true, parsePeriod),
    question: col("Question", "label", ["question", "question text", "item", "survey question", "statement"], "text (up to 40 words)", true, labelParser(40), {maxWords: 40}),
    response: col("Response", "label", ["response", "answer", "response option", "option", "reply"], "text (up to 10 words)", true, labelParser(10), {maxWords: 10}),
    age_band: col("Age band", "age-band", ["age band", "age group", "age range", "respondent age band", "respondent age group", "age band of respondent"], "age band in years (e.g. 16-24, 65+) or Not known", false, parseAgeBand),
    area: col("Area", "area", areaAliases, "LSOA 2021 code, ward or local authority code, or postcode district", false, parseArea),
    count: col("Respondents", "count", ["respondents", "responses", "number of respondents", "number of responses", ...countAliases], "respondents (whole number)", true, parseCount)
  },
  // One table per question and grouping. All three publish the response totals (row totals) and the question's
  // respondents, so each protects its cells against them; loaders/community/survey.ts then re-solves the three
  // tables of a question together, as a reader could, and stops the build if a suppressed count can be narrowed.
  // Without an age band (or area) column every respondent is "Not known" in that table. Shares are computed from
  // the published counts and column totals by loaders/community/survey.ts, not carried as a rate here: a share's
  // denominator repeats its column's total, which is not a table of sums the disclosure audit can solve.
  outputs: [
    {name: "responses", title: "Responses by question", rows: "response", cols: "period", splitBy: "question", rowTotals: true, colTotals: true},
    {name: "by-age", title: "Responses by question and age band", rows: "response", cols: "age_band", splitBy: "question", rowTotals: true, colTotals: true},
    {name: "by-area", title: "Responses by question and area", rows: "response", cols: "area", splitBy: "question", rowTotals: true, colTotals: true}
  ]
};

// ---------------------------------------------------------------- Success measures (statutory guidance ¶123)
/**
 * An age band for a success measure: any band parseAgeBand accepts, except one that spans the 25th birthday (20-29),
 * since the measures are reported for the under-25s. 5-year bands (15-19, 20-24, 25-29) and 0-17, 18-24, 25+ fit.
 */
function under25AgeBand(cell: RawCell): Parsed<string> {
  const band = parseAgeBand(cell);
  if (typeof band !== "string") return band;
  const m = band.match(/^(\d+)-(\d+)$/);
  if (m && Number(m[1]) < 25 && Number(m[2]) >= 25) return new Problem("is an age band that spans age 25, so the under-25s cannot be counted; supply bands that split at 25 (e.g. 0-17, 18-24, 25+ or 5-year bands such as 20-24, 25-29)");
  if (/^(\d+)\+$/.test(band) && Number(band.slice(0, -1)) < 25 && Number(band.slice(0, -1)) > 0) return new Problem("is an open age band starting below 25, so the under-25s cannot be counted; supply bands that split at 25 (e.g. 0-17, 18-24, 25+)");
  return band;
}
const periodValue = z.string().regex(/^(\d{4}|\d{4}-\d{2}|\d{4}\/\d{2}( Q[1-4])?|\d{4} Q[1-4])$/);

// Hospital admissions for assault by a sharp object (ICD-10 X99), from the ICB or hospital analyst (SUS or HES).
export const sharpObjectAdmissionsSchema = z.object({
  period: periodValue,
  age_band: ageBand,
  sex: z.enum(sexValues).nullable(),
  area: area.nullable(),
  count
});
const sharpObject: DatasetSpec<typeof sharpObjectAdmissionsSchema> = {
  type: "sharp-object-admissions",
  title: "Hospital admissions for assault by a sharp object (ICD-10 X99)",
  description: "Counts of hospital admissions (finished admission episodes) with an external cause of assault by a sharp object (ICD-10 X99), from the ICB or hospital analyst's SUS or HES extract, for the partnership's residents: by month or financial year and age band (split at 25 for the under-25s), optionally by sex. A Home Office success measure (statutory guidance paragraph 123).",
  rowLevel: false,
  register: false,
  schema: sharpObjectAdmissionsSchema,
  count: "count",
  columns: {
    period: col("Period", "period", ["period", "month", "financial year", "year", "admission month", "month of admission", "admission year", "time period", "reporting period", "quarter"], "month (2025-01) or financial year (2024/25); also a year or quarter", true, parsePeriod),
    age_band: col("Age band", "age-band", ageAliases, "age band in years, split at 25 (e.g. 0-17, 18-24, 25+)", true, under25AgeBand),
    sex: col("Sex", "sex", sexAliases, "Male / Female / Other / Not known", false, parseSex, {values: sexValues}),
    area: col("Area", "area", ["area of residence", "residence area", "local authority", "local authority of residence", ...areaAliases], "local authority, ward or LSOA 2021 code, or postcode district (summed: the tables are for the whole partnership)", false, parseArea),
    count: col("Admissions", "count", ["admissions", "number of admissions", "episodes", "finished admission episodes", "fae", "spells", ...countAliases], "admissions (whole number)", true, parseCount)
  },
  // The period-by-age table carries the other two views as its margins: its row totals are the admissions by period
  // and its column totals those by age band. Publishing them again as separate tables, suppressed on their own, could
  // show a margin the two-way table had to suppress and undo its protection.
  outputs: [
    {name: "by-period-age", title: "Admissions by period and age band", rows: "period", cols: "age_band", rowTotals: true, colTotals: true},
    {name: "by-sex", title: "Admissions by sex", rows: "sex", rowTotals: false, colTotals: true}
  ]
};

// Police-recorded knife or sharp instrument offences (ONS selected offences), from the police partner.
const knifeOffence = category("Offence group", ["offence group", "offence", "offence type", "offence category", "crime type", "crime group", "selected offence", "home office offence group"], {
  Homicide: ["homicide", "murder", "manslaughter", "infanticide"],
  "Attempted murder": ["attempted murder", "attempt murder"],
  "Threats to kill": ["threats to kill", "threat to kill"],
  "Assault with injury": ["assault with injury", "abh", "actual bodily harm", "assault occasioning actual bodily harm", "wounding", "gbh without intent", "s20", "section 20", "s47", "section 47"],
  "Assault with intent to cause serious harm": ["assault with intent to cause serious harm", "assault with intent", "gbh with intent", "wounding with intent", "s18", "section 18", "awicsh"],
  Robbery: ["robbery", "personal robbery", "business robbery", "robbery of personal property", "robbery of business property"],
  Rape: ["rape"],
  "Sexual assault": ["sexual assault", "sexual assaults"],
  Other: ["other", "other offences", "other selected offences", "other knife or sharp instrument offences"]
}, true);
export const policeKnifeCrimeSchema = z.object({
  month: yyyymm,
  offence_group: knifeOffence.schema,
  victim_age_band: ageBand.nullable(),
  suspect_age_band: ageBand.nullable(),
  area: area.nullable(),
  count
});
const victimAge = ["victim age band", "victim age group", "victim age", "age band of victim", "age of victim", "victim age range"];
const suspectAge = ["suspect age band", "suspect age group", "suspect age", "age band of suspect", "age of suspect", "offender age band", "offender age", "perpetrator age band"];
const policeKnife: DatasetSpec<typeof policeKnifeCrimeSchema> = {
  type: "police-knife-crime",
  title: "Police-recorded knife or sharp instrument offences",
  description: "The police partner's counts of offences involving a knife or sharp instrument in the partnership, by month and ONS selected offence group, optionally by age band of the victim and of the suspect. A Home Office success measure (statutory guidance paragraph 123); ONS publishes it only for whole police force areas.",
  rowLevel: false,
  register: false,
  schema: policeKnifeCrimeSchema,
  count: "count",
  columns: {
    month: col("Month", "month", ["month", "offence month", "month recorded", "recorded month", "month of offence", "committed month", "period", "date"], "month (YYYY-MM)", true, parseMonth),
    offence_group: knifeOffence.spec,
    victim_age_band: col("Victim age band", "age-band", victimAge, "age band in years, split at 25 (e.g. 0-17, 18-24, 25-34)", false, under25AgeBand),
    suspect_age_band: col("Suspect age band", "age-band", suspectAge, "age band in years, split at 25 (e.g. 0-17, 18-24, 25-34)", false, under25AgeBand),
    area: col("Area", "area", ["community safety partnership", "csp", "district", ...areaAliases], "local authority, ward or LSOA 2021 code, or postcode district (summed: the tables are for the whole partnership)", false, parseArea),
    count: col("Offences", "count", ["offences", "number of offences", "crimes", "number of crimes", "recorded offences", ...countAliases], "offences (whole number)", true, parseCount)
  },
  outputs: [
    {name: "by-month", title: "Knife or sharp instrument offences by month", rows: "month", rowTotals: false, colTotals: true},
    {name: "by-offence-group", title: "Knife or sharp instrument offences by offence group", rows: "offence_group", rowTotals: false, colTotals: true},
    {name: "by-victim-age", title: "Knife or sharp instrument offences by age band of the victim", rows: "victim_age_band", rowTotals: false, colTotals: true},
    {name: "by-suspect-age", title: "Knife or sharp instrument offences by age band of the suspect", rows: "suspect_age_band", rowTotals: false, colTotals: true}
  ]
};

// Each spec is checked against its own row schema above; the registry erases that parameter (the column map of a
// specific schema is not assignable to the generic one), which is why the casts are needed.
export const DATASETS: {[K in DatasetType]: DatasetSpec} = {
  "ae-assault": ae as unknown as DatasetSpec,
  "ambulance-assault": ambulance as unknown as DatasetSpec,
  "youth-justice": youthJustice as unknown as DatasetSpec,
  "school-exclusions": schools as unknown as DatasetSpec,
  "police-victims-suspects": police as unknown as DatasetSpec,
  "service-register": services as unknown as DatasetSpec,
  "community-survey": survey as unknown as DatasetSpec,
  "sharp-object-admissions": sharpObject as unknown as DatasetSpec,
  "police-knife-crime": policeKnife as unknown as DatasetSpec
};

/** The canonical text of a dimension value (areas by their code). */
export function dimensionText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "object" && "code" in (value as AreaValue)) return (value as AreaValue).code;
  return String(value);
}
