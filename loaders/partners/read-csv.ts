/**
 * Streams the rows of a partner CSV through DuckDB's CSV reader, every cell as text. Before DuckDB sees the file we
 * work out what it cannot be told to guess safely: the encoding (UTF-8, UTF-8 with BOM, UTF-16 with BOM or
 * Windows-1252), the delimiter (comma, semicolon, tab or pipe, sniffed outside quotes), the widest row and where the
 * blank lines are (DuckDB skips them, and row numbers in messages must match what the analyst sees).
 *
 * Windows-1252 text without bytes 0x80–0x9F is identical to Latin-1 and DuckDB reads it directly. With those bytes
 * (€, curly quotes, en dashes) it is decoded in Node and handed to DuckDB through a named pipe, so the partner's
 * bytes never land on disk a second time (on Windows, which has no named pipes in the file system, through a
 * private temporary file deleted as soon as it is read).
 */
import {execFileSync} from "node:child_process";
import {closeSync, constants, createReadStream, createWriteStream, mkdtempSync, openSync, readSync, rmSync, statSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {once} from "node:events";
import type {DuckDBConnection} from "@duckdb/node-api";
import {sqlString} from "../duckdb.ts";
import {PartnerFileError} from "./errors.ts";
import type {RawCell} from "./values.ts";

export type CsvEncoding = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be" | "windows-1252";

export interface CsvInfo {
  encoding: CsvEncoding;
  delimiter: string;
  /** The width (fields) most sampled records have. */
  columns: number;
  /** 0-based ordinals of blank records, which DuckDB skips. */
  blankRecords: number[];
  /** Windows-1252 bytes 0x80–0x9F present: needs decoding in Node. */
  needsTranscode: boolean;
  bytes: number;
}

export interface RawRow {
  /** As a spreadsheet numbers rows: the first line is row 1. */
  row: number;
  cells: RawCell[];
}

const SAMPLE_BYTES = 256 * 1024;
/**
 * The longest record DuckDB is asked to read. Records up to this size are read so that an over-long cell is refused
 * by the validator as free text with its row and column (see MAX_CELL_CHARS); a longer record is refused here.
 */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;
const CANDIDATES = [",", ";", "\t", "|"] as const;
const DELIMITER_NAMES: Record<string, string> = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"};
export const delimiterName = (d: string): string => DELIMITER_NAMES[d] ?? JSON.stringify(d);

function readSample(path: string, bytes = SAMPLE_BYTES): Buffer {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Records of a text sample, split on newlines outside double quotes (the last, maybe partial, record dropped). */
function sampleRecords(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === "\n" && !quoted) {
      out.push(text.slice(start, i).replace(/\r$/, ""));
      start = i + 1;
    }
  }
  if (start === 0 && text.length) out.push(text);
  return out;
}

/** Fields in one record for a given delimiter, counting only delimiters outside quotes. */
function fieldCount(record: string, delimiter: string): number {
  let n = 1;
  let quoted = false;
  for (const ch of record) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) n++;
  }
  return n;
}

/** The delimiter that splits most of the sampled records into the same number (> 1) of fields. */
export function sniffDelimiter(records: string[]): string {
  const lines = records.filter((r) => r.trim() !== "").slice(0, 200);
  let best: {d: string; score: number} = {d: ",", score: 0};
  for (const d of CANDIDATES) {
    const counts = lines.map((l) => fieldCount(l, d));
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 1) freq.set(c, (freq.get(c) ?? 0) + 1);
    const score = Math.max(0, ...freq.values());
    if (score > best.score) best = {d, score};
  }
  return best.d;
}

/**
 * One pass over the bytes: is it valid UTF-8, does it hold Windows-1252 control-range bytes, and which records are
 * blank. Streaming, so a 200 MB file costs a read, not memory.
 */
