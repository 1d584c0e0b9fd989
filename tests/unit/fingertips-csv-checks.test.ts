/**
 * What the fast path of the Fingertips parser must not lose: duplicates found by hash are still compared in
 * full, zod checked once per value shape still fails the record that breaks the schema, and numbers are read
 * strictly. Real export (tests/fixtures/fingertips) with one change per case.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {z} from "zod";
import {DuplicateFilter, hashRecord} from "../../loaders/fingertips/csv-dedup.ts";
import {ShapeValidator, shapeDecides} from "../../loaders/fingertips/csv-shape.ts";
import {NO_VALUE_NOTE, parseFingertipsCsv} from "../../loaders/fingertips/csv.ts";
import {FingertipsError} from "../../loaders/fingertips/errors.ts";
import {indicatorValueSchema} from "../../loaders/fingertips/schemas.ts";

const RAW = resolve(import.meta.dirname, "../fixtures/fingertips/jargonautical_data-dev__indicators-CountyUA.data.csv");
const rawText = readFileSync(RAW, "utf-8");
const records = rawText.split("\r\n"); // header, 852 records (each ends in CRLF; names hold a bare LF), ""
const dir = mkdtempSync(join(tmpdir(), "ft-checks-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function variant(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function failure(p: Promise<unknown>): Promise<FingertipsError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(FingertipsError);
  return e as FingertipsError;
}

/** Replaces field `i` (0-based, not the quoted name, field 1) of data record `n` (1-based) in the real export. */
function withField(n: number, i: number, value: string): string {
  const out = [...records];
  const line = out[n] as string;
  // The quoted name holds a comma: split around it, where every field is plain.
  const nameStart = line.indexOf(',"') + 1;
  const nameEnd = line.indexOf('",') + 2;
  const fields = [line.slice(0, nameStart - 1), ...line.slice(nameEnd).split(",")];
  expect(i === 1 || i >= fields.length + 1).toBe(false);
  fields[i === 0 ? 0 : i - 1] = value;
  out[n] = `${fields[0]},${line.slice(nameStart, nameEnd)}${fields.slice(1).join(",")}`;
  expect(out[n]).not.toBe(line);
  return out.join("\r\n");
}

/** The record with its last field (New data… Compared to goal) set: a change in a column the value record lacks. */
function recordWithTail(n: number, tail: string): string {
  const line = records[n] as string;
  expect(line.endsWith(",20150000,")).toBe(true);
  return `${line}${tail}`;
}

const AREA_CODE = 4;
const VALUE = 12;
const INDICATOR_ID = 0;

describe("duplicates", () => {
  it("removes a record that differs only in columns the value record does not hold (New data, Compared to goal)", async () => {
    const copy = recordWithTail(5, "New");
    const r = await parseFingertipsCsv(variant("dup-unread.csv", [...records.slice(0, -1), copy, ""].join("\r\n")));
    expect(r.records).toBe(853);
    expect(r.duplicatesRemoved).toBe(1);
  });

  it("keeps records that differ in a single field, and the first of a duplicate pair in file order", async () => {
    const changed = (records[5] as string).replace(/,20150000,$/, ",20150001,");
    expect(changed).not.toBe(records[5]);
    const r = await parseFingertipsCsv(variant("near-dup.csv", [...records.slice(0, -1), changed, records[5], ""].join("\r\n")));
    expect(r.duplicatesRemoved).toBe(1);
    expect(r.values.length + r.breakdowns.length).toBe(853);
    expect([...r.values, ...r.breakdowns].filter((v) => v.periodSortable === 20150001)).toHaveLength(1);
  });

  it("a hash collision never drops a distinct record", () => {
    const fields = ["a", "b"] as const;
    const f = new DuplicateFilter<{a: string; b: number | null}, "a" | "b">(fields, () => 7); // every record collides
    expect([f.add({a: "x", b: 1}), f.add({a: "x", b: 2}), f.add({a: "x", b: 1}), f.add({a: "y", b: null}), f.add({a: "y", b: null})])
      .toEqual([true, true, false, true, false]);
    const added = Array.from({length: 1500}, (_, i) => f.add({a: String(i), b: i})); // through the table's growth
    expect(added.every((a) => a)).toBe(true);
    expect(f.add({a: "x", b: 2})).toBe(false);
    expect(hashRecord({a: "ab", b: 0}, fields)).toBe(hashRecord({a: "ab", b: -0}, fields));
    expect(hashRecord({a: "ab", b: null}, fields)).not.toBe(hashRecord({a: "a", b: null}, fields));
  });
});

