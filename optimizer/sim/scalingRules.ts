import type { Thresholds } from "../core/types";
import { feedMinute, type AlarmSpec } from "./alarms";
import type { TwinParams } from "./params";
import type { ScalingAction, TwinState } from "./twin";

/*
 * The twin's scaling controllers, minute by minute: the infra's alarm-driven step scaling, and AWS target tracking
 * on ASGAverageCPUUtilization with the p95-latency alarm kept as a scale-out guard (a step policy), as
 * infra/components/scaling.ts wires each mode. Both mutate the twin's per-call work copy only.
 */

/** Mutable copy of the twin state used inside one advance call only. */
export type Work = Omit<TwinState, "params" | "trace" | "startMs" | "version">;
export type PendingAction = Omit<ScalingAction, "minute" | "timestampMs">;
export type AlarmSpecs = { cpuHigh: AlarmSpec; cpuLow: AlarmSpec; latency: AlarmSpec };

/**
 * AWS target tracking as documented: the policy's alarms on the 1-minute average CPU of the in-service instances.
 * Scale-out alarm: `highDatapoints` consecutive datapoints above the target; scale-in alarm: `lowDatapoints`
 * consecutive datapoints below `lowShareOfTarget` × target. New capacity is proportional,
 * ceil(inService × CPU / target). Scale-in is more gradual: it waits for the cooldown after any activity and removes
 * at most `scaleInMaxShare` of the capacity (at least one instance) per activity.
 */
export const TARGET_TRACKING_RULES = {
  highDatapoints: 3,
  lowDatapoints: 15,
  lowShareOfTarget: 0.9,
  scaleInMaxShare: 0.1,
} as const;

export function alarmSpecs(p: TwinParams, t: Thresholds): AlarmSpecs {
  const common = {
    periodMinutes: p.alarmPeriodMinutes,
    evaluationPeriods: p.evaluationPeriods,
    datapointsToAlarm: p.datapointsToAlarm,
  };
  return {
    cpuHigh: { ...common, comparison: "GreaterThanThreshold", threshold: t.scaleOutCpuThreshold },
    cpuLow: { ...common, comparison: "LessThanThreshold", threshold: t.scaleInCpuThreshold },
    latency: { ...common, comparison: "GreaterThanThreshold", threshold: p.latencyThresholdMs },
  };
}

/** Changes the desired capacity (clamped to min/max) at the end of minute `w.minute`; null when nothing changes. */
function setCapacity(w: Work, p: TwinParams, desired: number, reason: PendingAction["reason"]): PendingAction | null {
  const current = w.inService + w.pendingReadyAt.length;
  const target = Math.min(p.maxSize, Math.max(p.minSize, desired));
  if (target === current) return null;
  if (target > current) {
    for (let k = current; k < target; k++) w.pendingReadyAt.push(w.minute + 1 + p.warmupMinutes);
  } else {
    w.inService -= current - target;
  }
  w.lastActivityMinute = w.minute + 1;
  return { kind: target > current ? "scale-out" : "scale-in", from: current, to: target, reason };
}

function inCooldown(w: Work, p: TwinParams): boolean {
  return w.lastActivityMinute !== null && w.minute + 1 - w.lastActivityMinute < p.cooldownMinutes;
}

/**
 * Step scaling: the CPU-high and latency alarms invoke the scale-out policy (+scaleOutStep), the CPU-low alarm
 * the scale-in policy (−scaleInStep). Auto Scaling re-invokes a policy every evaluation while its alarm stays in
 * ALARM. No activity during the cooldown; no further step while launched instances are still warming up.
 */
export function stepScaling(w: Work, p: TwinParams, specs: AlarmSpecs, cpu: number, p95: number): PendingAction | null {
  const hi = feedMinute(w.alarms.cpuHigh, specs.cpuHigh, cpu);
  const lo = feedMinute(w.alarms.cpuLow, specs.cpuLow, cpu);
  const lat = feedMinute(w.alarms.latency, specs.latency, p95);
  w.alarms = { cpuHigh: hi.state, cpuLow: lo.state, latency: lat.state };
  const current = w.inService + w.pendingReadyAt.length;
  if (current < p.minSize) return setCapacity(w, p, p.minSize, "min-capacity");
  if (!hi.evaluated || inCooldown(w, p) || w.pendingReadyAt.length > 0) return null;
  if (hi.state.inAlarm || lat.state.inAlarm)
    return setCapacity(w, p, current + p.scaleOutStep, hi.state.inAlarm ? "cpu-high" : "latency-high");
  if (lo.state.inAlarm) return setCapacity(w, p, current - p.scaleInStep, "cpu-low");
  return null;
}

/**
 * Target tracking at `target` % CPU (TARGET_TRACKING_RULES) plus the latency guard: the p95 alarm (the step mode's
 * alarm spec) adds scaleOutStep at its evaluation, outside the cooldown. While launched instances warm up nothing
 * scales (they do not count in the CPU average yet). A minute without CPU data (no instance in service) adds no
 * datapoint.
 */
export function targetTracking(
  w: Work,
  p: TwinParams,
  specs: AlarmSpecs,
  cpu: number,
  p95: number,
  target: number,
): PendingAction | null {
  const R = TARGET_TRACKING_RULES;
  const lat = feedMinute(w.alarms.latency, specs.latency, p95);
  w.alarms = { ...w.alarms, latency: lat.state };
  const current = w.inService + w.pendingReadyAt.length;
  if (current < p.minSize) return setCapacity(w, p, p.minSize, "min-capacity");
  if (!Number.isFinite(cpu)) return null;
  w.targetTracking = {
    highStreak: cpu > target ? w.targetTracking.highStreak + 1 : 0,
    lowStreak: cpu < R.lowShareOfTarget * target ? w.targetTracking.lowStreak + 1 : 0,
  };
  if (w.pendingReadyAt.length > 0) return null;
  const proportional = Math.ceil((w.inService * cpu) / target);
  if (w.targetTracking.highStreak >= R.highDatapoints && proportional > current)
    return setCapacity(w, p, proportional, "target-tracking");
  if (lat.evaluated && lat.state.inAlarm && !inCooldown(w, p))
    return setCapacity(w, p, current + p.scaleOutStep, "latency-high");
  if (w.targetTracking.lowStreak >= R.lowDatapoints && proportional < current && !inCooldown(w, p)) {
    const gradual = current - Math.max(1, Math.floor(current * R.scaleInMaxShare));
    return setCapacity(w, p, Math.max(proportional, gradual), "target-tracking");
  }
  return null;
}
