import { z } from "zod";
import type { QualityIssue, Thresholds } from "../core/types";
import type { FlaggedRange } from "../detect/detectAnomalies";
import type { LearnerRecord } from "../learn/types";
import type { PolicyViolation } from "../runner/ports";
import { thresholdsSchema, time } from "./schemas";

/*
 * decisions.jsonl: one JSON line per cycle that decided something. The one schema of a line, used by the runner
 * (writer and reader) and the report (reader).
 */

export const CYCLE_OUTCOMES = [
  "changed",
  "held",
  "no-new-data",
  "refused",
  "rolled-back",
  "dry-run",
  "recovered",
  "veto",
] as const;
export type CycleOutcome = (typeof CYCLE_OUTCOMES)[number];

/** The report's vocabulary of a decision. */
export const DECISION_LOG_ACTIONS = ["changed", "held", "refused", "rolled-back"] as const;
export type DecisionLogAction = (typeof DECISION_LOG_ACTIONS)[number];

/** One line of decisions.jsonl: what the report reads, plus the learner's replayable record. */
export interface DecisionLogEntry {
  timestamp: number;
  stack: string;
  cycleId: string;
  /** The report's vocabulary: changed | held | refused | rolled-back. */
  action: DecisionLogAction;
  outcome: CycleOutcome;
  from: Thresholds;
  to: Thresholds;
  reason: string;
  window: { startMs: number; endMs: number } | null;
  gates: string[];
  qualityIssues: QualityIssue[];
  anomalies: FlaggedRange[];
  policyViolations: PolicyViolation[];
  /** The learner's inputs, estimates and decision: `replay(learner)` recomputes it. */
  learner: LearnerRecord | null;
  /** The controller in force after the cycle: "target tracking @ 65 % CPU" or "step 80/35". */
  controller?: string;
}

/**
 * A line of decisions.jsonl as read: the fields every reader needs are checked, the runner's other fields are
 * checked when present and other keys are kept (lines written by older versions stay readable).
 */
export const decisionLine = z.looseObject({
  timestamp: time,
  stack: z.string().optional(),
  cycleId: z.string().optional(),
  action: z.enum(DECISION_LOG_ACTIONS),
  outcome: z.enum(CYCLE_OUTCOMES).optional(),
  from: thresholdsSchema,
  to: thresholdsSchema,
  reason: z.string(),
  controller: z.string().optional(),
  window: z.object({ startMs: z.number().finite(), endMs: z.number().finite() }).nullable().optional(),
  gates: z.array(z.string()).optional(),
  qualityIssues: z.array(z.looseObject({ message: z.string(), blocking: z.boolean() })).optional(),
  anomalies: z.array(z.looseObject({ signal: z.string(), startMs: z.number(), endMs: z.number() })).optional(),
  policyViolations: z.array(z.looseObject({ policyName: z.string(), message: z.string() })).optional(),
  /** The learner's record of the cycle; the report counts its decision actions by cycle. */
  learner: z
    .looseObject({ decision: z.looseObject({ cycle: z.number().int(), action: z.string() }) })
    .nullable()
    .optional(),
});
export type DecisionLine = z.output<typeof decisionLine>;
