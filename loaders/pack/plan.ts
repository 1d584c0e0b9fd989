/**
 * Which pages of the site go into the board pack, and in what order: the chapters the configuration chose (`pack.chapters`,
 * page names as in the site's address, "index" for the Overview), by default every chapter but Explore; then the
 * appendices, always: Methods, Sources (both from Methods and sources) and the Data gaps register.
 */

export interface SitePageRef {
  /** Framework's page name: "Overview". */
  name: string;
  /** The page's path in observablehq.config.ts: "/", "/violence-profile". */
  path: string;
}

export interface PackChapter {
  /** The page name as configured: "index", "violence-profile". */
  id: string;
  /** Its address relative to the site: "" for the Overview. */
  path: string;
  name: string;
}

export interface PackPlan {
  chapters: PackChapter[];
  appendices: {id: "methods" | "sources" | "data-gaps"; letter: string; title: string; page: string}[];
}

/** Pages that are never chapters: the SQL console (nothing to print) and the pages the appendices and statement are. */
export const NOT_CHAPTERS = new Set(["explore", "methods", "data-gaps", "accessibility"]);

export const APPENDICES: PackPlan["appendices"] = [
  {id: "methods", letter: "A", title: "Methods", page: "methods"},
  {id: "sources", letter: "B", title: "Sources", page: "methods"},
  {id: "data-gaps", letter: "C", title: "Data gaps register", page: "data-gaps"}
];

export const pageId = (path: string): string => path.replace(/^\//, "") || "index";

/** The plan for `pages` (the site's, in order) and the configured chapters (null: the default). Throws on a name that is no chapter. */
export function packPlan(pages: readonly SitePageRef[], chosen: readonly string[] | null): PackPlan {
  const all = pages.map((p) => ({id: pageId(p.path), path: p.path.replace(/^\//, ""), name: p.name}));
  const chapters = all.filter((p) => !NOT_CHAPTERS.has(p.id));
  if (!chosen) return {chapters, appendices: APPENDICES};
  const byId = new Map(chapters.map((c) => [c.id, c]));
  const problems = chosen.flatMap((id, i) => {
    if (byId.has(id)) return [];
    const why = NOT_CHAPTERS.has(id) ? `"${id}" cannot be a chapter (${id === "explore" ? "the SQL console has nothing to print" : "it is an appendix or the accessibility statement"})` : `no page "${id}"`;
    return [`pack.chapters.${i}: ${why}; use one of: ${chapters.map((c) => c.id).join(", ")}`];
  });
  if (problems.length) throw new Error(`Invalid board pack configuration:\n  ${problems.join("\n  ")}`);
  return {chapters: chosen.map((id) => byId.get(id)!), appendices: APPENDICES};
}
