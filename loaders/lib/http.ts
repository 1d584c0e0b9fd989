/**
 * The one HTTP helper of the refresh clients (police.uk, Fingertips, ONS Nomis and Open Geography): a per-attempt
 * timeout (AbortSignal), retries with exponential backoff (p-retry) on 429, 5xx, timeouts and network errors and never
 * on other 4xx, an HTML page refused where JSON or CSV was expected, JSON checked against the caller's zod schema, and
 * one error type (HttpError) that names the URL, what went wrong and how many attempts were made. Clients turn an
 * HttpError into their own error type and add the fix that fits their service.
 */
import pRetry, {AbortError} from "p-retry";
import {setTimeout as sleep} from "node:timers/promises";
import type {z} from "zod";

export type HttpErrorKind =
  | "timeout" // no answer within timeoutMs
  | "network" // the connection failed (refused, reset, DNS)
  | "status" // an HTTP status the caller did not accept
  | "html" // an HTML page where JSON or CSV was expected
  | "json" // the body is not JSON
  | "schema"; // the JSON does not have the shape of the caller's schema

export interface HttpErrorDetails {
  kind: HttpErrorKind;
  /** The URL, or the caller's label for it (e.g. "POST <url> (form: …)"). */
  url: string;
  status?: number | undefined;
  statusText?: string | undefined;
  contentType?: string | undefined;
  /** The first 80 characters of the body, whitespace flattened (never used for sensitive services). */
  snippet?: string | undefined;
  /** Where the JSON differs from the schema ("0.date", or "(top level)"), and zod's message. */
  field?: string | undefined;
  issue?: string | undefined;
  /** Retry-After of a 429/503, in ms. */
  retryAfterMs?: number | undefined;
  /** Why the transport failed (e.g. "ECONNREFUSED"). */
  reason?: string | undefined;
  timeoutMs?: number | undefined;
}

export class HttpError extends Error {
  readonly details: HttpErrorDetails;
  /** Attempts made before giving up (set when the retries end). */
  attempts = 1;
  /** The message without the "(gave up after N attempts)" tail. */
  readonly problem: string;
  constructor(problem: string, details: HttpErrorDetails, options?: {cause?: unknown}) {
    super(problem, options);
    this.name = "HttpError";
    this.problem = problem;
    this.details = details;
  }
  get kind(): HttpErrorKind {
    return this.details.kind;
  }
  get url(): string {
    return this.details.url;
  }
  get status(): number | undefined {
    return this.details.status;
  }
}

export type Expect = "json" | "csv" | "text";

export interface HttpOptions {
  /** Per-attempt timeout in ms (default 60 000). */
  timeoutMs?: number;
  /** Attempts after the first (default 4). */
  retries?: number;
  /** First backoff delay in ms (default 1000), doubled on each retry up to maxRetryDelayMs (default 32 × the first). */
  minRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Jitter on the backoff (default false). */
  randomize?: boolean;
  /** Called after each failed attempt that will be retried or not (attempt is 1-based). */
  onFailedAttempt?: (error: HttpError, attempt: number, retriesLeft: number) => void;
  /** Called after each failed attempt with a line for a progress log, worded by `asError` when given. */
  onRetry?: (message: string) => void;
  /** The caller's own error for a helper error (its wording and fix): thrown instead of the final HttpError. */
  asError?: (error: HttpError) => Error;
  fetch?: typeof fetch;
}

export interface HttpRequest extends HttpOptions {
  url: string;
  /** How the request is named in messages (default: the URL). */
  label?: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** What the body should be: an HTML page is refused for "json" and "csv" (default "text"). */
  expect?: Expect;
  /** Statuses the caller handles itself (e.g. police.uk's 404 "not published"): returned, never retried. */
  acceptStatus?: (status: number) => boolean;
  /** Awaited before each attempt (a rate limiter's token). */
  beforeAttempt?: () => Promise<void>;
  /** Called after each attempt with its status, or the name of the transport error. */
  onAttempt?: (event: {status?: number; error?: string}) => void;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  contentType: string;
  text: string;
  /** Attempts it took (1 when the first answered). */
  attempts: number;
}

/** 429 and 5xx are worth another try; other 4xx will answer the same again. */
export const isRetryableStatus = (status: number): boolean => status === 429 || status >= 500;

