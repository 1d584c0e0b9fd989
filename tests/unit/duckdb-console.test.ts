import {describe, expect, it} from "vitest";
import {EARLY_WORKER_GLOBAL, takeEarlyWorker} from "../../src/lib/duckdb-start.ts";
import * as arrow from "apache-arrow";
import {tableFromArrays, tableToIPC} from "apache-arrow";
import {arrowStream, mayRead, rowsToArrowIPC, tablesRead} from "../../src/lib/duckdb-tables.ts";
import type {TableDef} from "../../components/tables/registry.ts";

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
  it("a query waits for exactly the tables it names (loaded first), or all of them for the catalogue", () => {
    const all = ["area_monthly", "lsoa_violence", "lsoa_risk_factors", "crimes"];
    expect(tablesRead("SELECT month, sum(count) FROM area_monthly GROUP BY month", all)).toEqual(["area_monthly"]);
    expect(tablesRead("SELECT * FROM lsoa_violence v JOIN lsoa_risk_factors f USING (lsoa21_code)", all)).toEqual(["lsoa_violence", "lsoa_risk_factors"]);
    expect(tablesRead('SELECT count(*) FROM "crimes"', all)).toEqual(["crimes"]);
    expect(tablesRead("SELECT 42 AS answer", all)).toEqual([]);
    expect(tablesRead("SELECT table_name FROM information_schema.tables", all)).toEqual(all);
  });
});

describe("the bytes handed to DuckDB", () => {
  const table = tableFromArrays({month: ["2025-01", "2025-02"], count: Int32Array.from([3, 4])});
  const buffer = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

  it("takes an Arrow IPC stream as it is", () => {
    const stream = tableToIPC(table, "stream");
    expect(arrowStream(buffer(stream))).toEqual(stream);
  });
  it("refuses anything else: an Arrow file (not a stream), an HTML error page, nothing", () => {
    for (const bytes of [tableToIPC(table, "file"), new TextEncoder().encode("<!DOCTYPE html><p>Not found</p>"), new Uint8Array()]) {
      expect(() => arrowStream(buffer(bytes))).toThrow("not an Arrow IPC stream");
    }
  });
  const def: TableDef = {
    name: "t",
    file: "t.csv",
    format: "csv",
    builder: "test",
    description: "test",
    columns: {month: {type: "text", description: "m"}, count: {type: "integer", nullable: true, description: "c"}, rate: {type: "number", nullable: true, description: "r"}, complete: {type: "boolean", description: "b"}}
  };
  it("encodes typed CSV rows as a stream with the registry's column types, nulls kept", () => {
    const ipc = rowsToArrowIPC(def, [{month: "2025-01", count: 3, rate: 1.5, complete: true}, {month: "2025-02", count: null, rate: null, complete: false}], arrow);
    const back = arrow.tableFromIPC(arrowStream(buffer(ipc)));
    expect(back.numRows).toBe(2);
    expect(back.toArray().map((r) => r.toJSON())).toEqual([{month: "2025-01", count: 3, rate: 1.5, complete: true}, {month: "2025-02", count: null, rate: null, complete: false}]);
    expect(back.schema.fields.map((f) => String(f.type))).toEqual(["Utf8", "Int32", "Float64", "Bool"]);
  });
  it("a column that is empty in this build keeps its type (it would otherwise reach DuckDB as NULL-typed)", () => {
    const back = arrow.tableFromIPC(rowsToArrowIPC(def, [{month: "2025-01", count: null, rate: null, complete: true}], arrow));
    expect(String(back.schema.fields[1]!.type)).toBe("Int32");
    expect(String(back.schema.fields[2]!.type)).toBe("Float64");
  });
  it("a count beyond 32 bits goes as a double rather than wrapping", () => {
    const back = arrow.tableFromIPC(rowsToArrowIPC(def, [{month: "2025-01", count: 5_000_000_000, rate: null, complete: true}], arrow));
    expect(back.get(0)?.toJSON().count).toBe(5_000_000_000);
  });
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
    // null, not absent: a chapter's script that runs later creates no second worker.
    expect(scope[EARLY_WORKER_GLOBAL]).toBeNull();
    const empty: Record<string, unknown> = {};
    expect(takeEarlyWorker("http://h/eh.js", empty)).toBeNull();
    expect(empty[EARLY_WORKER_GLOBAL]).toBeNull();
  });
});
