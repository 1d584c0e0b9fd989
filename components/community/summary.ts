/**
 * The Community voice chapter's summary of the consultation log (guidance section 5.4): how many activities, people
 * heard, groups reached and partners. No imports: pages load this in the browser.
 */

export interface LogRow {
  group_heard: string;
  partner: string;
  participants: number | null;
  example: boolean;
}

export interface LogSummary {
  activities: number;
  /** People who took part, summed over the activities that recorded a number. */
  people: number;
  /** Activities with no number of participants recorded. */
  uncounted: number;
  /** Distinct groups heard (compared ignoring case and spacing). */
  groups: number;
  /** Distinct partners that ran an activity. */
  partners: number;
  examples: number;
}

const key = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ");

export function logSummary(rows: readonly LogRow[]): LogSummary {
  return {
    activities: rows.length,
    people: rows.reduce((s, r) => s + (r.participants ?? 0), 0),
    uncounted: rows.filter((r) => r.participants === null).length,
    groups: new Set(rows.map((r) => key(r.group_heard))).size,
    partners: new Set(rows.map((r) => key(r.partner))).size,
    examples: rows.filter((r) => r.example).length
  };
}

/** "2025-03-12" → "12 Mar 2025"; "2025-04" → "Apr 2025"; with an end, "Apr 2025 to Jun 2025". */
export function formatWhen(start: string, end: string | null): string {
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const one = (d: string) => {
    const [y, m, day] = d.split("-");
    return `${day ? `${Number(day)} ` : ""}${MONTHS[Number(m) - 1] ?? m} ${y}`;
  };
  return end && end !== start ? `${one(start)} to ${one(end)}` : one(start);
}
