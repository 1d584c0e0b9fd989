/** Errors of the police.uk client. Each message names the URL and says what to do. */

/** Any failure talking to police.uk; `url` is the request (method and URL). */
export class PoliceUkError extends Error {
  override name = "PoliceUkError";
  constructor(
    message: string,
    readonly url: string,
    options?: ErrorOptions
  ) {
    super(message, options);
  }
}

/** An HTTP status the client could not handle (after retries, for 429 and 5xx). */
export class PoliceUkHttpError extends PoliceUkError {
  override name = "PoliceUkHttpError";
  constructor(
    message: string,
    url: string,
    readonly status: number,
    /** Milliseconds the server asked us to wait (Retry-After), if it said. */
    readonly retryAfterMs?: number
  ) {
    super(message, url);
  }
}

/** The body was not the JSON expected: an HTML page, malformed JSON, or JSON of another shape. */
export class PoliceUkResponseError extends PoliceUkError {
  override name = "PoliceUkResponseError";
}

/** No answer within the timeout (after retries). */
export class PoliceUkTimeoutError extends PoliceUkError {
  override name = "PoliceUkTimeoutError";
}

/** The connection failed (DNS, refused, reset), after retries. */
export class PoliceUkNetworkError extends PoliceUkError {
  override name = "PoliceUkNetworkError";
}
