/**
 * vitest globalSetup for the browser tests: builds Plymouth (default configuration), Surrey and Plymouth as published
 * (content.showExamples false), each with no network but loopback, into .cache/e2e/, then serves them on 127.0.0.1
 * (Plymouth at "/" and under "/sna/", Surrey and the published Plymouth at "/").
 * The tests get the build records and the URLs through inject("site").
 * SNA_E2E_REUSE=1 reuses the last builds (and their records) when they exist: for working on the tests only.
 * SNA_E2E_DIR puts the builds in another folder (default .cache/e2e): two people working in one tree keep theirs apart.
 */
import type {Server} from "node:http";
import type {TestProject} from "vitest/node";
import {AUTOMATION_CONTENT_SECURITY_POLICY, serve} from "../../scripts/serve.ts";
import {buildSite, lastBuild, logTail, waitForOtherBuilds, type BuildRecord} from "./lib/build.ts";
import type {E2eSite} from "./lib/context.ts";

const E2E_DIR = process.env.SNA_E2E_DIR ?? ".cache/e2e";
const BUILDS = {
  plymouth: {name: "Plymouth", dist: `${E2E_DIR}/plymouth`, config: undefined},
  surrey: {name: "Surrey", dist: `${E2E_DIR}/surrey`, config: "configs/surrey.ts"},
  published: {name: "Plymouth (published)", dist: `${E2E_DIR}/published`, config: "tests/e2e/fixtures/plymouth-published.config.ts"}
} as const;

async function build(which: keyof typeof BUILDS): Promise<BuildRecord> {
  const b = BUILDS[which];
  if (process.env.SNA_E2E_REUSE === "1") {
    const last = lastBuild(b.dist);
    if (last?.ok) {
      console.log(`e2e: reusing the ${b.name} build of ${last.builtAt} (SNA_E2E_REUSE=1)`);
      return last;
    }
  }
  await waitForOtherBuilds();
  console.log(`e2e: building ${b.name} offline into ${b.dist}…`);
  const record = await buildSite({name: b.name, config: b.config, dist: b.dist, offline: true});
  console.log(`e2e: ${b.name} build ${record.ok ? "succeeded" : "FAILED"} in ${record.seconds.toFixed(1)} s${record.offline ? " (no network but loopback)" : ` (NOT offline: ${record.offlineUnavailable})`}; log: ${record.log}`);
  if (!record.ok) console.error(logTail(record));
  return record;
}

async function start(dir: string, base: string): Promise<{server: Server; url: string}> {
  const server = await serve({dir, port: 0, base, contentSecurityPolicy: AUTOMATION_CONTENT_SECURITY_POLICY});
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the test server has no port");
  return {server, url: `http://127.0.0.1:${address.port}${base}`};
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const plymouth = await build("plymouth");
  const surrey = await build("surrey");
  const published = await build("published");
  const servers: Server[] = [];
  const site: E2eSite = {builds: {plymouth, surrey, published}, urls: {plymouth: null, plymouthSub: null, surrey: null, published: null}};
  if (plymouth.ok) {
    const root = await start(plymouth.dist, "/");
    const sub = await start(plymouth.dist, "/sna/");
    servers.push(root.server, sub.server);
    site.urls.plymouth = root.url;
    site.urls.plymouthSub = sub.url;
  }
  if (surrey.ok) {
    const s = await start(surrey.dist, "/");
    servers.push(s.server);
    site.urls.surrey = s.url;
  }
  if (published.ok) {
    const s = await start(published.dist, "/");
    servers.push(s.server);
    site.urls.published = s.url;
  }
  project.provide("site", site);
  return async () => {
    await Promise.all(servers.map((s) => new Promise<void>((done) => {
      s.closeAllConnections();
      s.close(() => done());
    })));
  };
}
