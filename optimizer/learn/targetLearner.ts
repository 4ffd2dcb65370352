import { isDeepStrictEqual } from "node:util";
import { boundsOf, type StackConfig } from "../../infra/config";
import { LEARNER_RULES } from "./rules";
import { badMinutesOf, checkOutcome } from "./stats";
import type {
  TargetDecision,
  TargetDecisionRecord,
  TargetLearnerConfig,
  TargetLearnerState,
  TargetObservation,
  TargetStats,
} from "./targetTypes";

/*
 * Safe constrained learner of the target-tracking mode: minimise cost subject to SLA ≥ target by tuning one key,
 * `neuropilot:targetCpuPercent` (a higher target runs fewer instances). The same guarantees as the step learner:
 * every move within learning.targetCpuBand ∩ the key's bounds and at most maxThresholdStepPercent per cycle; a miss
 * backs off at once (to the last confirmed target, else one grid step lower) and marks the target unsafe when severe
 * or repeated (every target at or above it is given up); a target is held `confirmCycles` safe cycles before the
 * learner converges on it; exploration pauses while the SLA so far is below the target.
 * With a plan (a target chosen by simulating candidates on the stack's own history, sim/targetPlan.ts) it walks to
 * the plan, `fastConfirmCycles` per step; without one it raises the target one grid step after `confirmCycles`
 * while the target's highest CPU leaves headroom. Pure and deterministic: replayTarget recomputes any decision.
 */

const EPS = LEARNER_RULES.epsilon;
/** Back-off of a mild miss, in points of CPU target. */
export const TARGET_RULES = { mildBackOffPoints: 1 } as const;
const round = (x: number) => Math.round(x * 1000) / 1000;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export function targetLearnerConfigOf(config: StackConfig): TargetLearnerConfig {
  const key = boundsOf("targetCpuPercent");
  const [lo, hi] = config.learning.targetCpuBand;
  const bounds = { min: Math.max(lo, key.min), max: Math.min(hi, key.max) };
  if (bounds.min > bounds.max)
    throw new Error(
      `neuropilot:learning.targetCpuBand ${JSON.stringify(config.learning.targetCpuBand)} leaves no target within ` +
        `neuropilot:targetCpuPercent's bounds [${key.min}, ${key.max}]`,
    );
  return {
    bounds,
    maxStep: config.maxThresholdStepPercent,
    gridStep: Math.min(config.learning.gridStepPercent, config.maxThresholdStepPercent),
    confirmCycles: config.learning.confirmCycles,
    fastConfirmCycles: config.learning.fastConfirmCycles,
    slaTargetPercent: config.slaTargetPercent,
    severeMissMinutes: config.learning.severeMissMinutes,
    safeCpuCeilingPercent: config.learning.safeCpuCeilingPercent,
  };
}

export function initialTargetLearnerState(): TargetLearnerState {
  return {
    version: 1,
    mode: "target-tracking",
    cycle: 0,
    targets: {},
    ceiling: null,
    lastSafe: null,
    converged: false,
    convergedAtCycle: null,
    minutesSeen: 0,
    badMinutes: 0,
    backedOffFrom: null,
  };
}

export function withinTargetBounds(t: number, cfg: TargetLearnerConfig): boolean {
  return t >= cfg.bounds.min - EPS && t <= cfg.bounds.max + EPS;
}

/** From `from` toward `to` by at most maxStep, within the bounds; a `from` outside them is projected (bounds win). */
export function boundedTargetMove(from: number, to: number, cfg: TargetLearnerConfig): number {
  const { min, max } = cfg.bounds;
  if (!withinTargetBounds(from, cfg)) return round(clamp(from, min, max));
  const goal = clamp(to, min, max);
  const moved = clamp(from + clamp(goal - from, -cfg.maxStep, cfg.maxStep), min, max);
  const tidy = round(moved);
  return Math.abs(tidy - from) <= cfg.maxStep && withinTargetBounds(tidy, cfg) ? tidy : moved;
}

/** Highest target that may be tried: the upper bound, and the ceiling left by misses. */
export function targetCeiling(state: TargetLearnerState, cfg: TargetLearnerConfig): number {
  return Math.max(cfg.bounds.min, Math.min(cfg.bounds.max, state.ceiling ?? Infinity));
}

function checkTargetObservation(obs: TargetObservation): void {
  checkOutcome("target learner", [["targetCpuPercent", obs.targetCpuPercent]], obs);
  if (obs.plan !== null && !Number.isFinite(obs.plan.targetCpuPercent))
    throw new Error(`target learner observation: plan.targetCpuPercent must be a finite number`);
}

