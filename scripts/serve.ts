/**
 * Serves the built site (dist/) on 127.0.0.1 with sirv: Range requests (DuckDB-WASM reads files by range),
 * precompressed .br/.gz files written by the build, `.wasm` as application/wasm (so the browser compiles DuckDB's
 * engine while it streams in; sirv and the Range answers take it from mrmime) and clean URLs (/explore → explore.html).
 * Usage: npm run serve [-- --port 3000 --base /sna/ --dir dist]
 *
 * Safe under hostile input and across rebuilds:
 * - every response carries the security headers below (the README gives the same ones for nginx and IIS; the strict
 *   policy is the default, and the browser tests and the bench ask for AUTOMATION_CONTENT_SECURITY_POLICY, which adds
 *   'unsafe-eval' because Playwright evaluates its wait conditions as strings);
 * - only GET and HEAD are served (anything else: 405); a path that cannot be decoded or holds a NUL byte is 400;
 * - Range headers are read here (scripts/lib/byte-range.ts), not by sirv, whose parser crashes the process on a
 *   backwards range inside the file (`bytes=30-10` of a larger file) and answers `bytes=0-0` with the whole file;
 * - `npm run build` swaps a new folder into dist/ by rename: the folder's identity (device, inode, mtime) is checked on
 *   every request (one stat: 8 µs measured here on a busy machine, against 2–5 ms for a whole request; sirv's `dev`
 *   mode, which stats every candidate file per request, measured no faster) and sirv's file list is made again when it
 *   changed, so the new build's hashed files are found; between the swap's two renames (no folder) the answer is 503;
 * - an error in a request (a file gone between lookup and read, a folder that cannot be listed) answers 500 and is
 *   logged; it never stops the server (the command line also logs and survives anything that escapes).
 */
import {createHash} from "node:crypto";
import {createServer, type IncomingMessage, type Server, type ServerResponse} from "node:http";
import {createReadStream, existsSync, statSync, type Stats} from "node:fs";
import type {Socket} from "node:net";
import {resolve, sep} from "node:path";
import {parseArgs} from "node:util";
import {lookup as mimeType} from "mrmime";
import sirv from "sirv";
import {parseRange} from "./lib/byte-range.ts";

export interface ServeOptions {
  dir: string;
  port: number;
  /** The sub-path the site is published under, e.g. "/sna/" (an intranet host often uses one). */
  base: string;
  host?: string;
  /** Where errors in requests are reported (default: stderr). */
  log?: (line: string) => void;
  /** The Content-Security-Policy to send (default: the strict CONTENT_SECURITY_POLICY; the browser tests and the bench pass AUTOMATION_CONTENT_SECURITY_POLICY). */
  contentSecurityPolicy?: string;
}

export function normaliseBase(base: string): string {
  const trimmed = base.replace(/^\/+|\/+$/g, "");
  return trimmed ? `/${trimmed}/` : "/";
}

/**
 * The Content-Security-Policy of the built site: everything from the site's own origin and nothing else.
 * - scripts: same-origin files only, never inline (the build moves every inline script into a hashed file:
 *   scripts/lib/inline-scripts.ts), never compiled from strings (the build rewrites the two library functions that did:
 *   scripts/lib/no-eval.ts); 'wasm-unsafe-eval' so DuckDB-WASM can compile its engine;
 * - workers: same-origin only (DuckDB's worker is started from its URL, not from a blob: script: src/lib/duckdb-start.ts);
 * - styles: 'unsafe-inline' because Observable Plot and Inputs write <style> elements and style="" attributes;
 * - images: data: for the page's empty favicon (`<link rel="icon" href="data:,">`) and the images Plot may inline;
 * - event-handler attributes: none, but for htl's placeholders (below).
 */
/**
 * htl (the HTML templates of Observable Inputs, e.g. a table's sortable headers) writes a function-valued attribute
 * `onclick=${f}` as the placeholder `onclick=::<index>` into the markup it parses, then removes it and sets the
 * property. Chromium checks the placeholder against the policy as it parses it and reports a violation (the handler
 * itself works). These hashes allow exactly those placeholders, which are not JavaScript and never run, and no other
 * event-handler attribute. Inputs' templates use indices below 32.
 */
