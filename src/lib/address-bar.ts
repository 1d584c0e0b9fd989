/**
 * The address bar's query string, kept in step with the reader's selection (README "Live chapters": a shared link
 * reopens the same view).
 */

/**
 * Puts `search` ("" or "?…") in the address bar in place of the current query, keeping the path and the hash. A page
 * opening on the default (or on a link's own selection) leaves the History API alone: a `replaceState` on every load
 * cost a chapter about 14 ms of its ready time (a CPU profile of Benchmarking's warm reload).
 */
export function replaceSearch(search: string): void {
  if (search === location.search) return;
  history.replaceState(history.state, "", `${location.pathname}${search}${location.hash}`);
}
