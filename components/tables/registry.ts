/**
 * The registry of prepared tables: every file the prepare step writes for the site, with its name, the code that
 * builds it, a one-line description and (for tables) its columns and their types. Everything else is derived from it:
 * - the prepare step writes each table's columns in this order and checks every row against a zod schema made from
 *   these columns (loaders/prepare/table-schema.ts), so a builder that drifts fails the build, naming the column;
 * - each file has one Framework data loader, src/data/<file>.ts, that prints it (a test keeps the two in step);
 * - pages turn CSV cells into numbers, booleans and nulls from these types (parseTable in ./parse.ts), instead of
 *   repeating column lists;
 * - Explore's SQL console loads the tables marked `explore`, typed from here, and lists them with these descriptions.
 *
 * Plain data, no imports: pages load this module in the browser, where a schema library would be dead weight.
 */

/** A column's type. "integer" and "number" are JavaScript numbers; text stays text ("2025-01" months too). */
export type ColumnType = "text" | "integer" | "number" | "boolean";

export interface ColumnDef {
  readonly type: ColumnType;
  /** May be empty (null): no data, not applicable, or suppressed. Never read as 0. */
  readonly nullable?: boolean;
  readonly description: string;
}

export interface TableDef {
  /** The table's name in SQL (Explore) and in code. */
  readonly name: string;
  /** The file in the prepared folder, and (with its extension) under src/data/. */
  readonly file: string;
  readonly format: "csv" | "arrow" | "json";
  /** The module and function that compute it. */
  readonly builder: string;
  /** One line; {area} and {forces} are replaced by the partnership's area and force names (describeTable). */
  readonly description: string;
  /** Columns, in file order (tables only; JSON documents have their own shape). */
  readonly columns?: Readonly<Record<string, ColumnDef>>;
  /** Loaded into Explore's SQL console; "later" loads after the first query (large tables). */
  readonly explore?: true | "later";
}

// Generic so that Row<> below knows, per column, whether it may be null.
const column =
  <T extends ColumnType>(type: T) =>
  <N extends boolean = false>(description: string, nullable?: N) =>
    ({type, description, nullable: (nullable ?? false) as N}) as const;
const text = column("text");
const integer = column("integer");
const number = column("number");
const boolean = column("boolean");

const rateColumns = {
  rate: number("serious violence per 1,000 residents"),
  lower: number("lower 95% confidence limit of the rate"),
  upper: number("upper 95% confidence limit of the rate"),
  ci_method: text("how the confidence interval was computed (Byar's approximation)")
};

