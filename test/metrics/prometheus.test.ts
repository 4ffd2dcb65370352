import axios from "axios";
import * as http from "node:http";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultStackConfig } from "../../infra/config";
import { SIGNALS, type SignalName } from "../../optimizer/core/types";
import {
  fetchSignals,
  loadHistory,
  PrometheusClient,
  PrometheusError,
  signalQueriesFromConfig,
  updateHistoryFile,
  type SignalQueries,
} from "../../optimizer/metrics";
import {
  generateWebTierHistory,
  startPrometheus,
  type StartedPrometheus,
  type WebTierHistory,
} from "../support/prometheus";

/*
 * Against a real Prometheus (Debian's package): 3 days of generated 1-minute history with known anomalies are
 * backfilled with promtool, then queried through the client with the default PromQL of the config.
 */

const M = 60_000;
let prom: StartedPrometheus;
let hist: WebTierHistory;
let queries: SignalQueries;
let start: number;
let end: number;

beforeAll(async () => {
  hist = generateWebTierHistory({ endMs: Date.now() - 2 * M, days: 3, stack: "test", seed: 11 });
  prom = await startPrometheus({ series: hist.series });
  queries = signalQueriesFromConfig(defaultStackConfig().metrics, "test");
  start = hist.truth.timestamps[0];
  end = hist.truth.timestamps.at(-1) as number;
});
afterAll(async () => {
  await prom?.stop();
});

/** What Prometheus should answer for `signal` at minute i, per PromQL semantics (rate over 5 m, 5 m lookback). */
function expected(signal: SignalName, i: number): number {
  const t = hist.truth;
  if (signal === "cpu") {
    if (i < 5) return NaN; // rate() needs the 5 m window; compared from i = 5 on
    let sum = 0;
    for (let j = i - 4; j <= i; j++) sum += t.cpu[j];
    return sum / 5;
  }
  return t[signal][i];
}

function maxAbsDiff(a: readonly number[], b: readonly number[], skip: (i: number) => boolean): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (skip(i)) continue;
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= worst)) worst = d; // NaN on either side → NaN → reported
  }
  return worst;
}

