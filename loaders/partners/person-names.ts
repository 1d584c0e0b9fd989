/**
 * The word lists behind the people's-names check (personal-data.ts): given names and surnames from the locale
 * definitions that @faker-js/faker maintains (many cultures, Latin script only: partner extracts are in English),
 * and the words that make a value an organisation or a place rather than a person.
 *
 * Faker ships no romanised Arabic, Urdu or Bengali names (its `ar` and `ur` locales are in Arabic script), so a short
 * supplement of names common in England from those languages is kept here.
 */
import {existsSync, readFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {gunzipSync} from "node:zlib";
import * as faker from "@faker-js/faker";

/** Locales whose names are in Latin script and common among people living in England. */
const LOCALES = [
  "en", "en_AU", "en_GB", "en_GH", "en_IE", "en_IN", "en_NG", "en_ZA", "yo_NG", "zu_ZA", "af_ZA", "fr_SN",
  "pl", "ro", "ro_MD", "tr", "es", "pt_PT", "pt_BR", "it", "fr", "de", "nl", "lv", "cs_CZ", "sk", "hu", "hr", "sl_SI",
  "sv", "da", "nb_NO", "fi", "id_ID", "vi", "az", "eo"
] as const;

/** Romanised Arabic, Urdu, Bengali and Somali names common in England that faker's locales lack. */
const SUPPLEMENT_GIVEN = "abdul abdullah ahmad ahmed aisha ali amina asif ayesha bilal farhan fatima hamza hassan hussain ibrahim imran irfan khadija mahmood mariam mohamed mohammad mohammed muhammad mustafa nadia omar rehana rizwan sadia saima shabana shahid sumaira tariq usman yasmin yusuf zainab zara".split(" ");
const SUPPLEMENT_SURNAME = "abdi ahmed akhtar ali anwar aziz begum bibi chowdhury hassan hossain hussain iqbal islam javed kazmi khan mahmood malik miah mirza mohamed mohammed qureshi rahman rashid raza sheikh shah siddiqui uddin warsame yusuf".split(" ");

/** Words that make a value an organisation, a service or a facility ("St Luke's Hospice", "Drake Youth Club"). */
export const ORGANISATION_WORDS = new Set(
  ("academy agency alliance association authority bank board borough brigade bureau centre center charity church cic clinic club co " +
    "college commission committee community company constabulary corporation council county court department directorate division " +
    "faculty federation forum foundation fund government group guild health home homes hospice hospital hospitals house housing hub " +
    "inc infirmary initiative institute limited llp ltd ministry mission network nhs office partnership pharmacy plc police practice " +
    "prison probation programme program project refuge royal school schools service services shelter society station support surgery team " +
    "trust unit university ward wards youth").split(" ")
);

/** Words that make a value a place (ward, street, area) rather than a person. Common surnames (Hill, Wood) are not here. */
export const PLACE_WORDS = new Set(
  ("abbey avenue bay castle central centre circus city close common coast corner court crescent cross dale downs drive east estate " +
    "fields forest gardens gate grange grove harbour heath heights island junction lane lower manor marsh meadow meadows mews moor mount " +
    "north northeast northwest parade park parkway place plains point port quay rise road row south southeast southwest square " +
    "street terrace town upper vale valley view village villages walk water waterfront way west wharf woods").split(" ")
);

/** Words that join parts of a place or organisation name; a person's name never has them between its parts. */
export const CONNECTOR_WORDS = new Set("and & of the upon on in at by under with for le la st st. saint".split(" "));

/**
 * Common English words that are also given names or surnames ("Hope", "Grace", "Will", "Brown"). A value made only of
 * such words ("Grace Hope", "Will Young") is not taken for a person's name; one real name beside them is enough.
 */
export const COMMON_WORDS = new Set(
  ("amber angel april art august autumn baker bank banks bell bill black bloom blue bond brook brown bush butcher cash chance " +
    "chase cherry clay cliff close cook cross crystal dale dawn day dean dear don drake early faith fair field fields fish " +
    "fisher ford fox frank french gay gill gold golden good grace grant gray green grey guy hall ham hart heath hill holly " +
    "honey hope house hunt hunter ivy jack jay jewel joy july june king knight lamb lane law lee little long love lucky major " +
    "march mark marsh mason may miles mill miller mills moon moore morning new noble north oak page park parker patience " +
    "pearl penny pine pope power price prince rain ray reed rich river robin rock rose ruby rush sage salt savage scarlet " +
    "sharp shepherd short silver sky small smart snow spring star steel stone storm strong summer sunny swan sweet taylor " +
    "trinity true turner victor walker wall ward warren waters west white wild will winter wise wolf wood woods young").split(" ")
);

type Names = {given: Set<string>; surnames: Set<string>};

const LATIN = /^[\p{Script=Latin}'’ .-]+$/u;

function flatten(value: unknown): string[] {
  if (!value) return [];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  if (typeof value === "object") return Object.values(value).flatMap(flatten);
  return [];
}

/** Lower case without accents, so "José" and "Jose" are the same name. */
export function foldName(word: string): string {
  return word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/’/g, "'");
}

let cache: Names | null = null;

/** Given names and surnames (folded), built once from faker's locale definitions and the supplement. */
export function personNames(): Names {
  if (cache) return cache;
  const given = new Set<string>(SUPPLEMENT_GIVEN);
  const surnames = new Set<string>(SUPPLEMENT_SURNAME);
  const locales = faker as unknown as Record<string, {person?: {first_name?: unknown; last_name?: unknown}} | undefined>;
  const add = (set: Set<string>, names: string[]) => {
    for (const name of names) {
      if (!LATIN.test(name)) continue;
      if (!/[\s-]/.test(name)) {
        set.add(foldName(name));
        continue;
      }
      // Multi-word names ("Ana María", "De Angelis") add each word that is itself name-like (not "de", "da").
      for (const part of name.split(/[\s-]+/)) if (part.length >= 2 && !CONNECTOR_WORDS.has(foldName(part)) && !/^(de|da|del|della|dal|di|do|dos|van|von|der|den|le|la|du)$/i.test(part)) set.add(foldName(part));
    }
  };
  for (const locale of LOCALES) {
    const person = locales[locale]?.person;
    if (!person) continue;
    add(given, flatten(person.first_name));
    add(surnames, flatten(person.last_name));
  }
  cache = {given, surnames};
  return cache;
}

const LOOKUPS = resolve(import.meta.dirname, "../../data/snapshot/ons/lookups");
let places: Set<string> | null = null;

/** Quoted or plain CSV line to fields (the ONS lookups have no commas inside names except in quotes). */
function fields(line: string): string[] {
  return line.startsWith('"') ? line.slice(1, -1).split('","') : line.split(",");
}

/**
 * Names of English places in the snapshot's ONS lookups (LSOAs, wards, districts, counties, community safety
 * partnerships, police force areas, regions), folded. Many wards are named after people ("Charles Dickens", "Isaac
 * Newton", "Lawrence Hill"): a value that is exactly such a place name is a place.
 */
export function knownPlaces(): Set<string> {
  if (places) return places;
  places = new Set();
  const read = (file: string, columns: string[]) => {
    const path = join(LOOKUPS, file);
    if (!existsSync(path)) return;
    const text = (file.endsWith(".gz") ? gunzipSync(readFileSync(path)) : readFileSync(path)).toString("utf-8");
    const lines = text.split(/\r?\n/);
    const header = fields(lines[0] ?? "");
    const idx = columns.map((c) => header.indexOf(c)).filter((i) => i >= 0);
    for (const line of lines.slice(1)) {
      if (!line) continue;
      const f = fields(line);
      for (const i of idx) if (f[i]) places!.add(foldName(f[i]!.trim()));
    }
  };
  read("geographr_lookup_lsoa21_ward24_ltla24.csv.gz", ["lsoa21_name", "ward24_name", "ltla24_name"]);
  read("la_all_codes.csv", ["LADNM", "UTLANM", "CAUTHNM", "RGNNM"]);
  read("geographr_lookup_ltla24_csp24_pfa24.csv", ["ltla24_name", "csp24_name", "pfa24_name"]);
  return places;
}
