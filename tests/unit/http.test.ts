/**
 * The shared HTTP helper (loaders/lib/http.ts) against a real server on 127.0.0.1 that answers each path from a
 * script of responses, in order, and logs every request.
 */
import {createServer, type Server} from "node:http";
import type {AddressInfo} from "node:net";
import {afterAll, beforeAll, beforeEach, describe, expect, it} from "vitest";
import {z} from "zod";
import {getJson, getText, HttpError, request} from "../../loaders/lib/http.ts";

type Reply = {status: number; body: string; type?: string; headers?: Record<string, string>} | "hang";

let server: Server;
let base: string;
const scripts = new Map<string, Reply[]>();
const log: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    log.push(path);
    const reply = scripts.get(path)?.shift() ?? {status: 404, body: "no script"};
    if (reply === "hang") return; // never answers: the client's timeout must end it
    res.writeHead(reply.status, {"content-type": reply.type ?? "application/json", ...reply.headers});
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  scripts.clear();
  log.length = 0;
});

const FAST = {minRetryDelayMs: 1, timeoutMs: 2000};
const failure = (p: Promise<unknown>): Promise<HttpError> =>
  p.then(
    () => expect.fail("expected a rejection"),
    (e: unknown) => {
      expect(e).toBeInstanceOf(HttpError);
      return e as HttpError;
    }
  );
const datesSchema = z.array(z.object({date: z.string().regex(/^\d{4}-\d{2}$/, {error: 'expected a month "YYYY-MM"'})}));

describe("loaders/lib/http.ts", () => {
  it("times out an attempt that never answers, retries, and succeeds", async () => {
    scripts.set("/slow", ["hang", {status: 200, body: "ok", type: "text/plain"}]);
    const response = await request({...FAST, url: `${base}/slow`, timeoutMs: 200, retries: 1});
    expect(response).toMatchObject({status: 200, text: "ok", attempts: 2});
  });

  it("reports a timeout naming the URL, the limit and the attempts", async () => {
    scripts.set("/slow", ["hang", "hang"]);
    const e = await failure(getText(`${base}/slow`, {...FAST, timeoutMs: 200, retries: 1}));
    expect(e.kind).toBe("timeout");
    expect(e.message).toBe(`${base}/slow did not answer within 0.2 s (gave up after 2 attempts)`);
  });

  it("retries 429 and 5xx with backoff, then returns the answer", async () => {
    scripts.set("/flaky", [{status: 429, body: ""}, {status: 502, body: ""}, {status: 200, body: '[{"date":"2025-10"}]'}]);
    const failed: string[] = [];
    const dates = await getJson(`${base}/flaky`, datesSchema, {...FAST, retries: 3, onFailedAttempt: (e, n) => failed.push(`${n}: ${e.status}`)});
    expect(dates).toEqual([{date: "2025-10"}]);
    expect(failed).toEqual(["1: 429", "2: 502"]);
    expect(log).toHaveLength(3);
  });

  it("gives up after the retries with an error naming the URL, the status and the attempts", async () => {
    scripts.set("/down", Array.from({length: 5}, () => ({status: 503, body: "busy", type: "text/plain"})));
    const e = await failure(getText(`${base}/down`, {...FAST, retries: 2}));
    expect(e.kind).toBe("status");
    expect(e.status).toBe(503);
    expect(e.attempts).toBe(3);
    expect(e.message).toBe(`${base}/down answered HTTP 503 Service Unavailable (gave up after 3 attempts)`);
    expect(log).toHaveLength(3);
  });

  it("does not retry another 4xx", async () => {
    scripts.set("/gone", [{status: 400, body: "bad parameter", type: "text/plain"}, {status: 200, body: "[]"}]);
    const e = await failure(getText(`${base}/gone`, {...FAST, retries: 3}));
    expect(e.status).toBe(400);
    expect(e.message).toBe(`${base}/gone answered HTTP 400 Bad Request`);
    expect(log).toHaveLength(1);
  });

  it("returns a status the caller accepts, without retrying it", async () => {
    scripts.set("/month", [{status: 404, body: ""}]);
    const response = await request({...FAST, url: `${base}/month`, acceptStatus: (s) => s === 404});
    expect(response.status).toBe(404);
    expect(log).toHaveLength(1);
  });

  it("refuses an HTML page where JSON or CSV is expected, naming the URL and the content type, without retrying", async () => {
    const page = {status: 200, body: "<!DOCTYPE html><html><body><h1>We are performing maintenance</h1></body></html>", type: "text/html; charset=utf-8"};
    scripts.set("/data.csv", [page, {status: 200, body: "a,b\n1,2\n", type: "text/csv"}]);
    const e = await failure(getText(`${base}/data.csv`, {...FAST, expect: "csv"}));
    expect(e.kind).toBe("html");
    expect(e.message).toContain(`${base}/data.csv answered an HTML page (content type "text/html; charset=utf-8") where CSV was expected`);
    expect(log).toHaveLength(1);
    // JSON never starts with "<", whatever the content type says.
    scripts.set("/api", [{status: 200, body: "<html><body>Error</body></html>", type: "application/json"}]);
    expect((await failure(getJson(`${base}/api`, datesSchema, FAST))).message).toContain("where JSON was expected");
    // Plain text is the caller's to judge.
    scripts.set("/page", [page]);
    expect(await getText(`${base}/page`, FAST)).toContain("maintenance");
  });

  it("names the URL and the field when the JSON does not match the caller's schema", async () => {
    scripts.set("/dates", [{status: 200, body: '[{"date":"2025-10"},{"date":"October 2025"}]'}]);
    const e = await failure(getJson(`${base}/dates`, datesSchema, FAST));
    expect(e.kind).toBe("schema");
    expect(e.details.field).toBe("1.date");
    expect(e.message).toBe(`${base}/dates answered JSON of an unexpected shape: at 1.date: expected a month "YYYY-MM"`);
  });

  it("names the URL when the body is not JSON at all", async () => {
    scripts.set("/cut", [{status: 200, body: '[{"date":"2025-'}]);
    const e = await failure(getJson(`${base}/cut`, datesSchema, FAST));
    expect(e.kind).toBe("json");
    expect(e.message).toMatch(new RegExp(`^${base}/cut answered malformed JSON \\(.+; body starts "\\[\\{"date":"2025-"\\)$`));
  });

  it("reports a refused connection as a network error after retrying", async () => {
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(dead.address() as AddressInfo).port}/x`;
    await new Promise((resolve) => dead.close(resolve));
    const e = await failure(getText(url, {...FAST, retries: 1}));
    expect(e.kind).toBe("network");
    expect(e.message).toBe(`${url} failed: ECONNREFUSED (gave up after 2 attempts)`);
  });
});
