import { mulberry32 } from "../rng";
import type { SignalName } from "../../../optimizer/core/types";
import type { GeneratedSeries } from "./openMetrics";

/*
 * A generated web-tier history at 1-minute resolution, in the metric names the default queries of
 * `neuropilot:metrics.queries` read (node_exporter + CloudWatch exporter, labelled stack="<stack>"), with
 * known anomalies. `truth` holds the per-minute values the generator used, per signal.
 */

export interface WebTierHistoryOptions {
  /** Last sample time (ms); rounded down to the minute. */
  endMs: number;
  days: number;
  stack?: string;
  seed?: number;
  /** Add the anomalies listed in `anomalies` (default true). */
  anomalies?: boolean;
}

export interface WebTierHistory {
  series: GeneratedSeries[];
  stack: string;
  /** Minute timestamps and the generated value of each signal at each. */
  truth: { timestamps: number[] } & Record<SignalName, number[]>;
  /** Where the anomalies are (minute indices into truth.timestamps), empty when disabled. */
  anomalies: {
    /** CPU pinned at 95 % (a real operational anomaly). */
    cpuSpike?: { from: number; to: number };
    /** node_cpu_seconds_total restarts from zero here (counter reset). */
    cpuCounterReset?: number;
    /** No p95 latency samples in [from, to). */
    latencyGap?: { from: number; to: number };
    /** Request count samples written as NaN. */
    requestNaN?: number[];
    /** neuropilot_test_requests_total restarts from zero here. */
    requestCounterReset?: number;
  };
}

export { mulberry32 };

const MINUTE = 60_000;

export function generateWebTierHistory(o: WebTierHistoryOptions): WebTierHistory {
  const stack = o.stack ?? "test";
  const rand = mulberry32(o.seed ?? 1);
  const n = Math.round((o.days * 86_400_000) / MINUTE);
  const end = Math.floor(o.endMs / MINUTE) * MINUTE;
  const timestamps = Array.from({ length: n }, (_, i) => end - (n - 1 - i) * MINUTE);
  const withAnomalies = o.anomalies ?? true;
  const anomalies: WebTierHistory["anomalies"] = withAnomalies
    ? {
        cpuSpike: { from: Math.floor(n * 0.4), to: Math.floor(n * 0.4) + 20 },
        cpuCounterReset: Math.floor(n * 0.6),
        latencyGap: { from: Math.floor(n * 0.7), to: Math.floor(n * 0.7) + 30 },
        requestNaN: [Math.floor(n * 0.8), Math.floor(n * 0.8) + 1, Math.floor(n * 0.8) + 2],
        requestCounterReset: Math.floor(n * 0.5),
      }
    : {};

  const truth = {
    timestamps,
    cpu: [] as number[],
    p95LatencyMs: [] as number[],
    requestRate: [] as number[],
    errorRate: [] as number[],
    inService: [] as number[],
  };
  const requestsPerMin: number[] = [];
  const errorsPerMin: number[] = [];
  for (let i = 0; i < n; i++) {
    const day = ((timestamps[i] % 86_400_000) / 86_400_000) * 2 * Math.PI;
    const load = 0.5 + 0.35 * Math.sin(day - Math.PI / 2) + 0.05 * (rand() - 0.5);
    const req = Math.round(3000 * load + 200 * rand());
    const errors = Math.floor(req * 0.004 * rand());
    const spike = anomalies.cpuSpike && i >= anomalies.cpuSpike.from && i < anomalies.cpuSpike.to;
    const cpu = spike ? 95 : Math.round((20 + 55 * load + 4 * rand()) * 100) / 100;
    requestsPerMin.push(req);
    errorsPerMin.push(errors);
    truth.cpu.push(cpu);
    truth.requestRate.push(req / 60);
    truth.errorRate.push((100 * errors) / Math.max(req, 1));
    truth.p95LatencyMs.push(Math.round(120 + 2 * cpu + 30 * rand()));
    truth.inService.push(Math.min(10, Math.max(2, Math.round(req / 600))));
  }

  const labels = { stack };
  const idle: number[] = [];
  let idleCounter = 1000;
  for (let i = 0; i < n; i++) {
    const inc = 60 * (1 - truth.cpu[i] / 100);
    idleCounter = i === anomalies.cpuCounterReset ? inc : idleCounter + inc;
    idle.push(idleCounter);
  }
  const reqTotal: number[] = [];
  let reqCounter = 5_000_000;
  for (let i = 0; i < n; i++) {
    reqCounter = i === anomalies.requestCounterReset ? requestsPerMin[i] : reqCounter + requestsPerMin[i];
    reqTotal.push(reqCounter);
  }
  const nan = new Set(anomalies.requestNaN ?? []);
  const gap = anomalies.latencyGap;
  const latencyIdx = timestamps.map((_, i) => i).filter((i) => !gap || i < gap.from || i >= gap.to);

  const series: GeneratedSeries[] = [
    {
      name: "node_cpu_seconds_total",
      type: "counter",
      labels: { ...labels, cpu: "0", mode: "idle", instance: "i-0" },
      timestamps,
      values: idle,
    },
    {
      name: "aws_applicationelb_target_response_time_p95",
      labels,
      timestamps: latencyIdx.map((i) => timestamps[i]),
      values: latencyIdx.map((i) => truth.p95LatencyMs[i] / 1000),
    },
    {
      name: "aws_applicationelb_request_count_sum",
      labels,
      timestamps,
      values: requestsPerMin.map((r, i) => (nan.has(i) ? NaN : r)),
    },
    { name: "aws_applicationelb_httpcode_target_5_xx_count_sum", labels, timestamps, values: errorsPerMin },
    { name: "aws_autoscaling_group_in_service_instances_average", labels, timestamps, values: truth.inService },
    { name: "neuropilot_test_requests_total", type: "counter", labels, timestamps, values: reqTotal },
  ];
  return { series, stack, truth, anomalies };
}
