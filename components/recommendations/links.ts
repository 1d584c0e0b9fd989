/**
 * The links between findings, evidence and recommendations, shared by the pages (Overview, Risk factors,
 * Recommendations) and the prepare step, so that an anchor written on one page is the one another page links to.
 * Plain functions, no imports: pages load this module in the browser.
 */

/** The element id of a finding on its page ("risk:90813" → "finding-risk-90813"). */
export function findingAnchor(id: string): string {
  return `finding-${id.replace(/[^A-Za-z0-9_-]+/g, "-")}`;
}

/** The element id of a recommendation on the Recommendations page. */
export const recommendationAnchor = (id: string): string => `rec-${id}`;

/** The element id of a measure's row in the monitoring table. */
export const measureAnchor = (id: string): string => `measure-${id.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-|-$/g, "").toLowerCase()}`;

/** The indicator a risk-factor finding is about ("risk:90813" → "90813"), or null for another finding. */
export const indicatorOf = (findingId: string): string | null => (findingId.startsWith("risk:") ? findingId.slice("risk:".length) : null);

/** Where a finding is shown: risk factors on their chapter, the others on the Overview (relative to a top-level page). */
export function findingHref(id: string): string {
  return `${indicatorOf(id) === null ? "./" : "./risk-factors"}#${findingAnchor(id)}`;
}

/** The items of a "; "-separated cell. */
export const listOf = (cell: string | null | undefined): string[] => (cell ?? "").split(";").map((s) => s.trim()).filter(Boolean);

/**
 * The evidence entries rated for a finding: those whose `addresses` name its indicator (a risk-factor finding) or the
 * finding's own id. The Evidence chapter opens filtered to that risk factor at `href`.
 */
export function evidenceFor<E extends {id: string; addresses: string | null}>(findingId: string, entries: readonly E[]): {entries: E[]; href: string | null} {
  const key = indicatorOf(findingId) ?? findingId;
  const found = entries.filter((e) => listOf(e.addresses).includes(key));
  return {entries: found, href: found.length ? `./evidence?risk=${encodeURIComponent(key)}` : null};
}

/** The recommendations that cite a finding (in their `findings` cell), each with the link to it. */
export function recommendationsFor<R extends {id: string; findings: string | null}>(findingId: string, recs: readonly R[]): {rec: R; href: string}[] {
  return recs.filter((r) => listOf(r.findings).includes(findingId)).map((rec) => ({rec, href: `./recommendations#${recommendationAnchor(rec.id)}`}));
}

/**
 * What follows a finding on the Overview and the Risk factors chapter: "→ approaches rated for it (N)" to the Evidence
 * chapter filtered to it, and "→ recommendations citing it: <id>, …" to each one. Nothing (an empty string) when
 * neither exists.
 */
export function findingFollowUp(
  doc: Document,
  findingId: string,
  evidence: readonly {id: string; addresses: string | null}[],
  recs: readonly {id: string; recommendation: string; findings: string | null; example: boolean}[]
): HTMLElement | "" {
  const ev = evidenceFor(findingId, evidence);
  const cited = recommendationsFor(findingId, recs);
  if (!ev.href && !cited.length) return "";
  const span = doc.createElement("span");
  span.className = "finding-links small";
  // On a line of its own under the finding's sentence.
  span.style.display = "block";
  const link = (href: string, text: string) => Object.assign(doc.createElement("a"), {href, textContent: text});
  if (ev.href) {
    const a = link(ev.href, `→ approaches rated for it (${ev.entries.length})`);
    a.className = "finding-evidence-link";
    span.append(a);
  }
  if (cited.length) {
    span.append(`${ev.href ? " " : ""}→ recommendation${cited.length === 1 ? "" : "s"} citing it: `);
    cited.forEach(({rec, href}, i) => {
      const a = link(href, rec.id);
      a.className = "recommendation-link";
      // The name holds the visible id first (WCAG 2.5.3), then what the recommendation is.
      a.setAttribute("aria-label", `${rec.id}: ${rec.recommendation}`);
      span.append(...(i ? [", "] : []), a, ...(rec.example ? [" (EXAMPLE)"] : []));
    });
  }
  return span;
}
