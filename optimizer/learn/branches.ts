import type { Thresholds } from "../core/types";
import { boundedMove, projectToBounds } from "./bounds";
import { candidatesOf, firstTryable, provenSaferNeighbour } from "./candidates";
import { addUnsafe, isUnsafe, pair, pairKey, samePair } from "./pairs";
import { seedReward } from "./reward";
import { LEARNER_RULES } from "./rules";
import { confirmationsBefore, pairSlaPercent, retreatAfterSaturation } from "./safety";
import type { Decision, LearnerConfig, LearnerState, Observation, PairStats } from "./types";

/*
 * The branches of one learning step (learner.ts decides which applies), one function each. Each takes the cycle's
 * context, finishes the next state and returns the decision; `make` computes the estimates from the next state
 * as it is when the decision is made.
 */

export interface Outcome {
  decision: Decision;
  nextState: LearnerState;
}

export interface CycleContext {
  cfg: LearnerConfig;
  state: LearnerState;
  obs: Observation;
  cycle: number;
  from: Thresholds;
  key: string;
  slaMet: boolean;
  badMinutes: number;
  /** One grid step lower in both thresholds. */
  safer: Thresholds;
  /** The next state, completed by the branch. */
  next: LearnerState;
  cumulativeSlaPercent: number;
  prevStats: PairStats | undefined;
  slaText: string;
}

function make(
  c: CycleContext,
  action: Decision["action"],
  to: Thresholds,
  reason: string,
  pairStats: PairStats | null,
): Outcome {
  const costs = c.prevStats ? [c.prevStats.costUsdSum / c.prevStats.cycles, c.obs.costUsd] : [c.obs.costUsd];
  const decision: Decision = {
    cycle: c.cycle,
    action,
    from: c.from,
    to,
    reason,
    estimates: {
      slaMet: c.slaMet,
      cumulativeSlaPercent: c.cumulativeSlaPercent,
      pair: pairStats,
      candidates: candidatesOf(c.from, c.cfg, c.next),
      seedReward: seedReward(c.obs.slaPercent, c.cfg.slaTargetPercent, costs),
    },
  };
  return { decision, nextState: c.next };
}

function unconverge(next: LearnerState): void {
  next.converged = false;
  next.convergedAtCycle = null;
}

/** The pair in force is outside the policy bounds: move to the nearest pair within them. */
export function projectIntoBounds(c: CycleContext): Outcome {
  unconverge(c.next);
  const to = projectToBounds(c.from, c.cfg.bounds);
  return make(c, "project", to, `${c.key} is outside the policy bounds; moved to the nearest pair within them`, null);
}

/** An excluded period (anomaly or data quality): nothing is learned; a miss still backs off one step for safety. */
export function excludedPeriod(c: CycleContext): Outcome {
  if (c.slaMet)
    return make(
      c,
      "hold",
      c.from,
      `excluded period (anomaly or data quality): not learned from; ${c.slaText}`,
      c.prevStats ?? null,
    );
  unconverge(c.next);
  const to = boundedMove(c.from, c.safer, c.cfg.bounds);
  if (!samePair(to, c.from)) c.next.backedOffFrom = c.from;
  return make(
    c,
    "back-off",
    to,
    `${c.slaText} in an excluded period: backing off for safety, not learning from it`,
    c.prevStats ?? null,
  );
}

/** How a miss marks the pair it happened under. */
function missMark(c: CycleContext, stats: PairStats, carriedOver: boolean) {
  // A miss after the learner settled on the pair, when the pair's own record is now below the target, shows it
  // is marginal: marked unsafe so the learner settles lower instead of returning to it.
  const afterConvergence = c.state.converged && !carriedOver && pairSlaPercent(stats) < c.cfg.slaTargetPercent;
  const severeMinutes = c.badMinutes >= c.cfg.severeMissMinutes;
  const repeated = stats.misses >= LEARNER_RULES.unsafeAtMisses;
  const severe = !carriedOver && (severeMinutes || repeated || afterConvergence);
  const text = carriedOver
    ? `missed in the first cycle after backing off from ${pairKey(c.state.backedOffFrom ?? c.from)} (not held against ${c.key})`
    : !severe
      ? `missed once (${c.badMinutes} bad minute${c.badMinutes === 1 ? "" : "s"}); unsafe at a second miss`
      : afterConvergence && !severeMinutes && !repeated
        ? "missed after convergence: marked unsafe"
        : "marked unsafe";
  return { severe, text };
}

/**
 * A miss always backs off at once: after a saturating miss, scale-in retreats toward spare capacity; else to the last
 * confirmed pair, else a proven neighbour one step lower in one threshold, else one step lower in both.
 */
