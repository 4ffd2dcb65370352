import { SIGNALS, type Severity } from "../core/types";
import { round, roundOrNull } from "./series";
import type { AnomalySummary, FlaggedRange, SignalAnomalyLoad, SignalAnomalySummary } from "./types";
import { MINUTE_MS } from "./window";

/** Weight of a flagged minute in the anomaly load. */
export const SEVERITY_WEIGHT: Record<Severity, number> = { none: 0, info: 0.1, warning: 0.5, critical: 1 };

/**
 * Anomaly load of the day per signal: flagged minutes by severity (ranges clipped to the day; a range covers
 * [start, end + step)), detectors that fired, and the severity-weighted total.
 */
export function summariseAnomalies(
  anomalies: readonly SignalAnomalySummary[] | null,
  dayStart: number,
  dayEnd: number,
  stepMs: number | null,
): Omit<AnomalySummary, "model"> {
  if (anomalies === null) return { available: false, perSignal: [], weightedMinutes: 0, loadPercent: null };
  const step = stepMs ?? MINUTE_MS;
  let weighted = 0;
  const perSignal: SignalAnomalyLoad[] = [];
  for (const signal of SIGNALS) {
    const ranges = anomalies
      .filter((a) => a.signal === signal)
      .flatMap((a) => [...a.ranges, ...rangesFromPoints(a, step)]);
    const minutes: Record<Severity, number> = { none: 0, info: 0, warning: 0, critical: 0 };
    const detectors = new Set<string>();
    let maxScore: number | null = null;
    let count = 0;
    for (const r of ranges) {
      const lo = Math.max(r.start, dayStart);
      const hi = Math.min(r.end + step, dayEnd);
      if (hi <= lo || r.severity === "none") continue;
      count++;
      minutes[r.severity] += (hi - lo) / MINUTE_MS;
      for (const d of r.detectors) detectors.add(d);
      if (Number.isFinite(r.maxScore)) maxScore = maxScore === null ? r.maxScore : Math.max(maxScore, r.maxScore);
    }
    const flagged = minutes.info + minutes.warning + minutes.critical;
    weighted +=
      minutes.info * SEVERITY_WEIGHT.info +
      minutes.warning * SEVERITY_WEIGHT.warning +
      minutes.critical * SEVERITY_WEIGHT.critical;
    perSignal.push({
      signal,
      flaggedMinutes: round(flagged, 1),
      criticalMinutes: round(minutes.critical, 1),
      warningMinutes: round(minutes.warning, 1),
      infoMinutes: round(minutes.info, 1),
      ranges: count,
      maxScore: roundOrNull(maxScore, 2),
      detectors: [...detectors].sort(),
    });
  }
  const dayMinutes = (dayEnd - dayStart) / MINUTE_MS;
  return {
    available: true,
    perSignal,
    weightedMinutes: round(weighted, 1),
    loadPercent: round((weighted / dayMinutes) * 100, 2),
  };
}

/** Runs of consecutive points with the same non-"none" severity, as ranges. */
export function rangesFromPoints(a: SignalAnomalySummary, stepMs: number): FlaggedRange[] {
  const p = a.points;
  if (!p) return [];
  const out: FlaggedRange[] = [];
  let cur: FlaggedRange | null = null;
  for (let i = 0; i < p.timestamps.length; i++) {
    const sev = p.severities[i] ?? "none";
    const t = p.timestamps[i];
    const dets = p.detectors?.[i] ?? [];
    const contiguous = cur !== null && cur.severity === sev && t - cur.end <= stepMs;
    if (sev === "none") {
      cur = null;
      continue;
    }
    if (cur && contiguous) {
      cur.end = t;
      cur.maxScore = Math.max(cur.maxScore, p.scores[i]);
      for (const d of dets) if (!cur.detectors.includes(d)) cur.detectors.push(d);
    } else {
      cur = { start: t, end: t, severity: sev, maxScore: p.scores[i], detectors: [...dets] };
      out.push(cur);
    }
  }
  return out;
}
