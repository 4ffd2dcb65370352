import axios, { AxiosError, type AxiosInstance } from "axios";
import axiosRetry, { exponentialDelay, isNetworkError } from "axios-retry";
import { PrometheusError, redactUrl } from "./errors";
import { PROMETHEUS_MAX_POINTS, splitRange, type QueryRange } from "./rangeSplit";
import { instantToSamples, matrixToSeries, parseBody, type InstantSample, type RawSeries } from "./response";

/*
 * Adapter: the Prometheus HTTP API over axios. Retries (axios-retry, exponential backoff with jitter, Retry-After
 * honoured) on 5xx, 429 and connection errors; 4xx and timeouts fail at once. Everything else becomes a
 * PrometheusError. The base URL may carry a path (Grafana's data-source proxy): it is kept.
 */

/** What the optimizer needs from a metrics source (the twin implements it too). */
export interface MetricsClient {
  /** Every series of `query` over the window, split into ≤ maxPoints requests and re-joined. */
  queryRange(query: string, range: QueryRange): Promise<RawSeries[]>;
  /** The instant vector of `query` at `timeMs`. */
  queryInstant(query: string, timeMs: number): Promise<InstantSample[]>;
}

export type PrometheusAuth =
  { kind: "none" } | { kind: "bearer"; token: string } | { kind: "basic"; username: string; password: string };

export interface PrometheusClientOptions {
  /** e.g. http://127.0.0.1:9090 or http://grafana/api/datasources/proxy/uid/<uid>/ */
  baseUrl: string;
  auth?: PrometheusAuth;
  timeoutMs?: number;
  retries?: number;
  retryBaseDelayMs?: number;
  /** Longest backoff (also caps Retry-After). */
  maxRetryDelayMs?: number;
  maxPointsPerRequest?: number;
}

export class PrometheusClient implements MetricsClient {
  private readonly http: AxiosInstance;
  private readonly base: string;
  private readonly maxPoints: number;

