/**
 * HTTP for the ONS refresh clients (Nomis, Open Geography), through the shared helper (loaders/lib/http.ts): GET with
 * a timeout, retried with exponential backoff on network errors, 429 and 5xx; other 4xx are final. Every failure is an OnsApiError naming the URL and
 * what to do.
 */
import {getText as getTextOnce, HttpError, isRetryableStatus, type Expect} from "../lib/http.ts";

export type OnsApiErrorKind = "http" | "html" | "layout" | "value" | "api-error" | "paging";

export class OnsApiError extends Error {
  readonly kind: OnsApiErrorKind;
  readonly url: string;
  constructor(service: string, kind: OnsApiErrorKind, url: string, problem: string, fix: string) {
    super(`${service} URL ${url}: ${problem}. ${fix}`);
    this.name = "OnsApiError";
    this.kind = kind;
    this.url = url;
  }
}

export interface HttpOptions {
  /** Attempts after the first (default 4). */
  retries?: number;
  /** First backoff delay in ms (default 2000), doubled on each retry. */
  minTimeoutMs?: number;
  /** Per-request timeout in ms (default 120 s). */
  requestTimeoutMs?: number;
  onRetry?: (message: string) => void;
  fetch?: typeof fetch;
}

export interface ResolvedHttp {
  retries: number;
  minTimeoutMs: number;
  requestTimeoutMs: number;
  onRetry: ((message: string) => void) | undefined;
  fetch: typeof fetch;
}

export const resolveHttp = (o: HttpOptions): ResolvedHttp => ({
  retries: o.retries ?? 4,
  minTimeoutMs: o.minTimeoutMs ?? 2000,
  requestTimeoutMs: o.requestTimeoutMs ?? 120_000,
  onRetry: o.onRetry,
  fetch: o.fetch ?? fetch
});

/** GET `url` as text through the shared helper (loaders/lib/http.ts); an HTML page (error or maintenance page) is refused. */
export function getText(service: string, url: string, http: ResolvedHttp, expect: Expect = "csv"): Promise<string> {
  return getTextOnce(url, {
    expect,
    retries: http.retries,
    minRetryDelayMs: http.minTimeoutMs,
    timeoutMs: http.requestTimeoutMs,
    fetch: http.fetch,
    onRetry: http.onRetry,
    asError: (e) => toOnsError(service, url, e)
  });
}

/** The ONS wording of a helper error: "<service> URL <url>: <problem>. <fix>". */
function toOnsError(service: string, url: string, e: HttpError): OnsApiError {
  const tail = e.attempts > 1 ? ` (gave up after ${e.attempts} attempts)` : "";
  const {problem, fix, kind} = onsWording(e);
  return new OnsApiError(service, kind, url, problem + tail, fix);
}

function onsWording(e: HttpError): {kind: OnsApiErrorKind; problem: string; fix: string} {
  const d = e.details;
  switch (d.kind) {
    case "status":
      return {
        kind: "http",
        problem: `HTTP ${d.status} ${d.statusText ?? ""}`.trim(),
        fix: isRetryableStatus(d.status ?? 0) ? "The server is failing or busy; run the refresh again later. The last good snapshot is kept." : "Check the dataset id, service name and parameters in the URL."
      };
    case "html":
      return {kind: "html", problem: `received an HTML page (content type "${d.contentType || "none"}") instead of data`, fix: "Open the URL in a browser: the service may be down for maintenance or the URL may be wrong."};
    case "timeout":
      return {kind: "http", problem: `no answer within ${(d.timeoutMs ?? 0) / 1000} s`, fix: "Check the internet connection and the base URL, then run the refresh again."};
    default:
      return {kind: "http", problem: `no answer (${d.reason ?? e.problem})`, fix: "Check the internet connection and the base URL, then run the refresh again."};
  }
}
