import type { StackConfig } from "../../infra/config";
import type { Thresholds } from "../core/types";
import { boundedMove, policyBoundsOf, projectToBounds, withinBounds } from "./bounds";
import { seedReward } from "./reward";
import type { CandidateEstimate, Decision, LearnerConfig, LearnerState, Observation, PairStats } from "./types";

/*
 * Safe constrained threshold learner: minimise cost subject to SLA ≥ target, one cycle at a time.
 *
 * It walks a grid of (scale-out, scale-in) pairs from the configured pair toward cheaper ones (higher thresholds
 * run fewer instances). A pair must meet the SLA for `confirmCycles` consecutive cycles (a full day of load by
 * default) before the learner moves on. Safe exploration: a candidate is tried only if (1) no pair at or below it
 * in both thresholds ever missed the SLA (safety assumed monotone), (2) the no-flap rule holds (a scale-in at the
 * scale-in threshold must not push the remaining fleet's CPU past scale-out − margin), and (3) for a higher
 * scale-out, the highest CPU seen under the current pair plus the raise stays under the CPU ceiling, and (4) the
 * SLA over all cycles so far still meets the target (error budget left). A miss always backs off at once; the
 * pair is marked unsafe when the miss had `severeMissMinutes` bad minutes or was its second. After a miss it backs off at once to the
 * last confirmed pair (or one grid step lower in both). When no cheaper neighbour is left it has converged and
 * holds. Every move stays within the policy bounds and the per-cycle step. Pure and deterministic.
 */

const EPS = 1e-9;

export function learnerConfigOf(config: StackConfig): LearnerConfig {
  const bounds = policyBoundsOf(config);
  return {
    bounds,
    gridStep: Math.min(config.learning.gridStepPercent, bounds.maxStep),
    confirmCycles: config.learning.confirmCycles,
    fastConfirmCycles: config.learning.fastConfirmCycles,
    slaTargetPercent: config.slaTargetPercent,
    safeCpuCeilingPercent: config.learning.safeCpuCeilingPercent,
    latencyHeadroomShare: config.learning.latencyHeadroomShare,
    latencyThresholdMs: config.latencyThresholdMs,
    flapMarginPercent: config.learning.flapMarginPercent,
    smallestScalingFleet: Math.max(config.minSize + config.scaleInStep, config.scaleInStep + 1),
    scaleInStep: config.scaleInStep,
    severeMissMinutes: config.learning.severeMissMinutes,
  };
}

export function initialLearnerState(): LearnerState {
  return {
    version: 1,
    cycle: 0,
    pairs: {},
    unsafe: [],
    lastSafe: null,
    converged: false,
    minutesSeen: 0,
    badMinutes: 0,
    convergedAtCycle: null,
    backedOffFrom: null,
  };
}

export function pairKey(t: Thresholds): string {
  return `${t.scaleOutCpuThreshold}/${t.scaleInCpuThreshold}`;
}

function samePair(a: Thresholds, b: Thresholds): boolean {
  return Math.abs(a.scaleOutCpuThreshold - b.scaleOutCpuThreshold) < EPS && Math.abs(a.scaleInCpuThreshold - b.scaleInCpuThreshold) < EPS;
}

/** True when a pair is at or above (in both thresholds) a pair that missed the SLA. */
export function isUnsafe(t: Thresholds, unsafe: readonly Thresholds[]): boolean {
  return unsafe.some((u) => t.scaleOutCpuThreshold >= u.scaleOutCpuThreshold - EPS && t.scaleInCpuThreshold >= u.scaleInCpuThreshold - EPS);
}

const pair = (out: number, inn: number): Thresholds => ({
  scaleOutCpuThreshold: Math.round(out * 1000) / 1000,
  scaleInCpuThreshold: Math.round(inn * 1000) / 1000,
});

