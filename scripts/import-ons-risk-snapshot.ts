/**
 * Adds the ONS files behind the Place and population and Risk factors chapters to the pinned snapshot
 * (data/snapshot/ons/), from the project's shared data folder (see its ons/MANIFEST.md for provenance), and records
 * each in data/snapshot/manifest.json (source "ons", licence, period, release, retrieval date, sha256).
 * - copied unchanged: Census 2021 ethnic group by LSOA, RUC2011 by LSOA, IoD2019 File 2, IoD2025 LAD summaries;
 * - converted once here so builds never parse a spreadsheet: the ONS mid-2020 estimates on 2021 geography (xlsx)
 *   → single year of age by sex (MYE2) and area/density (MYE 5) as CSV (loaders/ons/mye.ts).
 * Usage: npx tsx scripts/import-ons-risk-snapshot.ts [--shared ../shared/data] [--retrieved YYYY-MM-DD]
 * The project builds without ../shared: this script only records how these files were made.
 */
import {copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync} from "node:fs";
import {dirname, join, relative, resolve} from "node:path";
import {parseArgs} from "node:util";
import {gzipSync} from "node:zlib";
import {sha256File} from "../loaders/lib/files.ts";
import {readMyeWorkbook, toCsv} from "../loaders/ons/mye.ts";
import {ONS_RISK_FILES} from "../loaders/ons/tables.ts";
import {readManifest, SNAPSHOT_DIR, upsertEntries, writeManifest, type ManifestEntry} from "../loaders/snapshot/manifest.ts";

const OGL = "Open Government Licence v3.0";
const {values} = parseArgs({options: {shared: {type: "string", default: resolve(import.meta.dirname, "../../shared/data")}, retrieved: {type: "string", default: new Date().toISOString().slice(0, 10)}}});
const SHARED = resolve(values.shared);
const RETRIEVED = values.retrieved;

type Meta = Omit<ManifestEntry, "path" | "sha256" | "bytes" | "retrieved">;
const ons = (title: string, period: string, released: string, origin: string, notes?: string): Meta => ({
  source: "ons", title, publisher: "Office for National Statistics", licence: OGL, origin, period, released, ...(notes ? {notes} : {})
});
const mhclg = (m: Meta): Meta => ({...m, publisher: "Ministry of Housing, Communities and Local Government"});

function sharedPath(src: string): string {
  const from = join(SHARED, src);
  if (!existsSync(from)) throw new Error(`${from} not found: is --shared the shared data folder?`);
  return from;
}

/** Writes bytes to data/snapshot/<dest> via a temporary file and returns the manifest entry. */
function write(dest: string, bytes: Buffer, meta: Meta): ManifestEntry {
  const to = join(SNAPSHOT_DIR, dest);
  mkdirSync(dirname(to), {recursive: true});
  const tmp = `${to}.tmp-${process.pid}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, to);
  return {path: relative(SNAPSHOT_DIR, to).replaceAll("\\", "/"), ...meta, retrieved: RETRIEVED, sha256: sha256File(to), bytes: statSync(to).size};
}

function copy(src: string, dest: string, meta: Meta, gzip = false): ManifestEntry {
  const from = sharedPath(src);
  if (!gzip) {
    const to = join(SNAPSHOT_DIR, dest);
    mkdirSync(dirname(to), {recursive: true});
    copyFileSync(from, `${to}.tmp-${process.pid}`);
    renameSync(`${to}.tmp-${process.pid}`, to);
    return {path: dest, ...meta, retrieved: RETRIEVED, sha256: sha256File(to), bytes: statSync(to).size};
  }
  return write(dest, gzipSync(readFileSync(from), {level: 9}), meta);
}

const entries: ManifestEntry[] = [];

const myeFile = "ons/population/ukpopestimatesmid2020on2021geography.xlsx";
const mye = await readMyeWorkbook(sharedPath(myeFile));
const myeOrigin = `ONS "Mid-Year Population Estimates, UK, June 2020" on 2021 geography (ukpopestimatesmid2020on2021geography.xlsx via michael-s-marshall/housing_soccon), converted by scripts/import-ons-risk-snapshot.ts`;
entries.push(write(ONS_RISK_FILES.myeSya, gzipSync(toCsv(mye.sya, ["code", "name", "geography", "sex", "age", "population"]), {level: 9}),
  ons("Mid-year population estimates by single year of age and sex, local authorities (MYE2)", "mid-2020 (30 June 2020), April 2021 boundaries", "2021-06-25",
    myeOrigin, "Sheets MYE2 - Males and MYE2 - Females; age 90 means 90 and over. Values unchanged.")));
entries.push(write(ONS_RISK_FILES.myeArea, Buffer.from(toCsv(mye.area, ["code", "name", "geography", "area_sq_km", "population"])),
  ons("Land area and mid-year population, local authorities (MYE 5)", "mid-2020 (30 June 2020), April 2021 boundaries", "2021-06-25", myeOrigin,
    "Sheet MYE 5: Area (sq km) and Estimated population mid-2020. Values unchanged.")));
entries.push(copy("ons/population/humaniverse_demographr_ethnicity21_lsoa21.csv.gz", ONS_RISK_FILES.ethnicity21,
  ons("Census 2021 TS021 ethnic group (5 high-level groups) by LSOA 2021", "Census 2021 (21 March 2021)", "2022-11-29",
    "Nomis bulk census2021-ts021-lsoa via humaniverse/demographr (commit f842110da81c58d288ee55ca69e96d48f7152f87), byte-for-byte")));
entries.push(copy("ons/ruc/ruc_2011_lsoa.csv.gz", ONS_RISK_FILES.ruc2011,
  ons("Rural-Urban Classification 2011 of LSOAs (RUC2011)", "2011 geography (Census 2011)", "2013",
    "ONS RUC2011 LSOA via mysociety/uk_ruc (commit ed71e7ed7b17f7351b59c7ae74fc8da163027e49), byte-for-byte", "First column renamed lsoa (ONS LSOA11CD) by mySociety.")));
entries.push(copy("ons/imd/File_2_-_IoD2019_Domains_of_Deprivation.csv.gz", ONS_RISK_FILES.imd2019,
  mhclg(ons("English Indices of Deprivation 2019, File 2: domain ranks and deciles, LSOA 2011", "IoD2019 (mostly 2015/16 data)", "2019-09-26",
    "MHCLG IoD2019 File 2 via anetobradley/energy_flex (commit f0b011f0584411df8f64fb06fea7fa0cd2fa4b71), byte-for-byte", "UTF-8 with BOM, CRLF. No domain scores (File 5/7 not available).")) ));
entries.push(copy("ons/imd/humaniverse_IMD_imd2025_england_ltla24.csv", ONS_RISK_FILES.imd2025Lad,
  mhclg(ons("English Indices of Deprivation 2025, local authority district summaries (LAD 2024)", "IoD2025 (mostly 2022/23 data)", "2025-10-30",
    "MHCLG IoD2025 File 10 via humaniverse/IMD (imd2025_england_ltla24, commit 2f6c9050afee99a40041eb63b02b6b0c58850704)", "Gzipped here; values unchanged.")), true));

writeManifest(upsertEntries(readManifest(), entries));
const total = entries.reduce((s, e) => s + e.bytes, 0);
console.log(`snapshot: ${entries.length} ONS files (${(total / 1e6).toFixed(2)} MB) recorded in ${relative(process.cwd(), join(SNAPSHOT_DIR, "manifest.json"))}`);