export const TABLES = {
  partnership: {
    name: "partnership",
    file: "partnership.json",
    format: "json",
    builder: "loaders/prepare/prepare.ts prepare",
    description: "the partnership, its area, districts and forces, the analysis window, the headline figures, findings and sources"
  },
  area_monthly: {
    name: "area_monthly",
    file: "area-monthly.csv",
    format: "csv",
    builder: "loaders/prepare/violence-tables.ts areaMonthly",
    description: "police.uk records by month and crime type in {area} (months with data only)",
    explore: true,
    columns: {
      month: text("month of the record (YYYY-MM)"),
      crime_type: text("police.uk crime type"),
      count: integer("records")
    }
  },
  lsoa_violence: {
    name: "lsoa_violence",
    file: "lsoa-violence.csv",
    format: "csv",
    builder: "loaders/prepare/violence-tables.ts lsoaViolence",
    description: "serious violence per LSOA of {area} over the analysis window, with rate per 1,000 and 95% CI",
    explore: true,
    columns: {
      rank: integer("rank by count (1 = most records)"),
      lsoa21_code: text("LSOA 2021 code"),
      lsoa21_name: text("LSOA 2021 name"),
      ward_name: text("electoral ward (2024) the LSOA lies in", true),
      lad_code: text("local authority district code"),
      lad_name: text("local authority district name"),
      population: integer("Census 2021 usual residents"),
      imd_decile: integer("IMD 2025 decile (1 = most deprived 10% of England)", true),
      count: integer("serious violence records over the window"),
      ...rateColumns
    }
  },
  lsoa_month_type: {
    name: "lsoa_month_type",
    file: "lsoa-month-type.arrow",
    format: "arrow",
    builder: "loaders/prepare/violence-tables.ts areaLsoaMonthType",
    description: "police.uk records by LSOA, month and crime type in {area}",
    explore: "later",
    columns: {
      lsoa21_code: text("LSOA 2021 code"),
      month: text("month (YYYY-MM)"),
      crime_type: text("police.uk crime type"),
      count: integer("records")
    }
  },
  imd_deciles: {
    name: "imd_deciles",
    file: "imd-deciles.csv",
    format: "csv",
    builder: "loaders/prepare/violence-tables.ts violenceByImdDecile",
    description: "serious violence in {area} by IMD 2025 decile of the LSOA, with rate per 1,000 and 95% CI",
    explore: true,
    columns: {
      imd_decile: integer("IMD 2025 decile (1 = most deprived)"),
      count: integer("serious violence records over the window"),
      population: integer("Census 2021 usual residents of the decile's LSOAs"),
      lsoas: integer("LSOAs in the decile"),
      ...rateColumns
    }
  },
  concentration: {
    name: "concentration",
    file: "concentration.csv",
    format: "csv",
    builder: "loaders/prepare/violence-tables.ts concentration",
    description: "concentration curve: cumulative share of serious violence against share of LSOAs, busiest first",
    explore: true,
    columns: {
      share_of_areas: number("cumulative share of the area's LSOAs (0 to 1)"),
      share_of_crimes: number("cumulative share of serious violence records (0 to 1)")
    }
  },
  force_districts: {
    name: "force_districts",
    file: "force-districts.csv",
    format: "csv",
    builder: "loaders/prepare/violence-tables.ts forceDistrictRates",
    description: "serious violence rate per district policed by {forces} over the analysis window",
    explore: true,
    columns: {
      lad_code: text("local authority district code"),
      lad_name: text("local authority district name"),
      population: integer("Census 2021 usual residents"),
      count: integer("serious violence records located in the district"),
      ...rateColumns,
      partnership: boolean("the district belongs to the partnership")
    }
  },
  england_districts: {
    name: "england_districts",
    file: "england-districts.csv",
    format: "csv",
    builder: "loaders/prepare/violence-tables.ts englandDistrictRates",
    description: "serious violence rate per English district in 2025; empty rate with a reason where the force's year is incomplete",
    explore: true,
    columns: {
      lad_code: text("local authority district code"),
      lad_name: text("local authority district name"),
      region_name: text("region"),
      force_id: text("police.uk force id"),
      population: integer("Census 2021 usual residents"),
      count: integer("serious violence records located in the district"),
      months_read: integer("months of 2025 the force published"),
      rate: number("serious violence per 1,000 residents (empty when the months are incomplete)", true),
      lower: number("lower 95% confidence limit", true),
      upper: number("upper 95% confidence limit", true),
      ci_method: text("how the confidence interval was computed", true),
      complete: boolean("the force has all 12 months: the rate is comparable"),
      partnership: boolean("the district belongs to the partnership"),
      reason: text("why no rate is published", true)
    }
  },
  outcomes: {
    name: "outcomes",
    file: "outcomes.csv",
    format: "csv",
    builder: "loaders/prepare/violence-tables.ts outcomes",
    description: "last outcome category of serious violence records in {area} over the analysis window",
    explore: true,
    columns: {
      crime_type: text("police.uk crime type"),
      outcome: text("last outcome category recorded"),
      count: integer("records")
    }
  },
  ingest_files: {
    name: "ingest_files",
    file: "ingest-files.csv",
    format: "csv",
    builder: "loaders/policeuk/ingest-street.ts ingestStreetFiles",
    description: "one row per police.uk street file read: rows, rejected rows, ASB, no-location rows, LSOA vintage, codes changed",
    explore: true,
    columns: {
      file: text("the snapshot file"),
      force: text("police.uk force id"),
      month: text("month (YYYY-MM)"),
      rows: integer("rows in the file"),
      valid: integer("rows accepted"),
      rejected: integer("rows refused (see Methods)"),
      asb: integer("anti-social behaviour rows"),
      noLocation: integer("rows with no location"),
      coordinatesWithoutLsoa: integer("rows with coordinates but no LSOA"),
      lsoaVintage: text("LSOA vintage of the file's codes: 2011, 2021 or either (every code is valid in both)"),
      codesChanged: integer("LSOA 2011 codes mapped to 2021 codes"),
      codesUnmatched: integer("LSOA codes with no 2021 match"),
      crimeIdsInOtherFiles: integer("Crime IDs also found in another file")
    }
  },
  lsoa_boundaries: {
    name: "lsoa_boundaries",
    file: "lsoa-boundaries.json",
    format: "json",
    builder: "loaders/prepare/prepare.ts boundaries",
    description: "generalised LSOA 2021 boundaries of {area} (GeoJSON), each with its name, ward and district"
  },
  place: {
    name: "place",
    file: "place.json",
    format: "json",
    builder: "loaders/ons/place.ts",
    description: "population pyramid, age groups, ethnicity, IMD and rural-urban profiles, district risk factors and the most similar areas"
  },
  lsoa_risk_factors: {
    name: "lsoa_risk_factors",
    file: "lsoa-risk-factors.csv",
    format: "csv",
    builder: "loaders/ons/place.ts lsoaRiskFactors",
    description: "each LSOA of {area}: Census 2021 population, age and ethnicity, rural-urban class and IMD 2025 domains",
    explore: true,
    columns: {
      lsoa21_code: text("LSOA 2021 code"),
      lsoa21_name: text("LSOA 2021 name"),
      lad_code: text("local authority district code"),
      lad_name: text("local authority district name"),
      population: integer("Census 2021 usual residents"),
      aged_0_15: integer("residents aged 0 to 15"),
      aged_16_24: integer("residents aged 16 to 24"),
      share_0_15: number("share aged 0 to 15 (0 to 1)"),
      share_16_24: number("share aged 16 to 24 (0 to 1)"),
      share_asian: number("share Asian, Asian British or Asian Welsh (0 to 1)", true),
      share_black: number("share Black, Black British, Black Welsh, Caribbean or African (0 to 1)", true),
      share_mixed: number("share Mixed or Multiple ethnic groups (0 to 1)", true),
      share_white: number("share White (0 to 1)", true),
      share_other: number("share Other ethnic group (0 to 1)", true),
      share_non_white: number("share of ethnic groups other than White (0 to 1)", true),
      ruc_code: text("rural-urban classification code", true),
      ruc_name: text("rural-urban classification", true),
      urban: boolean("urban"),
      ruc_mixed: boolean("the LSOA's 2011 parts fall in different rural-urban classes"),
      ...Object.fromEntries(
        ["imd", "income", "employment", "education", "health", "crime", "housing", "environment"].flatMap((d) => [
          [`${d}_score`, number(`IMD 2025 ${d === "imd" ? "overall" : d} score`, true)],
          [`${d}_rank`, integer(`IMD 2025 ${d === "imd" ? "overall" : d} rank (1 = most deprived)`, true)],
          [`${d}_decile`, integer(`IMD 2025 ${d === "imd" ? "overall" : d} decile (1 = most deprived)`, true)]
        ])
      )
    }
  },
  indicators: {
    name: "indicators",
    file: "indicators.json",
    format: "json",
    builder: "loaders/prepare/risk-tables.ts riskTables",
    description: "the risk and protective factor indicators: metadata, the areas compared and the CIPFA neighbours"
  },
  indicator_values: {
    name: "indicator_values",
    file: "indicator-values.csv",
    format: "csv",
    builder: "loaders/prepare/risk-tables.ts riskTables",
    description: "values of the risk and protective factor indicators: Fingertips for {area}, England, the region and the comparators; DfE (NEET, absence) for every upper-tier authority, the regions and England",
    explore: true,
    columns: {
      indicator_id: text("indicator id: a Fingertips id (\"93203\") or a DfE series (\"dfe-neet-nk\"); compare as text"),
      area_code: text("area code"),
      area_name: text("area name"),
      period: text("the period as Fingertips labels it"),
      year: integer("first calendar year of the period"),
      value: number("the indicator value", true),
      lower: number("lower 95% confidence limit", true),
      upper: number("upper 95% confidence limit", true),
      compared_to_england: text("Better, Similar, Worse, Higher, Lower or Not compared", true),
      value_note: text("Fingertips' note on the value", true)
    }
  },
  partner_records: {
    name: "partner_records",
    file: "partners/partner-records.csv",
    format: "csv",
    builder: "loaders/partners/load.ts loadPartnerData",
    description: "partner data, aggregated and suppressed: one row per published cell (suppressed cells have no count)",
    explore: true,
    columns: {
      source: text("the partner file"),
      dataset: text("partner dataset type"),
      example: boolean("EXAMPLE data, not a real extract"),
      owner: text("the organisation that supplied it"),
      period: text("the period the file covers"),
      table: text("published table id"),
      title: text("published table title"),
      split_dim: text("dimension splitting the table (e.g. question)", true),
      split: text("value of the splitting dimension", true),
      row_dim: text("row dimension"),
      row: text("row value"),
      col_dim: text("column dimension", true),
      col: text("column value", true),
      total: boolean("a total row or column"),
      count: integer("count (empty when suppressed)", true),
      suppressed: boolean("withheld by disclosure control"),
      denominator: integer("denominator of the rate", true),
      rate: number("rate (empty when suppressed)", true),
      rate_unit: text("unit of the rate", true)
    }
  },
  partners_services: {
    name: "partners_services",
    file: "partners/partners-services.csv",
    format: "csv",
    builder: "loaders/partners/load.ts loadPartnerData",
    description: "the service register: services, providers, types, areas and age groups",
    explore: true,
    columns: {
      source: text("the partner file"),
      example: boolean("EXAMPLE data, not a real extract"),
      service_name: text("service"),
      provider: text("provider"),
      service_type: text("type of service"),
      area: text("area served (LSOA, ward or district)"),
      age_group: text("age group served", true)
    }
  },
  partners_report: {
    name: "partners_report",
    file: "partners/partners-report.json",
    format: "json",
    builder: "loaders/partners/load.ts loadPartnerData",
    description: "one report per partner file: accepted or refused (and why), rows used, suppression applied"
  },
  official: {
    name: "official",
    file: "official.json",
    format: "json",
    builder: "loaders/prepare/official-tables.ts officialTables",
    description: "what the official statistics cover for {area}: Table C2's period, the CSPs, the forces and their regions"
  },
  csp_crime: {
    name: "csp_crime",
    file: "csp-crime.csv",
    format: "csv",
    builder: "loaders/prepare/official-tables.ts officialTables",
    description: "police recorded crime (ONS Table C2, year ending June 2025) for {area}, its Community Safety Partnerships, its most similar areas, its force and every English CSP, with rates per 1,000 (Census 2021 residents) and 95% CI",
    explore: true,
    columns: {
      area_code: text("CSP, local authority or force code"),
      area_name: text("area name"),
      level: text("partnership, partnership CSP, similar area, force or England CSP"),
      pfa_code: text("police force area code", true),
      pfa_name: text("police force area", true),
      offence: text("offence key (snake case of ONS's heading)"),
      offence_label: text("offence as ONS heads it"),
      count: integer("police recorded crimes, July 2024 to June 2025 (empty: not available)", true),
      population: integer("Census 2021 usual residents (empty where the CSP does not follow whole 2024 districts)", true),
      rate: number("crimes per 1,000 residents", true),
      lower: number("lower 95% confidence limit of the rate", true),
      upper: number("upper 95% confidence limit of the rate", true),
      ci_method: text("Exact (Poisson, under 10 events) or Byar", true),
      population_note: text("why there is no population, or what the area covers", true),
      partnership: boolean("the row is the partnership or one of its CSPs")
    }
  },
  homicide_rates: {
    name: "homicide_rates",
    file: "homicide-rates.csv",
    format: "csv",
    builder: "loaders/prepare/official-tables.ts officialTables",
    description: "homicide offences per million residents, 3-year rolling, by police force area, region and nation (ONS, Home Office Homicide Index)",
    explore: true,
    columns: {
      area_code: text("force, region or nation code"),
      area_name: text("area name"),
      geography: text("Police Force Area, Region, Country or Nation"),
      role: text("partnership force, region, England, England and Wales, or other"),
      period_start: text("first month of the 3 years (YYYY-MM)"),
      period_end: text("last month of the 3 years (YYYY-MM)"),
      label: text("the period in words"),
      rate_per_million: number("homicides per 1,000,000 residents a year (empty: unavailable)", true),
      status: text("ONS status flag (u = low reliability)", true)
    }
  },
  homicide_counts: {
    name: "homicide_counts",
    file: "homicide-counts.csv",
    format: "csv",
    builder: "loaders/prepare/official-tables.ts officialTables",
    description: "homicides recorded by the police (ONS Table P1) for the partnership's force, its region, England and Wales, years ending March 2018 to December 2019, with exact Poisson intervals",
    explore: true,
    columns: {
      area_code: text("force, region or nation code (empty for ONS's totals excluding Greater Manchester)", true),
      area_name: text("area name as ONS prints it"),
      force_id: text("police.uk force id", true),
      role: text("partnership force, region, England, England and Wales, or the total's name"),
      year_ending: text("last month of the 12 months (YYYY-MM)"),
      label: text("YE Mon YYYY"),
      count: integer("homicides", true),
      lower: number("lower 95% confidence limit of the count", true),
      upper: number("upper 95% confidence limit of the count", true),
      ci_method: text("Exact (Poisson, under 10 events) or Byar", true),
      population: integer("ONS mid-year estimate in the same edition (Table P3)", true),
      population_basis: text("which mid-year estimate", true),
      rate_per_million: number("homicides per 1,000,000 residents", true),
      rate_lower: number("lower 95% confidence limit of the rate", true),
      rate_upper: number("upper 95% confidence limit of the rate", true),
      note: text("ONS footnotes on the area", true)
    }
  },
  knife_series: {
    name: "knife_series",
    file: "knife-series.csv",
    format: "csv",
    builder: "loaders/prepare/official-tables.ts officialTables",
    description: "knife or sharp instrument offences (ONS Table P5), years ending March 2011 to December 2019, for the partnership's force, its region and England and Wales; breaks in series flagged",
    explore: true,
    columns: {
      area_code: text("force, region or nation code (empty for ONS's totals excluding Greater Manchester)", true),
      area_name: text("area name as ONS prints it"),
      area_type: text("force, region or nation"),
      force_id: text("police.uk force id", true),
      role: text("partnership force, region, England, England and Wales, or the total's name"),
      year_ending: text("last month of the 12 months (YYYY-MM)"),
      label: text("YE Mon YYYY"),
      period_kind: text("financial (April to March) or rolling"),
      count: integer("selected offences involving a knife or sharp instrument", true),
      pct_involving_knife: number("share of the selected offences that involved a knife (%)", true),
      population: integer("ONS mid-year estimate, where an edition of the tables ends in this period", true),
      population_basis: text("which mid-year estimate", true),
      rate_per_100k: number("offences per 100,000 residents", true),
      lower: number("lower 95% confidence limit of the rate", true),
      upper: number("upper 95% confidence limit of the rate", true),
      break_before: boolean("a recording change makes this period not comparable with the one before"),
      break_note: text("ONS's footnote on the change", true),
      note: text("ONS footnotes on the area", true)
    }
  },
  knife_by_offence: {
    name: "knife_by_offence",
    file: "knife-by-offence.csv",
    format: "csv",
    builder: "loaders/prepare/official-tables.ts officialTables",
    description: "knife or sharp instrument offences by selected offence (ONS Table P4), eight editions YE March 2018 to YE December 2019, for the partnership's force, its region and England and Wales",
    explore: true,
    columns: {
      edition: text("the edition's year ending (YYYY-MM)"),
      edition_label: text("YE Mon YYYY"),
      area_code: text("force, region or nation code", true),
      area_name: text("area name as ONS prints it"),
      force_id: text("police.uk force id", true),
      role: text("partnership force, region, England, England and Wales, or the total's name"),
      offence: text("selected offence key"),
      offence_label: text("selected offence as ONS heads it"),
      count: integer("offences involving a knife or sharp instrument", true),
      pct_involving_knife: number("share of the offence that involved a knife (%)", true),
      break_before: boolean("the first edition after the force revised its figures"),
      break_note: text("ONS's footnote on the revision", true)
    }
  },
  content: {
    name: "content",
    file: "content.json",
    format: "json",
    builder: "loaders/content/load.ts writeContent",
    description: "the analyst's own words per chapter and slot (content/<area code>/<chapter>.md), references filled, rendered to HTML"
  },
  crimes: {
    name: "crimes",
    file: "crimes.arrow",
    format: "arrow",
    builder: "loaders/prepare/prepare.ts prepare",
    description: "every police.uk street record of {forces} in the snapshot (no crime id, no coordinates); lsoa21_code is null for records with no location",
    explore: "later",
    columns: {
      month: text("month (YYYY-MM)"),
      crime_type: text("police.uk crime type"),
      lsoa21_code: text("LSOA 2021 code", true),
      lad_code: text("local authority district code", true),
      outcome: text("last outcome category", true)
    }
  },
  evidence: {
    name: "evidence",
    file: "evidence.csv",
    format: "csv",
    builder: "loaders/evidence/register.ts readEvidenceRegister",
    description: "the evidence register (data/registers/evidence.csv): approaches, the risk factors they address, WHO and prevention levels, evidence ratings and their source, local provision; no rows when there is no register",
    columns: {
      id: text("the entry's id"),
      approach: text("the approach"),
      description: text("what it is"),
      addresses: text("risk factor indicator ids or problems it addresses, separated by \"; \"", true),
      who_level: text("WHO ecological levels, separated by \"; \""),
      prevention_level: text("prevention levels (contextual, primary, secondary, tertiary), separated by \"; \""),
      rating_source: text("where the rating comes from (YEF Toolkit, College of Policing Crime Reduction Toolkit, NICE, …)"),
      impact: text("impact rating, or what it is to be checked against"),
      evidence_security: text("evidence security (strength) rating, or what it is to be checked against"),
      cost: text("cost rating, or what it is to be checked against"),
      rating_reference: text("the document and section the rating was read from", true),
      provided_locally: text("yes, no or unknown"),
      provider: text("who provides it locally", true),
      example: boolean("an EXAMPLE entry: not verified, shown labelled"),
      entry_source: text("the document and section the entry comes from")
    }
  },
  data_gaps: {
    name: "data_gaps",
    file: "data-gaps.csv",
    format: "csv",
    builder: "loaders/prepare/data-gaps.ts dataGapsRegister",
    description: "the data gaps register of {area}: every data source the guidance names, its status in this build, owner, sharing agreement and next step",
    columns: {
      source_id: text("the source's id (the key of the configuration's dataGaps)"),
      source: text("the data source"),
      what: text("what it holds"),
      guidance: text("which guidance names it and where"),
      kind: text("open (published) or partner (shared under agreement)"),
      status: text("in this build, partial, EXAMPLE only, missing; or, from the configuration, requested or held outside this build"),
      period: text("the period the build's data cover (EXAMPLE files: the examples' period)", true),
      released: text("when the publisher released the newest snapshot file", true),
      received: text("when the newest real partner extract was received", true),
      age_years: number("years from the end of the period to the day the tables were prepared", true),
      owner: text("who owns the data (\"Usually: ...\" when nothing in the build names one)"),
      sharing_agreement: text("the sharing agreement, or why none is needed"),
      files: integer("snapshot files and partner extracts behind the row"),
      detail: text("what is partial, refused or EXAMPLE only", true),
      next_step: text("what to do next")
    }
  }
} as const satisfies Record<string, TableDef>;