/** Adds one cycle to a pair's statistics; `countMiss` false records a missed cycle that is not held against the pair. */
function updatedStats(prev: PairStats | undefined, obs: Observation, slaMet: boolean, countMiss = true): PairStats {
  const requestsK = (obs.load.meanRps * 60 * obs.minutes) / 1000;
  const s: PairStats = prev
    ? { ...prev, thresholds: { ...prev.thresholds } }
    : { thresholds: { ...obs.thresholds }, cycles: 0, misses: 0, safeStreak: 0, costUsdSum: 0, costPerKRequestSum: 0, maxPeakCpuPercent: 0, maxPeakP95LatencyMs: 0 };
  s.cycles += 1;
  s.misses += slaMet || !countMiss ? 0 : 1;
  s.safeStreak = slaMet ? s.safeStreak + 1 : 0;
  s.costUsdSum += obs.costUsd;
  const perK = requestsK > 0 ? obs.costUsd / requestsK : 0;
  s.costPerKRequestSum += Number.isFinite(perK) ? perK : 0;
  if (Number.isFinite(obs.peakCpuPercent)) s.maxPeakCpuPercent = Math.max(s.maxPeakCpuPercent, obs.peakCpuPercent);
  if (Number.isFinite(obs.peakP95LatencyMs)) s.maxPeakP95LatencyMs = Math.max(s.maxPeakP95LatencyMs, obs.peakP95LatencyMs);
  return s;
}

/** CPU of the fleet right after a scale-in at the scale-in threshold, for the smallest fleet that scales in. */
export function cpuAfterScaleIn(scaleIn: number, cfg: LearnerConfig): number {
  const n = cfg.smallestScalingFleet;
  return (scaleIn * n) / (n - cfg.scaleInStep);
}

/**
 * Safe cycles a pair needs before the learner moves on: `confirmCycles` near the model's safety edges, fewer
 * (`fastConfirmCycles`) while the pair is two grid steps or more away from both the no-flap limit and the CPU ceiling.
 */
export function confirmationsNeeded(t: Thresholds, stats: PairStats, cfg: LearnerConfig): number {
  const twoSteps = 2 * cfg.gridStep;
  const farFromFlap = cpuAfterScaleIn(t.scaleInCpuThreshold + twoSteps, cfg) <= cfg.safeCpuCeilingPercent - cfg.flapMarginPercent;
  const farFromCeiling = scaleOutHeadroom(stats, twoSteps, cfg);
  return farFromFlap && farFromCeiling ? Math.min(cfg.fastConfirmCycles, cfg.confirmCycles) : cfg.confirmCycles;
}

/**
 * Safe cycles the current pair needs before the learner moves to `to`: `fastConfirmCycles` when every threshold the
 * move raises stays at least one more grid step inside its own safety limit (scale-in: the no-flap limit; scale-out:
 * the CPU ceiling or the latency headroom), else `confirmCycles`. Convergence always takes `confirmCycles`.
 */
export function confirmationsBefore(from: Thresholds, to: Thresholds, stats: PairStats, cfg: LearnerConfig): number {
  const g = cfg.gridStep;
  const inRaise = to.scaleInCpuThreshold - from.scaleInCpuThreshold;
  const outRaise = to.scaleOutCpuThreshold - from.scaleOutCpuThreshold;
  const inFar = inRaise <= EPS || cpuAfterScaleIn(to.scaleInCpuThreshold + g, cfg) <= cfg.safeCpuCeilingPercent - cfg.flapMarginPercent;
  const outFar = outRaise <= EPS || scaleOutHeadroom(stats, outRaise + g, cfg);
  return inFar && outFar ? Math.min(cfg.fastConfirmCycles, cfg.confirmCycles) : cfg.confirmCycles;
}

/**
 * Whether scale-out may rise by `raise` points: the highest CPU seen under the current pair plus the raise stays
 * under the CPU ceiling, or its highest p95 latency is still well inside the latency threshold.
 */
export function scaleOutHeadroom(here: PairStats | undefined, raise: number, cfg: LearnerConfig): boolean {
  if (!here) return false;
  return (
    here.maxPeakCpuPercent + raise <= cfg.safeCpuCeilingPercent ||
    here.maxPeakP95LatencyMs <= cfg.latencyHeadroomShare * cfg.latencyThresholdMs
  );
}

/**
 * Back-off target when there is no other confirmed pair to return to: the neighbour one grid step lower in a single
 * threshold that was already observed without a miss (the most observed one; lower scale-out on a tie), or null.
 */
function provenSaferNeighbour(from: Thresholds, cfg: LearnerConfig, state: LearnerState): Thresholds | null {
  const g = cfg.gridStep;
  const proven = [pair(from.scaleOutCpuThreshold - g, from.scaleInCpuThreshold), pair(from.scaleOutCpuThreshold, from.scaleInCpuThreshold - g)]
    .map((t) => ({ t, s: state.pairs[pairKey(t)] }))
    .filter(({ t, s }) => s !== undefined && s.misses === 0 && s.safeStreak > 0 && withinBounds(t, cfg.bounds) && !isUnsafe(t, state.unsafe));
  proven.sort((a, b) => (b.s?.cycles ?? 0) - (a.s?.cycles ?? 0));
  return proven.length > 0 ? proven[0].t : null;
}

