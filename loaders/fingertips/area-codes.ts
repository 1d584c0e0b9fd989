/**
 * Maps the area codes found in Fingertips data (which keep the codes in force when they were published) to
 * today's codes, using ONS lookups: la_all_codes.csv (`LADCD_ACTIVE`: every district since 2011 → its current
 * successor), utla_all_codes.csv and rgn_all_codes.csv (current upper tier and regions), the April 2020
 * district → county lookup (old counties), and uk-topojson_la_changes.csv (terminations). The map is built once
 * by scripts/import-fingertips-snapshot.ts into data/snapshot/fingertips/area_codes.csv, so the build needs no
 * file outside the repository.
 */
import {readFileSync} from "node:fs";
import {csvFormat, csvParse} from "d3-dsv";
import {ENGLAND} from "../../components/constants.js";
import {areaCodeMapRowSchema, type AreaCodeMapRow} from "./schemas.ts";

export interface OnsLookupPaths {
  laAllCodes: string;
  utlaAllCodes: string;
  rgnAllCodes: string;
  ladToCounty2020: string;
  laChanges: string;
}

function readCsv(path: string): Record<string, string>[] {
  return csvParse(readFileSync(path, "utf-8").replace(/^\uFEFF/, "")) as unknown as Record<string, string>[];
}

function need(row: Record<string, string>, col: string, path: string, i: number): string {
  const v = row[col];
  if (v === undefined) throw new Error(`${path}: column "${col}" is missing (row ${i + 2}); use the ONS lookup with that column.`);
  return v.trim();
}

