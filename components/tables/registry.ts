/**
 * The registry of prepared tables: every file the prepare step writes for the site, with its name, the code that
 * builds it, a one-line description and (for tables) its columns and their types. Everything else is derived from it:
 * - the prepare step writes each table's columns in this order and checks every row against a zod schema made from
 *   these columns (loaders/prepare/table-schema.ts), so a builder that drifts fails the build, naming the column;
 * - each file has one Framework data loader, src/data/<file>.js, that prints it (a test keeps the two in step);
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

/** The columns that name an LSOA 2021 and its district, first in every per-LSOA table of the area. */
const lsoaColumns = {
  lsoa21_code: text("LSOA 2021 code"),
  lsoa21_name: text("LSOA 2021 name"),
  lad_code: text("local authority district code"),
  lad_name: text("local authority district name")
};

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
  area_lsoa: {
    name: "area_lsoa",
    file: "area-lsoa.csv",
    format: "csv",
    builder: "loaders/prepare/violence-tables.ts areaLsoaRows",
    description: "the 2021 LSOAs of {area} with ward, district, Census 2021 residents and IMD 2025 decile (what the live chapters' SQL joins to lsoa_month_type)",
    explore: true,
    columns: {
      lsoa21_code: text("LSOA 2021 code"),
      lsoa21_name: text("LSOA 2021 name"),
      ward_code: text("electoral ward (2024) code: the live Service mapping matches services to neighbourhoods by it", true),
      ward_name: text("electoral ward (2024) the LSOA lies in", true),
      lad_code: text("local authority district code"),
      lad_name: text("local authority district name"),
      population: integer("Census 2021 usual residents"),
      imd_decile: integer("IMD 2025 decile (1 = most deprived 10% of England)", true)
    }
  },
  imd_deciles: {
    name: "imd_deciles",
    file: "imd-deciles.csv",
    format: "csv",
    builder: "components/sql/violence.ts violenceByImdDecile",
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
    builder: "components/sql/violence.ts concentration",
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
  england_district_month_type: {
    name: "england_district_month_type",
    file: "england-district-month-type.csv",
    format: "csv",
    builder: "loaders/prepare/violence-tables.ts englandTables",
    description: "police.uk records of the England set (39 forces, 2025) by district, month and crime type; non-zero cells (the Benchmarking funnel's SQL reads it)",
    explore: "later",
    columns: {
      lad_code: text("local authority district code (where the record's LSOA lies)"),
      month: text("month (YYYY-MM)"),
      crime_type: text("police.uk crime type"),
      count: integer("records")
    }
  },
  england_force_months: {
    name: "england_force_months",
    file: "england-force-months.csv",
    format: "csv",
    builder: "loaders/prepare/violence-tables.ts englandTables",
    description: "the months of the England set each police force published (a district's rate needs every month chosen)",
    explore: true,
    columns: {
      force_id: text("police.uk force id"),
      month: text("month (YYYY-MM)")
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
      force_name: text("police force"),
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
      ...lsoaColumns,
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
  place_lsoa: {
    name: "place_lsoa",
    file: "place-lsoa.csv",
    format: "csv",
    builder: "loaders/ons/place.ts placeLsoaSql",
    description: "each LSOA of {area} as Place and population sums it for a district: Census 2021 age and ethnic groups, IMD 2025 deciles, rural-urban class",
    explore: true,
    columns: {
      ...lsoaColumns,
      population: integer("Census 2021 usual residents", true),
      aged_0_15: integer("residents aged 0 to 15", true),
      aged_16_24: integer("residents aged 16 to 24", true),
      aged_25_34: integer("residents aged 25 to 34", true),
      aged_35_49: integer("residents aged 35 to 49", true),
      aged_50_64: integer("residents aged 50 to 64", true),
      aged_65_plus: integer("residents aged 65 and over", true),
      ethnic_total: integer("usual residents in Census 2021 TS021 (ethnic group)", true),
      asian: integer("residents Asian, Asian British or Asian Welsh", true),
      black: integer("residents Black, Black British, Black Welsh, Caribbean or African", true),
      mixed: integer("residents of Mixed or Multiple ethnic groups", true),
      white: integer("residents White", true),
      other: integer("residents of Other ethnic group", true),
      ruc_code: text("rural-urban classification code (2011, carried to LSOA 2021)", true),
      ...Object.fromEntries(
        ["imd", "income", "employment", "education", "health", "crime", "housing", "environment"].map((d) => [`${d}_decile`, integer(`IMD 2025 ${d === "imd" ? "overall" : d} decile (1 = most deprived)`, true)])
      )
    }
  },
  place_mye: {
    name: "place_mye",
    file: "place-mye.csv",
    format: "csv",
    builder: "loaders/ons/place.ts placeMyeSql",
    description: "ONS mid-2020 population estimates of each district of {area} by sex and single year of age (90 = 90 and over)",
    explore: true,
    columns: {
      lad_code: text("local authority district code (2024; earlier districts summed into their successor)"),
      sex: text("male or female"),
      age: integer("age in years (90 = 90 and over)"),
      population: integer("residents")
    }
  },
  indicators: {
    name: "indicators",
    file: "indicators.json",
    format: "json",
    builder: "loaders/prepare/risk-tables.ts riskTables",
    description: "the risk and protective factor indicators: metadata, the areas compared and the CIPFA neighbours"
  },
  district_indicators: {
    name: "district_indicators",
    file: "district-indicators.json",
    format: "json",
    builder: "loaders/prepare/district-indicators.ts riskFactorsByDistrict",
    description: "the risk and protective factor indicators and findings of each district of a county, as a build of that district alone writes them"
  },
  district_indicator_values: {
    name: "district_indicator_values",
    file: "district-indicator-values.csv",
    format: "csv",
    builder: "loaders/prepare/district-indicators.ts districtIndicatorRows",
    description: "each district of {area} (a county's; none for one district): every risk and protective factor indicator's latest value, or why it has none, as the Risk factors chapter shows the district",
    explore: true,
    columns: {
      lad_code: text("local authority district code"),
      lad_name: text("local authority district name"),
      indicator_id: text("indicator id: a Fingertips id (\"10101\") or a DfE series (\"dfe-neet-nk\"); compare as text"),
      indicator_name: text("indicator name"),
      period: text("the latest period with a value", true),
      value: number("the district's value", true),
      lower: number("lower 95% confidence limit", true),
      upper: number("upper 95% confidence limit", true),
      england: number("England's value in the same period", true),
      region: number("the region's value in the same period", true),
      significance: text("compared with England: Better, Similar, Worse, Higher, Lower or Not compared"),
      gap: text("why the district has no value (empty when it has one)", true)
    }
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
      example: boolean("true for generated example data, not a real extract"),
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
      example: boolean("true for generated example data, not a real extract"),
      service_name: text("service"),
      provider: text("provider"),
      service_type: text("type of service"),
      area: text("area served (LSOA, ward or district)"),
      age_group: text("age group served", true),
      prevention_level: text("levels of prevention (contextual, primary, secondary, tertiary), separated by \"; \"", true),
      who_level: text("WHO ecological levels (individual, relationship, community, societal), separated by \"; \"", true)
    }
  },
  partners_report: {
    name: "partners_report",
    file: "partners/partners-report.json",
    format: "json",
    builder: "loaders/partners/load.ts loadPartnerData",
    description: "one report per partner file: accepted or refused (and why), rows used, suppression applied"
  },
  // Service mapping (guidance 5.6): the service register against where serious violence happens.
  services: {
    name: "services",
    file: "services.csv",
    format: "csv",
    builder: "loaders/prepare/service-tables.ts placeServices",
    description: "the service register of {area} with the LSOA or ward each service is based in and where the map places it; no rows when there is no register",
    explore: "later",
    columns: {
      service_name: text("service"),
      provider: text("provider"),
      service_type: text("type of service", true),
      area: text("the area as the register gives it (LSOA, ward or district code, postcode district, or Whole area)"),
      area_kind: text("LSOA, ward, area-wide, district, postcode district, postcode sector, outside the area or not known"),
      lsoa21_code: text("the LSOA the service is based in", true),
      lsoa21_name: text("the LSOA's name", true),
      ward_code: text("the 2024 ward the service is based in (its LSOA's, or the ward the register gives)", true),
      ward_name: text("the ward's name", true),
      latitude: number("where the map places it: the LSOA's population-weighted centroid, or the mean of its ward's LSOA centroids", true),
      longitude: number("longitude of the same point", true),
      age_group: text("age group served, as the register gives it", true),
      age_groups: text("the analysis age groups it reaches (0-9, 10-17, 18-24, 25+), separated by \"; \"", true),
      prevention_level: text("levels of prevention, separated by \"; \"", true),
      who_level: text("WHO ecological levels, separated by \"; \"", true),
      example: boolean("true for a generated example register, not a real one"),
      source: text("the partner file")
    }
  },
  service_coverage: {
    name: "service_coverage",
    file: "service-coverage.csv",
    format: "csv",
    builder: "loaders/prepare/service-tables.ts coverageMatrix",
    description: "services of {area} per level of prevention, WHO level and age group (0 = no service); a service counts in each cell it reaches",
    explore: "later",
    columns: {
      prevention_level: text("level of prevention (contextual, primary, secondary, tertiary, or not given)"),
      who_level: text("WHO ecological level (individual, relationship, community, societal, or not given)"),
      age_group: text("age group (0-9, 10-17, 18-24, 25+, or not given)"),
      services: integer("services in the cell (0 = no service)"),
      area_wide: integer("of which area-wide (Citywide, Countywide) services"),
      service_names: text("the services, separated by \"; \"", true)
    }
  },
  service_gap_hotspots: {
    name: "service_gap_hotspots",
    file: "service-gap-hotspots.csv",
    format: "csv",
    builder: "components/services/gaps.ts hotspotGaps",
    description: "the 10 LSOAs of {area} with most serious violence and the services based in them, in their ward, district-wide and area-wide; a gap is one with no service based in its ward",
    explore: "later",
    columns: {
      rank: integer("rank by serious violence count (lsoa_violence)"),
      lsoa21_code: text("LSOA 2021 code"),
      lsoa21_name: text("LSOA 2021 name"),
      ward_code: text("2024 ward code", true),
      ward_name: text("2024 ward name", true),
      count: integer("serious violence records over the window"),
      rate: number("serious violence per 1,000 residents"),
      services_in_lsoa: integer("services based in the LSOA"),
      services_in_ward: integer("services based in the LSOA's ward (its LSOAs or the ward itself); empty when the LSOA has no ward", true),
      district_wide: integer("services for the LSOA's whole district"),
      area_wide: integer("area-wide services (Citywide, Countywide): they reach every LSOA but are based in none"),
      gap: boolean("no service based in the ward (or, with no ward, in the LSOA)"),
      basis: text("what the gap is judged on: ward, or the LSOA when the lookup gives it no ward")
    }
  },
  service_gap_levels: {
    name: "service_gap_levels",
    file: "service-gap-levels.csv",
    format: "csv",
    builder: "loaders/prepare/service-tables.ts levelGaps",
    description: "each age group, level of prevention and WHO level with the services of {area} that reach it; a gap is one with none",
    explore: "later",
    columns: {
      dimension: text("age group, prevention level or WHO level"),
      level: text("the age group or level"),
      services: integer("services that reach it"),
      area_wide: integer("of which area-wide services"),
      not_given: integer("services whose register row leaves this dimension empty (counted in none of its levels)"),
      gap: boolean("no service reaches it")
    }
  },
  official: {
    name: "official",
    file: "official.json",
    format: "json",
    builder: "loaders/prepare/official-tables.ts officialTables",
    description: "what the official statistics cover for {area}: Table C2's period, the CSPs, the forces and their regions"
  },
  publication: {
    name: "publication",
    file: "publication.json",
    format: "json",
    builder: "loaders/pack/publication.ts publication",
    description: "how the printed pages, the board pack and the accessibility statement name this SNA: partnership, lead organisation, period, edition, snapshot id, accessibility contact"
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
    explore: "later",
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
      example: boolean("true for an example entry, its rating not verified (the page labels it)"),
      entry_source: text("the document and section the entry comes from")
    }
  },
  recommendations: {
    name: "recommendations",
    file: "recommendations.csv",
    format: "csv",
    builder: "loaders/recommendations/prepare.ts recommendationTables",
    description: "the recommendations register of {area} (data/registers/recommendations.csv): what to do, the findings and evidence entries it answers, owner, timescale, the measures it is monitored by, priority and status; no rows when there is no register",
    explore: "later",
    columns: {
      id: text("the recommendation's id"),
      recommendation: text("what the partnership should do"),
      findings: text("ids of the findings it answers (headline-change, concentration, risk:<indicator id>…), separated by \"; \"", true),
      evidence: text("ids of the evidence register entries it draws on, separated by \"; \"", true),
      owner: text("the organisation or role that owns it"),
      timescale: text("when it should be done by"),
      measures: text("the success measures it is monitored by (Home Office measure ids or local measure names), separated by \"; \"", true),
      priority: text("high, medium or low"),
      status: text("proposed, agreed, in progress, complete or stopped"),
      example: boolean("true for an example recommendation, not the partnership's")
    }
  },
  recommendation_monitoring: {
    name: "recommendation_monitoring",
    file: "recommendation-monitoring.csv",
    format: "csv",
    builder: "loaders/recommendations/prepare.ts recommendationTables",
    description: "each success measure a recommendation of {area} is monitored by: latest value and period, change from its baseline with exact 95% CI, and direction of travel, as the Success measures chapter computes them",
    explore: "later",
    columns: {
      measure_id: text("the measure's id (homicide, knife-offences, sharp-object-admissions) or the local measure's name"),
      measure: text("the measure"),
      kind: text("Home Office success measure or local measure"),
      level: text("the level the figures exist at (police force area, partnership)"),
      latest_value: integer("the latest period's count", true),
      latest_period: text("the latest period", true),
      baseline_value: integer("the baseline period's count", true),
      baseline_period: text("the baseline period", true),
      ratio: number("latest rate over baseline rate (counts when there is no population)", true),
      lower: number("lower 95% confidence limit of the ratio (exact)", true),
      upper: number("upper 95% confidence limit of the ratio (exact)", true),
      direction: text("improving, worsening, no significant change or not assessed"),
      trend: text("the change in words, or why it is not assessed"),
      source: text("where the figures come from"),
      example: boolean("true when built from generated example partner data"),
      recommendations: text("ids of the recommendations monitored by it, separated by \"; \"")
    }
  },
  recommendations_summary: {
    name: "recommendations_summary",
    file: "recommendations-summary.json",
    format: "json",
    builder: "loaders/recommendations/prepare.ts recommendationTables",
    description: "the recommendations at a glance, for the chapter and the board pack: counts by priority and status, the top open recommendations with their reasons and measures (data/registers/README.md)"
  },
  data_gaps: {
    name: "data_gaps",
    file: "data-gaps.csv",
    format: "csv",
    builder: "loaders/prepare/data-gaps.ts dataGapsRegister",
    description: "the data gaps register of {area}: every data source the guidance names, its status in this build, owner, sharing agreement and next step",
    explore: "later",
    columns: {
      source_id: text("the source's id (the key of the configuration's dataGaps)"),
      source: text("the data source"),
      what: text("what it holds"),
      guidance: text("which guidance names it and where"),
      kind: text("open (published) or partner (shared under agreement)"),
      status: text("in this build, partial, EXAMPLE only, missing; or, from the configuration, requested or held outside this build"),
      period: text("the period the build's data cover (for a source shown only from example files, the examples' period)", true),
      released: text("when the publisher released the newest snapshot file", true),
      received: text("when the newest real partner extract was received", true),
      age_years: number("years from the end of the period to the day the tables were prepared", true),
      owner: text("who owns the data (\"Usually: ...\" when nothing in the build names one)"),
      sharing_agreement: text("the sharing agreement, or why none is needed"),
      files: integer("snapshot files and partner extracts behind the row"),
      detail: text("what is partial, refused or EXAMPLE only", true),
      next_step: text("what to do next")
    }
  },
  community_survey: {
    name: "community_survey",
    file: "partner-community-survey-groups.csv",
    format: "csv",
    builder: "loaders/community/survey.ts communitySurveyRows",
    description: "community survey answers (guidance 5.4) by question, response and group (period, age band, area), suppressed, with each group's share; checked together across the groupings of a question",
    explore: true,
    columns: {
      source: text("the partner file"),
      dataset: text("partner dataset type (community-survey)"),
      example: boolean("true for generated example survey data, not a real survey"),
      owner: text("the organisation that supplied it"),
      period: text("the period the file covers"),
      table: text("grouping table: responses (by period), by-age or by-area"),
      split: text("the survey question"),
      group_dim: text("what the groups are: Period, Age band or Area"),
      row: text("the response (Total for the group's respondents)"),
      col: text("the group: a period, age band or area code (Total for every respondent)"),
      group: text("the group as shown: an area's name, or All respondents"),
      response_order: integer("the response's place on its scale, most favourable first (0-based)"),
      total: boolean("a total row or column"),
      count: integer("respondents giving the response (empty when suppressed)", true),
      suppressed: boolean("withheld by disclosure control"),
      respondents: integer("the group's respondents to the question (empty when the count or the group's total is suppressed)", true),
      share: number("share of the group's respondents giving the response, 0-1 (empty when suppressed)", true)
    }
  },
  consultation_log: {
    name: "consultation_log",
    file: "consultation-log.csv",
    format: "csv",
    builder: "loaders/community/consultation-log.ts readConsultationLog",
    description: "the consultation log (data/registers/consultation-log.csv, guidance 5.4): who was heard, how, when, how many took part, which partner ran it; no rows when there is no log",
    explore: true,
    columns: {
      area: text("the partnership's area code the row belongs to"),
      id: text("the activity's id"),
      activity: text("what the activity was"),
      group_heard: text("the group heard (a group, never a person)"),
      method: text("survey, focus group, workshop, interviews, online or other"),
      start: text("first month or day (YYYY-MM or YYYY-MM-DD)"),
      end: text("last month or day, for an activity over several days", true),
      participants: integer("people who took part", true),
      partner: text("the partner that ran it"),
      reach_notes: text("notes on reach: who was and was not heard", true),
      example: boolean("true for an example row (the page labels it)")
    }
  },
  what_changed: {
    name: "what_changed",
    file: "what-changed.json",
    format: "json",
    builder: "loaders/editions/what-changed.ts writeWhatChanged",
    description: "what changed since the previous edition (editions/): which edition this build follows, the headline on the same months as a rate ratio, measures, top 10 neighbourhoods, indicators, sources, configuration, partner data"
  },
  edition_changes: {
    name: "edition_changes",
    file: "edition-changes.csv",
    format: "csv",
    builder: "loaders/editions/what-changed.ts changeRows",
    description: "one row per item compared with the previous edition of {area}'s SNA: headline, measures, neighbourhoods entering or leaving the top 10, indicators that moved, sources, configuration, partner data, recommendations",
    explore: true,
    columns: {
      section: text("headline, measure, neighbourhood, indicator, source, configuration, partner data or recommendation"),
      item: text("what is compared"),
      status: text("what happened: new period, significant rise, entered the top 10, Similar → Worse, updated, ..."),
      previous: text("the previous edition's figure, rank, class or setting", true),
      current: text("this build's figure, rank, class or setting", true),
      previous_period: text("the previous edition's period (or release date, for a source)", true),
      current_period: text("this build's period (or release date, for a source)", true),
      ratio: number("rate ratio of this build to the previous edition, where counts compare", true),
      lower: number("lower 95% confidence limit of the ratio (exact)", true),
      upper: number("upper 95% confidence limit of the ratio (exact)", true),
      significant: boolean("the interval excludes 1", true)
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
