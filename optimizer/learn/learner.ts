import type { StackConfig } from "../../infra/config";
import type { Thresholds } from "../core/types";
import { boundedMove, policyBoundsOf, projectToBounds, withinBounds } from "./bounds";
import { seedReward } from "./reward";
import {
  confirmationsBefore,
  cpuAfterScaleIn,
  pairSlaPercent,
  retreatAfterSaturation,
  scaleOutHeadroom,
} from "./safety";
import type { CandidateEstimate, Decision, LearnerConfig, LearnerState, Observation, PairStats } from "./types";

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

const EPS = 1e-9;

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

export function pairKey(t: Thresholds): string {
  return `${t.scaleOutCpuThreshold}/${t.scaleInCpuThreshold}`;
}

function samePair(a: Thresholds, b: Thresholds): boolean {
  return (
    Math.abs(a.scaleOutCpuThreshold - b.scaleOutCpuThreshold) < EPS &&
    Math.abs(a.scaleInCpuThreshold - b.scaleInCpuThreshold) < EPS
  );
}

/** True when a pair is at or above (in both thresholds) a pair that missed the SLA. */
export function isUnsafe(t: Thresholds, unsafe: readonly Thresholds[]): boolean {
  return unsafe.some(
    (u) =>
      t.scaleOutCpuThreshold >= u.scaleOutCpuThreshold - EPS && t.scaleInCpuThreshold >= u.scaleInCpuThreshold - EPS,
  );
}

const pair = (out: number, inn: number): Thresholds => ({
  scaleOutCpuThreshold: Math.round(out * 1000) / 1000,
  scaleInCpuThreshold: Math.round(inn * 1000) / 1000,
});

/** Adds one cycle to a pair's statistics; `countMiss` false records a missed cycle that is not held against the pair. */
function updatedStats(
  prev: PairStats | undefined,
  obs: Observation,
  slaMet: boolean,
  badMinutes: number,
  countMiss: boolean,
): PairStats {
  const requestsK = (obs.load.meanRps * 60 * obs.minutes) / 1000;
  const s: PairStats = prev
    ? { ...prev, thresholds: { ...prev.thresholds } }
    : {
        thresholds: { ...obs.thresholds },
        cycles: 0,
        misses: 0,
        safeStreak: 0,
        costUsdSum: 0,
        costPerKRequestSum: 0,
        maxPeakCpuPercent: 0,
        maxPeakP95LatencyMs: 0,
      };
  s.cycles += 1;
  s.misses += slaMet || !countMiss ? 0 : 1;
  s.minutes = (s.minutes ?? 0) + obs.minutes;
  s.badMinutes = (s.badMinutes ?? 0) + (countMiss ? badMinutes : 0);
  s.safeStreak = slaMet ? s.safeStreak + 1 : 0;
  s.costUsdSum += obs.costUsd;
  const perK = requestsK > 0 ? obs.costUsd / requestsK : 0;
  s.costPerKRequestSum += Number.isFinite(perK) ? perK : 0;
  if (Number.isFinite(obs.peakCpuPercent)) s.maxPeakCpuPercent = Math.max(s.maxPeakCpuPercent, obs.peakCpuPercent);
  if (Number.isFinite(obs.peakP95LatencyMs))
    s.maxPeakP95LatencyMs = Math.max(s.maxPeakP95LatencyMs, obs.peakP95LatencyMs);
  if (Number.isFinite(obs.load.peakRps)) s.maxPeakRps = Math.max(s.maxPeakRps ?? 0, obs.load.peakRps);
  return s;
}

function addUnsafe(unsafe: readonly Thresholds[], t: Thresholds): Thresholds[] {
  return isUnsafe(t, unsafe) ? [...unsafe] : [...unsafe.filter((u) => !isUnsafe(u, [t])), t];
}

/**
 * Back-off target when there is no other confirmed pair to return to: the neighbour one grid step lower in a single
 * threshold that was already observed without a miss (the most observed one; lower scale-out on a tie), or null
 * (the caller then lowers both thresholds).
 */