describe("fetchSignals against a real Prometheus", () => {
  it("returns the generated truth for all five signals, with the anomalies handled as documented", async () => {
    const client = new PrometheusClient({ baseUrl: prom.url });
    const r = await fetchSignals(client, queries, { startMs: start, endMs: end, stepSeconds: 60 });
    const n = hist.truth.timestamps.length;
    expect(r.signals.cpu.timestamps).toEqual(hist.truth.timestamps);
    const a = hist.anomalies;
    const nan = new Set(a.requestNaN);
    const gap = a.latencyGap as { from: number; to: number };

    expect(
      maxAbsDiff(
        r.signals.cpu.values,
        Array.from({ length: n }, (_, i) => expected("cpu", i)),
        (i) => i < 5,
      ),
    ).toBeLessThan(1e-6);
    expect(Number.isNaN(r.signals.cpu.values[0])).toBe(true); // a single sample has no rate
    // The CPU spike shows up (5-minute smoothed) and the counter reset does not produce a dip or jump.
    const spike = a.cpuSpike as { from: number; to: number };
    expect(r.signals.cpu.values[spike.from + 10]).toBeCloseTo(95, 9);
    const reset = a.cpuCounterReset as number;
    expect(r.signals.cpu.values[reset]).toBeCloseTo(expected("cpu", reset), 6);

    // Latency gap of 30 min: Prometheus repeats the last sample for its 5-minute lookback, then nothing.
    const lat = r.signals.p95LatencyMs.values;
    for (let i = gap.from; i < gap.from + 4; i++) expect(lat[i]).toBe(hist.truth.p95LatencyMs[gap.from - 1]);
    for (let i = gap.from + 5; i < gap.to; i++) expect(Number.isNaN(lat[i])).toBe(true);
    expect(maxAbsDiff(lat, hist.truth.p95LatencyMs, (i) => i >= gap.from && i < gap.to)).toBeLessThan(1e-9);

    // NaN request counts: short gap, interpolated between neighbours.
    const first = Math.min(...nan);
    const last = Math.max(...nan);
    for (const s of ["requestRate", "errorRate"] as const) {
      const lo = hist.truth[s][first - 1];
      const hi = hist.truth[s][last + 1];
      for (let i = first; i <= last; i++)
        expect(r.signals[s].values[i]).toBeCloseTo(lo + ((hi - lo) * (i - first + 1)) / (last - first + 2), 9);
      expect(maxAbsDiff(r.signals[s].values, hist.truth[s], (i) => nan.has(i))).toBeLessThan(1e-9);
    }
    expect(maxAbsDiff(r.signals.inService.values, hist.truth.inService, () => false)).toBe(0);

    expect(r.issues.filter((i) => i.blocking)).toEqual([]);
    expect(r.issues.map((i) => `${i.signal}:${i.kind}`).sort()).toEqual(
      [
        "cpu:gap",
        "errorRate:interpolated",
        "errorRate:non_finite",
        "p95LatencyMs:gap",
        "requestRate:interpolated",
        "requestRate:non_finite",
      ].sort(),
    );
  });

  it("splits ranges over Prometheus's 11,000-point limit, which the server really enforces", async () => {
    const raw = await axios.get(`${prom.url}/api/v1/query_range`, {
      params: { query: queries.inService.expr, start: start / 1000, end: (start + 11_001 * 15_000) / 1000, step: 15 },
      validateStatus: () => true,
    });
    expect(raw.status).toBe(400);
    expect(JSON.stringify(raw.data)).toMatch(/11,000 points/);

    const client = new PrometheusClient({ baseUrl: prom.url });
    const series = await client.queryRange(queries.inService.expr, { startMs: start, endMs: end, stepSeconds: 15 });
    expect(series).toHaveLength(1);
    const ts = series[0].timestamps;
    expect(ts).toHaveLength((end - start) / 15_000 + 1);
    expect(ts.every((t, i) => i === 0 || t - ts[i - 1] === 15_000)).toBe(true);
    expect(series[0].values[4 * 60 * 24]).toBe(hist.truth.inService[60 * 24]);

    const small = new PrometheusClient({ baseUrl: prom.url, maxPointsPerRequest: 700 });
    const whole = await fetchSignals(client, queries, { startMs: start, endMs: end, stepSeconds: 60 });
    const split = await fetchSignals(small, queries, { startMs: start, endMs: end, stepSeconds: 60 });
    expect(split.signals).toEqual(whole.signals);
  });

  it("raw counter query with counter=true gives the per-second rate across a counter reset", async () => {
    const client = new PrometheusClient({ baseUrl: prom.url });
    const q = { ...queries, requestRate: { expr: 'neuropilot_test_requests_total{stack="test"}', counter: true } };
    const r = await fetchSignals(client, q, { startMs: start, endMs: end, stepSeconds: 60 });
    const rr = r.signals.requestRate.values;
    expect(Number.isNaN(rr[0])).toBe(true);
    expect(maxAbsDiff(rr, hist.truth.requestRate, (i) => i === 0)).toBeLessThan(1e-9);
    expect(r.issues.filter((i) => i.signal === "requestRate").map((i) => i.kind)).toEqual(["counter_reset", "gap"]);
  });

  it("instant query returns the value at that time", async () => {
    const client = new PrometheusClient({ baseUrl: prom.url });
    const k = 1000;
    const v = await client.queryInstant(queries.inService.expr, hist.truth.timestamps[k]);
    expect(v).toEqual([{ labels: {}, timestampMs: hist.truth.timestamps[k], value: hist.truth.inService[k] }]);
  });

  it("bad PromQL → bad_query carrying Prometheus's own message; fetchSignals turns it into a blocking issue", async () => {
    const client = new PrometheusClient({ baseUrl: prom.url });
    const err = await client
      .queryRange("sum(rate(foo[5m])", { startMs: start, endMs: start + M, stepSeconds: 60 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrometheusError);
    expect((err as PrometheusError).kind).toBe("bad_query");
    expect((err as PrometheusError).message).toMatch(/parse error/);
    const r = await fetchSignals(
      client,
      { ...queries, cpu: { expr: "rate(up)" } },
      { startMs: start, endMs: end, stepSeconds: 60 },
    );
    expect(r.issues.filter((i) => i.blocking).map((i) => `${i.signal}:${i.kind}`)).toEqual(["cpu:fetch_bad_query"]);
  });

  it("data that stops before the window end is stale; two series where one was expected is blocking", async () => {
    const client = new PrometheusClient({ baseUrl: prom.url });
    const late = await fetchSignals(client, queries, {
      startMs: end - 6 * 3600_000,
      endMs: end + 30 * M,
      stepSeconds: 60,
    });
    expect(
      late.issues
        .filter((i) => i.kind === "stale")
        .map((i) => i.signal)
        .sort(),
    ).toEqual([...SIGNALS].sort());
    expect(late.issues.find((i) => i.kind === "stale")?.blocking).toBe(true);
    const both =
      'label_replace({__name__=~"aws_applicationelb_request_count_sum|aws_autoscaling_group_in_service_instances_average",stack="test"}, "m", "$1", "__name__", "(.*)")';
    const two = await fetchSignals(
      client,
      { ...queries, inService: { expr: both } },
      { startMs: start, endMs: end, stepSeconds: 60 },
    );
    const issue = two.issues.find((i) => i.signal === "inService");
    expect(issue?.kind).toBe("multiple_series");
    expect(issue?.blocking).toBe(true);
    expect(two.signals.inService.values.every(Number.isNaN)).toBe(true);
  });

  it("works through a Grafana-style data-source proxy path with a bearer token", async () => {
    const prefix = "/api/datasources/proxy/uid/prom1";
    const target = new URL(prom.url);
    const proxy = http.createServer((req, res) => {
      if (req.headers.authorization !== "Bearer grafana-token" || !req.url?.startsWith(prefix + "/")) {
        res.writeHead(401, { "Content-Type": "application/json" }).end('{"message":"Unauthorized"}');
        return;
      }
      const up = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: req.url.slice(prefix.length),
          method: req.method,
          headers: { "content-type": req.headers["content-type"] ?? "" },
        },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      req.pipe(up);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      const port = (proxy.address() as { port: number }).port;
      const base = `http://127.0.0.1:${port}${prefix}/`;
      const range = { startMs: end - 3600_000, endMs: end, stepSeconds: 60 };
      const viaProxy = await fetchSignals(
        new PrometheusClient({ baseUrl: base, auth: { kind: "bearer", token: "grafana-token" } }),
        queries,
        range,
      );
      const direct = await fetchSignals(new PrometheusClient({ baseUrl: prom.url }), queries, range);
      expect(viaProxy.signals).toEqual(direct.signals);
      const denied = await new PrometheusClient({ baseUrl: base, auth: { kind: "bearer", token: "wrong" }, retries: 3 })
        .queryInstant("up", end)
        .then(() => {
          throw new Error("expected a 401");
        })
        .catch((e: unknown) => e as PrometheusError);
      expect(denied).toBeInstanceOf(PrometheusError);
      expect(denied.kind).toBe("client_error");
      expect(denied.details.attempts).toBe(1);
      expect(denied.message).not.toContain("wrong");
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });

  it("history: two overlapping fetches merged and trimmed equal one fetch of the kept window", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "np-prom-history-"));
    try {
      const client = new PrometheusClient({ baseUrl: prom.url });
      const file = path.join(dir, "metrics-history.json");
      const mid = start + Math.floor((0.55 * (end - start)) / M) * M;
      const a = await fetchSignals(client, queries, { startMs: start, endMs: mid, stepSeconds: 60 });
      await updateHistoryFile(file, a.signals, { stepSeconds: 60, historyDays: 2, now: new Date(mid) });
      const b = await fetchSignals(client, queries, { startMs: mid - 3600_000, endMs: end, stepSeconds: 60 });
      const saved = await updateHistoryFile(file, b.signals, { stepSeconds: 60, historyDays: 2, now: new Date(end) });
      const keptFrom = end - 2 * 86_400_000;
      const whole = await fetchSignals(client, queries, { startMs: keptFrom, endMs: end, stepSeconds: 60 });
      expect(saved.signals).toEqual(whole.signals);
      expect(await loadHistory(file)).toEqual(saved);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
