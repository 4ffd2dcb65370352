import type { Thresholds } from "../core/types";
import { DECISION_ACTIONS, type DecisionAction, type LoggedDecision, type DecisionSummary } from "./types";
import { iso } from "./window";

/**
 * The optimizer's decisions of the report day, in time order, with the thresholds in force at the start of the day
 * (the `from` of the day's first decision) and at its end (the last decision's `to`, or the stack config).
 */
export function summariseDecisions(
  decisions: readonly LoggedDecision[],
  configThresholds: Thresholds,
  dayStart: number,
  dayEnd: number,
): Omit<DecisionSummary, "controllerAtEnd"> {
  const ofDay = decisions
    .filter((d) => d.timestamp >= dayStart && d.timestamp < dayEnd)
    .sort((a, b) => a.timestamp - b.timestamp);
  const counts = Object.fromEntries(DECISION_ACTIONS.map((a) => [a, 0])) as Record<DecisionAction, number>;
  for (const d of ofDay) counts[d.action]++;
  const before = decisions.filter((d) => d.timestamp < dayStart).sort((a, b) => a.timestamp - b.timestamp);
  const lastBefore = before.length > 0 ? before[before.length - 1] : undefined;
  const thresholdsAtStart = ofDay.length > 0 ? ofDay[0].from : lastBefore ? effective(lastBefore) : null;
  const thresholdsAtEnd =
    ofDay.length > 0 ? effective(ofDay[ofDay.length - 1]) : (thresholdsAtStart ?? configThresholds);
  return {
    counts,
    entries: ofDay.map((d) => ({ time: iso(d.timestamp), action: d.action, from: d.from, to: d.to, reason: d.reason })),
    thresholdsAtStart,
    thresholdsAtEnd,
  };
}

/** Thresholds in force after a decision: `to` when it changed them, `from` otherwise (held, refused, rolled back). */
export function effective(d: LoggedDecision): Thresholds {
  return d.action === "changed" ? d.to : d.from;
}
