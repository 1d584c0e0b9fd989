/**
 * The evidence register (loaders/evidence/register.ts): the shipped starter register is valid and honest (a rating
 * shown as real cites where it was read; the rest are EXAMPLE), each kind of bad input is refused with an error that
 * names the file, line and column and lists the accepted values, and a missing file is "no register", not an error.
 */
import {describe, expect, it} from "vitest";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {EVIDENCE_COLUMNS, EvidenceRegisterError, evidenceRows, parseEvidenceRegister, readEvidenceRegister} from "../../loaders/evidence/register.ts";
import {columnNames, TABLES} from "../../components/tables/registry.ts";
import {rowSchema, writeTable} from "../../loaders/prepare/table-schema.ts";

const HEADER = EVIDENCE_COLUMNS.join(",");
const GOOD: Record<string, string> = {
  id: "mentoring",
  approach: "Mentoring",
  description: "A trusted adult meets a young person regularly.",
  addresses: "10401; 11301",
  who_level: "individual; relationship",
  prevention_level: "secondary",
  rating_source: "YEF Toolkit",
  impact: "to be checked against the YEF Toolkit",
  evidence_security: "to be checked against the YEF Toolkit",
  cost: "to be checked against the YEF Toolkit",
  rating_reference: "",
  provided_locally: "unknown",
  provider: "",
  example: "true",
  entry_source: "EXAMPLE written for the test"
};
const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const line = (over: Record<string, string> = {}) => EVIDENCE_COLUMNS.map((c) => quote(over[c] ?? GOOD[c] ?? "")).join(",");
const file = (...lines: string[]) => `${HEADER}\n${lines.join("\n")}\n`;

/** The error message for a register, or a failure if it was accepted. */
function refusal(text: string): string {
  try {
    parseEvidenceRegister(text, "data/registers/evidence.csv");
  } catch (e) {
    expect(e).toBeInstanceOf(EvidenceRegisterError);
    return (e as Error).message;
  }
  throw new Error("the register was accepted");
}

describe("the shipped starter register", () => {
  const {file: name, entries} = readEvidenceRegister();
  it("is valid, and every entry not marked EXAMPLE cites the document and section its rating was read from", () => {
    expect(name).toBe("data/registers/evidence.csv");
    expect(entries.length).toBeGreaterThan(5);
    const real = entries.filter((e) => !e.example);
    expect(real.length).toBeGreaterThan(0);
    for (const e of real) expect(e.rating_reference, e.id).toMatch(/(section|paragraph) \d/);
  });
  it("never gives an unverified rating a value: every EXAMPLE rating says what it is to be checked against", () => {
    for (const e of entries.filter((x) => x.example)) {
      for (const v of [e.impact, e.evidence_security, e.cost]) expect(v, e.id).toMatch(/^to be checked against /);
    }
  });
  it("fits the prepared table's registry columns and types", () => {
    expect(columnNames(TABLES.evidence)).toEqual(EVIDENCE_COLUMNS);
    const schema = rowSchema(TABLES.evidence);
    for (const row of evidenceRows(entries)) expect(schema.safeParse(row).success, row.id).toBe(true);
  });
});

describe("a valid register", () => {
  it("reads lists, levels in any case, and Surrey's contextual level", () => {
    const [e] = parseEvidenceRegister(file(line({who_level: "Individual;Community", prevention_level: "contextual; Primary", provided_locally: "Yes", provider: "Youth service", example: "false", rating_reference: "A document, section 2"})), "x.csv");
    expect(e).toMatchObject({who_level: ["individual", "community"], prevention_level: ["contextual", "primary"], provided_locally: "yes", example: false, addresses: ["10401", "11301"]});
  });
});