/** Builds the map of every English area code the lookups know, old and current. */
export function buildAreaCodeMap(paths: OnsLookupPaths): AreaCodeMapRow[] {
  const rows = new Map<string, AreaCodeMapRow>();
  const put = (r: AreaCodeMapRow): void => {
    if (!rows.has(r.code)) rows.set(r.code, areaCodeMapRowSchema.parse(r));
  };
  put({code: ENGLAND.code, name: ENGLAND.name, currentCode: ENGLAND.code, currentName: ENGLAND.name, status: "current", note: null});
  readCsv(paths.rgnAllCodes).forEach((r, i) => {
    const code = need(r, "RGNCD", paths.rgnAllCodes, i);
    const name = need(r, "RGNNM", paths.rgnAllCodes, i);
    put({code, name, currentCode: code, currentName: name, status: "current", note: null});
  });

  // Districts and unitaries: LADCD_ACTIVE is today's successor.
  const lads = readCsv(paths.laAllCodes).filter((r) => /^E0[6-9]/.test(r.LADCD ?? ""));
  const successorOf = new Map<string, string>();
  const predecessors = new Map<string, string[]>();
  lads.forEach((r, i) => {
    const code = need(r, "LADCD", paths.laAllCodes, i);
    const active = need(r, "LADCD_ACTIVE", paths.laAllCodes, i);
    successorOf.set(code, active);
    predecessors.set(active, [...(predecessors.get(active) ?? []), code]);
  });
  const activeName = new Map(lads.map((r) => [r.LADCD_ACTIVE ?? "", r.LADNM_ACTIVE ?? ""]));
  lads.forEach((r, i) => {
    const code = need(r, "LADCD", paths.laAllCodes, i);
    const active = successorOf.get(code) as string;
    const currentName = activeName.get(active) ?? null;
    if (code === active) return put({code, name: r.LADNM ?? "", currentCode: code, currentName, status: "current", note: null});
    const merged = (predecessors.get(active) ?? []).filter((c) => c !== active).length > 1;
    put({
      code, name: r.LADNM ?? "", currentCode: active, currentName,
      status: merged ? "merged" : "recoded",
      note: merged ? `now part of ${currentName} (${active}); the value describes ${r.LADNM} only` : `same area, new code ${active}`
    });
  });

  // Current upper tier (counties, unitaries, metropolitan districts, London boroughs).
  const utla = readCsv(paths.utlaAllCodes).filter((r) => /^E/.test(r.UTLACD ?? ""));
  utla.forEach((r, i) => {
    const code = need(r, "UTLACD", paths.utlaAllCodes, i);
    put({code, name: r.UTLANM ?? "", currentCode: code, currentName: r.UTLANM ?? "", status: "current", note: null});
  });
  const currentUtla = new Map(utla.map((r) => [r.UTLACD ?? "", r.UTLANM ?? ""]));

  // Old counties: where did their districts go?
  const ladToCounty = readCsv(paths.ladToCounty2020);
  const countyDistricts = new Map<string, {name: string; districts: string[]}>();
  ladToCounty.forEach((r, i) => {
    const cty = need(r, "CTY20CD", paths.ladToCounty2020, i);
    if (!cty.startsWith("E10") || currentUtla.has(cty)) return;
    const entry = countyDistricts.get(cty) ?? {name: r.CTY20NM ?? "", districts: []};
    entry.districts.push(need(r, "LAD20CD", paths.ladToCounty2020, i));
    countyDistricts.set(cty, entry);
  });
  const inLookup2020 = new Set(ladToCounty.map((r) => r.LAD20CD ?? ""));
  for (const [code, {name, districts}] of countyDistricts) {
    const successors = [...new Set(districts.map((d) => successorOf.get(d) ?? d))];
    if (successors.length > 1) {
      put({code, name, currentCode: null, currentName: null, status: "split", note: `divided between ${successors.join(", ")}; no single current area`});
      continue;
    }
    const s = successors[0] as string;
    const sameArea = (predecessors.get(s) ?? []).filter((p) => inLookup2020.has(p)).every((p) => districts.includes(p));
    const sName = activeName.get(s) ?? currentUtla.get(s) ?? null;
    put({code, name, currentCode: s, currentName: sName, status: sameArea ? "recoded" : "merged",
      note: sameArea ? `county became the unitary ${sName} (${s}), same area` : `now part of ${sName} (${s})`});
  }

  // Terminations the other lookups cannot place (e.g. Dorset county 2019, Buckinghamshire county 2020).
  readCsv(paths.laChanges).forEach((r, i) => {
    const code = need(r, "oldcd", paths.laChanges, i);
    if (!code.startsWith("E") || rows.has(code) || need(r, "type", paths.laChanges, i) !== "termination") return;
    put({code, name: r.oldnm ?? "", currentCode: null, currentName: null, status: "unmatched", note: `terminated in ${r.start}; no successor in the ONS lookups`});
  });

  // Combined authorities are not local authorities: keep them, flagged.
  readCsv(paths.laAllCodes).forEach((r) => {
    const code = r.CAUTHCD?.trim();
    if (code && code.startsWith("E47")) put({code, name: r.CAUTHNM ?? "", currentCode: code, currentName: r.CAUTHNM ?? "", status: "not-la", note: "combined authority, not a local authority"});
  });
  return [...rows.values()].sort((a, b) => a.code.localeCompare(b.code));
}

export function formatAreaCodeMap(rows: AreaCodeMapRow[]): string {
  return `${csvFormat(rows.map((r) => ({...r, currentCode: r.currentCode ?? "", currentName: r.currentName ?? "", note: r.note ?? ""})),
    ["code", "name", "currentCode", "currentName", "status", "note"])}\n`;
}

export function parseAreaCodeMap(text: string, path: string): Map<string, AreaCodeMapRow> {
  const map = new Map<string, AreaCodeMapRow>();
  csvParse(text).forEach((r, i) => {
    const parsed = areaCodeMapRowSchema.safeParse({
      code: r.code, name: r.name ?? "", currentCode: r.currentCode || null, currentName: r.currentName || null, status: r.status, note: r.note || null
    });
    if (!parsed.success) throw new Error(`${path}: row ${i + 2} is invalid (${parsed.error.issues[0]?.message}); rebuild it with scripts/import-fingertips-snapshot.ts.`);
    map.set(parsed.data.code, parsed.data);
  });
  return map;
}

/** Today's code for an area code of the data; "unmatched" if no lookup knows it. */
export function mapAreaCode(code: string, map: ReadonlyMap<string, AreaCodeMapRow>): Pick<AreaCodeMapRow, "currentCode" | "status" | "note"> {
  const row = map.get(code);
  return row ?? {currentCode: null, status: "unmatched", note: `area code ${code} is not in the ONS lookups`};
}
