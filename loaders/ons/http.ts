/**
 * HTTP for the ONS refresh clients (Nomis, Open Geography): GET with a timeout, retried with exponential backoff
 * (p-retry) on network errors, 429 and 5xx; other 4xx are final. Every failure is an OnsApiError naming the URL and
 * what to do.
 */
import pRetry, {AbortError} from "p-retry";

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

/** GET `url` as text; an HTML page (error or maintenance page) is refused. */
export function getText(service: string, url: string, http: ResolvedHttp): Promise<string> {
  return pRetry(
    async () => {
      let res: Response;
      try {
        res = await http.fetch(url, {signal: AbortSignal.timeout(http.requestTimeoutMs)});
      } catch (e) {
        throw new OnsApiError(service, "http", url, `no answer (${(e as Error).message})`, "Check the internet connection and the base URL, then run the refresh again.");
      }
      const body = await res.text();
      if (!res.ok) {
        const error = new OnsApiError(service, "http", url, `HTTP ${res.status} ${res.statusText}`.trim(),
          res.status >= 500 || res.status === 429 ? "The server is failing or busy; run the refresh again later. The last good snapshot is kept." : "Check the dataset id, service name and parameters in the URL.");
        if (res.status >= 400 && res.status < 500 && res.status !== 429) throw new AbortError(error);
        throw error;
      }
      if (/^\s*<(!doctype|html)/i.test(body)) {
        throw new AbortError(new OnsApiError(service, "html", url, "received an HTML page instead of data", "Open the URL in a browser: the service may be down for maintenance or the URL may be wrong."));
      }
      return body;
    },
    {
      retries: http.retries,
      factor: 2,
      minTimeout: http.minTimeoutMs,
      maxTimeout: http.minTimeoutMs * 32,
      onFailedAttempt: (e) => http.onRetry?.(`attempt ${e.attemptNumber} failed (${e.retriesLeft} left): ${e.message}`)
    }
  );
}