/** One logical request: attempts with timeout and backoff; a final failure is an HttpError naming URL and attempts. */
export async function request(req: HttpRequest): Promise<HttpResponse> {
  const label = req.label ?? req.url;
  const minDelay = req.minRetryDelayMs ?? 1000;
  const maxDelay = req.maxRetryDelayMs ?? minDelay * 32;
  let attempts = 0;
  try {
    return await pRetry(
      async () => {
        attempts++;
        return {...(await attempt(req, label)), attempts};
      },
      {
        retries: req.retries ?? 4,
        factor: 2,
        minTimeout: minDelay,
        maxTimeout: maxDelay,
        randomize: req.randomize ?? false,
        onFailedAttempt: async (error) => {
          if (!(error instanceof HttpError)) return;
          req.onFailedAttempt?.(error, error.attemptNumber, error.retriesLeft);
          req.onRetry?.(`attempt ${error.attemptNumber} failed (${error.retriesLeft} left): ${(req.asError?.(error) ?? error).message}`);
          // Honour Retry-After on 429/503 (bounded), on top of the backoff.
          if (error.details.retryAfterMs && error.retriesLeft > 0) await sleep(Math.min(error.details.retryAfterMs, maxDelay));
        }
      }
    );
  } catch (error) {
    if (error instanceof HttpError) {
      error.attempts = attempts;
      if (attempts > 1) error.message = `${error.problem} (gave up after ${attempts} attempts)`;
      if (req.asError) throw req.asError(error);
    }
    throw error;
  }
}

/** GET `url` as text (an HTML page refused when `expect` is "json" or "csv"). */
export async function getText(url: string, options: HttpOptions & {expect?: Expect; label?: string} = {}): Promise<string> {
  return (await request({...options, url})).text;
}

/** GET `url` and parse its JSON through `schema`. */
export async function getJson<S extends z.ZodType>(url: string, schema: S, options: HttpOptions & {label?: string} = {}): Promise<z.infer<S>> {
  const response = await request({...options, url, expect: "json"});
  return parseJson(schema, response.text, options.label ?? url);
}

/** JSON.parse then `schema`; an HttpError names the URL and, for a shape error, the field. */
export function parseJson<S extends z.ZodType>(schema: S, text: string, url: string): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message;
    throw new HttpError(`${url} answered malformed JSON (${reason}; body starts "${snippet(text)}")`, {kind: "json", url, reason, snippet: snippet(text)}, {cause: error});
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const field = first?.path.map(String).join(".") || "(top level)";
    const issue = first?.message ?? "invalid";
    throw new HttpError(`${url} answered JSON of an unexpected shape: at ${field}: ${issue}`, {kind: "schema", url, field, issue});
  }
  return parsed.data;
}

/** An HTML page (error or maintenance page) where data was expected: by content type, or by its first characters. */
export function looksLikeHtml(text: string, contentType: string, expect: Expect): boolean {
  if (expect === "text") return false;
  if (/text\/html|application\/xhtml/i.test(contentType)) return true;
  // JSON never starts with "<"; a CSV might, so only a doctype or <html> counts there.
  return expect === "json" ? /^\s*</.test(text) : /^\s*<(!doctype|html)/i.test(text);
}

export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}

async function attempt(req: HttpRequest, label: string): Promise<Omit<HttpResponse, "attempts">> {
  await req.beforeAttempt?.();
  const timeoutMs = req.timeoutMs ?? 60_000;
  let response: Response;
  let text: string;
  try {
    response = await (req.fetch ?? fetch)(req.url, {method: req.method ?? "GET", headers: req.headers, body: req.body, signal: AbortSignal.timeout(timeoutMs)});
    text = await response.text();
  } catch (error) {
    const name = (error as {name?: string}).name;
    req.onAttempt?.({error: name});
    throw transportError(error, label, timeoutMs);
  }
  const {status, statusText} = response;
  const contentType = response.headers.get("content-type") ?? "";
  req.onAttempt?.({status});
  if (req.acceptStatus?.(status)) return {status, statusText, contentType, text};
  if (!response.ok) {
    const error = new HttpError(`${label} answered HTTP ${status} ${statusText}`.trim(), {
      kind: "status", url: label, status, statusText, contentType, snippet: snippet(text), retryAfterMs: retryAfterMs(response.headers.get("retry-after"))
    });
    if (isRetryableStatus(status)) throw error;
    throw new AbortError(error);
  }
  const expect = req.expect ?? "text";
  if (looksLikeHtml(text, contentType, expect)) {
    throw new AbortError(
      new HttpError(`${label} answered an HTML page (content type "${contentType || "none"}") where ${expect.toUpperCase()} was expected ("${snippet(text)}")`, {
        kind: "html", url: label, status, contentType, snippet: snippet(text)
      })
    );
  }
  return {status, statusText, contentType, text};
}

function transportError(error: unknown, label: string, timeoutMs: number): HttpError {
  const name = (error as {name?: string}).name;
  if (name === "TimeoutError" || name === "AbortError") {
    return new HttpError(`${label} did not answer within ${timeoutMs / 1000} s`, {kind: "timeout", url: label, timeoutMs}, {cause: error});
  }
  const cause = (error as {cause?: {code?: string; message?: string}}).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  return new HttpError(`${label} failed: ${reason}`, {kind: "network", url: label, reason}, {cause: error});
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const when = Date.parse(header);
  return Number.isNaN(when) ? undefined : Math.max(0, when - Date.now());
}
