/**
 * What the printed and published forms of the SNA say about themselves: the partnership and its lead organisation,
 * the SNA period, the edition, the snapshot it was built from and the accessibility contact. The prepare step writes
 * it (publication.json); the running footer of every printed page (loaders/pack/print-head.ts), the board pack's cover
 * (scripts/pack.ts) and the accessibility statement (src/accessibility.md) read it, so all three say the same.
 * Pure: the caller passes the configuration, the snapshot manifest's bytes, the window and the day.
 */
import {createHash} from "node:crypto";
import {formatPeriod} from "../../components/format/month.ts";
import type {SnaConfig} from "../config/schema.ts";

export interface Publication {
  partnership: string;
  area: {code: string; name: string};
  /** The organisation that leads the assessment: its role says "lead", else the first listed; null when none is. */
  leadOrganisation: string | null;
  /** "2025 edition" (configuration `pack.edition`, else the build's `edition.name`, else from the year the window ends). */
  edition: string;
  snaPeriod: {start: string; end: string; label: string};
  /** The first 12 hex digits of the SHA-256 of data/snapshot/manifest.json: the same snapshot gives the same id. */
  snapshotId: string;
  /** The day the tables were prepared ("YYYY-MM-DD"). */
  preparedOn: string;
  accessibility: {
    contact: {organisation: string; email: string | null; phone: string | null; url: string | null} | null;
    /** Set when the configuration has no contact: what the statement says instead and how to fix it. */
    missing: string | null;
    reviewed: string;
  };
  /** Chapters the configuration chose for the board pack (page names), or null for the default. */
  packChapters: string[] | null;
}

/** The organisation whose role names it the lead ("Local authority (lead for the needs assessment)"), else the first. */
export function leadOrganisation(organisations: readonly {name: string; role: string}[]): string | null {
  return (organisations.find((o) => /\blead\b/i.test(o.role)) ?? organisations[0])?.name ?? null;
}

export function snapshotId(manifestBytes: string | Uint8Array): string {
  return createHash("sha256").update(manifestBytes).digest("hex").slice(0, 12);
}

export function publication(config: SnaConfig, {manifestBytes, window, preparedOn}: {manifestBytes: string | Uint8Array; window: {start: string; end: string}; preparedOn: string}): Publication {
  const lead = leadOrganisation(config.partnership.organisations);
  const a = config.accessibility;
  const fallback = lead ? `the partnership's lead organisation, ${lead}` : `${config.partnership.name}`;
  return {
    partnership: config.partnership.name,
    area: {code: config.area.code, name: config.area.name},
    leadOrganisation: lead,
    edition: config.pack.edition ?? config.edition.name ?? `${window.end.slice(0, 4)} edition`,
    snaPeriod: {start: window.start, end: window.end, label: formatPeriod(window.start, window.end)},
    snapshotId: snapshotId(manifestBytes),
    preparedOn,
    accessibility: {
      contact: a ? {organisation: a.organisation, email: a.email ?? null, phone: a.phone ?? null, url: a.url ?? null} : null,
      missing: a ? null : `No accessibility contact is configured: contact ${fallback}. (Analysts: set accessibility: {organisation, email} in the configuration.)`,
      reviewed: a?.reviewed ?? preparedOn
    },
    packChapters: config.pack.chapters ?? null
  };
}

/** The strings the accessibility statement publishes on purpose (a shared mailbox, a switchboard number): the disclosure audit allows exactly these. */
export function publishedContacts(config: SnaConfig): string[] {
  return [config.accessibility?.email, config.accessibility?.phone].filter((s): s is string => !!s);
}
