/**
 * The analyst's words on a chapter page: one slot (introduction, interpretation, implications) of content.json,
 * written by loaders/content/load.ts from content/<area code>/<chapter>.md with its figures filled in at build.
 * EXAMPLE narrative is labelled as such. The HTML was rendered at build by markdown-it with raw HTML refused, so it
 * holds only Markdown's own elements.
 */

export type SlotName = "introduction" | "interpretation" | "implications" | "themes";
export interface ContentDocument {
  chapters: Record<string, Partial<Record<SlotName, {html: string; example: boolean}>> | undefined>;
}

const HEADINGS: Record<SlotName, string | null> = {introduction: null, interpretation: "Interpretation", implications: "Implications", themes: "Themes from what people said"};

/**
 * The slot's element, or an empty string (shows nothing) when the chapter has no text for it. Interpretation and
 * implications carry their own heading; the introduction sits under the page's lede without one.
 */
export function slot(content: ContentDocument, chapter: string, name: SlotName, doc: Document = document): HTMLElement | "" {
  const s = content.chapters[chapter]?.[name];
  if (!s) return "";
  const section = doc.createElement("section");
  section.className = `sna-slot sna-slot--${name}${s.example ? " sna-slot--example" : ""}`;
  section.dataset.slot = name;
  const heading = HEADINGS[name];
  if (heading) {
    const h = doc.createElement("h2");
    h.textContent = heading;
    section.append(h);
  }
  if (s.example) {
    const label = doc.createElement("p");
    label.className = "sna-slot__label note";
    label.setAttribute("role", "note");
    // Framework's callout shows this attribute as its title (instead of "Note").
    label.setAttribute("label", "EXAMPLE");
    const strong = doc.createElement("strong");
    strong.textContent = "EXAMPLE narrative.";
    label.append(strong, " Written to show how an analyst's words sit beside the figures (which are real and refreshed at every build); it is not the partnership's assessment.");
    section.append(label);
  }
  const body = doc.createElement("template");
  body.innerHTML = s.html;
  section.append(body.content);
  return section;
}
