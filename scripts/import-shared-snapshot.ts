/**
 * Rebuilds the police.uk and ONS part of the pinned snapshot (data/snapshot/) from the project's shared data folder
 * (../shared/data, see each folder's MANIFEST.md for provenance), and records every file in
 * data/snapshot/manifest.json with source, licence, period, release, retrieval date and sha256.
 * Usage: npx tsx scripts/import-shared-snapshot.ts [--shared ../shared/data]
 * The project builds without ../shared: this script is only how the snapshot was made, kept so it can be redone.
 */
import {readdirSync} from "node:fs";
import {join, relative, resolve} from "node:path";
import {parseArgs} from "node:util";
import {copyIntoSnapshot, type SnapshotMeta} from "./lib/snapshot-copy.ts";
import {readManifest, SNAPSHOT_DIR, upsertEntries, writeManifest, type ManifestEntry} from "../loaders/snapshot/manifest.ts";

const OGL = "Open Government Licence v3.0";
const {values} = parseArgs({options: {shared: {type: "string", default: resolve(import.meta.dirname, "../../shared/data")}, retrieved: {type: "string", default: new Date().toISOString().slice(0, 10)}}});
const SHARED = resolve(values.shared);
const RETRIEVED = values.retrieved;

type Meta = SnapshotMeta;

const copy = (src: string, dest: string, meta: Meta, gzip = false): ManifestEntry => copyIntoSnapshot(SHARED, RETRIEVED, src, dest, meta, gzip);

/** police.uk publishes a month about two months after it ends; the copies do not record the exact day. */
function releasedAbout(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + 2, 1));
  return `about ${d.toISOString().slice(0, 7)} (police.uk monthly release)`;
}

const entries: ManifestEntry[] = [];
for (const force of ["devon-and-cornwall", "surrey"]) {
  for (const name of readdirSync(join(SHARED, "policeuk", force)).filter((n) => n.endsWith("-street.csv.gz")).sort()) {
    const month = name.slice(0, 7);
    entries.push(
      copy(`policeuk/${force}/${name}`, `policeuk/street/${force}/${name}`, {
        source: "policeuk",
        title: "police.uk street-level crime",
        publisher: "Home Office / police forces (data.police.uk)",
        licence: OGL,
        origin: `data.police.uk street CSV, byte-for-byte copy (see shared/data/policeuk/MANIFEST.md for repository and commit)`,
        period: month,
        released: releasedAbout(month)
      })
    );
  }
}
const england: Meta = {
  source: "policeuk-england",
  title: "police.uk street-level crime, England 2025 aggregate",
  publisher: "Home Office / police forces (data.police.uk); aggregated by LSOA",
  licence: OGL,
  origin: "counts made from 413 police.uk 2025 street CSVs of 39 English forces (shared/data/policeuk-england/MANIFEST.md gives the SQL)",
  period: "2025-01 to 2025-12",
  released: releasedAbout("2025-12"),
  notes: "Metropolitan, West Midlands, West Yorkshire, Greater Manchester absent; Avon and Somerset 6 months, Thames Valley 11 months"
};
for (const f of ["lsoa_month_type_2025.csv.gz", "force_month_nolocation_2025.csv.gz", "force_month_rows_2025.csv"]) entries.push(copy(`policeuk-england/${f}`, `policeuk-england/${f}`, england));

const ons = (title: string, period: string, released: string, origin: string): Meta => ({source: "ons", title, publisher: "Office for National Statistics", licence: OGL, origin, period, released});
entries.push(copy("ons/lookups/geographr_lookup_lsoa11_lsoa21_ltla22.csv.gz", "ons/lookups/geographr_lookup_lsoa11_lsoa21_ltla22.csv.gz", ons("LSOA (2011) to LSOA (2021) to LAD (2022) lookup", "2021 geography", "2022-12", "ONS Open Geography LSOA11_LSOA21_LAD22_EW_LU via humaniverse/geographr")));
entries.push(copy("ons/lookups/geographr_lookup_lsoa21_ward24_ltla24.csv.gz", "ons/lookups/geographr_lookup_lsoa21_ward24_ltla24.csv.gz", ons("LSOA (2021) to ward (2024) to LAD (2024) lookup", "2024 geography", "2024-08", "ONS Open Geography LSOA21_WD24_LAD24_EW_LU via humaniverse/geographr")));
entries.push(copy("ons/lookups/geographr_lookup_ltla24_csp24_pfa24.csv", "ons/lookups/geographr_lookup_ltla24_csp24_pfa24.csv", ons("LAD to CSP to PFA (December 2024) lookup", "December 2024", "2025-03", "ONS Open Geography via humaniverse/geographr")));
entries.push(copy("ons/lookups/geographr_lookup_ltla23_region23.csv", "ons/lookups/geographr_lookup_ltla23_region23.csv", ons("LAD (2023) to region lookup", "2023 geography", "2023-12", "ONS Open Geography via humaniverse/geographr")));
entries.push(copy("ons/lookups/geographr_lookup_ltla23_utla23.csv", "ons/lookups/geographr_lookup_ltla23_utla23.csv", ons("LAD (2023) to upper-tier LA lookup", "2023 geography", "2023-12", "ONS Open Geography via humaniverse/geographr")));
entries.push(copy("ons/lookups/la_all_codes.csv", "ons/lookups/la_all_codes.csv", ons("Local authority codes since 2011 with current successors", "2011 to 2025", "2026-06", "drkane/geo-lookups compilation of ONS lookups")));
entries.push(copy("ons/lookups/lsoa_latlong.csv.gz", "ons/lookups/lsoa_latlong.csv.gz", ons("LSOA 2011 and 2021 population-weighted centroids", "2011 and 2021 geography", "2022-12", "ONS Open Geography via drkane/geo-lookups")));
entries.push(copy("ons/population/cwthom_hack25usefuldata_census21_pop.csv.gz", "ons/population/cwthom_hack25usefuldata_census21_pop.csv.gz", ons("Census 2021 usual residents by LSOA 2021 and age (6 groups)", "Census 2021 (21 March 2021)", "2023-03", "ONS Create a custom dataset, via cwthom/hack25usefuldata")));
entries.push(copy("ons/imd/humaniverse_IMD_imd2025_england_lsoa21.csv.gz", "ons/imd/humaniverse_IMD_imd2025_england_lsoa21.csv.gz", {...ons("English Indices of Deprivation 2025, LSOA 2021", "IoD2025 (mostly 2022/23 data)", "2025-10-30", "MHCLG English Indices of Deprivation 2025 via humaniverse/IMD"), publisher: "Ministry of Housing, Communities and Local Government"}));
for (const name of readdirSync(join(SHARED, "ons/boundaries/lsoa21")).filter((n) => n.endsWith(".geojson")).sort()) {
  entries.push(copy(`ons/boundaries/lsoa21/${name}`, `ons/boundaries/lsoa21/${name}.gz`, {...ons(`LSOA 2021 generalised boundaries, ${name.slice(0, 9)}`, "2021 geography", "2022-12", "ONS Open Geography generalised LSOA 2021 boundaries via drkane/geo-lookups"), notes: "Contains OS data © Crown copyright and database right"}, true));
}

writeManifest(upsertEntries(readManifest(), entries));
console.log(`snapshot: ${entries.length} files recorded in ${relative(process.cwd(), join(SNAPSHOT_DIR, "manifest.json"))}`);
