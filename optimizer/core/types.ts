/*
 * Data shapes shared by the optimizer's parts (metrics → detection → learning → runner → report).
 * Plain data only: every pure core takes and returns these.
 */

/** The service signals the optimizer reads, one series each. */
export const SIGNALS = ["cpu", "p95LatencyMs", "requestRate", "errorRate", "inService"] as const;
export type SignalName = (typeof SIGNALS)[number];

/** Units of each signal, for reports and error messages. */
export const SIGNAL_UNITS: Record<SignalName, string> = {
  cpu: "% CPU (fleet average)",
  p95LatencyMs: "ms (p95 target response time)",
  requestRate: "requests/s",
  errorRate: "% of requests answered 5xx",
  inService: "instances in service",
};

/** A regular time series: timestamps in Unix milliseconds, ascending, one value each (NaN = missing). */
export interface TimeSeries {
  timestamps: number[];
  values: number[];
}

/** One series per signal over the same window. */
export type SignalSet = Record<SignalName, TimeSeries>;

/** A data-quality finding about one signal; `blocking` findings stop the optimizer from acting. */
export interface QualityIssue {
  signal: SignalName | string;
  kind: string;
  message: string;
  blocking: boolean;
}

export type Severity = "none" | "info" | "warning" | "critical";

/** The thresholds the optimizer tunes. */
export interface Thresholds {
  scaleOutCpuThreshold: number;
  scaleInCpuThreshold: number;
}
