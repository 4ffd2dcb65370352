import type { TimeSeries } from "../core/types";

/*
 * Hourly series for forecasting: a per-minute (or per-step) series aggregated into UTC hours, and the
 * hour-of-week calendar (hour 0 = Monday 00:00 UTC). Pure.
 */

export const HOUR_MS = 3_600_000;
export const HOURS_PER_DAY = 24;
export const HOURS_PER_WEEK = 168;

/** Values on consecutive UTC hours from `startMs` (a whole hour); NaN = no data in that hour. */
export interface HourlySeries {
  startMs: number;
  values: number[];
}

/**
 * Hour of week (0 = Monday 00:00 UTC … 167 = Sunday 23:00) of a time.
 * Example: hourOfWeek(Date.UTC(2026, 0, 5, 7)) = 7 (5 January 2026 is a Monday).
 */
export function hourOfWeek(ms: number): number {
  const h = Math.floor(ms / HOUR_MS);
  // 1970-01-01 00:00 UTC was a Thursday, 72 hours after Monday 00:00.
  return (((h + 72) % HOURS_PER_WEEK) + HOURS_PER_WEEK) % HOURS_PER_WEEK;
}

/** What one hour's value is: the mean of its points, or the highest 5-point moving average (the hour's peak). */
export type HourStat = "mean" | "peak5";

/**
 * Aggregates a regular series into UTC hours. An hour with fewer than `minShare` of its expected points
 * (finite values) is NaN. Points must be ascending; the step is taken from the first two timestamps.
 */
export function toHourly(series: TimeSeries, stat: HourStat, minShare = 0.5): HourlySeries {
  const { timestamps, values } = series;
  if (timestamps.length === 0) return { startMs: 0, values: [] };
  const stepMs = timestamps.length > 1 ? timestamps[1] - timestamps[0] : 60_000;
  if (!(stepMs > 0)) throw new Error("toHourly: timestamps must be ascending");
  const perHour = Math.max(1, Math.round(HOUR_MS / stepMs));
  const startMs = Math.floor(timestamps[0] / HOUR_MS) * HOUR_MS;
  const n = Math.floor((timestamps[timestamps.length - 1] - startMs) / HOUR_MS) + 1;
  const buckets: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < timestamps.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) buckets[Math.floor((timestamps[i] - startMs) / HOUR_MS)].push(v);
  }
  const out = buckets.map((b) => {
    if (b.length < minShare * perHour || b.length === 0) return NaN;
    if (stat === "mean") return b.reduce((a, x) => a + x, 0) / b.length;
    const w = Math.min(5, b.length);
    let sum = 0;
    let best = -Infinity;
    for (let i = 0; i < b.length; i++) {
      sum += b[i] - (i >= w ? b[i - w] : 0);
      if (i >= w - 1) best = Math.max(best, sum / w);
    }
    return best;
  });
  return { startMs, values: out };
}

/** Share of finite values. */
export function finiteShare(values: readonly number[]): number {
  if (values.length === 0) return 0;
  return values.filter((v) => Number.isFinite(v)).length / values.length;
}
