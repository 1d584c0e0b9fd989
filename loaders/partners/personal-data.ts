/**
 * Detectors for personal data in partner extracts and in the built site. They return the kind of personal data
 * found, never the value. Used by the partner validator (refuse the file) and by the disclosure audit (refuse the
 * build).
 */
import {COMMON_WORDS, CONNECTOR_WORDS, foldName, knownPlaces, ORGANISATION_WORDS, personNames, PLACE_WORDS} from "./person-names.ts";

export type PersonalDataKind = "name" | "date-of-birth" | "nhs-number" | "identifier" | "postcode" | "address" | "phone" | "email" | "free-text" | "exact-age";

export const PERSONAL_DATA_LABEL: Record<PersonalDataKind, string> = {
  name: "people's names",
  "date-of-birth": "dates of birth",
  "nhs-number": "NHS numbers",
  identifier: "personal identifiers (case, patient, pupil or crime reference numbers)",
  postcode: "full postcodes",
  address: "addresses",
  phone: "phone numbers",
  email: "email addresses",
  "free-text": "free text",
  "exact-age": "exact ages (supply age bands)"
};

/** NHS number check digit (modulus 11): weights 10..2 over the first nine digits; 11 → 0; 10 is never valid. */
export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits) || /^(\d)\1{9}$/.test(digits)) return false;
  let total = 0;
  for (let i = 0; i < 9; i++) total += Number(digits[i]) * (10 - i);
  const check = 11 - (total % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === Number(digits[9]);
}

// 10 digits, optionally 3-3-4 with spaces, hyphens or dots, not part of a longer number or code. Excel writes a number
// column as "9434765919.0", so a decimal part of zeros is allowed; any other decimal is not an NHS number.
const NHS_RE = /(?<![\w.])(\d{3})([ .-]?)(\d{3})\2(\d{4})(?:\.0+)?(?![\w.])/g;
// A full UK postcode: outward code then inward code (digit + two letters), with up to two spaces between (fixed-width
// exports pad "PL4 8AA" to "PL4  8AA"). Districts alone ("PL1") do not match.
const POSTCODE_RE = /(?<![A-Za-z0-9])(GIR {0,2}0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? {0,2}\d[ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])/;
// UK numbers: +44 or 0, then 9–10 digits in the usual groupings (mobiles 07…, geographic 01/02, 03, 08).
const PHONE_RE = /(?<![\w.+])(?:\+44\s?\(?0?\)?\s?|0)(?:7\d{3}|1\d{2,4}|2\d|3\d{2}|8\d{2})[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w.])/;

/** A cell longer than this is refused as free text before any pattern runs on it (no category or label is this long). */
export const MAX_CELL_CHARS = 4000;

const isLocalChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
const isDomainChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 45;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * An email address anywhere in the text, found from each "@" outwards rather than with a regular expression: a
 * pattern such as `[\w.]+@[\w-]+(\.[\w-]+)*\.[a-z]{2,}` backtracks quadratically on a long cell without "@". Each
 * character is visited a bounded number of times (the scan on either side stops at the neighbouring "@").
 */
export function hasEmail(text: string): boolean {
  for (let at = text.indexOf("@"); at !== -1; at = text.indexOf("@", at + 1)) {
    if (at === 0 || !isLocalChar(text.charCodeAt(at - 1))) continue;
    let end = at + 1;
    while (end < text.length && isDomainChar(text.charCodeAt(end))) end++;
    // The domain: at least one dot, then a top-level part of two or more letters (trailing dots are punctuation).
    let domainEnd = end;
    while (domainEnd > at + 1 && text.charCodeAt(domainEnd - 1) === 46) domainEnd--;
    // Searched within the domain only: lastIndexOf would run back past this "@" to the start of the text.
    let lastDot = domainEnd - 1;
    while (lastDot > at + 1 && text.charCodeAt(lastDot) !== 46) lastDot--;
    if (lastDot <= at + 1 || domainEnd - lastDot - 1 < 2) continue;
    let tld = true;
    for (let i = lastDot + 1; i < domainEnd; i++) if (!isLetter(text.charCodeAt(i))) tld = false;
    if (tld && text.charCodeAt(at + 1) !== 46) return true;
  }
  return false;
}

