import {describe, expect, it} from "vitest";
import {EARLY_WORKER_GLOBAL, takeEarlyWorker} from "../../src/lib/duckdb-start.ts";
import {mayRead} from "../../src/lib/duckdb-tables.ts";

describe("which queries wait for the tables still loading", () => {
  const pending = ["lsoa_month_type", "crimes"];
  it("a query naming a pending table waits", () => {
    expect(mayRead("SELECT count(*) FROM crimes", pending)).toBe(true);
    expect(mayRead("select * from LSOA_MONTH_TYPE limit 5", pending)).toBe(true);
  });
  it("a query reading the catalogue waits (it should list every table)", () => {
    for (const sql of ["SHOW TABLES", "DESCRIBE area_monthly", "SELECT * FROM information_schema.columns", "SELECT * FROM duckdb_tables()", "SUMMARIZE outcomes", "PRAGMA table_info('outcomes')"]) {
      expect(mayRead(sql, pending), sql).toBe(true);
    }
  });
  it("a query on loaded tables does not wait", () => {
    expect(mayRead("SELECT month, sum(count) FROM area_monthly GROUP BY month", pending)).toBe(false);
    // A word that only contains a table's name is not the table.
    expect(mayRead("SELECT crimes_total FROM area_summary", pending)).toBe(false);
  });
  it("nothing waits once every table is in", () => expect(mayRead("SHOW TABLES", [])).toBe(false));
});

describe("starting DuckDB", () => {
  it("takes the head script's worker once, and stops one started for the other bundle", () => {
    const stopped: string[] = [];
    const worker = (name: string) => ({terminate: () => stopped.push(name)}) as unknown as Worker;
    const eh = worker("eh");
    const scope: Record<string, unknown> = {[EARLY_WORKER_GLOBAL]: {url: "http://h/eh.js", worker: eh}};
    expect(takeEarlyWorker("http://h/eh.js", scope)).toBe(eh);
    expect(takeEarlyWorker("http://h/eh.js", scope)).toBeNull();
    scope[EARLY_WORKER_GLOBAL] = {url: "http://h/eh.js", worker: worker("early")};
    expect(takeEarlyWorker("http://h/mvp.js", scope)).toBeNull();
    expect(stopped).toEqual(["early"]);
    expect(scope[EARLY_WORKER_GLOBAL]).toBeUndefined();
  });
});
