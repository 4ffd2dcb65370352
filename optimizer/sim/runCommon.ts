import type { StackConfig } from "../../infra/config";
import type { Thresholds } from "../core/types";
import type { CycleOutcome, Decision } from "../learn/types";
import type { TargetDecision } from "../learn/targetTypes";
import type { MetricsHistory } from "./calibrate";
import { twinParamsFromConfig } from "./params";
import type { ForecastDecision } from "./predictive";
import { traceLabel, type TraceSpec } from "./traces";
import { advance, createTwin, type ControllerKind, type TwinState } from "./twin";

/* What every simulated policy shares: options, result, the fixed-setting run, the history, the cycle loop. */

export const POLICIES = [
  "learned",
  "static",
  "target-tracking",
  "oracle",
  "target-tracking-best",
  "learned-target-tracking",
  "learned-predictive",
  "aws-predictive",
] as const;
export type PolicyName = (typeof POLICIES)[number];

export interface TrajectoryPoint {
  day: number;
  scaleOutCpuThreshold: number;
  scaleInCpuThreshold: number;
  /** Target of a target-tracking run (absent for step runs). */
  targetCpuPercent?: number;
}

export interface RunResult {
  trace: string;
  policy: PolicyName;
  days: number;
  slaPercent: number;
  slaTargetPercent: number;
  costUsd: number;
  costPerDayUsd: number;
  dailyCostUsd: number[];
  scalingActions: number;
  /** Setting in force from each day (fraction) on; empty for the target-tracking baseline. */
  trajectory: TrajectoryPoint[];
  /** Day from which the setting never changed again (0 for fixed settings; null if not converged or not applicable). */
  convergedDay: number | null;
  decisions: (Decision | TargetDecision)[];
  /** Forecast use per refresh (predictive policies only): used or withdrawn, and why. */
  forecastDecisions?: ForecastDecision[];
}

export interface RunOptions {
  config: StackConfig;
  trace: TraceSpec;
  days: number;
  policy: PolicyName;
  startMs: number;
  /** Cycle indexes (0-based) the detectors flagged or data quality rejected; the learner does not learn from them. */
  excludedCycles?: readonly number[];
  /**
   * Days of the trace before the run that every policy shares: the run covers days historyDays … historyDays + days,
   * and the learners may use the metrics of the history (run under the stack's configured mode). Default 0.
   */
  historyDays?: number;
}

export const MINUTES_PER_DAY = 1440;

export const startMinuteOf = (opts: RunOptions) => (opts.historyDays ?? 0) * MINUTES_PER_DAY;

export function configuredPair(config: StackConfig): Thresholds {
  return { scaleOutCpuThreshold: config.scaleOutCpuThreshold, scaleInCpuThreshold: config.scaleInCpuThreshold };
}

/** The stack's configured controller: its step pair, or target tracking at its targetCpuPercent. */
export function configuredController(config: StackConfig): ControllerKind {
  return config.scalingMode === "target-tracking"
    ? { mode: "target-tracking", targetCpuPercent: config.targetCpuPercent }
    : "step";
}

/** Simulates a fixed setting day by day from the run's start. */
export function runFixed(opts: RunOptions, thresholds: Thresholds, controller: ControllerKind) {
  let state: TwinState = createTwin(twinParamsFromConfig(opts.config), opts.trace, opts.startMs, startMinuteOf(opts));
  const daily: number[] = [];
  let actions = 0;
  for (let d = 0; d < opts.days; d++) {
    const r = advance(state, MINUTES_PER_DAY, thresholds, controller);
    state = r.state;
    daily.push(r.summary.costUsd);
    actions += r.actions.length;
  }
  return { state, daily, actions };
}

/** The metrics of the shared history (the stack's configured mode), or null without history. */
export function historyOf(opts: RunOptions): MetricsHistory | null {
  const minutes = startMinuteOf(opts);
  if (minutes === 0) return null;
  const twin = createTwin(twinParamsFromConfig(opts.config), opts.trace, opts.startMs);
  const r = advance(twin, minutes, configuredPair(opts.config), configuredController(opts.config));
  return {
    requestRate: r.signals.requestRate.values,
    cpu: r.signals.cpu.values,
    inService: r.signals.inService.values,
    p95LatencyMs: r.signals.p95LatencyMs.values,
  };
}

