/**
 * Exact-duplicate filter for typed records: two records are duplicates when every field is equal (`===`).
 * A 32-bit FNV-1a hash of typed fields finds candidates without building a long string key per row (which
 * cost more than the rest of the typing for 100k rows); equal hashes are then compared field by field, so a
 * hash collision never drops a distinct record.
 */

type Scalar = string | number | boolean | null;

const FNV_PRIME = 16777619;
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

export const FNV_START = 0x811c9dc5;

/** Folds a text (or null) into an FNV-1a hash, followed by a separator so that ("ab", "c") and ("a", "bc") differ. */
export function hashText(h: number, v: string | null): number {
  if (v !== null) for (let j = 0; j < v.length; j++) h = Math.imul(h ^ v.charCodeAt(j), FNV_PRIME);
  return Math.imul(h ^ (v === null ? 0x10000 : 0x10001), FNV_PRIME); // outside the UTF-16 range
}

/** Folds a number (or null) into an FNV-1a hash, by its 64 bits. */
export function hashNumber(h: number, v: number | null): number {
  if (v === null) return Math.imul(h ^ 0x10000, FNV_PRIME);
  f64[0] = v === 0 ? 0 : v; // -0 === 0, so they must hash alike
  h = Math.imul(h ^ (u32[0] as number), FNV_PRIME);
  return Math.imul(h ^ (u32[1] as number), FNV_PRIME);
}

/** FNV-1a over all the fields' values: a hash consistent with sameRecord for any record. */
export function hashRecord<T extends Record<K, Scalar>, K extends keyof T>(row: T, fields: readonly K[]): number {
  let h = FNV_START;
  for (const k of fields) {
    const v = row[k];
    if (typeof v === "string" || v === null) h = hashText(h, v);
    else if (typeof v === "number") h = hashNumber(h, v);
    else h = Math.imul(h ^ (v ? 0x10002 : 0x10003), FNV_PRIME);
  }
  return h >>> 0;
}

export function sameRecord<T extends Record<K, Scalar>, K extends keyof T>(a: T, b: T, fields: readonly K[]): boolean {
  for (const k of fields) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * Remembers records seen; `add` is false for an exact duplicate of one seen before. An open-addressing table
 * of typed arrays (hash, record slot) rather than a Map: no allocation per record, and it grows by doubling.
 */
export class DuplicateFilter<T extends Record<K, Scalar>, K extends keyof T> {
  private readonly kept: T[] = [];
  private hashes = new Uint32Array(1024);
  /** 1 + index into `kept`; 0 = empty slot. */
  private slots = new Int32Array(1024);

  /**
   * `hash` must give equal records equal hashes; it may look at fewer fields than `fields` (faster), since
   * equal hashes are compared on every field.
   */
  constructor(private readonly fields: readonly K[], private readonly hash: (row: T) => number = (r) => hashRecord(r, fields)) {}

  add(row: T): boolean {
    const h = this.hash(row) >>> 0;
    const mask = this.slots.length - 1;
    let i = h & mask;
    for (let s = this.slots[i] as number; s !== 0; s = this.slots[i] as number) {
      if (this.hashes[i] === h && sameRecord(this.kept[s - 1] as T, row, this.fields)) return false;
      i = (i + 1) & mask;
    }
    this.kept.push(row);
    this.hashes[i] = h;
    this.slots[i] = this.kept.length;
    if (this.kept.length * 2 > this.slots.length) this.grow();
    return true;
  }

  private grow(): void {
    const {hashes, slots} = this;
    this.hashes = new Uint32Array(slots.length * 2);
    this.slots = new Int32Array(slots.length * 2);
    const mask = this.slots.length - 1;
    for (let j = 0; j < slots.length; j++) {
      if (slots[j] === 0) continue;
      let i = (hashes[j] as number) & mask;
      while (this.slots[i] !== 0) i = (i + 1) & mask;
      this.hashes[i] = hashes[j] as number;
      this.slots[i] = slots[j] as number;
    }
  }
}
