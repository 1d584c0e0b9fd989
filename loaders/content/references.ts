/**
 * References to prepared tables in the analyst's text (content/<area>/<chapter>.md): `{{partnership.headline.rate}}`,
 * `{{lsoa_violence[rank=1].ward_name}}`, `{{count(lsoa_violence[imd_decile=1])}}`,
 * `{{sum(area_monthly[crime_type=Robbery].count)|count}}`. Parsed and resolved here, over rows already read, with no
 * file access: loaders/content/load.ts reads the files. A value that is empty is written "no data", or "suppressed"
 * when its row was withheld by disclosure control: never a number, never 0.
 */
import type {ColumnDef} from "../../components/tables/registry.ts";
import {formatCI, formatCount, formatNumber, formatPercent, formatRate, isPresent, NO_DATA, SUPPRESSED} from "../../components/format/number.ts";

/** A table as references see it: a JSON document, or the typed rows of a CSV table with the registry's columns. */
export type RefTable = {kind: "json"; value: unknown} | {kind: "rows"; rows: readonly Record<string, unknown>[]; columns: Readonly<Record<string, ColumnDef>>};

/** Looks a table up by its registry name; undefined when there is none (or it cannot be used in text). */
export interface RefTables {
  get(name: string): RefTable | undefined;
  /** Every name that may be referred to, for "did you mean". */
  names(): readonly string[];
}

export const FORMATS = ["count", "rate", "percent", "ci", "number", "text"] as const;
export type FormatName = (typeof FORMATS)[number];
export const AGGREGATES = ["count", "sum", "min", "max"] as const;
export type Aggregate = (typeof AGGREGATES)[number];

export interface Condition {
  readonly column: string;
  readonly value: string;
}
export interface Segment {
  /** A field name (or an array index); the first segment is the table. */
  readonly name: string;
  /** [column=value,…]: selects the rows of an array (a CSV table or a JSON list of objects). */
  readonly where?: readonly Condition[];
}
export interface Reference {
  readonly source: string;
  readonly aggregate?: Aggregate;
  readonly path: readonly Segment[];
  readonly format?: FormatName;
  readonly digits?: number;
}

/** A reference that cannot be parsed or resolved; the message says why and, where it can, what was meant. */
export class ReferenceError extends Error {}

// ---------------------------------------------------------------- close matches

/** Edit distance (insertions, deletions, substitutions) between two strings: two rows of the usual table. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({length: b.length + 1}, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}

/** Up to `max` candidates close to `word` (case-insensitive), nearest first: a third of its letters may differ. */
export function closeMatches(word: string, candidates: Iterable<string>, max = 3): string[] {
  const w = word.toLowerCase();
  const limit = Math.max(2, Math.floor(w.length / 3));
  const scored: {c: string; d: number}[] = [];
  for (const c of new Set(candidates)) {
    const lc = c.toLowerCase();
    const d = lc.startsWith(w) || w.startsWith(lc) ? Math.min(1, levenshtein(w, lc)) : levenshtein(w, lc);
    if (d <= limit) scored.push({c, d});
  }
  return scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c)).slice(0, max).map((s) => s.c);
}

const didYouMean = (word: string, candidates: Iterable<string>, all?: readonly string[]): string => {
  const close = closeMatches(word, candidates);
  if (close.length) return `; did you mean ${close.join(" or ")}?`;
  return all && all.length <= 12 && all.length > 0 ? `; choose one of ${all.join(", ")}` : "";
};

// ---------------------------------------------------------------- parsing

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$|^\d+$/;