export function result(
  opts: RunOptions,
  state: TwinState,
  daily: number[],
  actions: number,
  extra: Partial<RunResult>,
): RunResult {
  const cost = daily.reduce((a, b) => a + b, 0);
  return {
    trace: traceLabel(opts.trace),
    policy: opts.policy,
    days: opts.days,
    slaPercent: state.totals.minutes > 0 ? (state.totals.slaMinutesMet / state.totals.minutes) * 100 : 100,
    slaTargetPercent: opts.config.slaTargetPercent,
    costUsd: cost,
    costPerDayUsd: opts.days > 0 ? cost / opts.days : 0,
    dailyCostUsd: daily,
    scalingActions: actions,
    trajectory: [],
    convergedDay: null,
    decisions: [],
    ...extra,
  };
}

/**
 * Runs the twin cycle by cycle (learning.cycleHours); after each cycle `decideCycle` returns the setting for the next
 * one (the same object when nothing changes).
 */
export function runCycles<S extends { thresholds: Thresholds; controller: ControllerKind }>(
  opts: RunOptions,
  initial: S,
  decideCycle: (m: CycleOutcome, current: S) => S,
) {
  const { config, trace, days, startMs } = opts;
  const cycleMinutes = Math.round(config.learning.cycleHours * 60);
  const total = days * MINUTES_PER_DAY;
  const excluded = new Set(opts.excludedCycles ?? []);
  let twin = createTwin(twinParamsFromConfig(config), trace, startMs, startMinuteOf(opts));
  let setting = initial;
  const daily = new Array<number>(days).fill(0);
  let actions = 0;
  const changes: { day: number; setting: S }[] = [];
  for (let cycle = 0, minute = 0; minute < total; cycle++) {
    const cycleEnd = Math.min(total, minute + cycleMinutes);
    let slaMet = 0;
    let cost = 0;
    let rpsSum = 0;
    let peak = 0;
    let peakCpu = 0;
    let peakP95 = 0;
    while (minute < cycleEnd) {
      // Advance to the end of the cycle or of the day, whichever comes first (daily cost needs day boundaries).
      const minutes = Math.min(cycleEnd, (Math.floor(minute / MINUTES_PER_DAY) + 1) * MINUTES_PER_DAY) - minute;
      const r = advance(twin, minutes, setting.thresholds, setting.controller);
      twin = r.state;
      daily[Math.floor(minute / MINUTES_PER_DAY)] += r.summary.costUsd;
      actions += r.actions.length;
      slaMet += r.summary.slaMinutesMet;
      cost += r.summary.costUsd;
      rpsSum += r.summary.meanRps * minutes;
      peak = Math.max(peak, r.summary.peakRps);
      peakCpu = Math.max(peakCpu, r.summary.peakCpu5mPercent);
      peakP95 = Math.max(peakP95, r.summary.peakP95Ms5m);
      minute += minutes;
    }
    const cycleLength = Math.min(cycleMinutes, total - cycle * cycleMinutes);
    const next = decideCycle(
      {
        slaPercent: (slaMet / cycleLength) * 100,
        costUsd: cost,
        minutes: cycleLength,
        load: { meanRps: rpsSum / cycleLength, peakRps: peak },
        peakCpuPercent: peakCpu,
        peakP95LatencyMs: peakP95,
        excluded: excluded.has(cycle),
      },
      setting,
    );
    if (next !== setting) {
      setting = next;
      changes.push({ day: minute / MINUTES_PER_DAY, setting });
    }
  }
  return { twin, daily, actions, changes };
}

/** Hindsight choice: the cheapest run whose SLA meets the target, else the one with the best SLA. */
export function bestInHindsight(runs: Iterable<RunResult>, slaTargetPercent: number): RunResult | null {
  let best: { r: RunResult; ok: boolean } | null = null;
  for (const r of runs) {
    const ok = r.slaPercent >= slaTargetPercent;
    const better =
      best === null ||
      (ok && !best.ok) ||
      (ok === best.ok && (ok ? r.costUsd < best.r.costUsd : r.slaPercent > best.r.slaPercent));
    if (better) best = { r, ok };
  }
  return best?.r ?? null;
}
