/**
 * Hostile input against `npm run serve` and the build's locks and temporary folders: a table of named cases (each
 * malformed Range, path, method and header, sent over a raw socket to 127.0.0.1 because Node's own client refuses to
 * send most of them), each followed by a normal request that must still be answered; a rebuild under the running
 * server; an error inside a request; a build killed with SIGKILL while it holds the prepare lock; the temporary folders
 * killed builds and refreshes leave; and a seeded fuzz loop of a few hundred malformed requests.
 */
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {spawn, spawnSync} from "node:child_process";
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync} from "node:fs";
import type {Server} from "node:http";
import {connect} from "node:net";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {brotliCompressSync} from "node:zlib";
import {acquireLock} from "../../loaders/lib/process-lock.ts";
import {SnapshotStage} from "../../loaders/policeuk/api/staging.ts";
import {removeStaleBuildFolders} from "../../scripts/build.ts";
import {CONTENT_SECURITY_POLICY, serve} from "../../scripts/serve.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const CSV = "lsoa21_code,count\nE01015023,12\nE01015024,7\n";
const FILE = "/_file/data/lsoa.1a2b3c4d.csv";

let tmp: string;
let site: string;
let server: Server;
let port: number;
const logged: string[] = [];

function writeSite(dir: string, index: string): void {
  mkdirSync(join(dir, "_file/data"), {recursive: true});
  writeFileSync(join(dir, "index.html"), index);
  writeFileSync(join(dir, "explore.html"), "<!DOCTYPE html><title>Explore</title>");
  writeFileSync(join(dir, FILE), CSV);
  writeFileSync(join(dir, `${FILE}.br`), brotliCompressSync(CSV));
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "sna-hostile-"));
  site = join(tmp, "dist");
  writeSite(site, "<!DOCTYPE html><title>Overview</title>");
  server = await serve({dir: site, port: 0, base: "/", log: (line) => logged.push(line), contentSecurityPolicy: CONTENT_SECURITY_POLICY});
  port = (server.address() as {port: number}).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
  rmSync(tmp, {recursive: true, force: true});
});

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Sends bytes as they are to the server (127.0.0.1 only) and reads the answer until the connection closes. */
function raw(request: string | Buffer, timeoutMs = 5000): Promise<RawResponse> {
  return new Promise((done, fail) => {
    const socket = connect({host: "127.0.0.1", port});
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      fail(new Error(`no complete answer within ${timeoutMs} ms to ${String(request).slice(0, 80)}`));
    }, timeoutMs);
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", () => undefined); // a reset after the answer is fine; no answer fails below
    socket.on("close", () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const split = all.indexOf("\r\n\r\n");
      const head = all.subarray(0, split < 0 ? all.length : split).toString("latin1").split("\r\n");
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? "")?.[1] ?? 0);
      const headers: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const colon = line.indexOf(":");
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      done({status, headers, body: split < 0 ? Buffer.alloc(0) : all.subarray(split + 4)});
    });
    socket.write(request);
  });
}

const get = (path: string, headers: Record<string, string> = {}, method = "GET") =>
  `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`;

/** After any case: the server still answers a normal request. */
async function stillServing(): Promise<void> {
  const r = await raw(get("/"));
  expect(r.status).toBe(200);
  expect(r.body.toString()).toContain("<title>");
}

interface Case {
  name: string;
  request: string | Buffer;
  status: number;
  check?: (r: RawResponse) => void;
}

