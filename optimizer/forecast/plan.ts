import type { CapacitySchedule, ForecastConfig, StackConfig } from "../../infra/config";
import type { TimeSeries } from "../core/types";
import type { MetricsHistory } from "../metrics/history";
import {
  DEFAULT_FORECAST_OPTIONS,
  ForecastInputError,
  forecastLoad,
  type BacktestSummary,
  type ForecastOptions,
  type LoadForecast,
} from "./forecast";
import { toHourly } from "./hourly";
import { planSchedule } from "./schedule";

/*
 * The learner's forecast step for one stack: the load series from the metrics history (request rate; where it is
 * missing, CPU × instances through the twin's service model), the forecast, the verdict (use it, or fall back to
 * reactive only, and why) and the capacity schedule. Pure: the CLI and the runner do the I/O.
 */

export interface ForecastPlan {
  forecast: LoadForecast | null;
  used: boolean;
  /** Why the schedule is used or withdrawn, one line. */
  reason: string;
  /** The schedule to write; empty ranges when withdrawn (reactive only). */
  schedule: CapacitySchedule;
  targetCpuPercent: number;
}

/** Forecast options of a stack (neuropilot:forecast). */
export function forecastOptionsOf(config: StackConfig): ForecastOptions {
  const f = config.forecast;
  return {
    ...DEFAULT_FORECAST_OPTIONS,
    method: f.method,
    horizonHours: f.horizonHours,
    trainHours: f.historyDays * 24,
    minTrainHours: f.minHistoryDays * 24,
    upperQuantile: f.upperQuantile,
  };
}

/** Request rate per step; a missing request rate is estimated from CPU and in-service instances. */
export function loadSeries(h: MetricsHistory, config: StackConfig): TimeSeries {
  const t = config.learning.twin;
  const perInstance = (t.workersPerInstance * 1000) / t.serviceTimeMs;
  const { requestRate, cpu, inService } = h.signals;
  const values = requestRate.values.map((rps, i) => {
    if (Number.isFinite(rps)) return rps;
    const c = cpu.values[i];
    const n = inService.values[i];
    if (!Number.isFinite(c) || !Number.isFinite(n)) return NaN;
    return Math.max(0, (c - t.idleCpuPercent) / (100 - t.idleCpuPercent)) * n * perInstance;
  });
  return { timestamps: requestRate.timestamps, values };
}

/** CPU target the schedule is planned for: the reactive controller's target (the scale-out threshold in step mode). */
export function controllerTarget(config: StackConfig): number {
  return config.scalingMode === "target-tracking" ? config.targetCpuPercent : config.scaleOutCpuThreshold;
}

/** Use the forecast, or fall back to reactive only, and why (one line). */
export function verdict(bt: BacktestSummary, f: ForecastConfig): { used: boolean; reason: string } {
  if (bt.origins === 0)
    return {
      used: false,
      reason: "reactive only: no backtest yet (needs one more day of history than the forecast's minimum)",
    };
  if (!(bt.mapePercent <= f.maxMapePercent))
    return {
      used: false,
      reason: `reactive only: backtest MAPE ${bt.mapePercent.toFixed(1)} % is above forecast.maxMapePercent ${f.maxMapePercent} %`,
    };
  if (!(bt.aboveUpperShare <= f.maxAboveUpperShare))
    return {
      used: false,
      reason: `reactive only: ${(100 * bt.aboveUpperShare).toFixed(1)} % of backtest hours were above the upper bound (forecast.maxAboveUpperShare ${100 * f.maxAboveUpperShare} %)`,
    };
  return {
    used: true,
    reason: `schedule in use: backtest MAPE ${bt.mapePercent.toFixed(1)} % ≤ ${f.maxMapePercent} %, ${(100 * bt.aboveUpperShare).toFixed(1)} % of hours above the upper bound ≤ ${100 * f.maxAboveUpperShare} %`,
  };
}

export function planFromHistory(h: MetricsHistory, config: StackConfig): ForecastPlan {
  const targetCpuPercent = controllerTarget(config);
  const empty: CapacitySchedule = { bufferMinutes: config.capacitySchedule.bufferMinutes, ranges: [] };
  const hourly = toHourly(loadSeries(h, config), "mean");
  let forecast: LoadForecast;
  try {
    forecast = forecastLoad(hourly, forecastOptionsOf(config));
  } catch (e) {
    if (!(e instanceof ForecastInputError)) throw e;
    return { forecast: null, used: false, reason: `reactive only: ${e.message}`, schedule: empty, targetCpuPercent };
  }
  const f = config.forecast;
  const { used, reason } = verdict(forecast.backtest, f);
  const t = config.learning.twin;
  const schedule = used
    ? planSchedule(forecast, {
        targetCpuPercent,
        model: {
          workersPerInstance: t.workersPerInstance,
          serviceTimeMs: t.serviceTimeMs,
          idleCpuPercent: t.idleCpuPercent,
        },
        minSize: config.minSize,
        maxSize: config.maxSize,
        maxActionsPerDay: f.maxActionsPerDay,
        bufferMinutes: config.capacitySchedule.bufferMinutes,
        bound: "upper",
      })
    : empty;
  return { forecast, used, reason, schedule, targetCpuPercent };
}