export type TableName = keyof typeof TABLES;

/** The registry as a list, in registry order. */
export const TABLE_LIST: readonly TableDef[] = Object.values(TABLES);

/** The table written to `file` (a prepared-folder path such as "partners/partner-records.csv"). */
export function tableForFile(file: string): TableDef | undefined {
  return TABLE_LIST.find((t) => t.file === file);
}

/** Where a page finds the table: src/data/ holds one loader per table, named after the file (FileAttachment path). */
export function pagePath(table: TableDef): string {
  return `data/${table.file.split("/").at(-1)}`;
}

/** The table's column names, in file order. */
export function columnNames(table: TableDef): string[] {
  return Object.keys(table.columns ?? {});
}

/** The description with the partnership's names filled in. */
export function describeTable(table: TableDef, names: {area: string; forces: string}): string {
  return table.description.replaceAll("{area}", names.area).replaceAll("{forces}", names.forces);
}

/** The JavaScript value type of a column type. */
type ValueOf<C extends ColumnDef> = (C["type"] extends "text" ? string : C["type"] extends "boolean" ? boolean : number) | (C["nullable"] extends true ? null : never);

/** A row of a table, derived from its columns (e.g. Row<typeof TABLES.lsoa_violence>). */
export type Row<T extends TableDef> = T["columns"] extends Readonly<Record<string, ColumnDef>> ? {-readonly [K in keyof T["columns"]]: ValueOf<T["columns"][K]>} : never;
