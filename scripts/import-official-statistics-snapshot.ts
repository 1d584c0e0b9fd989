/**
 * Adds the official statistics to the pinned snapshot (data/snapshot/) from the shared data folder: ONS police
 * recorded crime (Table C2 by Community Safety Partnership, the police force area workbooks with knife or sharp
 * instrument offences, the Home Office offence-code table), ONS homicide rates by force, and DfE's NEET and
 * participation figures by local authority. Each file is recorded in data/snapshot/manifest.json with source,
 * licence, period, release, retrieval date and sha256. Provenance of every file: ../shared/data/recorded-crime/MANIFEST.md
 * and ../shared/data/dfe-neet/MANIFEST.md.
 * Usage: npx tsx scripts/import-official-statistics-snapshot.ts [--shared ../shared/data]
 * The project builds without ../shared: this script is only how the snapshot was made, kept so it can be redone.
 */
import {join, relative, resolve} from "node:path";
import {parseArgs} from "node:util";
import {copyIntoSnapshot, type SnapshotMeta} from "./lib/snapshot-copy.ts";
import {readManifest, SNAPSHOT_DIR, upsertEntries, writeManifest, type ManifestEntry} from "../loaders/snapshot/manifest.ts";

const OGL = "Open Government Licence v3.0";
const {values} = parseArgs({options: {shared: {type: "string", default: resolve(import.meta.dirname, "../../shared/data")}, retrieved: {type: "string", default: new Date().toISOString().slice(0, 10)}}});
const SHARED = resolve(values.shared);

type Meta = SnapshotMeta;

const copy = (src: string, dest: string, meta: Meta, gzip = false): ManifestEntry => copyIntoSnapshot(SHARED, values.retrieved, src, dest, meta, gzip);

const entries: ManifestEntry[] = [];
const prc = (title: string, period: string, released: string, origin: string, notes?: string): Meta => ({
  source: "recorded-crime",
  title,
  publisher: "Office for National Statistics (police recorded crime from the Home Office)",
  licence: OGL,
  origin,
  period,
  released,
  ...(notes ? {notes} : {})
});

entries.push(copy("recorded-crime/csp-ye-jun2025/policeforceareatablesyejune25final_TableC2.csv", "recorded-crime/csp/policeforceareatablesyejune25final_TableC2.csv",
  prc("Police recorded crime by Community Safety Partnership (Table C2), year ending June 2025", "2024-07 to 2025-06", "2025-10",
    "ONS Police force area data tables YE June 2025, sheet Table C2 as CSV, via GitHub tom-draper/uk-data-atlas@8718b54879704b938b8dfa6782d40d9067c51205",
    "Official statistics, not accredited official statistics; [x] = unavailable")));

// The eight quarterly editions of the police force area tables (P1 offence groups incl. homicide, P4 knife or sharp
// instrument offences, P5 the knife series). ONS publishes each about four months after the year it covers ends.
const editions: [file: string, yearEnding: string, period: string, released: string][] = [
  ["policeforceareatablesyearendingmarch2018v2.xlsx", "March 2018", "2017-04 to 2018-03", "2018-07"],
  ["policeforceareadatatablesyearendingjune2018corrected.xlsx", "June 2018", "2017-07 to 2018-06", "2018-10"],
  ["policeforceareatablesyearendingsep18corrected.xlsx", "September 2018", "2017-10 to 2018-09", "2019-01"],
  ["policeforceareatablesyearendingdecember2018.xlsx", "December 2018", "2018-01 to 2018-12", "2019-04"],
  ["policeforceareatablesyeendingmarch2019.xlsx", "March 2019", "2018-04 to 2019-03", "2019-07"],
  ["policeforceareatablesyearendingjune2019.xlsx", "June 2019", "2018-07 to 2019-06", "2019-10"],
  ["policeforceareatablesyearendingseptember2019.xlsx", "September 2019", "2018-10 to 2019-09", "2020-01"],
  ["pfatablesdec19.xlsx", "December 2019", "2019-01 to 2019-12 (P5 series from 2010-04)", "2020-04"]
];
for (const [file, yearEnding, period, released] of editions) {
  entries.push(copy(`recorded-crime/pfa-tables-2018-2019/${file}`, `recorded-crime/pfa/${file}`,
    prc(`Police force area data tables, year ending ${yearEnding}`, period, released,
      "ONS original workbook, via GitHub RG-1427/Data-Analytics@ec5f0b1144a197e18b4418dae4a7a26961128f3d")));
}
entries.push(copy("recorded-crime/pfa-offence-codes-2017-18/prc-pfa-mar2013-onwards-tables201718.csv", "recorded-crime/offence-codes/prc-pfa-tables-2017-18.csv.gz",
  {...prc("Police recorded crime by force and offence code, 2017/18", "2017-04 to 2018-03", "2018-07",
    "Home Office police recorded crime and outcomes open data tables (PFA, 2017/18 sheet as CSV), via GitHub Sparrow0hawk/crime_sim_toolkit@dc00421b12113f33477dc7d43a8864dd87af92ce",
    "gzipped copy; -00 = offence cannot occur in that category"), publisher: "Home Office"}, true));
for (const file of ["homicide-offences.csv", "homicide-offences.json"]) {
  entries.push(copy(`recorded-crime/homicide-pfa-3yr/${file}`, `recorded-crime/homicide/${file}`,
    {...prc("Homicide offences per million residents, 3-year rolling, by police force area", "2014-04 to 2025-03 (nine 3-year periods)", "2026-02-05",
      "ONS Explore Local Statistics (source: Home Office Homicide Index), via GitHub ONSdigital/explore-local-statistics-data@2d35f9e46f90105a12a371abd997179d938a8d63",
      "ONS source dates 2025-11-28 and 2026-02-05")}));
}

const dfe: [file: string, year: string][] = [
  ["UD_NEETNK_LA_dashboard_2021_vg_removed.csv", "2021"],
  ["UD_NEETNK_LA_dashboard_2022_final.csv", "2022"],
  ["UD_NEETNK_LA_dashboard_2023_final.csv", "2023"],
  ["UD_NEETNK_LA_dashboard_final.csv", "2025"]
];
for (const [file, year] of dfe) {
  entries.push(copy(`dfe-neet/${file}`, `dfe/neet/${year}-${file}`, {
    source: "dfe-neet",
    title: `NEET and participation: local authority figures, ${year}`,
    publisher: "Department for Education (NCCIS)",
    licence: OGL,
    origin: "DfE NEET comparative local authority scorecard data, via GitHub dfe-analytical-services/nccis_localauthority_dashboard (shared/data/dfe-neet/MANIFEST.md gives the commits)",
    period: `${year} (16-17 year olds, December to February average)`,
    released: `about ${year}-06 (DfE annual release)`,
    notes: "c, z, x = suppressed, not applicable, not available; no 2024 file"
  }));
}

writeManifest(upsertEntries(readManifest(), entries));
console.log(`snapshot: ${entries.length} official statistics files recorded in ${relative(process.cwd(), join(SNAPSHOT_DIR, "manifest.json"))}`);
