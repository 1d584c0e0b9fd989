/**
 * The Range header of a request (RFC 9110 §14), read as the static server answers it. Only one byte range is served:
 * DuckDB-WASM asks for one at a time. Outcomes:
 * - `ignore`: serve the whole file (200): no `=`, a unit other than bytes (the RFC says to ignore those), or several
 *   ranges (allowed: "a server MAY ignore the Range header");
 * - `unsatisfiable`: 416 with a Content-Range of `bytes *` and the size: every range is malformed, backwards (`100-50`) or starts
 *   past the end;
 * - `range`: 206 with `start`–`end` (inclusive), clipped to the file.
 */
export type RangeAnswer = {kind: "ignore"} | {kind: "unsatisfiable"} | {kind: "range"; start: number; end: number};

const DIGITS = /^\d+$/;

/** One range-spec against a file of `size` bytes; null when it is malformed or cannot be satisfied. */
function oneRange(spec: string, size: number): {start: number; end: number} | null {
  const dash = spec.indexOf("-");
  if (dash < 0) return null;
  const first = spec.slice(0, dash).trim();
  const last = spec.slice(dash + 1).trim();
  if (first === "") {
    // A suffix range: the last `last` bytes.
    if (!DIGITS.test(last)) return null;
    const n = Number(last);
    if (n === 0 || size === 0) return null;
    return {start: Math.max(0, size - n), end: size - 1};
  }
  if (!DIGITS.test(first) || (last !== "" && !DIGITS.test(last))) return null;
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || (last !== "" && Number(last) < start)) return null;
  return {start, end};
}

export function parseRange(header: string, size: number): RangeAnswer {
  const eq = header.indexOf("=");
  if (eq < 0) return {kind: "ignore"};
  if (header.slice(0, eq).trim().toLowerCase() !== "bytes") return {kind: "ignore"};
  const specs = header.slice(eq + 1).split(",").map((s) => s.trim()).filter((s) => s !== "");
  const ranges = specs.map((s) => oneRange(s, size));
  if (!ranges.some((r) => r !== null)) return {kind: "unsatisfiable"};
  if (specs.length > 1) return {kind: "ignore"};
  const [range] = ranges as [{start: number; end: number}];
  return {kind: "range", ...range};
}