export const HTL_PLACEHOLDER_HASHES: readonly string[] = Array.from({length: 32}, (_, j) => `'sha256-${createHash("sha256").update(`::${j}`).digest("base64")}'`);

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  `script-src-attr 'unsafe-hashes' ${HTL_PLACEHOLDER_HASHES.join(" ")}`,
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'"
].join("; ");

/**
 * The same policy with 'unsafe-eval', which the browser tests and the bench ask serve() for: they drive
 * pages with Playwright, whose waitForFunction evaluates its predicate as a string inside the page. `npm run serve`
 * and the README send the policy above; tests/e2e/security-headers.test.ts checks every page under it.
 */
export const AUTOMATION_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'");

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY"
};

/**
 * Framework names built assets by content hash: `name.1a2b3c4d.js`, and a package's bundled entry module under its
 * version, `_npm/d3@7.9.0/a51cdd8b.js` (d3, d3-dsv, htl, apache-arrow, DuckDB-WASM's module). Those never change.
 * So do the WebAssembly files it self-hosts under a package's version (`_npm/@duckdb/duckdb-wasm@1.32.0/dist/duckdb-eh.wasm`,
 * copied as the package ships them): a new version is a new path. Cached for good, DuckDB's 36 MB engine is read from
 * the browser's cache on the next visit without asking the server, with the compiled code Chromium keeps beside it.
 * Everything else is revalidated.
 */
/** `/_npm/<package>@<version>/`, scoped or not: where Framework self-hosts a package's files. */
const NPM_VERSION = String.raw`^\/_npm\/(?:@[^/]+\/)?[^/@]+@\d[^/]*\/`;
const HASHED = new RegExp(String.raw`\.[0-9a-f]{8}\.[a-z0-9]+$|${NPM_VERSION}[0-9a-f]{8}\.js$`);
const VERSIONED_WASM = new RegExp(String.raw`${NPM_VERSION}(?:[^/]+\/)*[^/]+\.wasm$`);
export function cacheHeaders(res: {setHeader(name: string, value: string): unknown}, pathname: string): void {
  res.setHeader("Cache-Control", HASHED.test(pathname) || VERSIONED_WASM.test(pathname) ? "public, max-age=31536000, immutable" : "no-cache");
}

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** sirv over `dir`, made again whenever the folder at that path is another one (a rebuild swapped it in). */
function siteFiles(dir: string): () => Handler | null {
  let identity = "";
  let handler: Handler | null = null;
  return () => {
    let stats: Stats;
    try {
      stats = statSync(dir);
    } catch {
      return null; // between the two renames of a rebuild
    }
    const now = `${stats.dev}:${stats.ino}:${stats.mtimeMs}`;
    if (now !== identity || !handler) {
      handler = sirv(dir, {extensions: ["html"], gzip: true, brotli: true, etag: true, dev: false, setHeaders: cacheHeaders});
      identity = now;
    }
    return handler;
  };
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {"content-type": "text/plain; charset=utf-8", ...headers}).end(text);
}

