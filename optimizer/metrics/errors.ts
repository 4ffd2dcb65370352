/*
 * The one error type the Prometheus client throws. `kind` tells the caller what went wrong without parsing
 * the message; the message names the endpoint (never credentials), the query and the server's own words.
 */

export type PrometheusErrorKind =
  /** The server rejected the PromQL (HTTP 400/422, `bad_data` / `execution`): fix the query. */
  | "bad_query"
  /** Another 4xx (401, 403, 404, …): not retried. */
  | "client_error"
  /** 5xx or 429 still failing after the configured retries. */
  | "server_error"
  /** No answer within `timeoutMs`. */
  | "timeout"
  /** Connection refused / reset / DNS, after the configured retries. */
  | "network"
  /** A 2xx answer that is not the Prometheus API's JSON shape. */
  | "malformed_response";

export class PrometheusError extends Error {
  constructor(
    readonly kind: PrometheusErrorKind,
    message: string,
    readonly details: {
      /** Endpoint path with the base URL's credentials removed. */
      endpoint: string;
      query?: string;
      status?: number;
      /** Prometheus `errorType` (bad_data, execution, timeout, …) when the server sent one. */
      errorType?: string;
      attempts?: number;
    },
  ) {
    super(message);
    this.name = "PrometheusError";
  }
}

/** Strips user:password@ and query-string secrets from a URL for use in messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    u.search = "";
    return u.toString();
  } catch {
    return "<invalid URL>";
  }
}
