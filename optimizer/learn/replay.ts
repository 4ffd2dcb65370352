import { isDeepStrictEqual } from "node:util";
import { decide } from "./learner";
import type { Decision, LearnerRecord, LearnerState } from "./types";

export interface ReplayResult {
  same: boolean;
  decision: Decision;
  nextState: LearnerState;
  /** What differs, when something does. */
  differences: string[];
}

/** Recomputes a recorded decision from its inputs and checks it is identical (decision and next state). */
export function replay(record: LearnerRecord): ReplayResult {
  const { decision, nextState } = decide(record.stateBefore, record.observation, record.config);
  const differences: string[] = [];
  if (!isDeepStrictEqual(decision, record.decision)) differences.push("decision");
  if (!isDeepStrictEqual(nextState, record.nextState)) differences.push("nextState");
  return { same: differences.length === 0, decision, nextState, differences };
}

/** Builds the record of one decision (what the runner stores in its audit trail). */
export function decideAndRecord(
  stateBefore: LearnerState,
  observation: LearnerRecord["observation"],
  config: LearnerRecord["config"],
): LearnerRecord {
  const { decision, nextState } = decide(stateBefore, observation, config);
  return { stateBefore, observation, config, decision, nextState };
}