const SIZE = CSV.length;
const CASES: Case[] = [
  // Range
  {name: "backwards range bytes=100-50", request: get(FILE, {Range: "bytes=100-50"}), status: 416, check: (r) => expect(r.headers["content-range"]).toBe(`bytes */${SIZE}`)},
  {name: "backwards range inside the file bytes=30-10 (crashed the server)", request: get(FILE, {Range: "bytes=30-10"}), status: 416, check: (r) => expect(r.headers["content-range"]).toBe(`bytes */${SIZE}`)},
  {name: "suffix range bytes=-5: the last five bytes", request: get(FILE, {Range: "bytes=-5"}), status: 206, check: (r) => {
    expect(r.body.toString()).toBe(CSV.slice(-5));
    expect(r.headers["content-range"]).toBe(`bytes ${SIZE - 5}-${SIZE - 1}/${SIZE}`);
  }},
  {name: "multi-range bytes=0-1,5-6: the whole file", request: get(FILE, {Range: "bytes=0-1,5-6"}), status: 200, check: (r) => expect(r.body.toString()).toBe(CSV)},
  {name: "range past the end", request: get(FILE, {Range: `bytes=${SIZE + 10}-`}), status: 416, check: (r) => expect(r.headers["content-range"]).toBe(`bytes */${SIZE}`)},
  {name: "range in another unit is ignored", request: get(FILE, {Range: "items=0-5"}), status: 200, check: (r) => expect(r.body.toString()).toBe(CSV)},
  {name: "bytes=0-0 is one byte (sirv sent the whole file)", request: get(FILE, {Range: "bytes=0-0"}), status: 206, check: (r) => expect(r.body.toString()).toBe("l")},
  {name: "range that is not numbers", request: get(FILE, {Range: "bytes=abc-def"}), status: 416},
  {name: "range end beyond any file is clipped", request: get(FILE, {Range: "bytes=3-99999999999999999999999"}), status: 206, check: (r) => expect(r.body.toString()).toBe(CSV.slice(3))},
  {name: "If-Range for another version asks for the whole file", request: get(FILE, {Range: "bytes=0-3", "If-Range": 'W/"1-1"'}), status: 200, check: (r) => expect(r.body.toString()).toBe(CSV)},
  {name: "range of a precompressed file is a range of the raw bytes", request: get(FILE, {Range: "bytes=0-10", "Accept-Encoding": "br"}), status: 206, check: (r) => expect(r.body.toString()).toBe(CSV.slice(0, 11))},
  // Paths
  {name: "path traversal /../../etc/passwd", request: get("/../../etc/passwd"), status: 400},
  {name: "encoded traversal /%2e%2e/%2e%2e/etc/passwd", request: get("/%2e%2e/%2e%2e/etc/passwd"), status: 400},
  {name: "NUL byte %00", request: get("/index.html%00.csv"), status: 400},
  {name: "bad escape %zz", request: get("/%zz"), status: 400},
  {name: "double slash //", request: get("//"), status: 404},
  {name: "absolute-form request target", request: get("http://example.invalid/"), status: 400},
  {name: "overlong URL (20,000 characters)", request: get(`/${"a".repeat(20_000)}`), status: 431},
  {name: "hidden file", request: get("/.env"), status: 404},
  // Methods
  {name: "POST", request: get("/", {"Content-Length": "5"}, "POST").replace(/\r\n\r\n$/, "\r\n\r\nhello"), status: 405, check: (r) => expect(r.headers.allow).toBe("GET, HEAD")},
  {name: "OPTIONS", request: get("/", {}, "OPTIONS"), status: 405},
  {name: "DELETE", request: get(FILE, {}, "DELETE"), status: 405},
  {name: "CONNECT (a proxy tunnel)", request: "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n", status: 405},
  {name: "HEAD answers headers only", request: get("/", {}, "HEAD"), status: 200, check: (r) => expect(r.body.length).toBe(0)},
  // Headers
  {name: "huge header (64 kB)", request: get("/", {"X-Big": "b".repeat(65_536)}), status: 431},
  {name: "malformed header line", request: "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nthis is not a header\r\n\r\n", status: 400},
  {name: "not HTTP at all", request: Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, 0x0d, 0x0a, 0x0d, 0x0a]), status: 400},
  {name: "security headers on every answer, errors included", request: get("/no-such-page"), status: 404, check: (r) => {
    expect(r.headers["content-security-policy"]).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.headers["referrer-policy"]).toBe("no-referrer");
    expect(r.headers["x-frame-options"]).toBe("DENY");
  }}
];

describe("the server under malformed requests", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const r = await raw(c.request);
      expect(r.status).toBe(c.status);
      c.check?.(r);
      await stillServing();
    });
  }
  it("logs no error for any of them", () => expect(logged).toEqual([]));
});