export function backOffAfterMiss(c: CycleContext, stats: PairStats, carriedOver: boolean): Outcome {
  const { cfg, state, next, from, obs } = c;
  const mark = missMark(c, stats, carriedOver);
  if (mark.severe) next.unsafe = [...state.unsafe.filter((u) => !isUnsafe(u, [from])), from];
  unconverge(next);
  const retreat = carriedOver ? null : retreatAfterSaturation(from, obs, c.badMinutes, cfg);
  if (retreat) {
    // Everything above the retreat pair is given up: the learner settles there instead of probing the jump again.
    const g = cfg.gridStep;
    next.unsafe = addUnsafe(
      addUnsafe(next.unsafe, pair(retreat.scaleOutCpuThreshold, retreat.scaleInCpuThreshold + g)),
      pair(retreat.scaleOutCpuThreshold + g, retreat.scaleInCpuThreshold),
    );
    next.lastSafe = null;
  }
  const lastSafe = state.lastSafe;
  const backToLastSafe = !retreat && lastSafe !== null && !samePair(lastSafe, from) && !isUnsafe(lastSafe, next.unsafe);
  if (!backToLastSafe) next.lastSafe = null;
  const target =
    retreat ?? (backToLastSafe && lastSafe ? lastSafe : (provenSaferNeighbour(from, cfg, next) ?? c.safer));
  const to = boundedMove(from, target, cfg.bounds);
  next.retreatTo = retreat && !samePair(to, retreat) ? retreat : null;
  if (!samePair(to, from)) next.backedOffFrom = from;
  const where = samePair(to, from)
    ? "already at the safest pair the bounds allow"
    : retreat
      ? `the fleet saturated (peak CPU ${obs.peakCpuPercent.toFixed(1)} %): retreating to spare capacity at ${pairKey(retreat)}, now ${pairKey(to)}`
      : `backing off to ${pairKey(to)}`;
  return make(c, "back-off", to, `${c.slaText}: ${c.key} ${mark.text}; ${where}`, stats);
}

/** A retreat toward spare capacity still under way after a safe cycle: one more step (null when already there). */
export function continueRetreat(c: CycleContext, stats: PairStats): Outcome | null {
  const retreatTo = c.state.retreatTo;
  if (!retreatTo) return null;
  const to = boundedMove(c.from, retreatTo, c.cfg.bounds);
  c.next.retreatTo = samePair(to, retreatTo) ? null : retreatTo;
  if (samePair(to, c.from)) return null;
  c.next.backedOffFrom = c.from;
  return make(
    c,
    "back-off",
    to,
    `${c.slaText}: retreating to spare capacity at ${pairKey(retreatTo)}, now ${pairKey(to)}`,
    stats,
  );
}

/** A safe cycle that does not yet confirm the pair (null when it is confirmed). */
export function keepConfirming(c: CycleContext, stats: PairStats): Outcome | null {
  const nextMove = firstTryable(c.from, c.cfg, c.next);
  const needed = nextMove
    ? confirmationsBefore(c.from, nextMove.thresholds, stats, c.cfg, c.next)
    : c.cfg.confirmCycles;
  if (stats.safeStreak >= needed) return null;
  return make(
    c,
    "confirm",
    c.from,
    `${c.slaText}: confirming ${c.key} (${stats.safeStreak}/${needed} safe cycles)`,
    stats,
  );
}

/**
 * A confirmed pair: converged when no cheaper neighbour may be tried (whatever the error budget, which only gates
 * exploration), held while the SLA so far is below the target, else explore the first cheaper neighbour.
 */
export function fromConfirmedPair(c: CycleContext, stats: PairStats): Outcome {
  const { next, from } = c;
  next.lastSafe = from;
  const choice = firstTryable(from, c.cfg, next);
  if (!choice) {
    const first = !c.state.converged;
    next.converged = true;
    next.convergedAtCycle = first ? c.cycle : c.state.convergedAtCycle;
    const why = `${c.slaText}: ${c.key} is safe and every cheaper neighbour is unsafe or out of bounds`;
    return make(c, first ? "converged" : "hold", from, why, stats);
  }
  if (c.cumulativeSlaPercent < c.cfg.slaTargetPercent) {
    const why = `${c.slaText}: ${c.key} is safe, but the SLA so far (${c.cumulativeSlaPercent.toFixed(3)} %) is below target: no exploration`;
    return make(c, "hold", from, why, stats);
  }
  unconverge(next);
  const to = boundedMove(from, choice.thresholds, c.cfg.bounds);
  return make(c, "explore", to, `${c.slaText}: ${c.key} confirmed safe; trying cheaper ${pairKey(to)}`, stats);
}
