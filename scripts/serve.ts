/**
 * Serves the built site (dist/) on 127.0.0.1 with sirv: Range requests (DuckDB-WASM reads files by range),
 * precompressed .br/.gz files written by the build, the wasm MIME type and clean URLs (/explore → explore.html).
 * Usage: npm run serve [-- --port 3000 --base /sna/ --dir dist]
 */
import {createServer, type Server} from "node:http";
import {existsSync} from "node:fs";
import {resolve} from "node:path";
import {parseArgs} from "node:util";
import sirv from "sirv";

export interface ServeOptions {
  dir: string;
  port: number;
  /** The sub-path the site is published under, e.g. "/sna/" (an intranet host often uses one). */
  base: string;
  host?: string;
}

export function normaliseBase(base: string): string {
  const trimmed = base.replace(/^\/+|\/+$/g, "");
  return trimmed ? `/${trimmed}/` : "/";
}

/** Framework names built assets by content hash (`name.1a2b3c4d.js`): those never change; everything else is revalidated. */
const HASHED = /\.[0-9a-f]{8}\.[a-z0-9]+$/;
export function cacheHeaders(res: {setHeader(name: string, value: string): unknown}, pathname: string): void {
  res.setHeader("Cache-Control", HASHED.test(pathname) ? "public, max-age=31536000, immutable" : "no-cache");
}

/** Starts the server; resolves once it listens. Port 0 picks a free port (see server.address()). */
export function serve({dir, port, base, host = "127.0.0.1"}: ServeOptions): Promise<Server> {
  if (!existsSync(resolve(dir, "index.html"))) {
    throw new Error(`Nothing to serve: ${resolve(dir, "index.html")} does not exist. Run \`npm run build\` first.`);
  }
  const prefix = normaliseBase(base);
  const files = sirv(dir, {extensions: ["html"], gzip: true, brotli: true, etag: true, dev: false, setHeaders: cacheHeaders});
  const server = createServer((req, res) => {
    // A range of a precompressed file would be a range of the compressed bytes: ranges get the raw file.
    if (req.headers.range) delete req.headers["accept-encoding"];
    const url = req.url ?? "/";
    if (prefix !== "/") {
      if (url === prefix.slice(0, -1)) return void res.writeHead(301, {location: prefix}).end();
      if (!url.startsWith(prefix)) return void res.writeHead(404, {"content-type": "text/plain"}).end(`Not found: the site is served under ${prefix}`);
      req.url = url.slice(prefix.length - 1);
    }
    files(req, res, () => {
      res.writeHead(404, {"content-type": "text/plain"}).end("Not found");
    });
  });
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => done(server));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const {values} = parseArgs({
    options: {dir: {type: "string", default: "dist"}, port: {type: "string", default: process.env.PORT ?? "3000"}, base: {type: "string", default: process.env.SNA_BASE ?? "/"}}
  });
  const server = await serve({dir: resolve(values.dir), port: Number(values.port), base: values.base});
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : values.port;
  console.log(`SNA Workbench: http://127.0.0.1:${actualPort}${normaliseBase(values.base)} (serving ${resolve(values.dir)}; Ctrl+C to stop)`);
}
