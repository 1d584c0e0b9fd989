/**
 * npm run edition -- <name> [--from YYYY-MM] [--to YYYY-MM] [--replace] [--note "..."]
 *   --note adds a sentence to the note edition.json keeps (how the edition was made).
 *
 * Freezes the current build's figures into editions/<name>/ (README "Editions and the annual review"): edition.json
 * (name, date, window, configuration hash, snapshot summary, the edition it follows), figures.json and two small
 * tables. Without --from/--to it uses the build's prepared folder for the configuration (SNA_CONFIG, default
 * sna.config.ts), preparing it first if needed; with them, it prepares the configuration with those months into a
 * temporary folder (the window of an earlier review, made again from the snapshot's months). Offline; writes nothing
 * but the edition folder, atomically.
 */
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readFileSync, rmSync} from "node:fs";
import {join} from "node:path";
import {parseArgs} from "node:util";
import {configPath, loadConfig, PROJECT_ROOT} from "../loaders/config/load-config.ts";
import type {SnaConfig} from "../loaders/config/schema.ts";
import {EDITION_FORMAT, EDITION_NAME} from "../loaders/editions/schema.ts";
import {EDITIONS_DIR, writeEdition} from "../loaders/editions/store.ts";
import {summariseBuild} from "../loaders/editions/summary.ts";
import {buildDate, chooseEdition} from "../loaders/editions/what-changed.ts";
import {ensurePrepared, prepare} from "../loaders/prepare/prepare.ts";
import {readManifest, SNAPSHOT_DIR} from "../loaders/snapshot/manifest.ts";
import {formatMonthRuns} from "../components/format/month.ts";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function usage(problem: string): never {
  console.error(`npm run edition: ${problem}\nUsage: npm run edition -- <name> [--from YYYY-MM] [--to YYYY-MM] [--replace] [--note "text"]\n  e.g. npm run edition -- plymouth-2026-review\n       npm run edition -- plymouth-jan-apr-2024 --from 2024-01 --to 2024-04`);
  process.exit(2);
}

async function main(): Promise<void> {
  const {values, positionals} = parseArgs({options: {from: {type: "string"}, to: {type: "string"}, replace: {type: "boolean", default: false}, note: {type: "string"}}, allowPositionals: true});
  const [name, ...extra] = positionals;
  if (!name || extra.length) usage(name ? `one edition name expected, got ${positionals.length}` : "name the edition");
  if (!EDITION_NAME.test(name)) usage(`"${name}" is not a valid edition name: lower-case letters, digits and hyphens, e.g. plymouth-2026-review`);
  for (const [flag, v] of [["--from", values.from], ["--to", values.to]] as const) if (v !== undefined && !MONTH.test(v)) usage(`${flag} ${v}: expected a month written YYYY-MM`);
  if (values.from && values.to && values.from > values.to) usage(`--from ${values.from} is after --to ${values.to}`);
  if (existsSync(join(EDITIONS_DIR, name)) && !values.replace) usage(`editions/${name} already exists: choose another name, or pass --replace to make it again`);

  const file = configPath();
  const loaded = await loadConfig(file);
  const overridden = values.from !== undefined || values.to !== undefined;
  // The edition is named in its own build, and follows the latest earlier edition (never a compareWith of today's).
  // Another window's build leaves out the EXAMPLE narrative and recommendations: they cite this year's figures
  // (the change on a year earlier, say), which a build of other months may not have.
  const config: SnaConfig = {
    ...loaded,
    months: overridden ? {...(values.from ? {start: values.from} : {}), ...(values.to ? {end: values.to} : {})} : loaded.months,
    content: overridden ? {showExamples: false} : loaded.content,
    edition: {name}
  };
  const tmp = overridden ? join(PROJECT_ROOT, ".cache/editions", `${name}.tmp-${process.pid}`) : null;
  try {
    let dir: string;
    if (tmp) {
      rmSync(tmp, {recursive: true, force: true});
      mkdirSync(tmp, {recursive: true});
      console.log(`edition: preparing ${config.partnership.name} for ${values.from ?? "(default start)"} to ${values.to ?? "(latest)"} (a few minutes)`);
      await prepare(config, tmp);
      dir = tmp;
    } else {
      dir = await ensurePrepared();
    }
    const manifest = readManifest(join(SNAPSHOT_DIR, "manifest.json"));
    const summary = summariseBuild(dir, config, manifest);
    const {chosen} = chooseEdition(config, summary.window);
    const created = buildDate();
    const retrieved = manifest.files.map((f) => f.retrieved).sort().at(-1) ?? "unknown";
    const w = summary.window;
    const note = [
      overridden
        ? `Made on ${created} from the snapshot retrieved ${retrieved}, with the analysis window set to ${w.start} to ${w.end} (police.uk data for ${formatMonthRuns(w.available)}): the figures a build of those months gives. Its police.uk figures use only the months of the window; the other sources (ONS, Fingertips, official statistics, partner extracts) are as in that snapshot. EXAMPLE narrative and recommendations were left out (they describe the current build).`
        : `Made on ${created} from the build of ${file.replace(`${PROJECT_ROOT}/`, "")} with the snapshot retrieved ${retrieved}.`,
      values.note ?? ""
    ].filter(Boolean).join(" ");
    const {dir: out, files} = writeEdition(
      EDITIONS_DIR,
      {...summary, name, created, follows: chosen?.meta.name ?? null},
      {
        format: EDITION_FORMAT,
        name,
        created,
        follows: chosen?.meta.name ?? null,
        partnership: summary.partnership,
        window: w,
        months: {...config.months, overridden},
        configHash: summary.configHash,
        config: summary.config,
        snapshot: {manifestSha256: createHash("sha256").update(readFileSync(join(SNAPSHOT_DIR, "manifest.json"))).digest("hex"), files: manifest.files.length, sources: summary.sources},
        note
      },
      {replace: values.replace}
    );
    const total = Object.values(files).reduce((a, b) => a + b, 0);
    console.log(`edition: wrote ${out.replace(`${PROJECT_ROOT}/`, "")} (${(total / 1024).toFixed(1)} KB): ${Object.entries(files).map(([f, b]) => `${f} ${(b / 1024).toFixed(1)} KB`).join(", ")}`);
    console.log(`edition: ${config.partnership.name}, window ${w.start} to ${w.end} (data for ${formatMonthRuns(w.available)}); follows ${chosen?.meta.name ?? "no earlier edition"}. Commit the folder; the next build's "What changed" chapter compares with it.`);
  } finally {
    if (tmp) rmSync(tmp, {recursive: true, force: true});
  }
}

main().catch((error: unknown) => {
  console.error(`npm run edition: ${(error as Error).message}`);
  process.exit(1);
});
