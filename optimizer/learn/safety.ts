import type { Thresholds } from "../core/types";
import { withinBounds } from "./bounds";
import { pair } from "./pairs";
import { LEARNER_RULES } from "./rules";
import type { LearnerConfig, LearnerState, Observation, PairStats } from "./types";

/*
 * The learner's model-based safety rules: how fast a pair may be left (confirmations), whether scale-out may rise
 * (CPU and latency headroom under a representative peak), the no-flap CPU after a scale-in, and how far scale-in
 * retreats after a miss that saturated the fleet. Pure functions of the learner's state and config.
 */

const EPS = LEARNER_RULES.epsilon;

/** CPU of the fleet right after a scale-in at the scale-in threshold, for the smallest fleet that scales in. */
export function cpuAfterScaleIn(scaleIn: number, cfg: LearnerConfig): number {
  const n = cfg.smallestScalingFleet;
  return (scaleIn * n) / (n - cfg.scaleInStep);
}

/**
 * Safe cycles the current pair needs before the learner moves to `to`: `fastConfirmCycles` when every threshold the
 * move raises stays at least one more grid step inside its own safety limit (scale-in: the no-flap limit; scale-out:
 * the CPU and latency headroom, judged only once the pair saw a representative peak), else `confirmCycles`.
 * Convergence always takes `confirmCycles`.
 */
export function confirmationsBefore(
  from: Thresholds,
  to: Thresholds,
  stats: PairStats,
  cfg: LearnerConfig,
  state: LearnerState,
): number {
  const g = cfg.gridStep;
  const inRaise = to.scaleInCpuThreshold - from.scaleInCpuThreshold;
  const outRaise = to.scaleOutCpuThreshold - from.scaleOutCpuThreshold;
  const inFar =
    inRaise <= EPS ||
    cpuAfterScaleIn(to.scaleInCpuThreshold + g, cfg) <= cfg.safeCpuCeilingPercent - cfg.flapMarginPercent;
  const outFar = outRaise <= EPS || (sawPeakLoad(stats, state, cfg) && scaleOutHeadroom(stats, outRaise + g, cfg));
  return inFar && outFar ? Math.min(cfg.fastConfirmCycles, cfg.confirmCycles) : cfg.confirmCycles;
}

/** Share of the highest request rate seen so far that a pair must have seen before its CPU/latency headroom counts. */
export const PEAK_LOAD_SHARE = LEARNER_RULES.peakLoadShare;

/**
 * Whether a pair's peaks are representative: it saw at least PEAK_LOAD_SHARE of the highest request rate of any
 * cycle, after a full confirmation window of cycles (so the highest rate covers a whole day of load).
 */
export function sawPeakLoad(stats: PairStats, state: LearnerState, cfg: LearnerConfig): boolean {
  const highest = state.maxPeakRps ?? Number.POSITIVE_INFINITY;
  return state.cycle >= cfg.confirmCycles && (stats.maxPeakRps ?? 0) >= PEAK_LOAD_SHARE * highest;
}

/**
 * Whether scale-out may rise by `raise` points: the highest CPU seen under the current pair plus the raise stays
 * under the CPU ceiling, and its highest p95 latency is still well inside the latency threshold.
 */
export function scaleOutHeadroom(here: PairStats | undefined, raise: number, cfg: LearnerConfig): boolean {
  if (!here) return false;
  return (
    here.maxPeakCpuPercent + raise <= cfg.safeCpuCeilingPercent &&
    here.maxPeakP95LatencyMs <= cfg.latencyHeadroomShare * cfg.latencyThresholdMs
  );
}

/** 5-minute average CPU at or above which the fleet counts as saturated (load beyond what it could serve). */
export const SATURATED_CPU_PERCENT = LEARNER_RULES.saturatedCpuPercent;

/**
 * After a miss in which the fleet saturated, scaling out could not keep up with the load: only spare capacity held
 * at low load helps, so scale-in is lowered, by one grid step per severeMissMinutes bad minutes (at least one).
 * Null when the fleet did not saturate or scale-in is already at the bottom of its band.
 */
export function retreatAfterSaturation(
  from: Thresholds,
  obs: Observation,
  badMinutes: number,
  cfg: LearnerConfig,
): Thresholds | null {
  if (!(obs.peakCpuPercent >= SATURATED_CPU_PERCENT)) return null;
  const steps = Math.max(1, Math.ceil(badMinutes / cfg.severeMissMinutes));
  const inn = Math.max(cfg.bounds.scaleIn.min, from.scaleInCpuThreshold - steps * cfg.gridStep);
  const to = pair(from.scaleOutCpuThreshold, inn);
  return inn < from.scaleInCpuThreshold - EPS && withinBounds(to, cfg.bounds) ? to : null;
}

/** A pair's own SLA over the minutes observed under it, in % (100 before any). */
export function pairSlaPercent(stats: PairStats): number {
  const minutes = stats.minutes ?? 0;
  return minutes > 0 ? (1 - (stats.badMinutes ?? 0) / minutes) * 100 : 100;
}
