import { quantile } from "simple-statistics";
import { finiteShare, HOUR_MS, HOURS_PER_DAY, hourOfWeek, type HourlySeries } from "./hourly";
import { pointForecast, type ForecastMethod } from "./methods";

/*
 * The load forecast with its uncertainty band, and the rolling-origin backtest that both measures a method and
 * calibrates the band: at every day boundary with enough history, the method is fitted on the past only and its
 * next hours are compared with what happened. The band's quantiles come from the out-of-sample errors of earlier
 * origins (the in-sample residuals until there are enough). Pure.
 */

export interface ForecastOptions {
  method: ForecastMethod;
  horizonHours: number;
  /** Hours of history each fit uses (the most recent ones), like AWS's 14 days. */
  trainHours: number;
  /** Fewer usable hours than this: no forecast ("history too short"). */
  minTrainHours: number;
  /** Quantile of the error distribution used for the upper bound (e.g. 0.95). */
  upperQuantile: number;
}

export const DEFAULT_FORECAST_OPTIONS: ForecastOptions = {
  method: "seasonal-profile",
  horizonHours: 48,
  trainHours: 14 * HOURS_PER_DAY,
  minTrainHours: 7 * HOURS_PER_DAY,
  upperQuantile: 0.95,
};

export interface ForecastHour {
  timestampMs: number;
  hourOfWeek: number;
  mean: number;
  lower: number;
  upper: number;
}

export interface BacktestSummary {
  method: ForecastMethod;
  origins: number;
  hours: number;
  /** Mean absolute percentage error over the hours whose load is at least 5 % of the training maximum. */
  mapePercent: number;
  /** Share of hours (0–1) whose load exceeded the upper bound. */
  aboveUpperShare: number;
}

export interface LoadForecast {
  method: ForecastMethod;
  /** First forecast hour (the hour after the last history hour). */
  originMs: number;
  hours: ForecastHour[];
  backtest: BacktestSummary;
}

/** The history cannot be forecast from (too short, too many gaps); the message names why. */
export class ForecastInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ForecastInputError";
  }
}

/** Smallest number of past out-of-sample errors before they replace the in-sample residuals for the band. */
const MIN_OOS_ERRORS = 48;
const MAPE_FLOOR_SHARE = 0.05;
const MIN_FINITE_SHARE = 0.8;

function trainingWindow(s: HourlySeries, endIndex: number, opts: ForecastOptions): HourlySeries {
  const start = Math.max(0, endIndex - opts.trainHours);
  return { startMs: s.startMs + start * HOUR_MS, values: s.values.slice(start, endIndex) };
}

/** Checks a training window; returns the reason it is unusable, or null. */
export function unusableReason(train: HourlySeries, opts: ForecastOptions): string | null {
  const usable = train.values.filter((v) => Number.isFinite(v)).length;
  if (train.values.length < opts.minTrainHours || usable < opts.minTrainHours * MIN_FINITE_SHARE)
    return `history too short: ${usable} usable hours, the forecast needs ${opts.minTrainHours} (${opts.minTrainHours / 24} days)`;
  if (finiteShare(train.values) < MIN_FINITE_SHARE)
    return `history has too many gaps: ${Math.round(100 * (1 - finiteShare(train.values)))} % of hours missing (at most ${Math.round(100 * (1 - MIN_FINITE_SHARE))} %)`;
  if (!train.values.some((v) => v > 0)) return "history has no positive load";
  return null;
}

function band(errors: readonly number[], upperQ: number): { lo: number; hi: number } {
  if (errors.length === 0) return { lo: 1, hi: 1 };
  const sorted = [...errors].sort((a, b) => a - b);
  return { lo: Math.exp(quantile(sorted, 1 - upperQ)), hi: Math.exp(Math.max(0, quantile(sorted, upperQ))) };
}

function hoursOf(startMs: number, mean: readonly number[], b: { lo: number; hi: number }): ForecastHour[] {
  return mean.map((m, h) => {
    const ts = startMs + h * HOUR_MS;
    return { timestampMs: ts, hourOfWeek: hourOfWeek(ts), mean: m, lower: m * Math.min(1, b.lo), upper: m * b.hi };
  });
}

interface BacktestRun {
  summary: BacktestSummary;
  /** Out-of-sample log errors, in the order they became known. */
  errors: number[];
}

/** Rolling-origin backtest of one method over a whole hourly series (origins at UTC midnights, one per day). */
export function backtest(series: HourlySeries, opts: ForecastOptions): BacktestRun {
  const errors: { knownAt: number; e: number }[] = [];
  let apeSum = 0;
  let apeN = 0;
  let above = 0;
  let hours = 0;
  let origins = 0;
  const firstMidnight = (HOURS_PER_DAY - (Math.floor(series.startMs / HOUR_MS) % HOURS_PER_DAY)) % HOURS_PER_DAY;
  for (let o = firstMidnight; o + HOURS_PER_DAY <= series.values.length; o += HOURS_PER_DAY) {
    const train = trainingWindow(series, o, opts);
    if (unusableReason(train, opts) !== null) continue;
    const horizon = Math.min(opts.horizonHours, series.values.length - o);
    const fit = pointForecast(opts.method, train, horizon);
    const past = errors.filter((x) => x.knownAt <= o).map((x) => x.e);
    const b = band(past.length >= MIN_OOS_ERRORS ? past : fit.residualLogs, opts.upperQuantile);
    const floor = MAPE_FLOOR_SHARE * Math.max(...train.values.filter(Number.isFinite));
    origins++;
    for (let h = 0; h < horizon; h++) {
      const a = series.values[o + h];
      const f = fit.mean[h];
      if (!Number.isFinite(a)) continue;
      hours++;
      if (a > f * b.hi) above++;
      if (a >= floor && a > 0) {
        apeSum += Math.abs(a - f) / a;
        apeN++;
      }
      if (a > 0 && f > 0) errors.push({ knownAt: o + h + 1, e: Math.log(a / f) });
    }
  }
  return {
    summary: {
      method: opts.method,
      origins,
      hours,
      mapePercent: apeN > 0 ? (100 * apeSum) / apeN : NaN,
      aboveUpperShare: hours > 0 ? above / hours : NaN,
    },
    errors: errors.map((x) => x.e),
  };
}

/**
 * The forecast of the next `horizonHours` after the series' last hour, with its band and the backtest over the
 * series. Throws ForecastInputError when the recent history is too short or too gappy.
 */
export function forecastLoad(series: HourlySeries, opts: ForecastOptions = DEFAULT_FORECAST_OPTIONS): LoadForecast {
  const train = trainingWindow(series, series.values.length, opts);
  const why = unusableReason(train, opts);
  if (why !== null) throw new ForecastInputError(why);
  const bt = backtest(series, opts);
  const fit = pointForecast(opts.method, train, opts.horizonHours);
  const b = band(bt.errors.length >= MIN_OOS_ERRORS ? bt.errors : fit.residualLogs, opts.upperQuantile);
  const originMs = series.startMs + series.values.length * HOUR_MS;
  return { method: opts.method, originMs, hours: hoursOf(originMs, fit.mean, b), backtest: bt.summary };
}
