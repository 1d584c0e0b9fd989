/**
 * Checks records against a zod object schema once per distinct value shape instead of once per record.
 *
 * A record's shape is one class per field: null, empty text, text, a number that is positive whole, zero,
 * negative whole, fractional or not finite, a boolean, or other. zod's verdict for the checks our record
 * schemas use (type, nullable, min length 1, int, positive, finite) depends only on these classes, so records
 * of one shape pass or fail together. A schema that adds a check the classes cannot see (a maximum, a pattern,
 * an enum of texts) must not be checked this way: `check` refuses such schemas.
 */
import type {z} from "zod";

type Scalar = string | number | boolean | null;

/** The classes (4 bits each): what the decided checks can tell apart. */
function classOf(v: Scalar): number {
  if (v === null) return 0;
  if (typeof v === "string") return v === "" ? 1 : 2;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return 3;
    const sign = v > 0 ? 0 : v === 0 ? 1 : 2;
    return (Number.isSafeInteger(v) ? 4 : 7) + sign;
  }
  return 10; // booleans are not in our value records; one class keeps them checked at least once
}

/** Fields per part of the shape key: 13 × 4 bits fits a double's 53-bit integer range. */
const PER_PART = 13;

/** The string/number check kinds whose verdict the classes decide (zod 4's `_zod.def.check` names). */
const DECIDED = new Set(["min_length", "number_format", "greater_than", "less_than"]);

/** Whether every field's type and checks are ones the shape classes decide (so checking by shape is sound). */
export function shapeDecides(schema: z.ZodObject): boolean {
  return Object.values(schema.shape).every(fieldDecided);
}

interface CheckDef {check?: string; minimum?: unknown; value?: unknown; format?: string}
interface FieldDef {type?: string; checks?: {_zod: {def: CheckDef}}[]; innerType?: unknown}

/** zod 4 keeps a field's kind on `_zod.def.type`, its checks on `_zod.def.checks`, a nullable's inner field on `innerType`. */
function fieldDecided(field: unknown): boolean {
  const def = (field as {_zod?: {def?: FieldDef}})._zod?.def;
  if (def === undefined) return false;
  if (def.type === "nullable") return fieldDecided(def.innerType);
  // An enum, literal, date… has a verdict that depends on the value itself.
  if (def.type !== "string" && def.type !== "number" && def.type !== "boolean") return false;
  return (def.checks ?? []).every((c) => decided(c._zod.def));
}

function decided(c: CheckDef): boolean {
  if (!DECIDED.has(c.check ?? "")) return false;
  // Text length: only "not empty" is decided; numbers: whole (safe integer) and bounds at zero.
  if (c.check === "min_length") return c.minimum === 1 || c.minimum === 0;
  if (c.check === "number_format") return c.format === "safeint";
  return c.value === 0; // greater_than / less_than: only a bound at zero (positive, negative…)
}

/** Validates records one shape at a time; `check` returns the zod issues of the first record of a failing shape. */
export class ShapeValidator<T extends Record<K, Scalar>, K extends keyof T> {
  /** Shapes that passed, as a trie of key parts (numbers: no string built per record). */
  private readonly passed = new Map<number, unknown>();
  private readonly fields: K[];
  private readonly parts: number[];

  constructor(private readonly schema: z.ZodObject) {
    if (!shapeDecides(schema)) throw new Error("ShapeValidator: the schema has checks that the value shapes do not decide; validate each record");
    this.fields = Object.keys(schema.shape) as K[];
    this.parts = new Array<number>(Math.ceil(this.fields.length / PER_PART)).fill(0);
  }

  private shape(row: T): number[] {
    const parts = this.parts;
    parts.fill(0);
    for (let i = 0; i < this.fields.length; i++) {
      const p = (i / PER_PART) | 0;
      parts[p] = (parts[p] as number) * 16 + classOf(row[this.fields[i] as K]);
    }
    return parts;
  }

  private has(parts: number[]): boolean {
    let node: unknown = this.passed;
    for (const part of parts) {
      node = (node as Map<number, unknown>).get(part);
      if (node === undefined) return false;
    }
    return true;
  }

  private add(parts: number[]): void {
    let node = this.passed;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      let next = node.get(part);
      if (next === undefined) node.set(part, (next = last ? true : new Map<number, unknown>()));
      node = next as Map<number, unknown>;
    });
  }

  check(row: T): z.core.$ZodIssue[] | null {
    const parts = this.shape(row);
    if (this.has(parts)) return null;
    const parsed = this.schema.safeParse(row);
    if (!parsed.success) return parsed.error.issues;
    this.add(parts);
    return null;
  }
}