function updatedTargetStats(
  prev: TargetStats | undefined,
  obs: TargetObservation,
  slaMet: boolean,
  bad: number,
  countMiss: boolean,
) {
  const s: TargetStats = prev
    ? { ...prev }
    : {
        targetCpuPercent: obs.targetCpuPercent,
        cycles: 0,
        misses: 0,
        safeStreak: 0,
        costUsdSum: 0,
        minutes: 0,
        badMinutes: 0,
        maxPeakCpuPercent: 0,
      };
  s.cycles += 1;
  s.misses += slaMet || !countMiss ? 0 : 1;
  s.safeStreak = slaMet ? s.safeStreak + 1 : 0;
  s.costUsdSum += obs.costUsd;
  s.minutes += obs.minutes;
  s.badMinutes += countMiss ? bad : 0;
  if (Number.isFinite(obs.peakCpuPercent)) s.maxPeakCpuPercent = Math.max(s.maxPeakCpuPercent, obs.peakCpuPercent);
  return s;
}

interface Ctx {
  cfg: TargetLearnerConfig;
  state: TargetLearnerState;
  obs: TargetObservation;
  next: TargetLearnerState;
  from: number;
  slaMet: boolean;
  bad: number;
  cumulativeSlaPercent: number;
  slaText: string;
}
type Outcome = { decision: TargetDecision; nextState: TargetLearnerState };

function make(
  c: Ctx,
  action: TargetDecision["action"],
  to: number,
  reason: string,
  stats: TargetStats | null,
): Outcome {
  const decision: TargetDecision = {
    cycle: c.next.cycle,
    mode: "target-tracking",
    action,
    from: c.from,
    to,
    reason,
    estimates: {
      slaMet: c.slaMet,
      cumulativeSlaPercent: c.cumulativeSlaPercent,
      stats,
      ceiling: targetCeiling(c.next, c.cfg),
      plan: c.obs.plan,
    },
  };
  return { decision, nextState: c.next };
}

function unconverge(next: TargetLearnerState): void {
  next.converged = false;
  next.convergedAtCycle = null;
}

/**
 * A miss backs off at once. A severe miss (≥ severeMissMinutes bad minutes) gives up the target (the ceiling drops
 * `mildBackOffPoints` below it) and returns to the last confirmed target below, else one grid step lower; a mild one
 * (fewer bad minutes, e.g. one isolated bad minute) backs off `mildBackOffPoints`, and gives up the target when it is
 * its second miss. Climbing back toward a ceiling takes a full confirmation per step.
 */
function backOff(c: Ctx, stats: TargetStats, carriedOver: boolean): Outcome {
  const { cfg, next, from } = c;
  const mild = Math.min(TARGET_RULES.mildBackOffPoints, cfg.gridStep);
  const severe = !carriedOver && c.bad >= cfg.severeMissMinutes;
  const repeated = !carriedOver && !severe && stats.misses >= LEARNER_RULES.unsafeAtMisses;
  const givenUp = severe || repeated ? mild : null;
  if (givenUp !== null) next.ceiling = round(Math.min(next.ceiling ?? Infinity, from - givenUp));
  unconverge(next);
  const last = c.state.lastSafe;
  const toLast = severe && last !== null && last < from - EPS && last <= targetCeiling(next, cfg) + EPS;
  if (!toLast) next.lastSafe = null;
  const goal = toLast && last !== null ? last : from - (severe ? cfg.gridStep : mild);
  const to = boundedTargetMove(from, goal, cfg);
  if (Math.abs(to - from) > EPS) next.backedOffFrom = from;
  const mark = carriedOver
    ? `missed in the first cycle after backing off from ${c.state.backedOffFrom} % (not held against ${from} %)`
    : givenUp !== null
      ? `marked unsafe (${severe ? "severe miss" : "second miss"}; ceiling ${targetCeiling(next, cfg)} %)`
      : `missed once (${c.bad} bad minute${c.bad === 1 ? "" : "s"}); unsafe at a second miss`;
  const where = Math.abs(to - from) < EPS ? "already at the lowest target the bounds allow" : `backing off to ${to} %`;
  return make(c, "back-off", to, `${c.slaText}: target ${from} % ${mark}; ${where}`, stats);
}

/** Where a safe cycle leads: the plan (capped by the ceiling), else one grid step up while there is CPU headroom. */
function goalOf(c: Ctx, stats: TargetStats): number {
  const ceiling = targetCeiling(c.next, c.cfg);
  if (c.obs.plan !== null) return Math.min(ceiling, c.obs.plan.targetCpuPercent);
  const headroom = stats.maxPeakCpuPercent + c.cfg.gridStep <= c.cfg.safeCpuCeilingPercent;
  return headroom ? Math.min(ceiling, c.from + c.cfg.gridStep) : c.from;
}

