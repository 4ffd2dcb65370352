import type { StackConfig } from "../../infra/config";
import { ForecastInputError, forecastLoad, type LoadForecast } from "../forecast/forecast";
import { forecastOptionsOf, verdict } from "../forecast/plan";
import { toHourly, type HourStat } from "../forecast/hourly";
import { floorOfSchedule, planSchedule } from "../forecast/schedule";
import { twinParamsFromConfig } from "./params";
import type { TraceSpec } from "./traces";
import { advance, createTwin, floorAt, type CapacityFloor, type TwinState } from "./twin";

/*
 * Target tracking with a forecast-driven capacity floor on the twin, refreshed every `refreshHours` from the
 * twin's own request-rate history so far (the forecast only ever sees the past). Two flavours:
 *   learned  NeuroPilot: the forecast's upper bound (hourly means), a schedule of hour-of-week ranges, withdrawn
 *            when the backtest error is above the stack's limits or the history is too short;
 *   aws      AWS-style predictive scaling: the mean forecast of hourly average load, capacity for the target
 *            tracking target, no withdrawal rule.
 * Pure.
 */

export interface PredictiveSettings {
  kind: "learned" | "aws";
  /** Target of the reactive target-tracking policy. */
  reactiveTargetCpuPercent: number;
  /** CPU target the scheduled capacity is planned for. */
  scheduleTargetCpuPercent: number;
  /** Reactive target while the forecast is withdrawn (default: reactiveTargetCpuPercent). */
  fallbackTargetCpuPercent?: number;
  refreshHours: number;
  bufferMinutes: number;
}

export interface ForecastDecision {
  atMs: number;
  used: boolean;
  reason: string;
  mapePercent: number | null;
  aboveUpperShare: number | null;
}

const MINUTE_MS = 60_000;

/** The floor for the next period from the request-rate history so far, or why there is none. */
function plan(
  config: StackConfig,
  s: PredictiveSettings,
  history: { startMs: number; rps: readonly number[] },
): { floor?: CapacityFloor; forecast?: LoadForecast; decision: Omit<ForecastDecision, "atMs"> } {
  const opts = forecastOptionsOf(config);
  const keep = Math.min(history.rps.length, (opts.trainHours + 7 * 24) * 60);
  const first = history.rps.length - keep;
  const ts = Array.from({ length: keep }, (_, i) => history.startMs + (first + i) * MINUTE_MS);
  const stat: HourStat = "mean";
  const hourly = toHourly({ timestamps: ts, values: history.rps.slice(first) }, stat);
  let forecast;
  try {
    forecast = forecastLoad(hourly, opts);
  } catch (e) {
    if (e instanceof ForecastInputError)
      return { decision: { used: false, reason: e.message, mapePercent: null, aboveUpperShare: null } };
    throw e;
  }
  const bt = forecast.backtest;
  const base = { mapePercent: bt.mapePercent, aboveUpperShare: bt.aboveUpperShare };
  if (s.kind === "learned") {
    const v = verdict(bt, config.forecast);
    if (!v.used) return { decision: { used: false, reason: v.reason, ...base } };
  }
  const t = config.learning.twin;
  const schedule = planSchedule(forecast, {
    targetCpuPercent: s.scheduleTargetCpuPercent,
    model: {
      workersPerInstance: t.workersPerInstance,
      serviceTimeMs: t.serviceTimeMs,
      idleCpuPercent: t.idleCpuPercent,
    },
    minSize: config.minSize,
    maxSize: config.maxSize,
    maxActionsPerDay: s.kind === "learned" ? config.forecast.maxActionsPerDay : 48,
    bufferMinutes: s.bufferMinutes,
    bound: s.kind === "learned" ? "upper" : "mean",
  });
  return {
    floor: floorOfSchedule(schedule, forecast.originMs, config.forecast.horizonHours),
    forecast,
    decision: { used: true, reason: "forecast within limits", ...base },
  };
}

export interface PredictiveRun {
  state: TwinState;
  daily: number[];
  actions: number;
  decisions: ForecastDecision[];
  /** Per simulated hour: mean load, the forecast in force (null when none), the scheduled floor, mean instances. */
  hours: PredictiveHour[];
}

export interface PredictiveHour {
  timestampMs: number;
  load: number;
  forecast: { mean: number; lower: number; upper: number } | null;
  floor: number;
  instances: number;
}

/** Runs target tracking plus the forecast floor for `days` days from trace minute `startMinute`. */
export function runPredictive(
  config: StackConfig,
  trace: TraceSpec,
  days: number,
  /** Unix ms of trace minute 0. */
  startMs: number,
  s: PredictiveSettings,
  /** Request rate per minute of the days before the run (whole days), oldest first. */
  history: readonly number[] = [],
  startMinute = 0,
): PredictiveRun {
  let state = createTwin(twinParamsFromConfig(config), trace, startMs, startMinute);
  // The forecast sees the history before the run plus the run's own past minutes, never its future.
  const historyStart = startMs + (startMinute - history.length) * MINUTE_MS;
  const rps: number[] = [...history];
  const daily = new Array<number>(days).fill(0);
  const decisions: ForecastDecision[] = [];
  let actions = 0;
  const total = days * 1440;
  const period = Math.round(s.refreshHours * 60);
  let floor: CapacityFloor | undefined;
  let targetCpuPercent = s.reactiveTargetCpuPercent;
  let forecast: LoadForecast | undefined;
  const hours: PredictiveHour[] = [];
  for (let minute = 0; minute < total;) {
    if (minute % period === 0) {
      const p = plan(config, s, { startMs: historyStart, rps });
      floor = p.floor;
      forecast = p.forecast;
      targetCpuPercent = floor
        ? s.reactiveTargetCpuPercent
        : (s.fallbackTargetCpuPercent ?? s.reactiveTargetCpuPercent);
      decisions.push({ atMs: historyStart + rps.length * MINUTE_MS, ...p.decision });
    }
    const end = Math.min(total, minute + period - (minute % period), (Math.floor(minute / 1440) + 1) * 1440);
    const r = advance(
      state,
      end - minute,
      { scaleOutCpuThreshold: 100, scaleInCpuThreshold: 0 },
      { mode: "target-tracking", targetCpuPercent },
      floor,
    );
    state = r.state;
    for (const v of r.signals.requestRate.values) rps.push(v);
    const n = r.signals.requestRate.values.length;
    for (let i = 0; i < n; i += 60) {
      const ts = r.signals.requestRate.timestamps[i];
      const slice = (v: number[]) => v.slice(i, i + 60).reduce((a, b) => a + b, 0) / Math.min(60, n - i);
      const f = forecast?.hours.find((h) => h.timestampMs === ts);
      hours.push({
        timestampMs: ts,
        load: slice(r.signals.requestRate.values),
        forecast: f ? { mean: f.mean, lower: f.lower, upper: f.upper } : null,
        floor: Math.max(config.minSize, floorAt(floor, ts + 30 * MINUTE_MS)),
        instances: slice(r.signals.inService.values),
      });
    }
    daily[Math.floor(minute / 1440)] += r.summary.costUsd;
    actions += r.actions.length;
    minute = end;
  }
  return { state, daily, actions, decisions, hours };
}
