import type { Thresholds } from "../core/types";
import type { PolicyBounds } from "./bounds";

/** What the learner needs from the stack config (learnerConfigOf builds it). JSON-serialisable. */
export interface LearnerConfig {
  bounds: PolicyBounds;
  /** Spacing of the pairs the learner tries (never more than bounds.maxStep). */
  gridStep: number;
  /** Consecutive SLA-meeting cycles before a pair is confirmed safe. */
  confirmCycles: number;
  /** Safe cycles that suffice far from the model's safety edges (see confirmationsBefore in safety.ts). */
  fastConfirmCycles: number;
  slaTargetPercent: number;
  /** Raise scale-out only while the pair's highest observed CPU + the raise ≤ this (learning.safeCpuCeilingPercent)… */
  safeCpuCeilingPercent: number;
  /** …and its highest 5-minute p95 ≤ latencyHeadroomShare × latencyThresholdMs. */
  latencyHeadroomShare: number;
  latencyThresholdMs: number;
  /** No-flap rule: scaleIn × n/(n − scaleInStep) ≤ safeCpuCeilingPercent − flapMarginPercent, n = smallest fleet that scales in. */
  flapMarginPercent: number;
  /** Smallest fleet that can scale in (minSize + scaleInStep) and the instances one scale-in removes. */
  smallestScalingFleet: number;
  scaleInStep: number;
  /** Bad minutes in one cycle that mark a pair unsafe at its first miss (else at its second). */
  severeMissMinutes: number;
}

/** What the runner measured over one cycle, whatever the scaling mode. */
export interface CycleOutcome {
  /** Share of the cycle's minutes meeting the latency and error targets, in %. */
  slaPercent: number;
  costUsd: number;
  /** Length of the cycle in minutes. */
  minutes: number;
  load: { meanRps: number; peakRps: number };
  /** Highest 5-minute average fleet CPU of the cycle, in % (the safety signal for raising scale-out). */
  peakCpuPercent: number;
  /** Highest 5-minute average p95 latency of the cycle, in ms (second safety signal for raising scale-out). */
  peakP95LatencyMs: number;
  /** True when anomaly detection flagged the period or data quality rejected it: nothing is learned from it. */
  excluded: boolean;
}

/** One cycle's outcome in step mode, as the runner measured it. */
export interface Observation extends CycleOutcome {
  /** Thresholds that were actually in force during the cycle. */
  thresholds: Thresholds;
}

/** What the learner knows about one threshold pair. */
export interface PairStats {
  thresholds: Thresholds;
  cycles: number;
  misses: number;
  /** Consecutive SLA-meeting cycles up to the latest observation of this pair. */
  safeStreak: number;
  costUsdSum: number;
  /** Sum of cost per 1000 requests, to compare pairs observed under different loads. */
  costPerKRequestSum: number;
  /** Highest 5-minute average CPU seen under this pair. */
  maxPeakCpuPercent: number;
  /** Highest 5-minute average p95 latency seen under this pair. */
  maxPeakP95LatencyMs: number;
  /** Highest request rate seen under this pair (optional: stats saved before it existed lack it). */
  maxPeakRps?: number;
  /** Minutes observed under this pair and those that missed the latency/error targets (optional, as above). */
  minutes?: number;
  badMinutes?: number;
}

export interface LearnerState {
  version: 1;
  cycle: number;
  /** Pairs observed, keyed by pairKey(). */
  pairs: Record<string, PairStats>;
  /** Pairs that missed the SLA: every pair at or above one of them in both thresholds is treated as unsafe. */
  unsafe: Thresholds[];
  /** The most recent pair confirmed safe; where the learner backs off to after a miss. */
  lastSafe: Thresholds | null;
  converged: boolean;
  /** Error budget: minutes observed and minutes that missed the latency/error targets (all cycles, excluded too). */
  minutesSeen: number;
  badMinutes: number;
  /** Cycle at which the learner last declared convergence (null while exploring). */
  convergedAtCycle: number | null;
  /**
   * Pair the previous decision backed off from (null otherwise): a miss in the next cycle is a carry-over of that
   * pair's fleet state, not held against the pair backed off to. Optional: states saved before it existed lack it.
   */
  backedOffFrom?: Thresholds | null;
  /**
   * Pair the learner is retreating to, one step per cycle, after a miss that saturated the fleet (null otherwise).
   * Optional, as above.
   */
  retreatTo?: Thresholds | null;
  /** Highest request rate of any cycle learned from: the CPU and latency headroom of a pair count only once it saw a peak near it. */
  maxPeakRps?: number;
}

export type DecisionAction = "hold" | "confirm" | "explore" | "back-off" | "converged" | "project";

export interface CandidateEstimate {
  thresholds: Thresholds;
  status: "unsafe" | "out-of-bounds" | "flap-risk" | "cpu-headroom" | "untried" | "safe" | "missed-once";
  meanCostPerKRequestUsd: number | null;
}

export interface Decision {
  cycle: number;
  action: DecisionAction;
  from: Thresholds;
  to: Thresholds;
  reason: string;
  estimates: {
    slaMet: boolean;
    /** SLA over every cycle seen so far, in %; exploration pauses while it is below the target. */
    cumulativeSlaPercent: number;
    pair: PairStats | null;
    candidates: CandidateEstimate[];
    /** The seed project's reward of this cycle (1 if SLA ≥ target else 0, minus the variance of pair costs). */
    seedReward: number;
  };
}

/** Everything needed to recompute a decision: replay(record) must give the same decision and next state. */
export interface LearnerRecord {
  stateBefore: LearnerState;
  observation: Observation;
  config: LearnerConfig;
  decision: Decision;
  nextState: LearnerState;
}
