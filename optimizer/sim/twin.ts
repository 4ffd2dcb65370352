import { fixedHourlyUsd, instanceMinutesUsd } from "../../infra/cost/model";
import type { SignalSet, Thresholds, TimeSeries } from "../core/types";
import { initialAlarmState, type AlarmState } from "./alarms";
import type { TwinParams } from "./params";
import { fleetPerformance, instanceCapacityRps } from "./queueing";
import { alarmSpecs, stepScaling, targetTracking, type Work } from "./scalingRules";
import { loadAt, type TraceSpec } from "./traces";

/*
 * The digital twin of the autoscaled web tier, minute by minute: the trace gives the request rate, the
 * in-service instances serve it (queueing.ts), and the scaling mode's controller (scalingRules.ts: step scaling on
 * three CloudWatch alarms, or target tracking with the latency guard) changes capacity with cooldown, warm-up and
 * min/max exactly as infra/components/scaling.ts wires them; every minute is billed with the shared cost model. The state is plain JSON: the runner persists it between cycles.
 */

/**
 * Which scaling rules run: the infra's alarm-driven step scaling, or AWS target tracking on CPU with the latency
 * guard (`"target-tracking"` tracks `learning.targetTrackingCpuPercent`, the object form its own target).
 */
export type ControllerKind = "step" | "target-tracking" | { mode: "target-tracking"; targetCpuPercent: number };

export interface TwinState {
  version: 1;
  params: TwinParams;
  trace: TraceSpec;
  /** Unix ms of minute 0. */
  startMs: number;
  /** Minutes simulated so far (the next minute to simulate). */
  minute: number;
  inService: number;
  /** For each launching instance, the minute it enters service (after warm-up). */
  pendingReadyAt: number[];
  /** Minute after which the last scaling activity's cooldown is counted; null before the first one. */
  lastActivityMinute: number | null;
  alarms: { cpuHigh: AlarmState; cpuLow: AlarmState; latency: AlarmState };
  targetTracking: { highStreak: number; lowStreak: number };
  totals: { minutes: number; slaMinutesMet: number; instanceMinutes: number; requests: number };
}

export interface ScalingAction {
  minute: number;
  timestampMs: number;
  kind: "scale-out" | "scale-in";
  from: number;
  to: number;
  reason: "cpu-high" | "latency-high" | "cpu-low" | "target-tracking" | "min-capacity";
}

/**
 * A scheduled capacity floor (scheduled actions, or AWS predictive scaling's forecast-and-scale): from
 * `startMs`, one minimum capacity per hour, applied `bufferMinutes` before the hour starts. Outside the hours
 * listed the group's own minSize holds. The floor only raises the minimum, clamped to maxSize; lowering it again
 * leaves the capacity to the scaling policy.
 */
export interface CapacityFloor {
  startMs: number;
  hourly: readonly number[];
  bufferMinutes: number;
}

/** The floor in force at a time (0 when none). */
export function floorAt(floor: CapacityFloor | undefined, ms: number): number {
  if (floor === undefined) return 0;
  const h = Math.floor((ms + floor.bufferMinutes * 60_000 - floor.startMs) / 3_600_000);
  return h >= 0 && h < floor.hourly.length ? floor.hourly[h] : 0;
}

export interface AdvanceSummary {
  minutes: number;
  slaMinutesMet: number;
  /** Share of minutes whose p95 latency and error rate met the targets, in %. */
  slaPercent: number;
  instanceMinutes: number;
  costUsd: number;
  meanRps: number;
  peakRps: number;
  peakCpuPercent: number;
  /** Highest 5-minute moving average of CPU (windows start inside this call), in %. */
  peakCpu5mPercent: number;
  /** Highest 5-minute moving average of p95 latency (windows start inside this call), in ms. */
  peakP95Ms5m: number;
}

export interface AdvanceResult {
  state: TwinState;
  signals: SignalSet;
  actions: ScalingAction[];
  summary: AdvanceSummary;
}

/**
 * A fresh twin in steady state at minute `startMinute` of the trace (default 0): instances warm, alarms OK, the group
 * at its desired capacity or, when that minute would load it above 50 % CPU, at the capacity that serves it at 50 %
 * (within min/max).
 */
export function createTwin(params: TwinParams, trace: TraceSpec, startMs: number, startMinute = 0): TwinState {
  if (params.minSize > params.maxSize) throw new Error(`twin: minSize ${params.minSize} > maxSize ${params.maxSize}`);
  const steady = Math.ceil(loadAt(trace, startMinute) / (0.5 * instanceCapacityRps(params)));
  return {
    version: 1,
    params,
    trace,
    startMs,
    minute: startMinute,
    inService: Math.min(params.maxSize, Math.max(params.minSize, params.desiredCapacity, steady)),
    pendingReadyAt: [],
    lastActivityMinute: null,
    alarms: { cpuHigh: initialAlarmState(), cpuLow: initialAlarmState(), latency: initialAlarmState() },
    targetTracking: { highStreak: 0, lowStreak: 0 },
    totals: { minutes: 0, slaMinutesMet: 0, instanceMinutes: 0, requests: 0 },
  };
}