function provenSaferNeighbour(from: Thresholds, cfg: LearnerConfig, state: LearnerState): Thresholds | null {
  const g = cfg.gridStep;
  const proven = [
    pair(from.scaleOutCpuThreshold - g, from.scaleInCpuThreshold),
    pair(from.scaleOutCpuThreshold, from.scaleInCpuThreshold - g),
  ]
    .map((t) => ({ t, s: state.pairs[pairKey(t)] }))
    .filter(
      ({ t, s }) =>
        s !== undefined &&
        s.misses === 0 &&
        s.safeStreak > 0 &&
        withinBounds(t, cfg.bounds) &&
        !isUnsafe(t, state.unsafe),
    );
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
    if (!Number.isFinite(v) || v < 0)
      throw new Error(`learner observation: ${name} must be a finite number ≥ 0, got ${v}`);
}

/**
 * One learning step: from this cycle's observation, the next thresholds and why.
 * Pure: same (state, observation, config) → same decision and next state (see replay.ts).
 */
export function decide(
  state: LearnerState,
  obs: Observation,
  cfg: LearnerConfig,
): { decision: Decision; nextState: LearnerState } {
  checkObservation(obs);
  const cycle = state.cycle + 1;
  const from: Thresholds = {
    scaleOutCpuThreshold: obs.thresholds.scaleOutCpuThreshold,
    scaleInCpuThreshold: obs.thresholds.scaleInCpuThreshold,
  };
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
    return {
      decision: make("project", to, `${key} is outside the policy bounds; moved to the nearest pair within them`, null),
      nextState: next,
    };
  }

  if (obs.excluded) {
    if (!slaMet) {
      next.converged = false;
      next.convergedAtCycle = null;
      const to = boundedMove(from, safer, cfg.bounds);
      if (!samePair(to, from)) next.backedOffFrom = from;
      return {
        decision: make(
          "back-off",
          to,
          `${slaText} in an excluded period: backing off for safety, not learning from it`,
          prevStats ?? null,
        ),
        nextState: next,
      };
    }
    return {
      decision: make(
        "hold",
        from,
        `excluded period (anomaly or data quality): not learned from; ${slaText}`,
        prevStats ?? null,
      ),
      nextState: next,
    };
  }

  // The first cycle after a back-off starts with the fleet, alarms and cooldown the missed pair left behind: a miss
  // in it is not held against the pair backed off to (it still backs off).
  const carriedOver =
    !slaMet &&
    state.backedOffFrom !== undefined &&
    state.backedOffFrom !== null &&
    !samePair(state.backedOffFrom, from);
  const stats = updatedStats(prevStats, obs, slaMet, badMinutes, !carriedOver);
  next.pairs[key] = stats;
  if (Number.isFinite(obs.load.peakRps)) next.maxPeakRps = Math.max(state.maxPeakRps ?? 0, obs.load.peakRps);

  if (!slaMet) {
    // A miss after the learner settled on the pair, when the pair's own record is now below the target, shows it
    // is marginal: marked unsafe so the learner settles lower instead of returning to it.
    const afterConvergence = state.converged && !carriedOver && pairSlaPercent(stats) < cfg.slaTargetPercent;
    const severe = !carriedOver && (badMinutes >= cfg.severeMissMinutes || stats.misses >= 2 || afterConvergence);
    if (severe) next.unsafe = [...state.unsafe.filter((u) => !isUnsafe(u, [from])), from];
    next.converged = false;
    next.convergedAtCycle = null;
    const retreat = carriedOver ? null : retreatAfterSaturation(from, obs, badMinutes, cfg);
    if (retreat) {
      // Everything above the retreat pair is given up: the learner settles there instead of probing the jump again.
      next.unsafe = addUnsafe(
        addUnsafe(next.unsafe, pair(retreat.scaleOutCpuThreshold, retreat.scaleInCpuThreshold + g)),
        pair(retreat.scaleOutCpuThreshold + g, retreat.scaleInCpuThreshold),
      );
      next.lastSafe = null;
    }
    const backToLastSafe =
      !retreat && state.lastSafe !== null && !samePair(state.lastSafe, from) && !isUnsafe(state.lastSafe, next.unsafe);
    if (!backToLastSafe) next.lastSafe = null;
    const target =
      retreat ?? (backToLastSafe && state.lastSafe ? state.lastSafe : (provenSaferNeighbour(from, cfg, next) ?? safer));
    const to = boundedMove(from, target, cfg.bounds);
    next.retreatTo = retreat && !samePair(to, retreat) ? retreat : null;
    if (!samePair(to, from)) next.backedOffFrom = from;
    const mark = carriedOver
      ? `missed in the first cycle after backing off from ${pairKey(state.backedOffFrom ?? from)} (not held against ${key})`
      : severe
        ? afterConvergence && badMinutes < cfg.severeMissMinutes && stats.misses < 2
          ? "missed after convergence: marked unsafe"
          : "marked unsafe"
        : `missed once (${badMinutes} bad minute${badMinutes === 1 ? "" : "s"}); unsafe at a second miss`;
    const where = samePair(to, from)
      ? "already at the safest pair the bounds allow"
      : retreat
        ? `the fleet saturated (peak CPU ${obs.peakCpuPercent.toFixed(1)} %): retreating to spare capacity at ${pairKey(retreat)}, now ${pairKey(to)}`
        : `backing off to ${pairKey(to)}`;
    return { decision: make("back-off", to, `${slaText}: ${key} ${mark}; ${where}`, stats), nextState: next };
  }

  if (state.retreatTo) {
    const to = boundedMove(from, state.retreatTo, cfg.bounds);
    next.retreatTo = samePair(to, state.retreatTo) ? null : state.retreatTo;
    if (!samePair(to, from)) {
      next.backedOffFrom = from;
      return {
        decision: make(
          "back-off",
          to,
          `${slaText}: retreating to spare capacity at ${pairKey(state.retreatTo)}, now ${pairKey(to)}`,
          stats,
        ),
        nextState: next,
      };
    }
  }

  const nextMove = candidatesOf(from, cfg, next).find(
    (c) => c.status === "untried" || c.status === "safe" || c.status === "missed-once",
  );
  const needed = nextMove ? confirmationsBefore(from, nextMove.thresholds, stats, cfg, next) : cfg.confirmCycles;
  if (stats.safeStreak < needed) {
    return {
      decision: make(
        "confirm",
        from,
        `${slaText}: confirming ${key} (${stats.safeStreak}/${needed} safe cycles)`,
        stats,
      ),
      nextState: next,
    };
  }

  next.lastSafe = from;
  const candidates = candidatesOf(from, cfg, next);
  const choice = candidates.find((c) => c.status === "untried" || c.status === "safe" || c.status === "missed-once");
  if (!choice) {
    // Nothing cheaper may be tried: converged, whatever the error budget (it only gates exploration).
    const first = !state.converged;
    next.converged = true;
    next.convergedAtCycle = first ? cycle : state.convergedAtCycle;
    return {
      decision: make(
        first ? "converged" : "hold",
        from,
        `${slaText}: ${key} is safe and every cheaper neighbour is unsafe or out of bounds`,
        stats,
      ),
      nextState: next,
    };
  }
  if (cumulativeSlaPercent < cfg.slaTargetPercent) {
    return {
      decision: make(
        "hold",
        from,
        `${slaText}: ${key} is safe, but the SLA so far (${cumulativeSlaPercent.toFixed(3)} %) is below target: no exploration`,
        stats,
      ),
      nextState: next,
    };
  }
  next.converged = false;
  next.convergedAtCycle = null;
  const to = boundedMove(from, choice.thresholds, cfg.bounds);
  return {
    decision: make("explore", to, `${slaText}: ${key} confirmed safe; trying cheaper ${pairKey(to)}`, stats),
    nextState: next,
  };
}
