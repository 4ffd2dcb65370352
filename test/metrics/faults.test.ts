import { afterEach, describe, expect, it } from "vitest";
import { fetchSignals, PrometheusClient, PrometheusError, type SignalQueries } from "../../optimizer/metrics";
import { SIGNALS } from "../../optimizer/core/types";
import { json, matrix, serve, type LocalServer } from "./localServer";

/* Fault behaviour of the client against small local HTTP servers: each fault has one clear outcome. */

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function server(...args: Parameters<typeof serve>) {
  const s = await serve(...args);
  servers.push(s);
  return s;
}

const RANGE = { startMs: 1_700_000_040_000, endMs: 1_700_000_040_000 + 4 * 60_000, stepSeconds: 60 };
const fiveValues = (v: number): [number, string][] =>
  [0, 1, 2, 3, 4].map((i) => [RANGE.startMs / 1000 + 60 * i, String(v)]);
const fast = { retries: 2, retryBaseDelayMs: 10, timeoutMs: 1000 };

async function failureOf(p: Promise<unknown>): Promise<PrometheusError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PrometheusError);
    return e as PrometheusError;
  }
  throw new Error("expected a PrometheusError, got success");
}

describe("Prometheus client faults", () => {
  it("server down → network error after the retries", async () => {
    const s = await server(() => undefined);
    const url = s.url;
    await s.close();
    servers.length = 0;
    const client = new PrometheusClient({ baseUrl: url, ...fast });
    const err = await failureOf(client.queryRange("up", RANGE));
    expect(err.kind).toBe("network");
    expect(err.details.attempts).toBe(3);
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  it("slow beyond the timeout → timeout error, not retried", async () => {
    const s = await server((_r, res) => setTimeout(() => json(res, 200, matrix([])), 800));
    const client = new PrometheusClient({ baseUrl: s.url, ...fast, timeoutMs: 150 });
    const t0 = Date.now();
    const err = await failureOf(client.queryRange("up", RANGE));
    expect(err.kind).toBe("timeout");
    expect(err.message).toMatch(/within 150 ms/);
    expect(Date.now() - t0).toBeLessThan(700);
    expect(s.seen).toHaveLength(1);
  });

  it("500 then success → retried, data returned", async () => {
    const s = await server((_r, res, i) =>
      i === 0 ? json(res, 500, "boom") : json(res, 200, matrix([{ metric: {}, values: fiveValues(7) }])),
    );
    const client = new PrometheusClient({ baseUrl: s.url, ...fast });
    const series = await client.queryRange("up", RANGE);
    expect(s.seen).toHaveLength(2);
    expect(series).toHaveLength(1);
    expect(series[0].values).toEqual([7, 7, 7, 7, 7]);
    expect(series[0].timestamps[0]).toBe(RANGE.startMs);
  });

  it("503 every time → server_error with the server's message after retries + 1 attempts", async () => {
    const s = await server((_r, res) =>
      json(res, 503, { status: "error", errorType: "unavailable", error: "too many queries" }),
    );
    const client = new PrometheusClient({ baseUrl: s.url, ...fast });
    const err = await failureOf(client.queryRange("up", RANGE));
    expect(err.kind).toBe("server_error");
    expect(err.details.status).toBe(503);
    expect(err.message).toMatch(/too many queries/);
    expect(s.seen).toHaveLength(3);
  });

  it("429 with Retry-After → waits and retries", async () => {
    const s = await server((_r, res, i) =>
      i === 0
        ? json(res, 429, "slow down", { "Retry-After": "1" })
        : json(res, 200, matrix([{ metric: {}, values: fiveValues(1) }])),
    );
    const client = new PrometheusClient({ baseUrl: s.url, ...fast });
    const t0 = Date.now();
    await client.queryRange("up", RANGE);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(s.seen).toHaveLength(2);
  });

  it("400 → bad_query with the server's message, not retried", async () => {
    const s = await server((_r, res) =>
      json(res, 400, { status: "error", errorType: "bad_data", error: '1:5: parse error: unexpected "}"' }),
    );
    const client = new PrometheusClient({ baseUrl: s.url, ...fast });
    const err = await failureOf(client.queryRange("up}", RANGE));
    expect(err.kind).toBe("bad_query");
    expect(err.details.errorType).toBe("bad_data");
    expect(err.message).toContain('parse error: unexpected "}"');
    expect(err.message).toContain("up}");
    expect(s.seen).toHaveLength(1);
  });

  it("403 → client_error, not retried", async () => {
    const s = await server((_r, res) => json(res, 403, "forbidden"));
    const client = new PrometheusClient({ baseUrl: s.url, ...fast });
    const err = await failureOf(client.queryInstant("up", RANGE.endMs));
    expect(err.kind).toBe("client_error");
    expect(err.message).toMatch(/403.*credentials/);
    expect(s.seen).toHaveLength(1);
  });

  it("malformed JSON → malformed_response", async () => {
    const s = await server((_r, res) =>
      json(res, 200, '{"status":"success","data":{"resultType":"matrix","result":[{'),
    );
    const client = new PrometheusClient({ baseUrl: s.url, ...fast });
    const err = await failureOf(client.queryRange("up", RANGE));
    expect(err.kind).toBe("malformed_response");
    expect(err.message).toMatch(/not JSON/);
  });

  it("JSON of the wrong shape or a non-numeric value → malformed_response naming the problem", async () => {
    const s = await server((_r, res, i) =>
      i === 0
        ? json(res, 200, {
            status: "success",
            data: { resultType: "matrix", result: [{ metric: {}, values: [[1, 2]] }] },
          })
        : json(res, 200, matrix([{ metric: {}, values: [[RANGE.startMs / 1000, "abc"]] }])),
    );
    const client = new PrometheusClient({ baseUrl: s.url, ...fast });
    expect((await failureOf(client.queryRange("up", RANGE))).message).toMatch(
      /data\.result\.0\.values\.0: expected \[unix seconds, "value"\], got \[1,2\]/,
    );
    expect((await failureOf(client.queryRange("up", RANGE))).message).toMatch(/"abc" is not a number/);
  });

  it("empty result and two series → fetchSignals reports blocking issues and does not throw", async () => {
    const s = await server((r, res) => {
      const q = new URLSearchParams(r.body).get("query");
      if (q === "empty") return json(res, 200, matrix([]));
      if (q === "two")
        return json(
          res,
          200,
          matrix([
            { metric: { instance: "a" }, values: fiveValues(1) },
            { metric: { instance: "b" }, values: fiveValues(2) },
          ]),
        );
      if (q === "bad") return json(res, 400, { status: "error", errorType: "bad_data", error: "parse error" });
      return json(res, 200, matrix([{ metric: {}, values: fiveValues(3) }]));
    });
    const client = new PrometheusClient({ baseUrl: s.url, ...fast });
    const queries = Object.fromEntries(SIGNALS.map((sig) => [sig, { expr: "ok" }])) as SignalQueries;
    queries.cpu = { expr: "empty" };
    queries.requestRate = { expr: "two" };
    queries.errorRate = { expr: "bad" };
    const r = await fetchSignals(client, queries, RANGE);
    const kinds = r.issues.map((i) => `${i.signal}:${i.kind}:${i.blocking}`);
    expect(kinds).toEqual(["cpu:no_data:true", "requestRate:multiple_series:true", "errorRate:fetch_bad_query:true"]);
    expect(r.issues[1].message).toContain('{instance="a"}');
    expect(r.signals.cpu.values.every(Number.isNaN)).toBe(true);
    expect(r.signals.requestRate.values.every(Number.isNaN)).toBe(true);
    expect(r.signals.inService.values).toEqual([3, 3, 3, 3, 3]);
  });

  it("sends bearer / basic auth and keeps a Grafana proxy base path", async () => {
    const s = await server((r, res) =>
      r.path.endsWith("query_range")
        ? json(res, 200, matrix([{ metric: {}, values: fiveValues(1) }]))
        : json(res, 200, {
            status: "success",
            data: { resultType: "vector", result: [{ metric: {}, value: [RANGE.endMs / 1000, "4"] }] },
          }),
    );
    const proxy = `${s.url}/api/datasources/proxy/uid/abc123/`;
    await new PrometheusClient({ baseUrl: proxy, auth: { kind: "bearer", token: "tok-1" }, ...fast }).queryRange(
      "up",
      RANGE,
    );
    const instant = await new PrometheusClient({
      baseUrl: proxy.slice(0, -1),
      auth: { kind: "basic", username: "u", password: "p:w" },
      ...fast,
    }).queryInstant("up", RANGE.endMs);
    expect(instant).toEqual([{ labels: {}, timestampMs: RANGE.endMs, value: 4 }]);
    expect(s.seen[0].path).toBe("/api/datasources/proxy/uid/abc123/api/v1/query_range");
    expect(s.seen[0].headers.authorization).toBe("Bearer tok-1");
    expect(s.seen[1].path).toBe("/api/datasources/proxy/uid/abc123/api/v1/query");
    expect(s.seen[1].headers.authorization).toBe(`Basic ${Buffer.from("u:p:w").toString("base64")}`);
    const form = new URLSearchParams(s.seen[0].body);
    expect(form.get("step")).toBe("60");
    expect(Number(form.get("start")) * 1000).toBe(RANGE.startMs);
  });

  it("never puts credentials of the base URL into error messages", async () => {
    const client = new PrometheusClient({ baseUrl: "http://user:s3cret@127.0.0.1:1/", ...fast, retries: 0 });
    const err = await failureOf(client.queryRange("up", RANGE));
    expect(err.message).not.toContain("s3cret");
    expect(JSON.stringify(err.details)).not.toContain("s3cret");
  });
});
