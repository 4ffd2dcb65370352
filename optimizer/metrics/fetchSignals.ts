import { SIGNALS, type QualityIssue, type SignalName, type SignalSet } from "../core/types";
import type { MetricsClient } from "./client";
import { PrometheusError } from "./errors";
import { cleanSignal, DEFAULT_HYGIENE, type HygieneOptions } from "./hygiene";
import type { SignalQueries } from "./promql";
import { alignRange, type QueryRange } from "./rangeSplit";
import { gridTimestamps, type Grid } from "./resample";

/*
 * The runner's entry point: every signal over one window, cleaned, with every data-quality finding.
 * Never throws for a signal's failure: a failed or unusable signal comes back all-missing with a blocking
 * issue, so the runner refuses to act instead of crashing (bad arguments still throw).
 */

export interface FetchResult {
  signals: SignalSet;
  issues: QualityIssue[];
  /** The aligned window actually fetched. */
  range: QueryRange;
}

export async function fetchSignals(
  client: MetricsClient,
  queries: SignalQueries,
  range: QueryRange,
  options: HygieneOptions = DEFAULT_HYGIENE,
): Promise<FetchResult> {
  const aligned = alignRange(range);
  const grid: Grid = { startMs: aligned.startMs, endMs: aligned.endMs, stepMs: aligned.stepSeconds * 1000 };
  const results = await Promise.all(
    SIGNALS.map(async (signal) => {
      const q = queries[signal];
      if (!q || typeof q.expr !== "string" || q.expr.trim() === "")
        throw new Error(`no PromQL for signal ${signal} (neuropilot:metrics.queries.${signal})`);
      try {
        const raw = await client.queryRange(q.expr, aligned);
        return [signal, cleanSignal(signal, raw, grid, options, q.counter ?? false)] as const;
      } catch (e) {
        return [
          signal,
          {
            series: { timestamps: gridTimestamps(grid), values: gridTimestamps(grid).map(() => NaN) },
            issues: [failure(signal, e)],
          },
        ] as const;
      }
    }),
  );
  const signals = {} as SignalSet;
  const issues: QualityIssue[] = [];
  for (const [signal, r] of results) {
    signals[signal] = r.series;
    issues.push(...r.issues);
  }
  return { signals, issues, range: aligned };
}

function failure(signal: SignalName, e: unknown): QualityIssue {
  if (e instanceof PrometheusError)
    return { signal, kind: `fetch_${e.kind}`, message: `${signal}: ${e.message}`, blocking: true };
  return {
    signal,
    kind: "fetch_failed",
    message: `${signal}: ${e instanceof Error ? e.message : String(e)}`,
    blocking: true,
  };
}
