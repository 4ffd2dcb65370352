import type { StackConfig } from "../../infra/config";
import type { Thresholds } from "../core/types";
import { policyBoundsOf, withinBounds } from "./bounds";
import {
  backOffAfterMiss,
  continueRetreat,
  type CycleContext,
  excludedPeriod,
  fromConfirmedPair,
  keepConfirming,
  type Outcome,
  projectIntoBounds,
} from "./branches";
import { pair, pairKey, samePair } from "./pairs";
import { badMinutesOf, checkObservation, updatedStats } from "./stats";
import type { LearnerConfig, LearnerState, Observation, PairStats } from "./types";

/*
 * Safe constrained threshold learner: minimise cost subject to SLA ≥ target, one cycle at a time.
 *
 * It walks a grid of (scale-out, scale-in) pairs from the configured pair toward cheaper ones (higher thresholds
 * run fewer instances). Safe exploration: a candidate is tried only if (1) no pair at or below it in both
 * thresholds was marked unsafe (safety assumed monotone), (2) the no-flap rule holds, (3) for a higher scale-out,
 * the current pair has CPU and latency headroom, and (4) the SLA over all cycles so far meets the target. A pair
 * is left after `fastConfirmCycles` safe cycles when the move stays clear of its own safety limit (scale-in: no-flap;
 * scale-out: headroom seen under a representative peak), else after `confirmCycles` (safety.ts).
 * A miss always backs off at once: to the last confirmed pair, else a proven neighbour one step lower in one
 * threshold, else one step lower in both; after a miss that saturated the fleet, scale-in retreats toward spare
 * capacity. A miss in the first cycle after a back-off is the previous pair's carry-over and is not held against
 * the new pair. A pair is marked unsafe at a miss of `severeMissMinutes`, at its second miss, or at a miss after
 * convergence that takes its own SLA below the target. When no cheaper neighbour is left it has converged and
 * holds. Every move stays within the policy bounds and the per-cycle step. Pure and deterministic.
 */

export {
  confirmationsBefore,
  cpuAfterScaleIn,
  pairSlaPercent,
  PEAK_LOAD_SHARE,
  retreatAfterSaturation,
  SATURATED_CPU_PERCENT,
  sawPeakLoad,
  scaleOutHeadroom,
} from "./safety";
export { isUnsafe, pairKey } from "./pairs";

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
    retreatTo: null,
  };
}

/** What every branch starts from: the cycle's facts and the next state with the error budget updated. */
function contextOf(state: LearnerState, obs: Observation, cfg: LearnerConfig): CycleContext {
  const from: Thresholds = {
    scaleOutCpuThreshold: obs.thresholds.scaleOutCpuThreshold,
    scaleInCpuThreshold: obs.thresholds.scaleInCpuThreshold,
  };
  const badMinutes = badMinutesOf(obs);
  const next: LearnerState = {
    ...state,
    cycle: state.cycle + 1,
    pairs: { ...state.pairs },
    unsafe: [...state.unsafe],
    minutesSeen: state.minutesSeen + obs.minutes,
    badMinutes: state.badMinutes + badMinutes,
    backedOffFrom: null,
  };
  const key = pairKey(from);
  const g = cfg.gridStep;
  return {
    cfg,
    state,
    obs,
    cycle: next.cycle,
    from,
    key,
    slaMet: obs.slaPercent >= cfg.slaTargetPercent,
    badMinutes,
    safer: pair(from.scaleOutCpuThreshold - g, from.scaleInCpuThreshold - g),
    next,
    cumulativeSlaPercent: next.minutesSeen > 0 ? (1 - next.badMinutes / next.minutesSeen) * 100 : 100,
    prevStats: state.pairs[key],
    slaText: `SLA ${obs.slaPercent.toFixed(3)} % vs target ${cfg.slaTargetPercent} %`,
  };
}

/**
 * Records a learned-from cycle under its pair. The first cycle after a back-off starts with the fleet, alarms and
 * cooldown the missed pair left behind: a miss in it is a carry-over, not held against the pair backed off to.
 */
function recordCycle(c: CycleContext): { stats: PairStats; carriedOver: boolean } {
  const backedOffFrom = c.state.backedOffFrom;
  const carriedOver =
    !c.slaMet && backedOffFrom !== undefined && backedOffFrom !== null && !samePair(backedOffFrom, c.from);
  const stats = updatedStats(c.prevStats, c.obs, c.slaMet, c.badMinutes, !carriedOver);
  c.next.pairs[c.key] = stats;
  if (Number.isFinite(c.obs.load.peakRps)) c.next.maxPeakRps = Math.max(c.state.maxPeakRps ?? 0, c.obs.load.peakRps);
  return { stats, carriedOver };
}

/**
 * One learning step: from this cycle's observation, the next thresholds and why.
 * Pure: same (state, observation, config) → same decision and next state (see replay.ts).
 */
export function decide(state: LearnerState, obs: Observation, cfg: LearnerConfig): Outcome {
  checkObservation(obs);
  const c = contextOf(state, obs, cfg);
  if (!withinBounds(c.from, cfg.bounds)) return projectIntoBounds(c);
  if (obs.excluded) return excludedPeriod(c);
  const { stats, carriedOver } = recordCycle(c);
  if (!c.slaMet) return backOffAfterMiss(c, stats, carriedOver);
  return continueRetreat(c, stats) ?? keepConfirming(c, stats) ?? fromConfirmedPair(c, stats);
}