/** The site path of a request's URL, decoded; null when it cannot be (bad escapes, NUL, a `..` segment). */
export function sitePath(url: string): string | null {
  const raw = url.split(/[?#]/, 1)[0] ?? "";
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (!path.startsWith("/") || path.includes("\0") || path.split(/[/\\]/).includes("..")) return null;
  return path;
}

/** The regular file a Range request names, if it exists inside `root` and is not hidden. */
function rangeFile(root: string, path: string): {abs: string; stats: Stats} | null {
  if (path.split("/").some((s) => s.startsWith("."))) return null;
  const abs = resolve(root, `.${path}`);
  if (!abs.startsWith(root + sep)) return null;
  try {
    const stats = statSync(abs);
    return stats.isFile() ? {abs, stats} : null;
  } catch {
    return null;
  }
}

/** A byte range of a file (206), or 416. Anything this does not answer (no such file, ignored range) goes to sirv. */
function answerRange(req: IncomingMessage, res: ServerResponse, root: string, path: string): boolean {
  const file = rangeFile(root, path);
  const header = req.headers.range ?? "";
  if (!file) return false;
  const etag = `W/"${file.stats.size}-${file.stats.mtime.getTime()}"`;
  const ifRange = req.headers["if-range"];
  // A range of an older version of the file would be wrong: If-Range that does not match asks for the whole file.
  if (ifRange && ifRange !== etag && ifRange !== file.stats.mtime.toUTCString()) return false;
  const range = parseRange(header, file.stats.size);
  if (range.kind === "ignore") return false;
  if (range.kind === "unsatisfiable") {
    plain(res, 416, "Range Not Satisfiable", {"content-range": `bytes */${file.stats.size}`});
    return true;
  }
  cacheHeaders(res, path);
  res.writeHead(206, {
    "content-type": mimeType(path) ?? "application/octet-stream",
    "content-length": String(range.end - range.start + 1),
    "content-range": `bytes ${range.start}-${range.end}/${file.stats.size}`,
    "accept-ranges": "bytes",
    etag,
    "last-modified": file.stats.mtime.toUTCString()
  });
  if (req.method === "HEAD") res.end();
  else createReadStream(file.abs, {start: range.start, end: range.end}).pipe(res);
  return true;
}

/** A failed request: 500 if nothing was sent yet, otherwise the connection is cut (its length would be wrong). */
function failed(req: IncomingMessage, res: ServerResponse, error: unknown, log: (line: string) => void): void {
  const url = (req.url ?? "").slice(0, 200).replace(/[^\x20-\x7e]/g, "?");
  log(`serve: ${req.method ?? "?"} ${url}: ${error instanceof Error ? error.message : String(error)}`);
  if (!res.headersSent) plain(res, 500, "Internal Server Error");
  else res.destroy();
}

/** Starts the server; resolves once it listens. Port 0 picks a free port (see server.address()). */
export function serve({dir, port, base, host = "127.0.0.1", log = (line) => console.error(line), contentSecurityPolicy = CONTENT_SECURITY_POLICY}: ServeOptions): Promise<Server> {
  const headers = {...SECURITY_HEADERS, "Content-Security-Policy": contentSecurityPolicy};
  const root = resolve(dir);
  if (!existsSync(resolve(root, "index.html"))) {
    throw new Error(`Nothing to serve: ${resolve(root, "index.html")} does not exist. Run \`npm run build\` first.`);
  }
  const prefix = normaliseBase(base);
  const files = siteFiles(root);

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    // A file stream that fails after the headers went out (the file was deleted meanwhile) must not stop the process.
    res.on("pipe", (source: NodeJS.ReadableStream) => source.on("error", (e: Error) => failed(req, res, e, log)));
    if (req.method !== "GET" && req.method !== "HEAD") return plain(res, 405, "Method Not Allowed", {allow: "GET, HEAD"});
    const url = req.url ?? "/";
    if (!url.startsWith("/")) return plain(res, 400, "Bad Request");
    if (prefix !== "/") {
      if (url === prefix.slice(0, -1)) return void res.writeHead(301, {location: prefix}).end();
      if (!url.startsWith(prefix)) return plain(res, 404, `Not found: the site is served under ${prefix}`);
      req.url = url.slice(prefix.length - 1);
    }
    const path = sitePath(req.url ?? "/");
    if (path === null) return plain(res, 400, "Bad Request: the path cannot be decoded");
    const site = files();
    if (!site) return plain(res, 503, "The site is being rebuilt; try again in a moment.", {"retry-after": "1"});
    if (req.headers.range) {
      // A range of a precompressed file would be a range of the compressed bytes: ranges get the raw file.
      delete req.headers["accept-encoding"];
      if (answerRange(req, res, root, path)) return;
      delete req.headers.range;
    }
    site(req, res, () => plain(res, 404, "Not found"));
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      failed(req, res, error, log);
    }
  });
  // CONNECT (a proxy tunnel) never reaches the request handler: refuse it here rather than leave the socket hanging.
  server.on("connect", (_req, socket: Socket) => socket.end("HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => done(server));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const {values} = parseArgs({
    options: {dir: {type: "string", default: "dist"}, port: {type: "string", default: process.env.PORT ?? "3000"}, base: {type: "string", default: process.env.SNA_BASE ?? "/"}}
  });
  const server = await serve({dir: resolve(values.dir), port: Number(values.port), base: values.base, contentSecurityPolicy: CONTENT_SECURITY_POLICY});
  // Last line of defence, once listening (a port in use must still stop the command): whatever escapes a request is
  // logged and the server keeps serving.
  process.on("uncaughtException", (error) => console.error(`serve: unexpected error (still serving): ${error.stack ?? error.message}`));
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : values.port;
  console.log(`SNA Workbench: http://127.0.0.1:${actualPort}${normaliseBase(values.base)} (serving ${resolve(values.dir)}; Ctrl+C to stop)`);
}