async function scanBytes(path: string, skip: number): Promise<{utf8: boolean; c1: boolean; blankRecords: number[]}> {
  const decoder = new TextDecoder("utf-8", {fatal: true});
  let utf8 = true;
  let c1 = false;
  let quoted = false;
  let recordLength = 0;
  let record = 0;
  const blankRecords: number[] = [];
  for await (const chunk of createReadStream(path, {start: skip, highWaterMark: 1 << 20}) as AsyncIterable<Buffer>) {
    if (utf8) {
      try {
        decoder.decode(chunk, {stream: true});
      } catch {
        utf8 = false;
      }
    }
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x22) quoted = !quoted;
      else if (b === 0x0a && !quoted) {
        if (recordLength === 0) blankRecords.push(record);
        record++;
        recordLength = 0;
        continue;
      } else if (b >= 0x80 && b <= 0x9f) c1 = true;
      if (b !== 0x0d) recordLength++;
    }
  }
  if (utf8) {
    try {
      decoder.decode();
    } catch {
      utf8 = false;
    }
  }
  return {utf8, c1: !utf8 && c1, blankRecords};
}

/**
 * The width most records have. Title lines are narrower (DuckDB pads them); a record wider than this is a stray
 * delimiter or an unclosed quote, which DuckDB then refuses with its line number.
 */
function modalWidth(records: string[], delimiter: string): number {
  const freq = new Map<number, number>();
  for (const r of records) if (r.trim()) freq.set(fieldCount(r, delimiter), (freq.get(fieldCount(r, delimiter)) ?? 0) + 1);
  let best = 1;
  let seen = 0;
  for (const [width, n] of freq) if (n > seen || (n === seen && width > best)) (best = width), (seen = n);
  return best;
}

/** Works out encoding, delimiter and width. `delimiter` from the manifest overrides the sniffed one. */
export async function inspectCsv(path: string, file: string, delimiter?: string): Promise<CsvInfo> {
  const bytes = statSync(path).size;
  const sample = readSample(path);
  if (!sample.toString("latin1").trim().replace(/^\uFEFF|^ï»¿/, "")) {
    throw new PartnerFileError("unreadable", {file}, "the file is empty (no header and no rows).", "Ask the partner to export the extract again, then drop the new file.");
  }
  let encoding: CsvEncoding;
  let text: string;
  let info: {utf8: boolean; c1: boolean; blankRecords: number[]} = {utf8: true, c1: false, blankRecords: []};
  if (sample[0] === 0xff && sample[1] === 0xfe) {
    encoding = "utf-16le";
    text = new TextDecoder("utf-16le").decode(sample.subarray(2));
  } else if (sample[0] === 0xfe && sample[1] === 0xff) {
    encoding = "utf-16be";
    text = new TextDecoder("utf-16be").decode(sample.subarray(2));
  } else {
    const bom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
    info = await scanBytes(path, bom ? 3 : 0);
    encoding = info.utf8 ? (bom ? "utf-8-bom" : "utf-8") : "windows-1252";
    text = new TextDecoder(info.utf8 ? "utf-8" : "windows-1252").decode(sample.subarray(bom ? 3 : 0));
  }
  const records = sampleRecords(text);
  const d = delimiter ?? sniffDelimiter(records);
  const columns = modalWidth(records.slice(0, 2000), d);
  return {encoding, delimiter: d, columns, blankRecords: info.blankRecords, needsTranscode: encoding.startsWith("utf-16") || info.c1, bytes};
}