/** Parses the inside of `{{ … }}`. */
export function parseReference(source: string): Reference {
  const fail = (why: string) => {
    throw new ReferenceError(why);
  };
  let body = source.trim();
  let format: FormatName | undefined;
  let digits: number | undefined;
  const bar = body.lastIndexOf("|");
  if (bar !== -1 && !body.slice(bar).includes("]")) {
    const spec = body.slice(bar + 1).trim();
    body = body.slice(0, bar).trim();
    const m = /^([a-z]+)(?::([0-3]))?$/.exec(spec);
    if (!m || !(FORMATS as readonly string[]).includes(m[1]!)) fail(`unknown format "${spec}"${didYouMean(spec.replace(/:.*/, ""), FORMATS, FORMATS)}`);
    format = m![1] as FormatName;
    if (m![2] !== undefined) digits = Number(m![2]);
  }
  let aggregate: Aggregate | undefined;
  const call = /^([a-z]+)\s*\((.*)\)$/s.exec(body);
  if (call) {
    if (!(AGGREGATES as readonly string[]).includes(call[1]!)) fail(`unknown function "${call[1]}"${didYouMean(call[1]!, AGGREGATES, AGGREGATES)}`);
    aggregate = call[1] as Aggregate;
    body = call[2]!.trim();
  }
  if (!body) fail("empty reference: write a table and a column, e.g. {{partnership.headline.rate}}");
  const path: Segment[] = [];
  let i = 0;
  while (i < body.length) {
    let j = i;
    while (j < body.length && body[j] !== "." && body[j] !== "[") j++;
    const name = body.slice(i, j).trim();
    if (!NAME.test(name)) fail(name ? `"${name}" is not a table or column name (letters, digits and _)` : "a name is missing (two dots, or a dot at the start or end)");
    let where: Condition[] | undefined;
    if (body[j] === "[") {
      const close = body.indexOf("]", j);
      if (close === -1) fail(`"[" without "]" after ${name}`);
      where = body
        .slice(j + 1, close)
        .split(",")
        .map((cond) => {
          const eq = cond.indexOf("=");
          const column = cond.slice(0, eq).trim();
          const value = cond.slice(eq + 1).trim().replace(/^"(.*)"$/s, "$1");
          if (eq === -1 || !NAME.test(column) || !value) fail(`"[${cond.trim()}]" is not a condition: write [column=value], e.g. [rank=1]`);
          return {column, value};
        });
      j = close + 1;
    }
    path.push(where ? {name, where} : {name});
    if (j < body.length && body[j] !== ".") fail(`unexpected "${body.slice(j, j + 10)}" after ${name}]`);
    i = j + 1;
    if (j === body.length - 1) fail("a name is missing after the last dot");
  }
  return {source, aggregate, path, format, digits};
}

// ---------------------------------------------------------------- resolving

type Selected =
  | {kind: "one"; value: unknown; row: Record<string, unknown> | null; column?: ColumnDef; field: string}
  /** Several rows; with `field`, that column of each (for an aggregate). */
  | {kind: "many"; rows: Record<string, unknown>[]; field?: string; column?: ColumnDef};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const show = (ref: Reference) => ref.path.map((s) => (s.where ? `${s.name}[${s.where.map((c) => `${c.column}=${c.value}`).join(",")}]` : s.name)).join(".");

/** Compares a cell with the text of a condition: numbers by value, booleans as true/false, text exactly. */
function matches(cell: unknown, value: string): boolean {
  if (typeof cell === "number") return value.trim() !== "" && Number(value) === cell;
  if (typeof cell === "boolean") return String(cell) === value.toLowerCase();
  return cell === value;
}

function select(rows: readonly unknown[], where: readonly Condition[], at: string): Record<string, unknown>[] {
  const objects = rows.filter(isRecord);
  const columns = new Set(objects.flatMap((r) => Object.keys(r)));
  let out = objects;
  for (const c of where) {
    if (!columns.has(c.column)) throw new ReferenceError(`${at} has no column "${c.column}"${didYouMean(c.column, columns)}`);
    const next = out.filter((r) => matches(r[c.column], c.value));
    if (!next.length) {
      const values = [...new Set(out.map((r) => String(r[c.column])))];
      throw new ReferenceError(`no row of ${at} where ${c.column} is "${c.value}"${didYouMean(c.value, values, values)}`);
    }
    out = next;
  }
  return out;
}

/**
 * A reference into a table with no rows in this build (no service register, no recommendation for this area): the
 * data is absent, not mistyped. Its column names are checked against the registry's, so a typo still fails; the value
 * is empty ("no data"; a count of rows is 0) and fillReferences reports it as a note for the build log.
 */
function walkEmpty(ref: Reference, table: Extract<RefTable, {kind: "rows"}>): Selected {
  const [first, ...rest] = ref.path;
  const known = Object.keys(table.columns);
  const check = (name: string) => {
    if (!known.includes(name)) throw new ReferenceError(`${first!.name} has no column "${name}"${didYouMean(name, known)}`);
  };
  for (const c of first!.where ?? []) check(c.column);
  if (rest.length > 1 || rest[0]?.where) throw new ReferenceError(`${show(ref)}: a row of ${first!.name} has no fields below its columns`);
  const field = rest[0]?.name;
  if (field !== undefined) check(field);
  if (ref.aggregate) return {kind: "many", rows: [], field, column: field === undefined ? undefined : table.columns[field]};
  if (field === undefined) throw new ReferenceError(`${show(ref)} is a table: choose a row and a column, e.g. ${first!.name}[column=value].column, or count(${first!.name})`);
  return {kind: "one", value: null, row: null, column: table.columns[field], field};
}

/** Whether the reference reads a table that has no rows in this build (see walkEmpty). */
export function readsEmptyTable(ref: Reference, tables: RefTables): boolean {
  const table = tables.get(ref.path[0]!.name);
  return table?.kind === "rows" && table.rows.length === 0;
}

