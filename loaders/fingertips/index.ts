/** The Fingertips loader's public API: client, parser, cache, indicator set, snapshot and refresh. */
export {ClassicFingertipsClient, DEFAULT_BASE_URL, type ClassicClientOptions} from "./client.ts";
export type {IndicatorData, IndicatorDataRequest, IndicatorSource} from "./source.ts";
export {parseFingertipsCsv, readCsvRecords, timeParse, NO_VALUE_NOTE, type ParsedExport} from "./csv.ts";
export {loadIndicators, type IndicatorLoadResult} from "./cache.ts";
export {FingertipsError, type FingertipsErrorKind} from "./errors.ts";
export * from "./indicator-set.ts";
export * from "./schemas.ts";
export {loadIndicatorValues, readValuesFile, writeValuesFile, GAP_MESSAGE, type IndicatorCoverage, type IndicatorGap, type LoadedIndicatorValues} from "./snapshot.ts";
export {refreshFingertips, requestsFor, type RefreshReport} from "./refresh.ts";
export {buildAreaCodeMap, mapAreaCode} from "./area-codes.ts";