describe("a rebuild under the running server", () => {
  it("serves the new build's files after dist/ is swapped by rename, as publishBuild does", async () => {
    writeFileSync(join(site, "old.0000aaaa.js"), "old");
    expect((await raw(get("/old.0000aaaa.js"))).status).toBe(200);
    const next = join(tmp, "dist.tmp-build");
    writeSite(next, "<!DOCTYPE html><title>Rebuilt</title>");
    writeFileSync(join(next, "_file/data/new.1111bbbb.js"), "export const fresh = true;");
    renameSync(site, join(tmp, "dist.old-build"));
    expect((await raw(get("/"))).status).toBe(503); // between the two renames
    renameSync(next, site);
    rmSync(join(tmp, "dist.old-build"), {recursive: true, force: true});
    const fresh = await raw(get("/_file/data/new.1111bbbb.js"));
    expect(fresh.status).toBe(200);
    expect(fresh.body.toString()).toBe("export const fresh = true;");
    expect((await raw(get("/old.0000aaaa.js"))).status).toBe(404);
    expect((await raw(get("/"))).body.toString()).toContain("<title>Rebuilt</title>");
  });

  it("answers 500 and logs an error inside a request, and keeps serving", async () => {
    // A folder sirv cannot list (a link to nothing) swapped in: making the file list fails inside the request.
    const next = join(tmp, "dist.tmp-broken");
    writeSite(next, "<!DOCTYPE html><title>Broken</title>");
    symlinkSync(join(tmp, "nowhere"), join(next, "_file/data/dangling.csv"));
    renameSync(site, join(tmp, "dist.old-2"));
    renameSync(next, site);
    const r = await raw(get("/"));
    expect(r.status).toBe(500);
    expect(logged.at(-1)).toMatch(/^serve: GET \/: ENOENT/);
    rmSync(join(site, "_file/data/dangling.csv"));
    writeFileSync(join(site, "touch"), ""); // the folder changes, so its file list is made again
    await stillServing();
    logged.length = 0;
  });

  it("survives a file deleted between the file list and the read", async () => {
    writeFileSync(join(site, "_file/data/gone.2222cccc.csv"), CSV);
    writeFileSync(join(site, "touch2"), "");
    expect((await raw(get("/_file/data/gone.2222cccc.csv"))).status).toBe(200);
    rmSync(join(site, "_file/data/gone.2222cccc.csv")); // the folder's own mtime does not change: the list is stale
    const r = await raw(get("/_file/data/gone.2222cccc.csv"));
    expect(r.body.length).toBeLessThan(CSV.length); // cut off, never a wrong file
    expect(logged.at(-1)).toMatch(/ENOENT/);
    await stillServing();
    logged.length = 0;
  });
});