describe("bad input gets a clear error naming the file, line and column", () => {
  it("a missing or unknown column names it and gives the header", () => {
    const message = refusal(`${HEADER.replace(",cost", ",price")}\n`);
    expect(message).toContain('data/registers/evidence.csv: line 1: missing column(s) "cost"');
    expect(message).toContain('unknown column(s) "price"');
    expect(message).toContain(`the header must be: ${HEADER}`);
  });
  it("a WHO level that is not one lists the accepted values", () => {
    expect(refusal(file(line(), line({id: "b", who_level: "individual; famly"})))).toContain('data/registers/evidence.csv: line 3, column "who_level": "famly" is not a WHO ecological level; use one or more of: individual, relationship, community, societal');
  });
  it("a prevention level that is not one lists the four, contextual included", () => {
    expect(refusal(file(line({prevention_level: "quaternary"})))).toContain('line 2, column "prevention_level": "quaternary" is not a prevention level; use one or more of: contextual, primary, secondary, tertiary');
  });
  it("an empty level is refused", () => {
    expect(refusal(file(line({prevention_level: ""})))).toContain('line 2, column "prevention_level": is empty');
  });
  it("an unknown rating source lists the sources", () => {
    expect(refusal(file(line({rating_source: "A blog"})))).toContain('column "rating_source": "A blog" is not a rating source; use one of: YEF Toolkit, College of Policing Crime Reduction Toolkit, NICE, SVD guidance, other');
  });
  it("a rating not marked example must cite where it was read", () => {
    expect(refusal(file(line({example: "false"})))).toContain('line 2, column "rating_reference": is empty; a rating not marked example must cite');
  });
  it("example must be true or false", () => {
    expect(refusal(file(line({example: "yes"})))).toContain('column "example": "yes" is not true or false');
  });
  it("provided locally must be yes, no or unknown, and yes needs a provider", () => {
    expect(refusal(file(line({provided_locally: "maybe"})))).toContain('column "provided_locally": "maybe" is not whether it is provided locally; use one of: yes, no, unknown');
    expect(refusal(file(line({provided_locally: "yes"})))).toContain('line 2, column "provider": is empty; name the organisation');
  });
  it("an empty rating or a bad id is refused", () => {
    expect(refusal(file(line({impact: " "})))).toContain('column "impact": is empty');
    expect(refusal(file(line({id: "Mentoring Scheme"})))).toContain('column "id": must be a short id');
  });
  it("a repeated id names both lines", () => {
    expect(refusal(file(line(), line()))).toContain('line 3, column "id": "mentoring" is already used on line 2');
  });
  it("counts lines past a quoted cell that spans lines", () => {
    expect(refusal(file(line({description: "two\nlines"}), line({id: "b", example: "maybe"})))).toContain('line 4, column "example"');
  });
  it("refuses a person's contact details without repeating them, and lists every problem at once", () => {
    const message = refusal(file(line({provided_locally: "yes", provider: "Call jo.bloggs@example.org"}), line({id: "b", cost: ""})));
    expect(message).toContain('line 2, column "provider": holds what looks like email addresses');
    expect(message).not.toContain("jo.bloggs");
    expect(message).toContain('line 3, column "cost": is empty');
    expect(message).toMatch(/^Invalid evidence register \(2 problems\)/);
  });
});

describe("no register", () => {
  it("a missing file is no register (the chapter then says how to add one); an empty folder gives an empty table", () => {
    const dir = mkdtempSync(join(tmpdir(), "sna-evidence-"));
    try {
      expect(readEvidenceRegister(join(dir, "evidence.csv"))).toEqual({file: null, entries: []});
      // What the prepare step then writes: the header alone (the chapter's "no register" note reads it so).
      writeTable(dir, TABLES.evidence, evidenceRows(readEvidenceRegister(join(dir, "evidence.csv")).entries));
      expect(readFileSync(join(dir, TABLES.evidence.file), "utf-8")).toBe(`${columnNames(TABLES.evidence).join(",")}\n`);
      rmSync(join(dir, TABLES.evidence.file));
      writeFileSync(join(dir, "evidence.csv"), `${HEADER}\n`);
      expect(readEvidenceRegister(join(dir, "evidence.csv")).entries).toEqual([]);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