/** A readable path for DuckDB holding UTF-8 text: a named pipe fed from Node, or (Windows) a private temporary file. */
async function transcoded(path: string, encoding: CsvEncoding): Promise<{path: string; done: Promise<void>; cleanup: () => void}> {
  const dir = mkdtempSync(join(tmpdir(), "sna-partner-"));
  const target = join(dir, "decoded.csv");
  const cleanup = () => rmSync(dir, {recursive: true, force: true});
  const label = encoding === "windows-1252" ? "windows-1252" : encoding;
  const pump = async () => {
    const decoder = new TextDecoder(label, {ignoreBOM: false});
    const out = createWriteStream(target, {mode: 0o600});
    for await (const chunk of createReadStream(path, {highWaterMark: 1 << 20}) as AsyncIterable<Buffer>) {
      if (!out.write(decoder.decode(chunk, {stream: true}))) await once(out, "drain");
    }
    out.end(decoder.decode());
    await once(out, "finish");
  };
  if (process.platform === "win32") {
    await pump();
    return {path: target, done: Promise.resolve(), cleanup};
  }
  execFileSync("mkfifo", ["-m", "600", target]);
  // The writer blocks until DuckDB opens the pipe for reading; errors surface when the caller awaits `done`.
  const done = pump();
  done.catch(() => undefined);
  // If DuckDB stops early (or never opens the pipe), opening the read end here releases a writer still waiting in
  // open(); its next write then fails with EPIPE and the pump ends.
  const release = () => {
    try {
      closeSync(openSync(target, constants.O_RDONLY | constants.O_NONBLOCK));
    } catch {
      // already gone
    }
    cleanup();
  };
  return {path: target, done, cleanup: release};
}

/** DuckDB's CSV errors quote the offending line: keep only the line number and the kind of problem. */
function duckdbCsvProblem(error: unknown, info: CsvInfo): {line: number | null; problem: string} {
  const text = String(error);
  const line = text.match(/CSV Error on Line: (\d+)/);
  const cols = text.match(/Expected Number of Columns: (\d+) Found: (\d+)/);
  const problem = cols
    ? `has ${cols[2]} fields where the rows before it have at most ${cols[1]} (${delimiterName(info.delimiter)}-separated). Check for a stray ${delimiterName(info.delimiter)} or an unclosed quote in that row.`
    : /maximum line size|max_line_size/i.test(text)
      ? `is longer than ${MAX_LINE_BYTES / 1024 / 1024} MB, which is free text rather than an extract (free text is refused as it can identify people).`
      : /unicode|encod/i.test(text)
      ? "is not valid text in the detected encoding. Save the file again as CSV UTF-8."
      : /quote/i.test(text)
        ? "has an unterminated quoted value. Check the quotes in that row."
        : "could not be parsed as CSV. Open it in a spreadsheet and save it again as CSV UTF-8.";
  return {line: line ? Number(line[1]) : null, problem};
}

/** Streams every record of the CSV (blank records skipped) with its spreadsheet row number. */
export async function* csvRows(conn: DuckDBConnection, path: string, file: string, info: CsvInfo): AsyncGenerator<RawRow> {
  const pipe = info.needsTranscode ? await transcoded(path, info.encoding) : null;
  const source = pipe?.path ?? path;
  const columns = Array.from({length: info.columns}, (_, i) => `'c${i}': 'VARCHAR'`).join(", ");
  const encoding = info.encoding === "windows-1252" && !pipe ? "latin-1" : "utf-8";
  const sql = `SELECT * FROM read_csv(${sqlString(source)}, delim = ${sqlString(info.delimiter)}, header = false, auto_detect = false,
    columns = {${columns}}, null_padding = true, parallel = false, quote = '"', escape = '"', encoding = '${encoding}', max_line_size = ${MAX_LINE_BYTES})`;
  const blanks = info.blankRecords;
  let blankIndex = 0;
  let ordinal = 0;
  try {
    const result = await conn.stream(sql);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const values of chunk.getRows()) {
        while (blankIndex < blanks.length && blanks[blankIndex] === ordinal) {
          ordinal++;
          blankIndex++;
        }
        ordinal++;
        yield {row: ordinal, cells: values as (string | null)[]};
      }
    }
    await pipe?.done;
  } catch (error) {
    if (error instanceof PartnerFileError) throw error;
    const {line, problem} = duckdbCsvProblem(error, info);
    throw new PartnerFileError("unreadable", {file, row: line}, `this row ${problem}`, "Nothing from the file was written.");
  } finally {
    pipe?.cleanup();
  }
}
