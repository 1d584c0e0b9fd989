/**
 * Page-only helper: a scrolling table (Inputs.table) must be reachable by keyboard (WCAG 2.1.1; axe
 * "scrollable-region-focusable"). Makes the scroll container focusable and names it for screen readers.
 */
export function focusable<T extends HTMLElement>(element: T, label: string): T {
  element.tabIndex = 0;
  element.setAttribute("role", "region");
  element.setAttribute("aria-label", label);
  return element;
}
