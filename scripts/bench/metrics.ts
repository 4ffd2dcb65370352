/*
 * Benchmark: fetch 7 days × 1-minute of the 5 signals (≈50k points) from a local Prometheus with backfilled
 * data, through PrometheusClient + fetchSignals (hygiene included).
 * Run: npx tsx scripts/bench/metrics.ts
 * The parent generates + backfills + starts Prometheus; a child process does only the fetching, so its peak
 * RSS is the fetch's own (plus Node/tsx start-up, printed as the baseline).
 */
import { spawn } from "node:child_process";
import { defaultStackConfig } from "../../infra/config";
import { SIGNALS } from "../../optimizer/core/types";
import { fetchSignals, PrometheusClient, signalQueriesFromConfig } from "../../optimizer/metrics";
import { generateWebTierHistory, startPrometheus } from "../../test/support/prometheus";

const DAYS = 7;
const RUNS = 5;

async function child(url: string, startMs: number, endMs: number): Promise<void> {
  const baselineRss = process.memoryUsage().rss;
  const client = new PrometheusClient({ baseUrl: url });
  const queries = signalQueriesFromConfig(defaultStackConfig().metrics, "bench");
  const times: number[] = [];
  let points = 0;
  let blocking = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = await fetchSignals(client, queries, { startMs, endMs, stepSeconds: 60 });
    times.push(performance.now() - t0);
    points = SIGNALS.reduce((n, s) => n + r.signals[s].values.filter(Number.isFinite).length, 0);
    blocking = r.issues.filter((x) => x.blocking).length;
  }
  const peakRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ times, points, blocking, baselineRss, peakRss }) + "\n");
}

async function main(): Promise<void> {
  if (process.argv[2] === "--child") return child(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
  const endMs = Math.floor((Date.now() - 120_000) / 60_000) * 60_000;
  const hist = generateWebTierHistory({ endMs, days: DAYS, stack: "bench", seed: 3, anomalies: false });
  const prom = await startPrometheus({ series: hist.series });
  try {
    const startMs = hist.truth.timestamps[0];
    const out = await new Promise<string>((resolve, reject) => {
      const c = spawn(
        process.execPath,
        [...process.execArgv, __filename, "--child", prom.url, String(startMs), String(endMs)],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      let text = "";
      c.stdout.on("data", (d: Buffer) => (text += d.toString()));
      c.once("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`fetch child exited ${code}`))));
    });
    const r = JSON.parse(out.trim().split("\n").at(-1) as string) as {
      times: number[];
      points: number;
      blocking: number;
      baselineRss: number;
      peakRss: number;
    };
    const sorted = [...r.times].sort((a, b) => a - b);
    const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
    console.log(
      `prometheus ${prom.url}: wrote OpenMetrics ${prom.timings.writeMs.toFixed(0)} ms, promtool backfill ${prom.timings.backfillMs.toFixed(0)} ms, start ${prom.timings.startMs.toFixed(0)} ms`,
    );
    console.log(
      `window: ${DAYS} days × 1 min × ${SIGNALS.length} signals; finite points returned: ${r.points}; blocking issues: ${r.blocking}`,
    );
    console.log(
      `fetchSignals wall time: first ${r.times[0].toFixed(0)} ms, median of ${RUNS} ${sorted[Math.floor(RUNS / 2)].toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms (target < 1500 ms)`,
    );
    console.log(
      `fetch process memory: peak RSS ${mb(r.peakRss)} MB (baseline before fetching ${mb(r.baselineRss)} MB) (target < 150 MB)`,
    );
  } finally {
    await prom.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