function walk(ref: Reference, tables: RefTables): Selected {
  const [first, ...rest] = ref.path;
  const table = tables.get(first!.name);
  if (!table) throw new ReferenceError(`no table "${first!.name}"${didYouMean(first!.name, tables.names())}`);
  if (table.kind === "rows" && table.rows.length === 0) return walkEmpty(ref, table);
  let at = first!.name;
  let current: Selected;
  let columns: Readonly<Record<string, ColumnDef>> | undefined;
  if (table.kind === "rows") {
    columns = table.columns;
    current = {kind: "many", rows: [...table.rows]};
  } else current = {kind: "one", value: table.value, row: null, field: at};
  const segments: Segment[] = [{name: first!.name, where: first!.where}, ...rest];
  segments.forEach((seg, k) => {
    if (k > 0) {
      if (current.kind === "many" && current.field !== undefined) throw new ReferenceError(`${at} is a column of several rows, with no field "${seg.name}"`);
      if (current.kind === "many") {
        // A field of several rows: a list for an aggregate, otherwise the one row there must be.
        if (current.rows.length !== 1 && !ref.aggregate) throw new ReferenceError(`${at} has ${current.rows.length} rows: choose one with [column=value], e.g. [${Object.keys(current.rows[0] ?? {})[0] ?? "column"}=…]`);
        const known = new Set(current.rows.flatMap((r) => Object.keys(r)));
        if (!known.has(seg.name)) throw new ReferenceError(`${at} has no column "${seg.name}"${didYouMean(seg.name, known)}`);
        if (current.rows.length === 1 && !ref.aggregate) current = {kind: "one", value: current.rows[0]![seg.name], row: current.rows[0]!, column: columns?.[seg.name], field: seg.name};
        else current = {kind: "many", rows: current.rows, field: seg.name, column: columns?.[seg.name]};
      } else {
        const v = current.value;
        const key = Array.isArray(v) ? Number(seg.name) : seg.name;
        if (!(isRecord(v) && Object.hasOwn(v, seg.name)) && !(Array.isArray(v) && Number.isInteger(key) && (key as number) < v.length)) {
          const known = isRecord(v) ? Object.keys(v) : [];
          throw new ReferenceError(Array.isArray(v) ? `${at} is a list of ${v.length}: choose an item with [field=value] or .0 to .${v.length - 1}` : isRecord(v) ? `${at} has no field "${seg.name}"${didYouMean(seg.name, known)}` : `${at} is a single value, with no field "${seg.name}"`);
        }
        current = {kind: "one", value: (v as Record<string | number, unknown>)[key], row: isRecord(v) ? v : null, field: seg.name};
      }
      at = `${at}.${seg.name}`;
    }
    if (seg.where) {
      const list = current.kind === "many" ? current.rows : Array.isArray(current.value) ? current.value : null;
      if (!list) throw new ReferenceError(`${at} is not a table or list: [${seg.where.map((c) => c.column).join(",")}=…] selects rows of one`);
      current = {kind: "many", rows: select(list, seg.where, at)};
      at = `${at}[${seg.where.map((c) => `${c.column}=${c.value}`).join(",")}]`;
      if (k < segments.length - 1 || ref.aggregate) return;
      if (current.rows.length !== 1) throw new ReferenceError(`${at} matches ${current.rows.length} rows: add a condition`);
    }
  });
  return current;
}

/** The words written for an empty value: "suppressed" when its row was withheld, otherwise "no data". */
const missingWord = (row: Record<string, unknown> | null) => (row?.suppressed === true ? SUPPRESSED : NO_DATA);

function formatValue(ref: Reference, value: unknown, row: Record<string, unknown> | null, column: ColumnDef | undefined, field: string): string {
  const missing = missingWord(row);
  if (value === null || value === undefined || value === "") return missing;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") {
    if (ref.format && ref.format !== "text") throw new ReferenceError(`{{${show(ref)}}} is text; |${ref.format} is for numbers`);
    return value;
  }
  if (typeof value !== "number") throw new ReferenceError(`${show(ref)} is ${Array.isArray(value) ? "a list" : "a group of fields"}, not a single value: add the field you want${isRecord(value) ? didYouMean("", [], Object.keys(value)) : ""}`);
  if (!isPresent(value)) return missing;
  const integer = column ? column.type === "integer" : Number.isInteger(value);
  const format = ref.format ?? (integer ? "count" : "rate");
  const d = ref.digits;
  switch (format) {
    case "count":
      return formatCount(value, missing);
    case "rate":
      return formatRate(value, d ?? 1, missing);
    case "percent":
      return formatPercent(value, d ?? 1, missing);
    case "number":
      return formatNumber(value, d ?? (integer ? 0 : 2), missing);
    case "text":
      return String(value);
    case "ci": {
      // The limits of this column: <field>_lower, rate_lower beside rate_per_million, or lower beside rate or value
      // (never a rate's limits beside a count).
      const pick = (end: string) => [`${field}_${end}`, field.startsWith("rate") ? `rate_${end}` : "", field === "rate" || field === "value" ? end : ""].find((k) => k && row && k in row);
      const lo = pick("lower");
      const hi = pick("upper");
      if (!row || !lo || !hi) throw new ReferenceError(`${show(ref)}|ci needs lower and upper limits beside ${field}; there are none`);
      return formatCI(value, row[lo] as number | null, row[hi] as number | null, d ?? 1, missing);
    }
  }
}

