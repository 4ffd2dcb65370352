import type { CycleOutcome } from "./types";

/*
 * Shapes of the target-tracking learner (targetLearner.ts): it tunes one key, `neuropilot:targetCpuPercent`.
 * JSON-serialisable, like the step learner's (types.ts).
 */

/** What the target learner needs from the stack config (targetLearnerConfigOf builds it). */
export interface TargetLearnerConfig {
  /** learning.targetCpuBand ∩ the key's hard bounds. */
  bounds: { min: number; max: number };
  /** Largest move per cycle (maxThresholdStepPercent). */
  maxStep: number;
  /** Back-off and exploration step without a plan (learning.gridStepPercent, at most maxStep). */
  gridStep: number;
  confirmCycles: number;
  fastConfirmCycles: number;
  slaTargetPercent: number;
  severeMissMinutes: number;
  /** Without a plan, the target rises only while the target's highest 5-minute CPU + gridStep ≤ this. */
  safeCpuCeilingPercent: number;
}

/** A target chosen by simulating candidates on the stack's own history (sim/targetPlan.ts), with its basis. */
export interface TargetPlan {
  targetCpuPercent: number;
  basis: string;
}

/** One cycle's outcome under a target, as the runner measured it. */
export interface TargetObservation extends CycleOutcome {
  /** Target in force during the cycle. */
  targetCpuPercent: number;
  /** The plan from the metrics history before this cycle (null: none, the learner explores one step at a time). */
  plan: TargetPlan | null;
}

export interface TargetStats {
  targetCpuPercent: number;
  cycles: number;
  misses: number;
  safeStreak: number;
  costUsdSum: number;
  minutes: number;
  badMinutes: number;
  maxPeakCpuPercent: number;
}

export interface TargetLearnerState {
  version: 1;
  mode: "target-tracking";
  cycle: number;
  /** Targets observed, keyed by String(target). */
  targets: Record<string, TargetStats>;
  /** Highest target that may be tried again after misses (targets above it were marked unsafe; null: none). */
  ceiling: number | null;
  /** The most recent target confirmed safe. */
  lastSafe: number | null;
  converged: boolean;
  convergedAtCycle: number | null;
  minutesSeen: number;
  badMinutes: number;
  /** Target the previous decision backed off from: a miss in the next cycle is its carry-over. */
  backedOffFrom: number | null;
}

export type TargetAction = "hold" | "confirm" | "explore" | "back-off" | "converged" | "project" | "plan";

export interface TargetDecision {
  cycle: number;
  mode: "target-tracking";
  action: TargetAction;
  from: number;
  to: number;
  reason: string;
  estimates: {
    slaMet: boolean;
    cumulativeSlaPercent: number;
    stats: TargetStats | null;
    /** Highest target that may be tried now (bounds ∩ the ceiling left by misses). */
    ceiling: number;
    plan: TargetPlan | null;
  };
}

/** Everything needed to recompute a decision (replayTarget must give the same decision and next state). */
export interface TargetDecisionRecord {
  stateBefore: TargetLearnerState;
  observation: TargetObservation;
  config: TargetLearnerConfig;
  decision: TargetDecision;
  nextState: TargetLearnerState;
}
