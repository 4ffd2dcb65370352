import { SIGNALS, SIGNAL_UNITS, type SignalName, type SignalSet } from "../core/types";
import { mannWhitneyU } from "./mannWhitney";
import { hourlyMeans, mean, pointsIn, quantile, roundOrNull, type Point } from "./series";
import type { SignalTrend, TrendDirection } from "./types";

/** p-value below which a change counts as significant. */
export const TREND_ALPHA = 0.01;
/** Smallest relative change of the mean (in %) that counts as a change at all. */
export const TREND_MIN_CHANGE_PERCENT = 5;
/** Fewest hourly means needed: a day needs 12 h of data, the baseline 3 days. */
const MIN_DAY_HOURS = 12;
const MIN_BASELINE_HOURS = 72;

/**
 * Last 24 h against the 7-day baseline, per signal: means, p95s, relative change of the mean, and a two-sided
 * Mann-Whitney U test on hour-of-day adjusted hourly means: each hourly mean minus the baseline's mean for the same
 * hour of day (leave-one-out inside the baseline). Hourly aggregation damps the minute-to-minute autocorrelation that
 * would make every difference "significant"; the hour-of-day adjustment removes the daily cycle that would hide a
 * real shift. Significant = p < TREND_ALPHA and |change| ≥ TREND_MIN_CHANGE_PERCENT.
 */
export function computeTrends(
  signals: SignalSet | null,
  baselineStart: number,
  dayStart: number,
  dayEnd: number,
): SignalTrend[] {
  return SIGNALS.map((s) => trendOf(s, signals, baselineStart, dayStart, dayEnd));
}

function trendOf(
  signal: SignalName,
  signals: SignalSet | null,
  baselineStart: number,
  dayStart: number,
  dayEnd: number,
): SignalTrend {
  const day = signals ? pointsIn(signals[signal], dayStart, dayEnd) : [];
  const base = signals ? pointsIn(signals[signal], baselineStart, dayStart) : [];
  const dayVals = day.map((p) => p.v);
  const baseVals = base.map((p) => p.v);
  const { dayHourly, baseHourly } = adjustedHourly(day, base);
  const dayMean = mean(dayVals);
  const baselineMean = mean(baseVals);
  const changePercent =
    dayMean !== null && baselineMean !== null && baselineMean !== 0
      ? ((dayMean - baselineMean) / Math.abs(baselineMean)) * 100
      : null;
  const direction: TrendDirection =
    changePercent === null ? "flat" : Math.abs(changePercent) < 1 ? "flat" : changePercent > 0 ? "up" : "down";
  let pValue: number | null = null;
  let note: string;
  if (dayHourly.length < MIN_DAY_HOURS || baseHourly.length < MIN_BASELINE_HOURS) {
    note = `too little data for a test (${dayHourly.length} h in the day, ${baseHourly.length} h of baseline; need ${MIN_DAY_HOURS} and ${MIN_BASELINE_HOURS})`;
  } else {
    const r = mannWhitneyU(dayHourly, baseHourly);
    pValue = r ? r.pValue : 1;
    note = "Mann-Whitney U, hour-of-day adjusted hourly means";
  }
  const significant =
    pValue !== null &&
    pValue < TREND_ALPHA &&
    changePercent !== null &&
    Math.abs(changePercent) >= TREND_MIN_CHANGE_PERCENT;
  return {
    signal,
    unit: SIGNAL_UNITS[signal],
    dayMean: roundOrNull(dayMean, 3),
    baselineMean: roundOrNull(baselineMean, 3),
    dayP95: roundOrNull(quantile(dayVals, 0.95), 3),
    baselineP95: roundOrNull(quantile(baseVals, 0.95), 3),
    changePercent: roundOrNull(changePercent, 1),
    direction,
    pValue: pValue === null ? null : Number(pValue.toPrecision(3)),
    significant,
    dayHours: dayHourly.length,
    baselineHours: baseHourly.length,
    note,
  };
}

/** Residuals of hourly means against the baseline's hour-of-day profile (leave-one-out for baseline hours). */
function adjustedHourly(day: readonly Point[], base: readonly Point[]): { dayHourly: number[]; baseHourly: number[] } {
  const dayH = hourlyMeans(day);
  const baseH = hourlyMeans(base);
  const profile = new Map<number, { s: number; n: number }>();
  for (const [h, v] of baseH) {
    const p = profile.get(h % 24) ?? { s: 0, n: 0 };
    p.s += v;
    p.n += 1;
    profile.set(h % 24, p);
  }
  const baseHourly: number[] = [];
  for (const [h, v] of baseH) {
    const p = profile.get(h % 24);
    if (p && p.n > 1) baseHourly.push(v - (p.s - v) / (p.n - 1));
  }
  const dayHourly: number[] = [];
  for (const [h, v] of dayH) {
    const p = profile.get(h % 24);
    if (p && p.n > 0) dayHourly.push(v - p.s / p.n);
  }
  return { dayHourly, baseHourly };
}