function aggregateValue(ref: Reference, sel: Selected): string {
  if (sel.kind === "one" && ref.aggregate === "count" && Array.isArray(sel.value)) return formatCount(sel.value.length);
  if (sel.kind === "one") throw new ReferenceError(`${ref.aggregate}() needs rows: give a table or a list, e.g. ${ref.aggregate}(lsoa_violence[imd_decile=1]${ref.aggregate === "count" ? "" : ".count"})`);
  if (ref.aggregate === "count") {
    if (sel.field !== undefined) throw new ReferenceError(`count() counts rows: leave out .${sel.field}, e.g. count(${show(ref).replace(/\.[^.]*$/, "")})`);
    return formatCount(sel.rows.length);
  }
  const field = sel.field;
  if (field === undefined) throw new ReferenceError(`${ref.aggregate}() needs a column: e.g. ${ref.aggregate}(${show(ref)}.count)`);
  // A withheld or empty cell makes a sum, minimum or maximum unknown: a partial sum would understate.
  const cells = sel.rows.map((r) => r[field]);
  if (cells.some((c) => typeof c === "string" || typeof c === "boolean")) throw new ReferenceError(`${ref.aggregate}() needs a number column; ${field} is not one`);
  if (sel.rows.some((r, i) => r.suppressed === true && !isPresent(cells[i] as number))) return SUPPRESSED;
  if (!cells.length || cells.some((c) => !isPresent(c as number))) return NO_DATA;
  const values = cells as number[];
  const result = ref.aggregate === "sum" ? values.reduce((a, b) => a + b, 0) : ref.aggregate === "min" ? Math.min(...values) : Math.max(...values);
  return formatValue({...ref, aggregate: undefined}, result, null, sel.column, field);
}

/** The text a reference is replaced with. */
export function resolveReference(ref: Reference, tables: RefTables): string {
  const sel = walk(ref, tables);
  if (ref.aggregate) return aggregateValue(ref, sel);
  if (sel.kind === "many") {
    if (sel.rows.length === 1) throw new ReferenceError(`${show(ref)} is a row: add the column you want${didYouMean("", [], Object.keys(sel.rows[0]!))}`);
    throw new ReferenceError(`${show(ref)} is a table of ${sel.rows.length} rows: choose a row and a column, e.g. ${show(ref)}[column=value].column, or count(${show(ref)})`);
  }
  return formatValue(ref, sel.value, sel.row, sel.column, sel.field);
}

/** Where a text comes from, for messages: the file (relative to the project) and the line of its first line. */
export interface TextOrigin {
  readonly file: string;
  readonly line: number;
}

/**
 * Replaces every `{{ … }}` in the text by its value. Every problem is collected (one message per reference, naming
 * the file and line) and thrown together, so the analyst fixes them all in one pass. A reference into a table with no
 * rows in this build is written "no data" (a count, 0) and, when `notes` is given, said there with its line.
 */
export function fillReferences(text: string, origin: TextOrigin, tables: RefTables, notes?: string[]): string {
  const problems: string[] = [];
  const out = text.split("\n").map((line, k) => {
    const where = `${origin.file}, line ${origin.line + k}`;
    const filled = line.replace(/\{\{([^{}]*)\}\}/g, (_m, inner: string) => {
      try {
        const ref = parseReference(inner);
        const value = resolveReference(ref, tables);
        if (notes && readsEmptyTable(ref, tables)) notes.push(`${where}: {{${inner.trim()}}} reads ${ref.path[0]!.name}, which has no rows in this build: written "${value}"`);
        return value;
      } catch (e) {
        if (!(e instanceof ReferenceError)) throw e;
        const shown = inner.trim().length > 120 ? `${inner.trim().slice(0, 120)}…` : inner.trim();
        problems.push(`${where}: {{${shown}}}: ${e.message.length > 400 ? `${e.message.slice(0, 400)}…` : e.message}`);
        return "";
      }
    });
    if (/\{\{|\}\}/.test(filled)) problems.push(`${where}: "{{" and "}}" must come in pairs around one reference, e.g. {{partnership.headline.count}}`);
    return filled;
  });
  if (problems.length) throw new ReferenceError(problems.join("\n"));
  return out.join("\n");
}