/** A safe cycle: move toward the goal once confirmed (down at once), else confirm, then converge and hold. */
function afterSafeCycle(c: Ctx, stats: TargetStats): Outcome {
  const { cfg, next, from } = c;
  const goal = goalOf(c, stats);
  const basis = c.obs.plan ? `the plan (${c.obs.plan.basis})` : "one grid step with CPU headroom";
  if (goal < from - EPS) {
    unconverge(next);
    const to = boundedTargetMove(from, goal, cfg);
    return make(c, "plan", to, `${c.slaText}: lowering the target toward ${round(goal)} % (${basis})`, stats);
  }
  // Fast toward a plan the misses left untouched; back up toward a ceiling only after a full confirmation.
  const planUncapped = c.obs.plan !== null && c.obs.plan.targetCpuPercent <= targetCeiling(next, cfg) + EPS;
  const needed = goal > from + EPS && planUncapped ? cfg.fastConfirmCycles : cfg.confirmCycles;
  if (stats.safeStreak < Math.min(needed, cfg.confirmCycles))
    return make(
      c,
      "confirm",
      from,
      `${c.slaText}: confirming target ${from} % (${stats.safeStreak}/${needed} safe cycles)`,
      stats,
    );
  next.lastSafe = from;
  if (goal <= from + EPS) {
    const first = !c.state.converged;
    next.converged = true;
    next.convergedAtCycle = first ? next.cycle : c.state.convergedAtCycle;
    const why = `${c.slaText}: target ${from} % is safe and no higher target may be tried (ceiling ${targetCeiling(next, cfg)} %)`;
    return make(c, first ? "converged" : "hold", from, why, stats);
  }
  if (c.cumulativeSlaPercent < cfg.slaTargetPercent) {
    const why = `${c.slaText}: target ${from} % is safe, but the SLA so far (${c.cumulativeSlaPercent.toFixed(3)} %) is below target: no exploration`;
    return make(c, "hold", from, why, stats);
  }
  unconverge(next);
  const to = boundedTargetMove(from, goal, cfg);
  return make(
    c,
    "explore",
    to,
    `${c.slaText}: target ${from} % confirmed safe; raising it to ${to} % toward ${basis}`,
    stats,
  );
}

/**
 * One learning step of the target-tracking mode: from this cycle's observation, the next target and why.
 * Pure: same (state, observation, config) → same decision and next state.
 */
export function decideTarget(state: TargetLearnerState, obs: TargetObservation, cfg: TargetLearnerConfig): Outcome {
  checkTargetObservation(obs);
  const from = obs.targetCpuPercent;
  const bad = badMinutesOf({ slaPercent: obs.slaPercent, minutes: obs.minutes });
  const next: TargetLearnerState = {
    ...state,
    cycle: state.cycle + 1,
    targets: { ...state.targets },
    minutesSeen: state.minutesSeen + obs.minutes,
    badMinutes: state.badMinutes + bad,
    backedOffFrom: null,
  };
  const c: Ctx = {
    cfg,
    state,
    obs,
    next,
    from,
    slaMet: obs.slaPercent >= cfg.slaTargetPercent,
    bad,
    cumulativeSlaPercent: next.minutesSeen > 0 ? (1 - next.badMinutes / next.minutesSeen) * 100 : 100,
    slaText: `SLA ${obs.slaPercent.toFixed(3)} % vs target ${cfg.slaTargetPercent} %`,
  };
  const key = String(from);
  const prev = state.targets[key];
  if (!withinTargetBounds(from, cfg)) {
    unconverge(next);
    const to = boundedTargetMove(from, from, cfg);
    return make(c, "project", to, `target ${from} % is outside the policy bounds; moved to ${to} %`, null);
  }
  if (obs.excluded) {
    if (c.slaMet) return make(c, "hold", from, `excluded period: not learned from; ${c.slaText}`, prev ?? null);
    unconverge(next);
    const to = boundedTargetMove(from, from - cfg.gridStep, cfg);
    if (Math.abs(to - from) > EPS) next.backedOffFrom = from;
    return make(
      c,
      "back-off",
      to,
      `${c.slaText} in an excluded period: backing off for safety, not learning from it`,
      prev ?? null,
    );
  }
  const carriedOver = !c.slaMet && state.backedOffFrom !== null && Math.abs(state.backedOffFrom - from) > EPS;
  const stats = updatedTargetStats(prev, obs, c.slaMet, bad, !carriedOver);
  next.targets[key] = stats;
  return c.slaMet ? afterSafeCycle(c, stats) : backOff(c, stats, carriedOver);
}

/** Recomputes a recorded decision and checks it is identical (decision and next state). */
export function replayTarget(record: TargetDecisionRecord): { same: boolean; differences: string[] } {
  const { decision, nextState } = decideTarget(record.stateBefore, record.observation, record.config);
  const differences: string[] = [];
  if (!isDeepStrictEqual(decision, record.decision)) differences.push("decision");
  if (!isDeepStrictEqual(nextState, record.nextState)) differences.push("nextState");
  return { same: differences.length === 0, differences };
}
