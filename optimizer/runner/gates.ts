import type { StackConfig } from "../../infra/config";
import type { QualityIssue, Thresholds } from "../core/types";
import type { FlaggedRange } from "../detect";

/*
 * The runner's pure rules around the learner: which windows it must not learn from, and which changes it refuses.
 */

/**
 * Whether the learner must not learn from this window. Always when data quality rejected it or the load itself
 * (request rate, which no threshold controls) was anomalous. Anomalies on the signals the thresholds act on (CPU,
 * latency, errors, capacity) exclude a window only when the SLA was met there: a miss the current thresholds may
 * have caused is never hidden from the learner (the latency spike of an under-provisioned fleet is itself flagged).
 * Both directions are conservative: an odd window never confirms a pair as safe, a miss always counts against it.
 */
export function isExcluded(a: {
  blocking: readonly QualityIssue[];
  anomalies: readonly FlaggedRange[];
  slaMet: boolean;
}): boolean {
  if (a.blocking.length > 0) return true;
  if (a.anomalies.some((r) => r.signal === "requestRate")) return true;
  return a.anomalies.length > 0 && a.slaMet;
}

/** Safety rules the runner enforces whatever the learner says; each returned string blocks the change. */
export function safetyGates(a: {
  config: StackConfig;
  current: Thresholds;
  proposed: Thresholds;
  blocking: readonly QualityIssue[];
  openCritical: boolean;
  lastChangeAtMs: number | null;
  nowMs: number;
  /**
   * The learner is bringing thresholds that sit outside the policy bounds back inside them (its "project" action).
   * That move may be larger than the step limit: the bounds are the guardrail, so it is not refused for its size.
   */
  returningIntoBounds?: boolean;
}): string[] {
  const gates: string[] = [];
  if (!a.config.optimizerEnabled) gates.push(KILL_SWITCH_GATE);
  if (a.blocking.length > 0) gates.push(`data quality: ${a.blocking.map((i) => i.message).join("; ")}`);
  if (a.openCritical) gates.push("a critical anomaly is open");
  const step = Math.max(
    Math.abs(a.proposed.scaleOutCpuThreshold - a.current.scaleOutCpuThreshold),
    Math.abs(a.proposed.scaleInCpuThreshold - a.current.scaleInCpuThreshold),
  );
  if (step > a.config.maxThresholdStepPercent + 1e-9 && !a.returningIntoBounds)
    gates.push(`step ${step} points exceeds neuropilot:maxThresholdStepPercent (${a.config.maxThresholdStepPercent})`);
  if (a.lastChangeAtMs !== null) {
    const waitMs = a.lastChangeAtMs + a.config.changeCooldownHours * 3_600_000 - a.nowMs;
    if (waitMs > 0)
      gates.push(
        `cooldown: last change ${((a.nowMs - a.lastChangeAtMs) / 3_600_000).toFixed(1)} h ago, neuropilot:changeCooldownHours is ${a.config.changeCooldownHours}`,
      );
  }
  return gates;
}

export const KILL_SWITCH_GATE = "kill switch: neuropilot:optimizerEnabled is false";

/** The gates that refuse a cycle (a cooldown only holds it). */
export function hardGates(gates: readonly string[]): string[] {
  return gates.filter((g) => !g.startsWith("cooldown"));
}