function candidatesOf(from: Thresholds, cfg: LearnerConfig, state: LearnerState): CandidateEstimate[] {
  const g = cfg.gridStep;
  const o = from.scaleOutCpuThreshold;
  const i = from.scaleInCpuThreshold;
  const here = state.pairs[pairKey(from)];
  // Order: scale-in up first (removes idle capacity without delaying scale-out), then both, then scale-out up.
  return [pair(o, i + g), pair(o + g, i + g), pair(o + g, i)].map((t) => {
    const stats = state.pairs[pairKey(t)];
    const raise = t.scaleOutCpuThreshold - o;
    const status: CandidateEstimate["status"] = !withinBounds(t, cfg.bounds)
      ? "out-of-bounds"
      : isUnsafe(t, state.unsafe)
        ? "unsafe"
        : cpuAfterScaleIn(t.scaleInCpuThreshold, cfg) > cfg.safeCpuCeilingPercent - cfg.flapMarginPercent
          ? "flap-risk"
          : raise > 0 && !scaleOutHeadroom(here, raise, cfg)
            ? "cpu-headroom"
            : stats
              ? stats.misses > 0
                ? "missed-once"
                : "safe"
              : "untried";
    return { thresholds: t, status, meanCostPerKRequestUsd: stats ? stats.costPerKRequestSum / stats.cycles : null };
  });
}

/** Rejects observations the learner cannot reason about, naming the field. */
function checkObservation(obs: Observation): void {
  const fields: [string, number][] = [
    ["thresholds.scaleOutCpuThreshold", obs.thresholds.scaleOutCpuThreshold],
    ["thresholds.scaleInCpuThreshold", obs.thresholds.scaleInCpuThreshold],
    ["slaPercent", obs.slaPercent],
    ["costUsd", obs.costUsd],
    ["minutes", obs.minutes],
    ["load.meanRps", obs.load.meanRps],
  ];
  for (const [name, v] of fields)
    if (!Number.isFinite(v) || v < 0) throw new Error(`learner observation: ${name} must be a finite number ≥ 0, got ${v}`);
}

/**
 * One learning step: from this cycle's observation, the next thresholds and why.
 * Pure: same (state, observation, config) → same decision and next state (see replay.ts).
 */
