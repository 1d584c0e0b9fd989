/**
 * Detectors for personal data in partner extracts and in the built site. They return the kind of personal data
 * found, never the value. Used by the partner validator (refuse the file) and by the disclosure audit (refuse the
 * build).
 */

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

// 10 digits, optionally 3-3-4 with spaces or hyphens, not part of a longer number, code or decimal.
const NHS_RE = /(?<![\w.])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\w.])/g;
// A full UK postcode: outward code then inward code (digit + two letters). Districts alone ("PL1") do not match.
const POSTCODE_RE = /(?<![A-Za-z0-9])(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])/;
const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
// UK numbers: +44 or 0, then 9–10 digits in the usual groupings (mobiles 07…, geographic 01/02, 03, 08).
const PHONE_RE = /(?<![\w.+])(?:\+44\s?\(?0?\)?\s?|0)(?:7\d{3}|1\d{2,4}|2\d|3\d{2}|8\d{2})[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w.])/;

/** Personal data that a single value carries on its own, whatever its column. */
export function valuePersonalData(value: string): PersonalDataKind | null {
  if (value.length < 6) return null;
  if (EMAIL_RE.test(value)) return "email";
  for (const m of value.matchAll(NHS_RE)) if (isValidNhsNumber(`${m[1]}${m[2]}${m[3]}`)) return "nhs-number";
  if (POSTCODE_RE.test(value.toUpperCase())) return "postcode";
  if (PHONE_RE.test(value)) return "phone";
  return null;
}

// Common forenames in England and Wales (ONS baby names, all decades): a two- or three-word value starting with one
// of these in a column that is not a known label looks like a person's name.
const FORENAMES = new Set(
  ("james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark paul steven andrew " +
    "kenneth joshua kevin brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin " +
    "scott brandon benjamin samuel gregory alexander patrick frank raymond jack dennis jerry tyler aaron jose adam nathan henry peter " +
    "oliver harry charlie leo noah oscar arthur archie alfie freddie theo lewis liam connor callum kieran jamie dylan ethan mohammed " +
    "muhammad ali ahmed mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley " +
    "kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley " +
    "anna brenda pamela emma nicole helen samantha katherine christine debra rachel carolyn janet catherine maria heather diane ruth julie " +
    "olivia amelia isla ava mia ivy lily sophia grace freya ella poppy evie chloe jade leah megan hannah holly lauren zoe ellie abigail " +
    "jane joanne claire kelly gemma natalie victoria louise jodie kayleigh stacey shannon bethany courtney charlotte jasmine fatima aisha").split(" ")
);
const NAME_RE = /^(?:(?:mr|mrs|ms|miss|dr|mstr)\.?\s+[A-Za-z'-]+(?:\s+[A-Za-z'-]+)?|[A-Z][a-z'-]+\s+(?:[A-Z][a-z'-]+\s+)?[A-Z][A-Za-z'-]+)$/i;

/** A value that looks like a person's name ("John Smith", "Mrs A Jones"). */
export function looksLikePersonName(value: string): boolean {
  const v = value.trim();
  if (!NAME_RE.test(v)) return false;
  const first = v.split(/\s+/)[0]!.toLowerCase().replace(/\.$/, "");
  return ["mr", "mrs", "ms", "miss", "dr", "mstr"].includes(first) || FORENAMES.has(first);
}

/** Free text: a value long enough to be a sentence about someone rather than a category. */
export function looksLikeFreeText(value: string, maxWords = 8): boolean {
  const words = value.trim().split(/\s+/).filter(Boolean).length;
  return words > maxWords || value.length > Math.max(80, maxWords * 12);
}

/** Lower-case, punctuation to spaces, bracketed units removed: "Date of Birth (DD/MM/YYYY)" → "date of birth". */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, "")
    .replace(/\([^)]*\)|\[[^\]]*\]/g, " ")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

const HEADER_RULES: [PersonalDataKind, RegExp][] = [
  ["date-of-birth", /\b(dob|d o b|date of birth|birth ?date|birthday|born)\b/],
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
  const h = normaliseHeader(header);
  if (!h) return null;
  for (const [kind, re] of HEADER_RULES) if (re.test(h)) return kind;
  return null;
}
