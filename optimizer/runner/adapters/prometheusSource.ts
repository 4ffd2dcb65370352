import type { MetricsConfig } from "../../../infra/config";
import { fetchSignals } from "../../metrics/fetchSignals";
import { hygieneOptionsFromConfig, prometheusClientFromConfig } from "../../metrics/fromConfig";
import { signalQueriesFromConfig } from "../../metrics/promql";
import type { MetricsSource, MetricsWindow } from "../ports";

/** Production metrics source: the Prometheus HTTP API (or Grafana's proxy to it), through the cleaning client. */
export class PrometheusSource implements MetricsSource {
  readonly name: string;
  private readonly client;
  private readonly queries;
  private readonly hygiene;

  constructor(
    private readonly config: MetricsConfig,
    stack: string,
    env: Readonly<Record<string, string | undefined>> = process.env,
  ) {
    this.client = prometheusClientFromConfig(config, env);
    this.queries = signalQueriesFromConfig(config, stack);
    this.hygiene = hygieneOptionsFromConfig(config);
    this.name = `prometheus ${new URL(config.prometheusUrl).origin}`;
  }

  /** Data younger than the staleness limit may still be arriving (CloudWatch exporters lag ~10 min). */
  latestCompleteMs(nowMs: number): number {
    return nowMs - this.config.staleAfterSeconds * 1000;
  }

  async fetch(w: MetricsWindow) {
    const r = await fetchSignals(
      this.client,
      this.queries,
      { startMs: w.startMs, endMs: w.endMs - w.stepSeconds * 1000, stepSeconds: w.stepSeconds },
      this.hygiene,
    );
    return { signals: r.signals, issues: r.issues };
  }
}
