/**
 * A live chapter's controls (or Explore's example picker) as a value that changes once per choice, for Framework's `Generators.observe` (in place
 * of `view()`). `view()` yields on every "input" event, and Observable Inputs' select and checkbox send two for one
 * choice: the browser's own, and one they dispatch on "change" (@observablehq/inputs, chooser.js). The chapter then
 * recomputed twice per change, the second run queued behind the first in DuckDB's one worker (measured here: four
 * queries for a change of period instead of two, and a first change after a cold open about 0.45 s slower, 1.9 s
 * against 1.45 s, when the second input reached the page after the first run had begun). Explore's example picker
 * too: each example chosen ran its query twice.
 */
export function distinctValues<T>(element: EventTarget & {value: T}): (notify: (value: T) => void) => () => void {
  return (notify) => {
    let last: string | undefined;
    const changed = () => {
      const key = JSON.stringify(element.value);
      if (key === last) return;
      last = key;
      notify(element.value);
    };
    element.addEventListener("input", changed);
    changed();
    return () => element.removeEventListener("input", changed);
  };
}
