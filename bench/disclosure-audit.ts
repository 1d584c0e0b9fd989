/**
 * Benchmark: the disclosure audit (scripts/lib/disclosure-audit.ts) over a built site, as `npm run build` runs it
 * before swapping dist/: every data file and page read, partner tables checked for small counts, every value and
 * line checked for personal data, people's names included. Median of 3 runs.
 * Run: tsx bench/disclosure-audit.ts [dist=.cache/bench/dist]   (target: ≤ 5 s; not a unit test)
 */
import {existsSync} from "node:fs";
import {resolve} from "node:path";
import {auditDist} from "../scripts/lib/disclosure-audit.ts";
import {median, TARGETS} from "./lib/figures.ts";

export const DISCLOSURE_AUDIT_TARGET_S = TARGETS.disclosureAuditS.value;

export function benchDisclosureAudit(dist: string, threshold = 5): {seconds: number; files: number; values: number; findings: number} {
  if (!existsSync(dist)) throw new Error(`no built site in ${dist}; build it first`);
  const runs: number[] = [];
  let last: ReturnType<typeof auditDist> | null = null;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    last = auditDist(dist, {threshold});
    runs.push((performance.now() - started) / 1000);
  }
  return {seconds: median(runs), files: last!.filesScanned, values: last!.valuesScanned, findings: last!.findings.length};
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = resolve(process.argv[2] ?? ".cache/bench/dist");
  const r = benchDisclosureAudit(dist);
  console.log(`disclosure audit of the built site: ${r.seconds.toFixed(2)} s (target ≤ ${DISCLOSURE_AUDIT_TARGET_S} s)  [${r.files} files, ${r.values.toLocaleString("en-GB")} values, ${r.findings} findings; ${dist}]`);
}