  constructor(private readonly options: PrometheusClientOptions) {
    let parsed: URL;
    try {
      parsed = new URL(options.baseUrl);
    } catch {
      throw new Error(
        `Prometheus base URL ${JSON.stringify(redactUrl(options.baseUrl))} is not a valid URL (neuropilot:metrics.prometheusUrl)`,
      );
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
      throw new Error(`Prometheus base URL must be http(s), got ${parsed.protocol} (neuropilot:metrics.prometheusUrl)`);
    this.base = options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`;
    this.maxPoints = options.maxPointsPerRequest ?? PROMETHEUS_MAX_POINTS;
    const auth = options.auth ?? { kind: "none" };
    this.http = axios.create({
      baseURL: this.base,
      timeout: options.timeoutMs ?? 10_000,
      headers: {
        Accept: "application/json",
        ...(auth.kind === "bearer" ? { Authorization: `Bearer ${auth.token}` } : {}),
      },
      auth: auth.kind === "basic" ? { username: auth.username, password: auth.password } : undefined,
      // Keep the body of error answers: Prometheus explains bad queries in it.
      validateStatus: (s) => s >= 200 && s < 300,
      transitional: { clarifyTimeoutError: true },
      // Decode JSON ourselves so a malformed body is reported, not silently kept as a string.
      responseType: "text",
      transformResponse: [(d: unknown) => d],
    });
    const maxDelay = options.maxRetryDelayMs ?? 30_000;
    axiosRetry(this.http, {
      retries: options.retries ?? 3,
      retryCondition: isRetryable,
      retryDelay: (n, e) => Math.min(maxDelay, exponentialDelay(n - 1, e, options.retryBaseDelayMs ?? 500)),
      shouldResetTimeout: true,
    });
  }

  async queryRange(query: string, range: QueryRange): Promise<RawSeries[]> {
    const bySeries = new Map<string, RawSeries>();
    for (const chunk of splitRange(range, this.maxPoints)) {
      const data = await this.call("api/v1/query_range", query, {
        query,
        start: String(chunk.startMs / 1000),
        end: String(chunk.endMs / 1000),
        step: String(chunk.stepSeconds),
      });
      if (data.resultType !== "matrix")
        throw this.malformed("api/v1/query_range", query, `expected a matrix result, got ${data.resultType}`);
      let series: RawSeries[];
      try {
        series = matrixToSeries(data);
      } catch (e) {
        throw this.malformed("api/v1/query_range", query, (e as Error).message);
      }
      for (const s of series) {
        const key = JSON.stringify(Object.entries(s.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
        const prev = bySeries.get(key);
        if (prev) {
          for (let i = 0; i < s.timestamps.length; i++) prev.timestamps.push(s.timestamps[i]);
          for (let i = 0; i < s.values.length; i++) prev.values.push(s.values[i]);
        } else bySeries.set(key, s);
      }
    }
    return [...bySeries.values()];
  }

  async queryInstant(query: string, timeMs: number): Promise<InstantSample[]> {
    const data = await this.call("api/v1/query", query, { query, time: String(timeMs / 1000) });
    if (data.resultType === "matrix")
      throw this.malformed("api/v1/query", query, "expected an instant vector or scalar, got a matrix");
    try {
      return instantToSamples(data);
    } catch (e) {
      throw this.malformed("api/v1/query", query, (e as Error).message);
    }
  }

  private async call(path: string, query: string, params: Record<string, string>) {
    const endpoint = redactUrl(this.base + path);
    let text: string;
    try {
      // POST form: long PromQL does not hit URL length limits; Prometheus and Grafana's proxy accept it.
      const res = await this.http.post<string>(path, new URLSearchParams(params).toString(), {
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
      text = res.data;
    } catch (e) {
      throw this.toError(e, endpoint, query);
    }
    const parsed = parseBody(decodeJson(text));
    if (parsed.ok === true) return parsed.data;
    if (parsed.ok === false)
      throw new PrometheusError(
        "bad_query",
        `Prometheus at ${endpoint} answered 2xx with status "error": ${parsed.error ?? "(no message)"} (query: ${query})`,
        {
          endpoint,
          query,
          errorType: parsed.errorType,
        },
      );
    throw this.malformed(path, query, parsed.problem);
  }

  private malformed(path: string, query: string, problem: string): PrometheusError {
    const endpoint = redactUrl(this.base + path);
    return new PrometheusError(
      "malformed_response",
      `malformed answer from ${endpoint}: ${problem} (query: ${query})`,
      { endpoint, query },
    );
  }

  private toError(e: unknown, endpoint: string, query: string): PrometheusError {
    if (!(e instanceof AxiosError))
      return new PrometheusError("network", `request to ${endpoint} failed: ${String(e)}`, { endpoint, query });
    const attempts = 1 + ((e.config?.["axios-retry"] as { retryCount?: number } | undefined)?.retryCount ?? 0);
    if (e.code === "ETIMEDOUT" || e.code === "ECONNABORTED")
      return new PrometheusError(
        "timeout",
        `Prometheus at ${endpoint} did not answer within ${this.options.timeoutMs ?? 10_000} ms (query: ${query})`,
        {
          endpoint,
          query,
          attempts,
        },
      );
    if (!e.response)
      return new PrometheusError(
        "network",
        `cannot reach Prometheus at ${endpoint}: ${e.code ?? e.message} after ${attempts} attempt(s) (query: ${query})`,
        {
          endpoint,
          query,
          attempts,
        },
      );
    const status = e.response.status;
    const parsed = parseBody(decodeJson(typeof e.response.data === "string" ? e.response.data : ""));
    const serverSays = parsed.ok === false ? parsed.error : undefined;
    const errorType = parsed.ok === false ? parsed.errorType : undefined;
    const said = serverSays ?? (typeof e.response.data === "string" ? e.response.data.slice(0, 200).trim() : "") ?? "";
    if (status === 400 || status === 422)
      return new PrometheusError(
        "bad_query",
        `Prometheus rejected the query (HTTP ${status}${errorType ? `, ${errorType}` : ""}): ${said} (query: ${query})`,
        {
          endpoint,
          query,
          status,
          errorType,
          attempts,
        },
      );
    if (status >= 500 || status === 429)
      return new PrometheusError(
        "server_error",
        `Prometheus at ${endpoint} answered HTTP ${status} after ${attempts} attempt(s): ${said} (query: ${query})`,
        {
          endpoint,
          query,
          status,
          errorType,
          attempts,
        },
      );
    return new PrometheusError(
      "client_error",
      `Prometheus at ${endpoint} answered HTTP ${status}${status === 401 || status === 403 ? " (check the credentials' environment variables)" : ""}: ${said} (query: ${query})`,
      {
        endpoint,
        query,
        status,
        errorType,
        attempts,
      },
    );
  }
}

/** 5xx and 429 are retried, as are connection-level errors; timeouts and other 4xx are not. */
function isRetryable(e: AxiosError): boolean {
  if (e.response) return e.response.status === 429 || e.response.status >= 500;
  if (e.code === "ETIMEDOUT" || e.code === "ECONNABORTED") return false;
  return isNetworkError(e);
}

function decodeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
