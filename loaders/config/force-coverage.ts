/**
 * The configured forces must police the configured districts: every district's Police Force Area (ONS LAD → CSP → PFA
 * lookup in the snapshot) must be one of `forces`, and each force's id must be the one police.uk gives its PFA code.
 * Otherwise the build would read another force's files and show a district with no crime at all.
 * Kept free of heavy imports (no DuckDB): every command loads the configuration first.
 */
import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {csvParse} from "d3-dsv";
import {FORCE_BY_PFA} from "../policeuk/forces.ts";
import {SNAPSHOT_DIR} from "../snapshot/manifest.ts";
import type {SnaConfig} from "./schema.ts";

/** The ONS "LAD to CSP to PFA (December 2024)" lookup in the snapshot (also ONS_FILES.ladToPfa in loaders/ons/lookups.ts). */
export const LAD_TO_PFA_FILE = "ons/lookups/geographr_lookup_ltla24_csp24_pfa24.csv";

export interface CoverageIssue {
  path: (string | number)[];
  message: string;
}

/** District code → its Police Force Area code and name, from the snapshot's lookup. */
export function readLadToPfa(snapshotDir: string = SNAPSHOT_DIR): Map<string, {pfaCode: string; pfaName: string}> {
  const path = join(snapshotDir, LAD_TO_PFA_FILE);
  if (!existsSync(path)) throw new Error(`${path} is missing: the configuration's forces cannot be checked against its districts. Restore it with git checkout -- data/snapshot/${LAD_TO_PFA_FILE}.`);
  const rows = csvParse(readFileSync(path, "utf-8"));
  return new Map(rows.map((r) => [r.ltla24_code ?? "", {pfaCode: r.pfa24_code ?? "", pfaName: r.pfa24_name ?? ""}]));
}

const forceLiteral = (pfaCode: string) => {
  const f = FORCE_BY_PFA[pfaCode];
  return f ? `{id: "${f.id}", name: "${f.name}", pfaCode: "${pfaCode}"}` : null;
};

/** What is wrong with the configuration's forces and districts, one issue per field (empty when they agree). */
export function forceCoverageIssues(config: Pick<SnaConfig, "districts" | "forces">, snapshotDir: string = SNAPSHOT_DIR): CoverageIssue[] {
  const issues: CoverageIssue[] = [];
  config.forces.forEach((force, i) => {
    const known = FORCE_BY_PFA[force.pfaCode];
    if (!known) {
      issues.push({path: ["forces", i, "pfaCode"], message: `${force.pfaCode} is not the code of an English Police Force Area (E23000001 to E23000039); see the pfa24_code column of data/snapshot/${LAD_TO_PFA_FILE}`});
    } else if (known.id !== force.id) {
      issues.push({path: ["forces", i, "id"], message: `"${force.id}" is not the police.uk id of ${known.name} (${force.pfaCode}), which is "${known.id}"; correct the id or the pfaCode`});
    }
  });
  const ladToPfa = readLadToPfa(snapshotDir);
  const configured = new Set(config.forces.map((f) => f.pfaCode));
  config.districts.forEach((d, i) => {
    const pfa = ladToPfa.get(d.code);
    if (!pfa) {
      issues.push({path: ["districts", i, "code"], message: `${d.name} (${d.code}) is not a local authority district of the ONS LAD to PFA (December 2024) lookup; use its 2024 code (see data/snapshot/${LAD_TO_PFA_FILE})`});
    } else if (!configured.has(pfa.pfaCode)) {
      const name = FORCE_BY_PFA[pfa.pfaCode]?.name ?? `${pfa.pfaName} police`;
      const literal = forceLiteral(pfa.pfaCode);
      issues.push({path: ["forces"], message: `${d.name} (${d.code}) is policed by ${name} (${pfa.pfaCode}); add it to \`forces\`${literal ? `: ${literal}` : ""}, or remove the district`});
    }
  });
  return issues;
}
