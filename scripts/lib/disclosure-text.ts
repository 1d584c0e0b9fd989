/**
 * The text side of the disclosure audit (scripts/lib/disclosure-audit.ts): the visible text of a page, and the
 * personal data a value or a line of text holds, people's names included.
 *
 * The rule for names: every text the site publishes is checked the same way, data files (partner-derived or open
 * data) cell by cell and pages line by line, with the detector the partner loader uses
 * (loaders/partners/personal-data.ts). The only people the site may name are the authors it cites for its methods;
 * they are listed once, in CITED_AUTHORS, and a name found in the text is allowed only when it is one of them.
 * Everything here is linear in the length of the text: a hostile multi-megabyte line is read once.
 */
import {looksLikePersonName, valuePersonalData, type PersonalDataKind} from "../../loaders/partners/personal-data.ts";

/**
 * Cited authors, written exactly as a page cites them, that would otherwise read as a person's name. The site cites
 * methods by surname alone ("Byar's method", "Wilson score", "Dobson et al. 1991", "Breslow and Day"), which the
 * check never takes for a name, so only the forms with initials are listed. Add a citation here, in full, when a page
 * cites an author that way; a bare surname is never listed, so "Sarah Wilson" in partner data still fails.
 */
export const CITED_AUTHORS: readonly string[] = ["D. J. Spiegelhalter", "E. B. Wilson", "A. J. Dobson", "D. P. Byar", "N. E. Breslow", "N. E. Day"];

const CACHE_LIMIT = 200_000;

const ENTITIES: Record<string, string> = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&#64;": "@", "&commat;": "@", "&quot;": '"', "&#39;": "'", "&apos;": "'", "&rsquo;": "’"};

/**
 * Visible text of a page: scripts, styles and tags removed, common entities decoded. A scanner rather than regular
 * expressions: `<[^>]+>` or `<script[\s\S]*?</script>` rescan the rest of the page from every unclosed "<", which is
 * quadratic on a long line of them.
 */
export function pageText(html: string): string {
  const lower = html.toLowerCase();
  const out: string[] = [];
  let i = 0;
  while (i < html.length) {
    let lt = html.indexOf("<", i);
    // As a browser reads it, "<" starts a tag only before a letter, "/", "!" or "?"; otherwise it is text.
    while (lt !== -1 && !/[A-Za-z/!?]/.test(html.charAt(lt + 1))) lt = html.indexOf("<", lt + 1);
    if (lt === -1) {
      out.push(html.slice(i));
      break;
    }
    out.push(html.slice(i, lt));
    const raw = lower.startsWith("<script", lt) ? "</script" : lower.startsWith("<style", lt) ? "</style" : null;
    const from = raw ? lower.indexOf(raw, lt) : lt;
    const gt = from === -1 ? -1 : html.indexOf(">", from);
    if (gt === -1) {
      // An unclosed tag: the rest is text as the browser would show it (an unclosed script shows nothing).
      if (!raw) out.push(html.slice(lt + 1));
      break;
    }
    out.push(" ");
    i = gt + 1;
  }
  return out.join("").replace(/&(?:nbsp|amp|lt|gt|#64|commat|quot|#39|apos|rsquo);/g, (e) => ENTITIES[e] ?? e);
}

/**
 * Every pattern needs a letter (names, postcodes), an "@" or nine digits (NHS and phone numbers): counts, rates,
 * dates and numeric codes, most of a site's values, skip them all.
 */
function worthChecking(text: string): boolean {
  if (/[A-Za-z@\u00C0-\uFFFF]/.test(text)) return true;
  let digits = 0;
  for (let i = 0; i < text.length && digits < 9; i++) if (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) digits++;
  return digits >= 9;
}

/** Removes the cited authors' citations so that what remains can be checked. */
function withoutCitedAuthors(text: string): string {
  let rest = text;
  for (const author of CITED_AUTHORS) if (rest.includes(author)) rest = rest.split(author).join(" · ");
  return rest;
}

/**
 * Checks values and lines for personal data, with the audit's allowed strings (e.g. the team's published address)
 * taken out first. Results are cached per distinct value: a table repeats its categories on every row.
 */
export class TextChecker {
  private readonly cache = new Map<string, PersonalDataKind | null>();

  constructor(private readonly allow: ReadonlySet<string> = new Set()) {}

  private strip(text: string): string {
    let rest = text;
    for (const a of this.allow) if (rest.includes(a)) rest = rest.split(a).join(" ");
    return rest;
  }

  /** The kind of personal data in a value or line of text, or null. */
  check(text: string): PersonalDataKind | null {
    if (text.length < 3 || this.allow.has(text.trim()) || !worthChecking(text)) return null;
    const cached = this.cache.get(text);
    if (cached !== undefined) return cached;
    const rest = this.strip(text);
    const kind = valuePersonalData(rest) ?? (looksLikePersonName(withoutCitedAuthors(rest)) ? "name" : null);
    if (this.cache.size < CACHE_LIMIT && text.length < 200) this.cache.set(text, kind);
    return kind;
  }
}