function series(n: number): TimeSeries {
  return { timestamps: new Array<number>(n), values: new Array<number>(n) };
}

/**
 * Simulates `minutes` more minutes with the given thresholds (ignored by the target-tracking controller).
 * Pure: returns a new state, the 1-minute signals of those minutes, the scaling actions and a summary.
 */
export function advance(
  state: TwinState,
  minutes: number,
  thresholds: Thresholds,
  controller: ControllerKind = "step",
  floor?: CapacityFloor,
): AdvanceResult {
  if (!Number.isInteger(minutes) || minutes < 0)
    throw new Error(`twin.advance: minutes must be a whole number ≥ 0, got ${minutes}`);
  const p = state.params;
  const specs = alarmSpecs(p, thresholds);
  const target =
    controller === "step"
      ? null
      : controller === "target-tracking"
        ? p.targetTrackingCpuPercent
        : controller.targetCpuPercent;
  const w: Work = {
    minute: state.minute,
    inService: state.inService,
    pendingReadyAt: [...state.pendingReadyAt],
    lastActivityMinute: state.lastActivityMinute,
    alarms: { ...state.alarms },
    targetTracking: { ...state.targetTracking },
    totals: { ...state.totals },
  };
  const signals: SignalSet = {
    cpu: series(minutes),
    p95LatencyMs: series(minutes),
    requestRate: series(minutes),
    errorRate: series(minutes),
    inService: series(minutes),
  };
  const actions: ScalingAction[] = [];
  let slaMet = 0;
  let instanceMinutes = 0;
  let rpsSum = 0;
  let peakRps = 0;
  let peakCpu = 0;
  let peakCpu5m = 0;
  const cpuWindow: number[] = [];
  const p95Window: number[] = [];
  let peakP95 = 0;

  for (let i = 0; i < minutes; i++) {
    const m = w.minute;
    const ready = w.pendingReadyAt.filter((r) => r <= m).length;
    if (ready > 0) {
      w.inService += ready;
      w.pendingReadyAt = w.pendingReadyAt.filter((r) => r > m);
    }
    const rps = loadAt(state.trace, m);
    const perf = fleetPerformance(rps, w.inService, p);
    const billed = w.inService + w.pendingReadyAt.length;
    const met = perf.p95LatencyMs <= p.latencyThresholdMs && perf.errorRatePercent <= p.errorRateTargetPercent;
    const ts = state.startMs + m * 60_000;
    for (const [name, v] of [
      ["cpu", perf.cpuPercent],
      ["p95LatencyMs", perf.p95LatencyMs],
      ["requestRate", rps],
      ["errorRate", perf.errorRatePercent],
      ["inService", w.inService],
    ] as const) {
      signals[name].timestamps[i] = ts;
      signals[name].values[i] = v;
    }
    p95Window.push(perf.p95LatencyMs);
    if (p95Window.length > 5) p95Window.shift();
    if (p95Window.length === 5) peakP95 = Math.max(peakP95, p95Window.reduce((a, b) => a + b, 0) / 5);
    slaMet += met ? 1 : 0;
    instanceMinutes += billed;
    rpsSum += rps;
    peakRps = Math.max(peakRps, rps);
    if (Number.isFinite(perf.cpuPercent)) {
      peakCpu = Math.max(peakCpu, perf.cpuPercent);
      cpuWindow.push(perf.cpuPercent);
      if (cpuWindow.length > 5) cpuWindow.shift();
      if (cpuWindow.length === 5) peakCpu5m = Math.max(peakCpu5m, cpuWindow.reduce((a, b) => a + b, 0) / 5);
    }

    // A scheduled floor raises the group's minimum for this minute; the controllers enforce it first.
    const scheduled = floorAt(floor, ts);
    const pm = scheduled > p.minSize ? { ...p, minSize: Math.min(p.maxSize, scheduled) } : p;
    const action =
      target === null
        ? stepScaling(w, pm, specs, perf.cpuPercent, perf.p95LatencyMs)
        : targetTracking(w, pm, specs, perf.cpuPercent, perf.p95LatencyMs, target);
    if (action) actions.push({ ...action, minute: m, timestampMs: ts });
    w.minute = m + 1;
  }
  w.totals = {
    minutes: w.totals.minutes + minutes,
    slaMinutesMet: w.totals.slaMinutesMet + slaMet,
    instanceMinutes: w.totals.instanceMinutes + instanceMinutes,
    requests: w.totals.requests + rpsSum * 60,
  };
  const costUsd =
    instanceMinutesUsd(p.instanceType, instanceMinutes) + (fixedHourlyUsd(p.useNatGateway) * minutes) / 60;
  return {
    state: { version: 1, params: p, trace: state.trace, startMs: state.startMs, ...w },
    signals,
    actions,
    summary: {
      minutes,
      slaMinutesMet: slaMet,
      slaPercent: minutes > 0 ? (slaMet / minutes) * 100 : 100,
      instanceMinutes,
      costUsd,
      meanRps: minutes > 0 ? rpsSum / minutes : 0,
      peakRps,
      peakCpuPercent: peakCpu,
      peakCpu5mPercent: peakCpu5m,
      peakP95Ms5m: peakP95,
    },
  };
}
