/**
 * A real nginx serving a built site with the lines the README gives for it (its ```nginx block, read from README.md,
 * so that what an analyst copies is what is tested): the `map` in the http block, the `location` in a server on
 * 127.0.0.1, its `alias` pointed at the build. Debian's nginx (apt-get install nginx, and
 * libnginx-mod-http-brotli-static for `brotli_static`; .ci/run installs both).
 */
import {spawn, spawnSync, type ChildProcess} from "node:child_process";
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {createServer} from "node:net";
import {tmpdir, userInfo} from "node:os";
import {join} from "node:path";
import {ROOT} from "./build.ts";

export const NGINX = "/usr/sbin/nginx";
const BROTLI_MODULE = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";
const MIME_TYPES = "/etc/nginx/mime.types";

/** Why nginx cannot be run here (null: it can). */
export function nginxMissing(): string | null {
  if (!existsSync(NGINX)) return `no ${NGINX}: apt-get install nginx libnginx-mod-http-brotli-static`;
  if (!existsSync(MIME_TYPES)) return `no ${MIME_TYPES}: apt-get install nginx-common`;
  return spawnSync(NGINX, ["-v"]).status === 0 ? null : `${NGINX} -v failed`;
}

/** The README's nginx lines: the `map` block (http context) and the `location` block (server context). */
export function readmeNginx(readme = readFileSync(join(ROOT, "README.md"), "utf-8")): {http: string; location: string} {
  const block = /```nginx\n([\s\S]*?)\n```/.exec(readme)?.[1];
  if (!block) throw new Error("README.md has no ```nginx block");
  const at = block.indexOf("location ");
  if (at < 0) throw new Error("README.md's nginx block has no location");
  return {http: block.slice(0, at), location: block.slice(at)};
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const {port} = s.address() as {port: number};
      s.close(() => resolve(port));
    });
  });

export interface RunningNginx {
  /** The site's URL, ending in the location's path ("http://127.0.0.1:PORT/sna/"). */
  url: string;
  /** Whether `brotli_static` was kept (the module is installed). */
  brotli: boolean;
  stop(): Promise<void>;
}

/** Starts nginx on a free port of 127.0.0.1 with the README's lines, serving `dist` at the location's path. */
export async function startNginx(dist: string): Promise<RunningNginx> {
  const {http, location} = readmeNginx();
  const path = /location\s+(\S+)\s*\{/.exec(location)?.[1];
  if (!path || !/alias \/srv\/sna\/dist\/;/.test(location)) throw new Error("the README's nginx location no longer names its path and `alias /srv/sna/dist/;`: update tests/e2e/lib/nginx.ts");
  const brotli = existsSync(BROTLI_MODULE);
  const aliased = location.replace("alias /srv/sna/dist/;", `alias ${dist.replace(/\/?$/, "/")};`);
  // As the README says: without the module, drop that line.
  const served = brotli ? aliased : aliased.replace(/^\s*brotli_static on;\n/m, "");
  const prefix = mkdtempSync(join(tmpdir(), "sna-nginx-"));
  const port = await freePort();
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${prefix}/${t};`).join("\n");
  const conf = [
    brotli ? `load_module ${BROTLI_MODULE};` : "",
    // Run as root (CI), the workers must read the build wherever the clone is.
    userInfo().uid === 0 ? "user root;" : "",
    "worker_processes 1;",
    "daemon off;",
    `pid ${prefix}/nginx.pid;`,
    `error_log ${prefix}/error.log warn;`,
    "events { worker_connections 256; }",
    "http {",
    `  include ${MIME_TYPES};`,
    "  default_type application/octet-stream;",
    "  access_log off;",
    temp,
    http,
    `  server {\n    listen 127.0.0.1:${port};\n${served}\n  }`,
    "}"
  ].join("\n");
  writeFileSync(join(prefix, "nginx.conf"), conf);
  mkdirSync(join(prefix, "logs"), {recursive: true});
  const child: ChildProcess = spawn(NGINX, ["-p", prefix, "-c", join(prefix, "nginx.conf")], {stdio: ["ignore", "ignore", "pipe"]});
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const url = `http://127.0.0.1:${port}${path}`;
  const log = () => [stderr, existsSync(join(prefix, "error.log")) ? readFileSync(join(prefix, "error.log"), "utf-8") : ""].join("\n").trim();
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}) with the README's lines:\n${log()}\n--- nginx.conf ---\n${conf}`);
    if (await fetch(url).then((r) => r.ok, () => false)) break;
    if (i > 100) throw new Error(`nginx did not answer ${url} within 10 s:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    brotli,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGQUIT");
        await exited;
      }
      rmSync(prefix, {recursive: true, force: true});
    }
  };
}
