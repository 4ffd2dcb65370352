/*
 * Detection over a set of signals for the runner: per-signal per-point verdicts plus a summary of the flagged time
 * ranges (so the learner can exclude them) and whether a critical anomaly is still open at the end of the data.
 * A flagged range starts at a point of severity ≥ warning and lasts while a point-wise detector (robustZ, seasonal:
 * the point itself against a baseline) keeps deviating by at least the firing level (gaps of up to `mergeGapPoints`
 * points are bridged). The EWMA chart and k-means carry smoothed state (a fast mean, volatility features) that
 * keeps deviating for a while after the event has ended, so they open ranges but do not extend them.
 * Each signal is judged on its service-context series (serviceContext.ts): CPU demand, latency against the load
 * curve, error rate above a floor; inService, the optimizer's own action, is context only (every point "none").
 */
import type { DetectionConfig } from "../../infra/config";
import { SIGNALS, type Severity, type SignalName, type SignalSet } from "../core/types";
import { scoreSeries, type PointResult } from "./ensemble";
import type { KMeansModel } from "./kmeansModel";
import { judgedSignals } from "./serviceContext";
import { severityLevels } from "./severity";
import type { PointVerdict } from "./types";

export interface FlaggedRange {
  signal: SignalName;
  /** Unix ms of the first and last point of the range. */
  startMs: number;
  endMs: number;
  severity: Exclude<Severity, "none">;
  peakScore: number;
}

export interface AnomalySummary {
  openCritical: boolean;
  ranges: FlaggedRange[];
}

export interface DetectionResult {
  points: Record<SignalName, PointVerdict[]>;
  summary: AnomalySummary;
}

/** Detectors whose deviation extends an open range (see the header). */
const EXTENDERS = ["robustZ", "seasonal"] as const;
const RANK: Record<Severity, number> = { none: 0, info: 1, warning: 2, critical: 3 };

export function detectAnomalies(
  signals: SignalSet,
  model: KMeansModel | undefined,
  config: DetectionConfig,
  mergeGapPoints = 5,
): DetectionResult {
  const points = {} as Record<SignalName, PointVerdict[]>;
  const ranges: FlaggedRange[] = [];
  let openCritical = false;
  const fireDeviation = severityLevels(config.sensitivity).fireDeviation;
  for (const signal of SIGNALS) {
    const s = signals[signal];
    if (!s) throw new Error(`signal set has no series for "${signal}"`);
    if (s.timestamps.length !== s.values.length) {
      throw new Error(`signal ${signal}: series has ${s.timestamps.length} timestamps but ${s.values.length} values`);
    }
  }
  const judged = judgedSignals(signals);
  for (const signal of SIGNALS) {
    const series = judged[signal];
    if (!series) {
      points[signal] = signals[signal].values.map(() => ({ score: 0, severity: "none", detectors: [] }));
      continue;
    }
    const useModel = model && model.signal === signal ? model : undefined;
    let results: PointResult[];
    try {
      results = scoreSeries(series, config, { model: useModel });
    } catch (err) {
      throw new Error(`signal ${signal}: ${(err as Error).message}`);
    }
    points[signal] = results.map(({ score, severity, detectors }) => ({ score, severity, detectors }));
    const found = rangesOf(signal, series.timestamps, results, fireDeviation, mergeGapPoints);
    ranges.push(...found.ranges);
    openCritical ||= found.openCritical;
  }
  ranges.sort((a, b) => a.startMs - b.startMs || a.signal.localeCompare(b.signal));
  return { points, summary: { openCritical, ranges } };
}

function rangesOf(
  signal: SignalName,
  timestamps: readonly number[],
  results: readonly PointResult[],
  fireDeviation: number,
  mergeGapPoints: number,
): { ranges: FlaggedRange[]; openCritical: boolean } {
  const ranges: FlaggedRange[] = [];
  let open: { start: number; last: number; severity: Severity; peak: number } | undefined;
  const close = () => {
    if (open && open.severity !== "none") {
      ranges.push({
        signal,
        startMs: timestamps[open.start],
        endMs: timestamps[open.last],
        severity: open.severity,
        peakScore: open.peak,
      });
    }
    open = undefined;
  };
  for (let i = 0; i < results.length; i++) {
    const r = results[i];
    const deviating = EXTENDERS.some((d) => (r.deviations[d] ?? 0) >= fireDeviation);
    if (RANK[r.severity] >= RANK.warning) {
      if (!open) open = { start: i, last: i, severity: r.severity, peak: r.score };
      open.last = i;
      if (RANK[r.severity] > RANK[open.severity]) open.severity = r.severity;
      open.peak = Math.max(open.peak, r.score);
    } else if (open && deviating) {
      open.last = i;
    } else if (open && i - open.last > mergeGapPoints) {
      close();
    }
  }
  const openCritical =
    open !== undefined && open.severity === "critical" && results.length - 1 - open.last <= mergeGapPoints;
  close();
  return { ranges, openCritical };
}