/** Personal data that a single value carries on its own, whatever its column (names are checked separately). */
export function valuePersonalData(value: string): PersonalDataKind | null {
  if (value.length < 6) return null;
  if (hasEmail(value)) return "email";
  for (const m of value.matchAll(NHS_RE)) if (isValidNhsNumber(`${m[1]}${m[3]}${m[4]}`)) return "nhs-number";
  if (POSTCODE_RE.test(value.toUpperCase())) return "postcode";
  if (PHONE_RE.test(value)) return "phone";
  return null;
}

// ---------------------------------------------------------------- people's names

const TITLES = new Set(["mr", "mrs", "ms", "miss", "mx", "dr", "mstr", "sir", "dame", "prof", "rev", "revd"]);
const INITIALS = /^(?:\p{Lu}\.){1,3}$|^\p{Lu}$/u;
/** A capitalised word: "Smith", "O'Brien", "McDonald", "Smith-Jones", "José"; or all capitals: "SMITH". */
const CAPITALISED = /^\p{Lu}[\p{L}'’-]{0,40}$/u;
const HAS_LOWER = /\p{Ll}/u;
const MAX_NAME_TOKEN = 40;

interface Token {
  /** The word with surrounding punctuation and a possessive "'s" removed. */
  word: string;
  /** Folded (lower case, no accents) for the name lists. */
  key: string;
  /** A comma, full stop or other punctuation follows: a name does not run on past it. */
  stop: boolean;
  comma: boolean;
  /** Ends in "'s": followed by another word it names a place or business ("Chandler's Ford", "Jack Straw's Castle"). */
  possessive: boolean;
}

function tokenise(text: string): Token[] {
  const out: Token[] = [];
  for (const raw of text.split(/\s+/)) {
    if (!raw) continue;
    // Too long for a name: kept as a word that matches nothing, without running patterns over it.
    if (raw.length > MAX_NAME_TOKEN + 8) {
      out.push({word: "", key: "", stop: true, comma: false, possessive: false});
      continue;
    }
    const word = raw.replace(/^[("'‘“[]+/, "").replace(/[)"'’”\],;:!?]+$/, "");
    const trail = raw.slice(raw.indexOf(word) + word.length);
    const bare = word.replace(/['’]s$/, "");
    const cleaned = /\.$/.test(bare) && !INITIALS.test(bare) ? bare.slice(0, -1) : bare;
    out.push({word: cleaned, key: foldName(cleaned), stop: /[,;:!?)]/.test(trail) || (cleaned !== bare && !INITIALS.test(bare)), comma: trail.startsWith(","), possessive: bare !== word});
  }
  return out;
}

// Compared in lower case with accents kept: the Turkish name "İnç" must not read as "Inc".
const lower = (t: Token): string => t.word.toLowerCase();
const blocked = (t: Token | undefined): boolean => !!t && (ORGANISATION_WORDS.has(lower(t)) || PLACE_WORDS.has(lower(t)) || CONNECTOR_WORDS.has(lower(t)));
const isInitial = (t: Token | undefined): boolean => !!t && INITIALS.test(t.word);
const isWord = (t: Token | undefined): boolean => !!t && t.word.length >= 2 && t.word.length <= MAX_NAME_TOKEN && CAPITALISED.test(t.word) && !blocked(t);
const isCaps = (t: Token | undefined): boolean => isWord(t) && !HAS_LOWER.test(t!.word);

function nameSets() {
  const {given, surnames} = personNames();
  // Hyphenated names count when every part is a name ("Mary-Jane", "Smith-Jones"); O'/Mc/Mac mark a surname.
  const parts = (t: Token, set: Set<string>) => t.key.includes("-") && t.key.split("-").every((p) => set.has(p) || given.has(p) || surnames.has(p));
  const isGiven = (t: Token | undefined) => isWord(t) && (given.has(t!.key) || parts(t!, given));
  const isSurname = (t: Token | undefined) => isWord(t) && (surnames.has(t!.key) || parts(t!, surnames) || /^(?:O['’]|Mc|Mac)\p{Lu}\p{Ll}/u.test(t!.word));
  return {isGiven, isSurname};
}

/** What follows a name-shaped run: an organisation or place word turns it into one ("Mary Seacole House"). */
const endsName = (next: Token | undefined): boolean => !next || !(ORGANISATION_WORDS.has(lower(next)) || PLACE_WORDS.has(lower(next)));
const allCommon = (ts: Token[]): boolean => ts.every((t) => COMMON_WORDS.has(t.key));

/**
 * Finds a person's name in a value or in running text, by its shape and the name lists:
 *   "Mrs A Jones", "Dr Patel"                      a title and a name
 *   "SMITH, John", "Smith, J."                     surname first with a comma
 *   "J. Smith", "A Khan", "Smith J"                initials and a surname
 *   "John Smith", "Aisha Begum", "Mary Ann Jones"  given name(s) then a surname or given name
 * and not when an organisation, place or joining word is part of it or follows it ("St Luke's Hospice", "Drake
 * Youth Club", "Moor View", "St Peter and the Waterfront"), nor when every word of it is also a common English word
 * ("Grace Hope", "Rose Hill"). Single words ("Drake", "Compton") are never taken for a name: too many places are
 * named after people. A value or run that is the name of an English place or part of one written out in the text
 * (`places`, from the snapshot's ONS lookups: "Charles Dickens" and "Lawrence Hill" are wards; "Weston Green" in
 * "Hinchley Wood and Weston Green") is a place.
 */
export function findPersonName(text: string, places: ReadonlySet<string> = knownPlaces()): boolean {
  if (text.length < 3) return false;
  if (places.has(foldName(text.trim()))) return false;
  const ts = tokenise(text);
  // A candidate run ts[i..j) is a name unless a word before its end is possessive and followed by more of it, or the
  // run (or it with the next word) is the name of an English place.
  const accept = (i: number, j: number): boolean => {
    for (let k = i; k < j; k++) if (ts[k]!.possessive && (k < j - 1 || (ts[k + 1] && !ts[k]!.stop && /^\p{Lu}/u.test(ts[k + 1]!.word)))) return false;
    // Inside the name of an English place written in the text ("Elmbridge 009A, Hinchley Wood and Weston Green":
    // "Weston Green" is part of a ward's name), up to five words before the run and two after it.
    for (let a = Math.max(0, i - 5); a <= i; a++) {
      for (let b = j; b <= Math.min(ts.length, j + 2); b++) if (places.has(foldName(ts.slice(a, b).map((t) => t.word).join(" ")))) return false;
    }
    return true;
  };
  const {isGiven, isSurname} = nameSets();
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    const prev = ts[i - 1];
    if (prev && (prev.key === "st" || prev.key === "saint" || prev.key === "st.")) continue;
    // Title + name.
    if (TITLES.has(t.key.replace(/\.$/, "")) && !t.stop) {
      const next = ts[i + 1];
      if ((isWord(next) || isInitial(next)) && (isWord(next) ? endsName(ts[i + 2]) && accept(i, i + 2) : isWord(ts[i + 2]) && endsName(ts[i + 3]) && accept(i, i + 3))) return true;
    }
    // SURNAME, Given (capitals, or a listed surname or given name).
    if (t.comma && isWord(t)) {
      const next = ts[i + 1];
      // "UK, June 2020" is not "SMITH, John": a given name that is also a common word needs a listed surname.
      if ((isCaps(t) && (isSurname(t) || (isGiven(next) && !COMMON_WORDS.has(next!.key))) && (isWord(next) || isInitial(next))) || (isSurname(t) && (isGiven(next) || isInitial(next)) && !allCommon([t, next!]))) {
        if ((endsName(ts[i + 2]) || next!.stop) && accept(i, i + 2)) return true;
      }
    }
    // Initials + surname ("J. Smith", "A Khan", "J.K. Rowling"); a bare capital before a common word is a sentence.
    if (isInitial(t) && t.word !== "I" && !t.stop) {
      let j = i + 1;
      while (j < i + 3 && isInitial(ts[j]) && !ts[j]!.stop) j++;
      const s = ts[j];
      const dotted = ts.slice(i, j).some((x) => x.word.endsWith("."));
      if (isSurname(s) && endsName(ts[j + 1]) && (dotted || !COMMON_WORDS.has(s!.key)) && (j - i > 1 || dotted || t.word !== "A" || !COMMON_WORDS.has(s!.key)) && accept(i, j + 1)) return true;
    }
    // Surname + initials ("Smith J", "SMITH JA"), at the end of a value or before punctuation.
    if (isSurname(t) && !t.stop && isInitial(ts[i + 1]) && (i + 2 === ts.length || ts[i + 1]!.stop) && !COMMON_WORDS.has(t.key) && accept(i, i + 2)) return true;
    // Given [middle] surname.
    if (isGiven(t) && !t.stop) {
      for (let len = 2; len <= 3; len++) {
        const run = ts.slice(i, i + len);
        if (run.length < len) break;
        const last = run[len - 1]!;
        const middle = run.slice(1, len - 1);
        if (middle.some((m) => m.stop || !(isGiven(m) || isSurname(m) || isInitial(m)))) break;
        if ((isSurname(last) || isGiven(last)) && endsName(ts[i + len]) && !allCommon(run.filter((x) => !isInitial(x))) && accept(i, i + len)) return true;
      }
    }
  }
  return false;
}

/** A value that looks like a person's name ("John Smith", "Mrs A Jones", "SMITH, John", "A Khan"). */
export function looksLikePersonName(value: string): boolean {
  const v = value.trim();
  if (findPersonName(v)) return true;
  // A whole value in lower case ("john smith"): capitalised and checked the same way.
  return v.length <= 60 && /^[\p{Ll}'’-]+(?: [\p{Ll}'’-]+){1,2}$/u.test(v) && findPersonName(v.replace(/(^|[ -])(\p{Ll})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase()));
}

/**
 * A file or sheet name that holds a person's name ("john_smith_referrals.csv", "SMITH-J.xlsx"), whatever its case:
 * separators become spaces and each word is capitalised before the name check.
 */
export function namePersonalData(name: string): PersonalDataKind | null {
  const base = name.replace(/\.(csv|tsv|txt|xlsx)$/i, "").slice(0, 255);
  const kind = valuePersonalData(base) ?? valuePersonalData(base.replace(/[_]+/g, " "));
  if (kind) return kind;
  const words = base.split(/[\s_.\/\\-]+/).filter(Boolean);
  const title = words.map((w) => (/^\p{Lu}+$/u.test(w) && w.length <= 3 ? w : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())).join(" ");
  // File names often put the surname first without a comma ("SMITH-JOHN"): read backwards too.
  const reversed = title.split(" ").reverse().join(" ");
  return findPersonName(words.join(" ")) || findPersonName(title) || findPersonName(reversed) ? "name" : null;
}

/** Free text: a value long enough to be a sentence about someone rather than a category. */
export function looksLikeFreeText(value: string, maxWords = 8): boolean {
  const words = value.trim().split(/\s+/).filter(Boolean).length;
  return words > maxWords || value.length > Math.max(80, maxWords * 12);
}

/** Lower-case, punctuation to spaces, bracketed units removed: "Date of Birth (DD/MM/YYYY)" → "date of birth". */
export function normaliseHeader(header: string): string {
  // A header is short: the cut keeps the bracket pattern below linear on a hostile multi-kilobyte cell.
  return header
    .slice(0, 500)
    .replace(/^\uFEFF/, "")
    .replace(/\([^)]*\)|\[[^\]]*\]/g, " ")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

const HEADER_RULES: [PersonalDataKind, RegExp][] = [
  ["date-of-birth", /\b(dob|d o b|date of birth|dateofbirth|birth ?(date|dt|day|d)?|birthday|born|\w*dob)\b/],
  ["nhs-number", /\b(nhs|chi)( ?(no|num|number|id))?\b/],
  ["identifier", /\b(hospital|patient|client|pupil|person|nominal|mrn|upn|pnc|crn|case|crime|incident|custody|ref(erence)?) ?(no|num|number|id|ref|reference)\b|\b(upn|uln|pnc id|mrn|unique pupil number)\b/],
  ["name", /\b(first|fore|sur|last|family|given|middle|full|patient|client|person|victim|suspect|offender|pupil|child|student|parent|carer) ?names?\b|\b(forename|surname|names?)\b/],
  ["address", /\b(address|street|house (number|name)|addr)\b/],
  ["postcode", /\b(home|full|residence|patient|victim)? ?post ?code\b(?! (district|sector|area))/],
  ["phone", /\b(phone|telephone|mobile|tel|contact number)\b/],
  ["email", /\be ?mail\b/],
  ["exact-age", /^(age|age at attendance|age years|age in years)$/],
  ["free-text", /\b(notes?|comments?|description|narrative|free ?text|details|circumstances|remarks|summary|history|account)\b/]
];

/** The kind of personal data a column header announces, for headers that are not a known column of the dataset. */
export function headerPersonalData(header: string): PersonalDataKind | null {
  const text = header.slice(0, 200);
  // "PatientDOB", "DateOfBirth", "BirthDt": camel case split into words as well as read whole.
  const forms = [normaliseHeader(text), normaliseHeader(text.replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2").replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, "$1 $2"))];
  for (const h of forms) {
    if (!h) continue;
    for (const [kind, re] of HEADER_RULES) if (re.test(h)) return kind;
  }
  return valuePersonalData(text) ?? (looksLikePersonName(text) ? "name" : null);
}

/** How many full dates a column needs before its spread is judged. */
const BIRTH_DATE_MIN = 3;

/**
 * Watches one column for dates of birth whatever its header (or with none): full dates (not months: a column whose
 * dates are nearly all the 1st is a month column) of which at least half lie more than `years` before the file was
 * received, across more than one year. Event dates in an extract are recent; the dates of birth of a group of people
 * spread over decades.
 */
export class BirthDateColumn {
  private dates = 0;
  private old = 0;
  private firstOfMonth = 0;
  private readonly oldYears = new Set<string>();
  private firstOldRow: number | null = null;

  constructor(
    /** ISO date: dates before it count as old (the received date less ten years). */
    private readonly before: string
  ) {}

  observe(iso: string, row: number): void {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || iso < "1900-01-01") return;
    this.dates++;
    if (iso.endsWith("-01")) this.firstOfMonth++;
    if (iso < this.before) {
      this.old++;
      this.oldYears.add(iso.slice(0, 4));
      this.firstOldRow ??= row;
    }
  }

  /** The row of the first old date when the column looks like dates of birth, else null. */
  verdict(): number | null {
    if (this.dates < BIRTH_DATE_MIN || this.old * 2 < this.dates || this.oldYears.size < 2) return null;
    if (this.firstOfMonth >= this.dates * 0.9) return null;
    return this.firstOldRow;
  }
}

const DATE_SHAPE = /^(?:\d{4}-\d{1,2}-\d{1,2}(?:[T ][\d:.]+Z?)?|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}[- ][A-Za-z]{3,9}[- ,]+\d{2,4}|\d{8})$/;

/** A cell's full calendar date (ISO) when it is a date or written as one; numbers are not read as Excel dates here. */
export function cellFullDate(cell: unknown, parse: (text: string) => unknown): string | null {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell.toISOString().slice(0, 10);
  if (typeof cell !== "string") return null;
  const text = cell.trim();
  if (text.length > 30 || !DATE_SHAPE.test(text)) return null;
  const iso = parse(text);
  return typeof iso === "string" ? iso : null;
}
