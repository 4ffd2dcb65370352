import { thresholdsOf, type StackConfig } from "../../infra/config";
import type { Thresholds } from "../core/types";
import { thresholdGrid } from "../learn/bounds";
import { decide, initialLearnerState, learnerConfigOf } from "../learn/learner";
import type { Decision, LearnerState } from "../learn/types";
import { twinParamsFromConfig } from "./params";
import { traceLabel, type TraceSpec } from "./traces";
import { advance, createTwin, type ControllerKind, type TwinState } from "./twin";

/*
 * Runs one scaling policy on the twin for a number of days and measures it. Pure (the start time is passed in).
 *   static          fixed thresholds from the stack config
 *   target-tracking AWS-style target tracking at learning.targetTrackingCpuPercent
 *   learned         the learner, deciding every learning.cycleHours
 *   oracle          the cheapest fixed grid pair meeting the SLA over the whole run, found in hindsight
 */

export const POLICIES = ["learned", "static", "target-tracking", "oracle"] as const;
export type PolicyName = (typeof POLICIES)[number];

export interface TrajectoryPoint {
  day: number;
  scaleOutCpuThreshold: number;
  scaleInCpuThreshold: number;
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
  /** Thresholds in force from each day (fraction) on; empty for target tracking. */
  trajectory: TrajectoryPoint[];
  /** Day from which the thresholds never changed again (0 for fixed pairs; null if not converged or not applicable). */
  convergedDay: number | null;
  decisions: Decision[];
}

export interface RunOptions {
  config: StackConfig;
  trace: TraceSpec;
  days: number;
  policy: PolicyName;
  startMs: number;
  /** Cycle indexes (0-based) the detectors flagged or data quality rejected; the learner does not learn from them. */
  excludedCycles?: readonly number[];
}

const MINUTES_PER_DAY = 1440;

/** Simulates fixed thresholds (or target tracking) day by day. */
function runFixed(
  config: StackConfig,
  trace: TraceSpec,
  days: number,
  startMs: number,
  thresholds: Thresholds,
  controller: ControllerKind,
) {
  let state: TwinState = createTwin(twinParamsFromConfig(config), trace, startMs);
  const daily: number[] = [];
  let actions = 0;
  for (let d = 0; d < days; d++) {
    const r = advance(state, MINUTES_PER_DAY, thresholds, controller);
    state = r.state;
    daily.push(r.summary.costUsd);
    actions += r.actions.length;
  }
  return { state, daily, actions };
}

function result(
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

const configuredPair = (config: StackConfig): Thresholds => thresholdsOf(config);

function runLearned(opts: RunOptions): RunResult {
  const { config, trace, days, startMs } = opts;
  const cfg = learnerConfigOf(config);
  const cycleMinutes = Math.round(config.learning.cycleHours * 60);
  const total = days * MINUTES_PER_DAY;
  const excluded = new Set(opts.excludedCycles ?? []);
  let twin = createTwin(twinParamsFromConfig(config), trace, startMs);
  let learner: LearnerState = initialLearnerState();
  let thresholds = configuredPair(config);
  const trajectory: TrajectoryPoint[] = [{ day: 0, ...thresholds }];
  const daily = new Array<number>(days).fill(0);
  const decisions: Decision[] = [];
  let actions = 0;
  let lastChangeDay = 0;
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
      const r = advance(twin, minutes, thresholds);
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
    const { decision, nextState } = decide(
      learner,
      {
        thresholds,
        slaPercent: (slaMet / cycleLength) * 100,
        costUsd: cost,
        minutes: cycleLength,
        load: { meanRps: rpsSum / cycleLength, peakRps: peak },
        peakCpuPercent: peakCpu,
        peakP95LatencyMs: peakP95,
        excluded: excluded.has(cycle),
      },
      cfg,
    );
    learner = nextState;
    decisions.push(decision);
    if (
      decision.to.scaleOutCpuThreshold !== thresholds.scaleOutCpuThreshold ||
      decision.to.scaleInCpuThreshold !== thresholds.scaleInCpuThreshold
    ) {
      thresholds = { ...decision.to };
      lastChangeDay = minute / MINUTES_PER_DAY;
      trajectory.push({ day: lastChangeDay, ...thresholds });
    }
  }
  const convergedDay = learner.converged ? lastChangeDay : null;
  return result(opts, twin, daily, actions, { trajectory, convergedDay, decisions });
}

/** Grid search in hindsight: the cheapest fixed pair whose SLA over the run meets the target (else the best SLA). */
function runOracle(opts: RunOptions): RunResult {
  const grid = thresholdGrid(learnerConfigOf(opts.config).bounds, opts.config.learning.gridStepPercent);
  let best: { r: RunResult; ok: boolean } | null = null;
  for (const pair of grid) {
    const f = runFixed(opts.config, opts.trace, opts.days, opts.startMs, pair, "step");
    const r = result(opts, f.state, f.daily, f.actions, { trajectory: [{ day: 0, ...pair }], convergedDay: 0 });
    const ok = r.slaPercent >= opts.config.slaTargetPercent;
    const better =
      best === null ||
      (ok && !best.ok) ||
      (ok === best.ok && (ok ? r.costUsd < best.r.costUsd : r.slaPercent > best.r.slaPercent));
    if (better) best = { r, ok };
  }
  if (best === null)
    throw new Error("oracle: the policy bounds contain no grid pair (check neuropilot:learning bands)");
  return best.r;
}

/** Runs one policy. */
export function runPolicy(opts: RunOptions): RunResult {
  if (!Number.isInteger(opts.days) || opts.days < 1)
    throw new Error(`--days must be a whole number ≥ 1, got ${opts.days}`);
  switch (opts.policy) {
    case "static": {
      const pair = configuredPair(opts.config);
      const f = runFixed(opts.config, opts.trace, opts.days, opts.startMs, pair, "step");
      return result(opts, f.state, f.daily, f.actions, { trajectory: [{ day: 0, ...pair }], convergedDay: 0 });
    }
    case "target-tracking": {
      const f = runFixed(
        opts.config,
        opts.trace,
        opts.days,
        opts.startMs,
        configuredPair(opts.config),
        "target-tracking",
      );
      return result(opts, f.state, f.daily, f.actions, {});
    }
    case "learned":
      return runLearned(opts);
    case "oracle":
      return runOracle(opts);
  }
}
