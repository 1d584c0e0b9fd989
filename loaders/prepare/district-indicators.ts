/**
 * Risk factors for each district of a multi-district area (a county's districts and boroughs): the indicator table
 * and the "worse than England" findings a build configured with that district alone would write into
 * indicators.json, made by the same functions (riskTables, neetIndicators, withNewerSeries, riskFactorFindings).
 *
 * The Risk factors chapter shows them when a reader chooses a district. They are prepared here, not recomputed in
 * the browser: an indicator's summary is not SQL but the Fingertips rules of components/benchmarking over the
 * snapshot's values for every area of a tier (the peers, England, the region), which the site does not ship.
 * Fingertips publishes some indicators for districts (children in low income families, self-harm and alcohol
 * admissions) and others for upper-tier authorities only (children in care, child protection, NEET): each district's
 * table says which, in its gaps.
 */
import type {NeetData} from "../dfe/neet.ts";
import {neetIndicators} from "../dfe/neet-indicators.ts";
import type {IndicatorSet} from "../fingertips/indicator-set.ts";
import {riskFactorFindings} from "../../components/findings/findings.ts";
import {riskTables, withNewerSeries, type AreaRef, type ListedIndicator, type RiskSnapshot} from "./risk-tables.ts";

export interface DistrictRiskFactors {
  code: string;
  name: string;
  indicators: ListedIndicator[];
  findings: ReturnType<typeof riskFactorFindings>;
}

/** One entry per district, in the configuration's order; none for a one-district area (the area is its district). */
export function riskFactorsByDistrict(snapshot: RiskSnapshot, neet: NeetData, set: IndicatorSet, districts: readonly AreaRef[], region: AreaRef | null, builtAt: Date): DistrictRiskFactors[] {
  if (districts.length < 2) return [];
  return districts.map((d) => {
    // No comparators: they add rows to indicator_values, never to a district's own summary.
    const risk = riskTables(snapshot, set, d, region, [], []);
    const dfe = neetIndicators(neet, {areaCode: d.code, regionCode: region?.code ?? null, peers: [], set});
    const listed = withNewerSeries(risk, dfe);
    return {code: d.code, name: d.name, indicators: listed.indicators, findings: riskFactorFindings(listed.indicators, builtAt)};
  });
}

/** One row per district and indicator, for Explore (district_indicator_values): the summary the page's tables show. */
export function districtIndicatorRows(districts: readonly DistrictRiskFactors[]) {
  return districts.flatMap((d) => d.indicators.map((i) => ({
    lad_code: d.code,
    lad_name: d.name,
    indicator_id: String(i.id),
    indicator_name: i.name,
    period: i.period,
    value: i.value,
    lower: i.lower,
    upper: i.upper,
    england: i.england,
    region: i.region,
    significance: i.significance,
    gap: i.gap
  })));
}