export function decide(state: LearnerState, obs: Observation, cfg: LearnerConfig): { decision: Decision; nextState: LearnerState } {
  checkObservation(obs);
  const cycle = state.cycle + 1;
  const from: Thresholds = { scaleOutCpuThreshold: obs.thresholds.scaleOutCpuThreshold, scaleInCpuThreshold: obs.thresholds.scaleInCpuThreshold };
  const slaMet = obs.slaPercent >= cfg.slaTargetPercent;
  const key = pairKey(from);
  const g = cfg.gridStep;
  const safer = pair(from.scaleOutCpuThreshold - g, from.scaleInCpuThreshold - g);
  const badMinutes = Math.round(((100 - Math.min(100, obs.slaPercent)) / 100) * obs.minutes);
  const next: LearnerState = {
    ...state,
    cycle,
    pairs: { ...state.pairs },
    unsafe: [...state.unsafe],
    minutesSeen: state.minutesSeen + obs.minutes,
    badMinutes: state.badMinutes + badMinutes,
    backedOffFrom: null,
  };
  const cumulativeSlaPercent = next.minutesSeen > 0 ? (1 - next.badMinutes / next.minutesSeen) * 100 : 100;
  const prevStats = state.pairs[key];
  const costs = prevStats ? [prevStats.costUsdSum / prevStats.cycles, obs.costUsd] : [obs.costUsd];
  const make = (action: Decision["action"], to: Thresholds, reason: string, pairStats: PairStats | null): Decision => ({
    cycle,
    action,
    from,
    to,
    reason,
    estimates: {
      slaMet,
      cumulativeSlaPercent,
      pair: pairStats,
      candidates: candidatesOf(from, cfg, next),
      seedReward: seedReward(obs.slaPercent, cfg.slaTargetPercent, costs),
    },
  });
  const slaText = `SLA ${obs.slaPercent.toFixed(3)} % vs target ${cfg.slaTargetPercent} %`;

  if (!withinBounds(from, cfg.bounds)) {
    next.converged = false;
    next.convergedAtCycle = null;
    const to = projectToBounds(from, cfg.bounds);
    return { decision: make("project", to, `${key} is outside the policy bounds; moved to the nearest pair within them`, null), nextState: next };
  }

  if (obs.excluded) {
    if (!slaMet) {
      next.converged = false;
      next.convergedAtCycle = null;
      const to = boundedMove(from, safer, cfg.bounds);
      if (!samePair(to, from)) next.backedOffFrom = from;
      return {
        decision: make("back-off", to, `${slaText} in an excluded period: backing off for safety, not learning from it`, prevStats ?? null),
        nextState: next,
      };
    }
    return { decision: make("hold", from, `excluded period (anomaly or data quality): not learned from; ${slaText}`, prevStats ?? null), nextState: next };
  }

  // The first cycle after a back-off starts with the fleet, alarms and cooldown the missed pair left behind: a miss
  // in it is not held against the pair backed off to (it still backs off).
  const carriedOver = !slaMet && state.backedOffFrom !== undefined && state.backedOffFrom !== null && !samePair(state.backedOffFrom, from);
  const stats = updatedStats(prevStats, obs, slaMet, !carriedOver);
  next.pairs[key] = stats;

  if (!slaMet) {
    // A miss after the learner settled on the pair shows it is marginal: marked unsafe so the learner settles lower.
    const afterConvergence = state.converged && !carriedOver;
    const severe = !carriedOver && (badMinutes >= cfg.severeMissMinutes || stats.misses >= 2 || afterConvergence);
    if (severe) next.unsafe = [...state.unsafe.filter((u) => !isUnsafe(u, [from])), from];
    next.converged = false;
    next.convergedAtCycle = null;
    const backToLastSafe = state.lastSafe !== null && !samePair(state.lastSafe, from) && !isUnsafe(state.lastSafe, next.unsafe);
    if (!backToLastSafe) next.lastSafe = null;
    const target = backToLastSafe && state.lastSafe ? state.lastSafe : (provenSaferNeighbour(from, cfg, next) ?? safer);
    const to = boundedMove(from, target, cfg.bounds);
    if (!samePair(to, from)) next.backedOffFrom = from;
    const mark = carriedOver
      ? `missed in the first cycle after backing off from ${pairKey(state.backedOffFrom ?? from)} (not held against ${key})`
      : severe
        ? afterConvergence && badMinutes < cfg.severeMissMinutes && stats.misses < 2
          ? "missed after convergence: marked unsafe"
          : "marked unsafe"
        : `missed once (${badMinutes} bad minute${badMinutes === 1 ? "" : "s"}); unsafe at a second miss`;
    const where = samePair(to, from) ? "already at the safest pair the bounds allow" : `backing off to ${pairKey(to)}`;
    return { decision: make("back-off", to, `${slaText}: ${key} ${mark}; ${where}`, stats), nextState: next };
  }

  const nextMove = candidatesOf(from, cfg, next).find((c) => c.status === "untried" || c.status === "safe" || c.status === "missed-once");
  const needed = nextMove ? confirmationsBefore(from, nextMove.thresholds, stats, cfg) : cfg.confirmCycles;
  if (stats.safeStreak < needed) {
    return {
      decision: make("confirm", from, `${slaText}: confirming ${key} (${stats.safeStreak}/${needed} safe cycles)`, stats),
      nextState: next,
    };
  }

  next.lastSafe = from;
  if (cumulativeSlaPercent < cfg.slaTargetPercent) {
    return {
      decision: make("hold", from, `${slaText}: ${key} is safe, but the SLA so far (${cumulativeSlaPercent.toFixed(3)} %) is below target: no exploration`, stats),
      nextState: next,
    };
  }
  const candidates = candidatesOf(from, cfg, next);
  const choice = candidates.find((c) => c.status === "untried" || c.status === "safe" || c.status === "missed-once");
  if (!choice) {
    const first = !state.converged;
    next.converged = true;
    next.convergedAtCycle = first ? cycle : state.convergedAtCycle;
    return {
      decision: make(first ? "converged" : "hold", from, `${slaText}: ${key} is safe and every cheaper neighbour is unsafe or out of bounds`, stats),
      nextState: next,
    };
  }
  next.converged = false;
  next.convergedAtCycle = null;
  const to = boundedMove(from, choice.thresholds, cfg.bounds);
  return { decision: make("explore", to, `${slaText}: ${key} confirmed safe; trying cheaper ${pairKey(to)}`, stats), nextState: next };
}
