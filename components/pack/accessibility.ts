/**
 * The variable parts of the accessibility statement (src/accessibility.md): who runs the site, how to reach them and
 * the statement's dates, from the prepared publication.json (loaders/pack/publication.ts). Plain data in, plain text
 * out, so the page only places it.
 */

export interface StatementContact {
  /** Who answers: the configured team, else the partnership's lead organisation. */
  who: string;
  /** Ways to ask, as label and value: [["Email", "…"], ["Telephone", "…"], ["Web", "https://…"]]. */
  ways: [label: string, value: string][];
  /** Set when no contact is configured: the sentence the statement shows instead. */
  missing: string | null;
}

export interface PublicationLike {
  partnership: string;
  leadOrganisation: string | null;
  accessibility: {
    contact: {organisation: string; email: string | null; phone: string | null; url: string | null} | null;
    missing: string | null;
    reviewed: string;
  };
}

export function statementContact(pub: PublicationLike): StatementContact {
  const c = pub.accessibility.contact;
  if (!c) return {who: pub.leadOrganisation ?? pub.partnership, ways: [], missing: pub.accessibility.missing};
  const ways: [string, string][] = [];
  if (c.email) ways.push(["Email", c.email]);
  if (c.phone) ways.push(["Telephone", c.phone]);
  if (c.url) ways.push(["Web", c.url]);
  return {who: c.organisation, ways, missing: null};
}

/** "6 December 2026" from "2026-12-06" (the statement's dates, as the model statement writes them). */
export function longDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`expected a date "YYYY-MM-DD", got ${JSON.stringify(iso)}`);
  const names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  return `${Number(m[3])} ${names[Number(m[2]) - 1]} ${m[1]}`;
}
