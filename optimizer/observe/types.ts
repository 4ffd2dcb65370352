import type { Thresholds } from "../core/types";

/** What one decision line contributes to the optimizer's own metrics (a subset of DecisionLogEntry). */
export interface DecisionFacts {
  timestamp: number;
  cycleId: string;
  outcome: string;
  from: Thresholds;
  to: Thresholds;
  reason: string;
  anomalies: readonly { signal: string; severity: string; startMs: number; endMs: number }[];
}

/** The learner's status as the metrics show it (from learner.json). */
export interface LearnerFacts {
  converged: boolean;
  cycle: number;
  convergedAtCycle: number | null;
  unsafePairs: number;
  pairsTried: number;
}

/** The run that just ended: what the CLI saw. */
export interface RunFacts {
  stack: string;
  exitCode: number;
  outcome: string | null;
  cycleId: string | null;
  startedAtMs: number;
  finishedAtMs: number;
  /** The first line of the error when the cycle failed (exit 1). */
  error?: string;
}

/** Everything the exporter, the alerts and the annotations are computed from. */
export interface CycleObservation {
  run: RunFacts;
  /** decisions.jsonl, oldest first. */
  decisions: readonly DecisionFacts[];
  learner: LearnerFacts | null;
  /** Thresholds in force: the stack file's after the run. */
  thresholds: Thresholds | null;
  /** Previous runs' last success (from the metrics file written last time), if known. */
  previousSuccessMs: number | null;
}