/** A process id that is certainly not running: a child that has exited and been reaped. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], {encoding: "utf-8"});
  return Number(r.stdout.trim());
}

describe("locks and temporary folders after a killed build", () => {
  it("takes over at once the prepare lock of a build killed with SIGKILL", async () => {
    const lock = join(tmp, "prepared", "0123abcd.lock");
    const script = join(tmp, "hold-lock.mts");
    writeFileSync(script, `import {acquireLock} from ${JSON.stringify(join(ROOT, "loaders/lib/process-lock.ts"))};\nawait acquireLock(${JSON.stringify(lock)});\nconsole.log("locked");\nsetInterval(() => undefined, 60_000);\n`);
    // node itself with tsx's loader, so that the process killed is the one that holds the lock (the tsx command would
    // start a second process).
    const child = spawn(process.execPath, ["--import", "tsx", script], {cwd: ROOT, stdio: ["ignore", "pipe", "inherit"]});
    await new Promise<void>((done) => child.stdout.on("data", (c: Buffer) => c.toString().includes("locked") && done()));
    const owner = JSON.parse(readFileSync(join(lock, "owner.json"), "utf-8")) as {pid: number};
    expect(owner.pid).toBe(child.pid);

    // While its owner lives, the lock is not taken, and the waiter says what it waits for.
    const said: string[] = [];
    await expect(acquireLock(lock, {timeoutMs: 600, pollMs: 50, sayEveryMs: 200, say: (l) => said.push(l)})).rejects.toThrow(`pid ${owner.pid}`);
    expect(said[0]).toContain(`Waiting for ${lock}, held by pid ${owner.pid}`);
    expect(said.length).toBeLessThanOrEqual(4);

    child.kill("SIGKILL");
    await new Promise((done) => child.once("exit", done));
    // The default staleness (10 minutes) would hold this up; a second is far more than the takeover needs.
    const release = await acquireLock(lock, {timeoutMs: 1000, say: (l) => said.push(l)});
    expect(release).not.toBeNull();
    expect(said.at(-1)).toContain(`its owner (pid ${owner.pid}`);
    expect(JSON.parse(readFileSync(join(lock, "owner.json"), "utf-8")).pid).toBe(process.pid);
    release!();
    expect(existsSync(lock)).toBe(false);
  });

  it("removes the build folders of killed builds, keeps a running build's, and puts back a dist set aside mid-swap", () => {
    const parent = join(tmp, "builds");
    const dist = join(parent, "dist");
    const dead = deadPid();
    for (const name of [`dist.tmp-${dead}`, `dist.old-${dead}`, `dist.tmp-${process.pid}`, `dist.tmp-${dead}x`, "dist.tmp-build"]) mkdirSync(join(parent, name), {recursive: true});
    writeFileSync(join(parent, `dist.old-${dead}`, "index.html"), "last good site");
    const said: string[] = [];
    removeStaleBuildFolders(dist, (l) => said.push(l));
    // dist was missing (the build died between the renames): its old copy is back, the half-built one is gone.
    expect(readFileSync(join(dist, "index.html"), "utf-8")).toBe("last good site");
    expect(readdirSync(parent).sort()).toEqual(["dist", `dist.tmp-${dead}x`, "dist.tmp-build", `dist.tmp-${process.pid}`].sort());
    expect(said.join("\n")).toContain(`restored ${dist}`);
    mkdirSync(join(parent, `dist.old-${dead}`));
    removeStaleBuildFolders(dist, () => undefined);
    expect(existsSync(join(parent, `dist.old-${dead}`))).toBe(false); // with dist present, an old copy is just removed
  });

  it("removes the staging folder of a killed refresh, and not a running one's", () => {
    const snapshot = join(tmp, "snapshot");
    const dead = deadPid();
    mkdirSync(join(snapshot, `.refresh-staging-${dead}-AbC123`), {recursive: true});
    writeFileSync(join(snapshot, `.refresh-staging-${dead}-AbC123`, "0"), "half a month");
    const running = new SnapshotStage(snapshot);
    const next = new SnapshotStage(snapshot);
    const left = readdirSync(snapshot).sort();
    expect(left.filter((n) => n.includes(String(dead)))).toEqual([]);
    expect(left.filter((n) => n.startsWith(`.refresh-staging-${process.pid}-`))).toHaveLength(2);
    running.discard();
    next.discard();
  });
});

describe("fuzz: a few hundred malformed requests", () => {
  /** Mulberry32: a small seeded generator, so a failure can be replayed. */
  function random(seed: number): () => number {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it("answers every one, and a normal request after each (seed 20261206, 300 requests)", async () => {
    const rnd = random(20261206);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const num = () => pick(["", "0", "1", "-1", "5", "50", "100", String(SIZE), String(SIZE - 1), "99999999999999999999", "1e3", "0x10", " 7", "abc"]);
    const ranges = () => pick(["bytes", "bytes ", "BYTES", "items", "", "bytes=="]) + "=" + Array.from({length: 1 + Math.floor(rnd() * 3)}, () => `${num()}${pick(["-", "--", "", "-"])}${num()}`).join(pick([",", ", ", ";"]));
    const segment = () => pick(["..", ".", "%2e%2e", "%00", "%zz", "%", "%c0%af", "index.html", "_file", "data", "lsoa.1a2b3c4d.csv", "", "\\..", "%5c", "~", "%ff%fe", "a".repeat(1 + Math.floor(rnd() * 300))]);
    const path = () => "/" + Array.from({length: Math.floor(rnd() * 5)}, segment).join("/") + pick(["", "?", "?a=1", "#x", "?%zz"]);
    const method = () => pick(["GET", "GET", "GET", "HEAD", "POST", "PUT", "OPTIONS", "DELETE", "TRACE", "CONNECT", "PATCH", "BREW", "G ET"]);
    const header = () => pick([
      () => `Range: ${ranges()}`,
      () => `If-Range: ${pick(['W/"1-1"', "Mon, 01 Jan 1990 00:00:00 GMT", "", "garbage"])}`,
      () => `Accept-Encoding: ${pick(["br", "gzip", "br, gzip", "*", "x".repeat(200)])}`,
      () => `If-None-Match: ${pick(['W/"x"', "*", ""])}`,
      () => `X-Long: ${"h".repeat(Math.floor(rnd() * 20_000))}`,
      () => pick(["Bad Header", ": empty name", "Content-Length: -1", "Transfer-Encoding: chunked", "Host:", "Content-Length: abc"])
    ])();
    const started = Date.now();
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300 && Date.now() - started < 60_000; i++) {
      const headers = Array.from({length: Math.floor(rnd() * 4)}, header).map((h) => `${h}\r\n`).join("");
      const request = `${method()} ${path()} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers}\r\n`;
      const r = await raw(request);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      expect(r.status, `request ${i}: ${JSON.stringify(request.slice(0, 300))}`).toBeGreaterThanOrEqual(200);
      expect(r.status, `request ${i}: ${JSON.stringify(request.slice(0, 300))}`).not.toBe(500);
      await stillServing();
    }
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(300);
    expect(logged).toEqual([]);
  }, 120_000);
});