describe("schema checked once per value shape", () => {
  it("an empty Area Code on one record fails that record, naming the column and record", async () => {
    const e = await failure(parseFingertipsCsv(variant("no-code.csv", withField(700, AREA_CODE, "")), {indicatorId: 93356, url: "u"}));
    expect(e.kind).toBe("layout");
    expect(e.details.column).toBe("Area Code");
    expect(e.details.record).toBe(700);
  });

  it("a negative Indicator ID on a late record fails although records of the same nulls passed before it", async () => {
    const e = await failure(parseFingertipsCsv(variant("neg-id.csv", withField(800, INDICATOR_ID, "-93356"))));
    expect(e.details.column).toBe("Indicator ID");
    expect(e.details.record).toBe(800);
  });

  it("an empty Value is null with the export's note or ours, never zero", async () => {
    const r = await parseFingertipsCsv(variant("empty-value.csv", withField(3, VALUE, "")));
    const v = r.breakdowns.find((b) => b.category === "Second most deprived decile (IMD2015)" && b.periodSortable === 20150000);
    expect(v?.value).toBeNull();
    expect(v?.valueNote).toBe("Aggregated from all known lower geography values");
    const plain = await parseFingertipsCsv(variant("empty-value-1.csv", withField(1, VALUE, "")));
    expect(plain.values[0]?.value).toBeNull();
    expect(plain.values[0]?.valueNote).toBe(NO_VALUE_NOTE);
  });

  it("the validator refuses schemas whose checks a shape cannot decide", () => {
    expect(shapeDecides(indicatorValueSchema)).toBe(true);
    expect(shapeDecides(z.object({n: z.number().max(100)}))).toBe(false);
    expect(shapeDecides(z.object({s: z.enum(["Better", "Worse"])}))).toBe(false);
    expect(shapeDecides(z.object({s: z.string().regex(/^E\d{8}$/)}))).toBe(false);
    expect(() => new ShapeValidator(z.object({s: z.string().min(3)}))).toThrow(/do not decide/);
  });
});

describe("numbers", () => {
  it("a fractional Indicator ID or period sort key is not a whole number (never rounded)", async () => {
    const e = await failure(parseFingertipsCsv(variant("frac-id.csv", withField(2, INDICATOR_ID, "93356.5")), {indicatorId: 93356}));
    expect(e.kind).toBe("value");
    expect(e.message).toContain('"93356.5" is not a whole number');
    expect(e.details.record).toBe(2);
  });

  it("hex, Infinity and thousands separators are not numbers", async () => {
    for (const text of ["0x1F", "Infinity", "1,234"]) {
      const line = text.includes(",") ? `"${text}"` : text;
      const e = await failure(parseFingertipsCsv(variant("odd-number.csv", withField(4, VALUE, line))));
      expect(e.details.column).toBe("Value");
      expect(e.message).toContain(`"${text}" is not a number`);
    }
  });

  it("reads numbers with spaces around them, exponents and full precision", async () => {
    const r = await parseFingertipsCsv(variant("spaced.csv", withField(1, VALUE, " 9.47261896202678e1 ")));
    expect(r.values[0]?.value).toBe(94.7261896202678);
  });

  it("a record longer than the header names the record", async () => {
    const e = await failure(parseFingertipsCsv(variant("long.csv", records.map((r, n) => (n === 9 ? recordWithTail(9, ",extra,fields") : r)).join("\r\n")), {indicatorId: 93356}));
    expect(e.kind).toBe("layout");
    expect(e.details.record).toBe(9);
  });
});
