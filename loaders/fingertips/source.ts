/**
 * What the workbench needs from an indicator service. The classic Fingertips API implements it today
 * (client.ts); FingertipsNext, whose API is different (fingertipsAPI.yaml), can implement it tomorrow without
 * touching the refresh, the indicator set or the snapshot.
 */
import type {Area, AreaType, IndicatorMetadata, IndicatorValue, ParentToChild} from "./schemas.ts";

export interface IndicatorDataRequest {
  indicatorId: number;
  /** Area type of the areas wanted, e.g. 502 counties and UAs, 501 districts and UAs (from April 2023). */
  childAreaTypeId: number;
  /** Area type of their parents, e.g. 6 region or 15 England. */
  parentAreaTypeId: number;
}

export interface IndicatorData {
  request: IndicatorDataRequest;
  /** Where the values came from (for provenance and error messages). */
  url: string;
  /** Headline values. */
  values: IndicatorValue[];
  /** Breakdown values (Category Type set), kept apart. */
  breakdowns: IndicatorValue[];
  duplicatesRemoved: number;
}

export interface IndicatorSource {
  /** Short id used in cache paths and provenance, e.g. "fingertips-classic". */
  readonly id: string;
  /** Every value of one indicator for all areas of a type, with their parents. */
  indicatorData(request: IndicatorDataRequest): Promise<IndicatorData>;
  /** Metadata (name, unit, polarity…) of the given indicators; ids the service does not know are absent. */
  indicatorMetadata(indicatorIds: number[]): Promise<IndicatorMetadata[]>;
  areaTypes(): Promise<AreaType[]>;
  areasByType(areaTypeId: number): Promise<Area[]>;
  parentToChildAreas(childAreaTypeId: number, parentAreaTypeId: number): Promise<ParentToChild>;
  /** Ids of indicators whose name or metadata match the text, across all profiles. */
  searchIndicators(text: string): Promise<number[]>;
  /** The area's CIPFA nearest neighbours (similar areas), in the service's order. */
  nearestNeighbours(areaCode: string, areaTypeId: number): Promise<Area[]>;
}
