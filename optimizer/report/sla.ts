import type { StackConfig } from "../../infra/config";
import type { SignalSet } from "../core/types";
import { minutesPerPoint, pointsIn, round } from "./series";
import type { SlaSummary } from "./types";

/**
 * SLA attainment of the day: the share of minutes whose p95 latency is ≤ latencyThresholdMs and whose 5xx share is
 * ≤ errorRateTargetPercent (the definition of neuropilot:slaTargetPercent). Minutes lacking either value are not
 * evaluated (they show up under data quality).
 */
export function computeSla(
  signals: SignalSet | null,
  config: StackConfig,
  dayStart: number,
  dayEnd: number,
  stepMs: number | null,
): SlaSummary {
  const base = {
    targetPercent: config.slaTargetPercent,
    latencyThresholdMs: config.latencyThresholdMs,
    errorRateTargetPercent: config.errorRateTargetPercent,
  };
  if (!signals) return { ...base, ...emptyCounts() };
  const errors = new Map(pointsIn(signals.errorRate, dayStart, dayEnd).map((p) => [p.t, p.v]));
  let evaluated = 0;
  let good = 0;
  let latencyBreach = 0;
  let errorBreach = 0;
  for (const p of pointsIn(signals.p95LatencyMs, dayStart, dayEnd)) {
    const err = errors.get(p.t);
    if (err === undefined) continue;
    evaluated++;
    const slow = p.v > config.latencyThresholdMs;
    const failing = err > config.errorRateTargetPercent;
    if (slow) latencyBreach++;
    if (failing) errorBreach++;
    if (!slow && !failing) good++;
  }
  if (evaluated === 0) return { ...base, ...emptyCounts() };
  const perPoint = minutesPerPoint(stepMs);
  const attainment = (good / evaluated) * 100;
  const budget = 100 - config.slaTargetPercent;
  const used = 100 - attainment;
  return {
    ...base,
    attainmentPercent: round(attainment, 3),
    evaluatedMinutes: round(evaluated * perPoint, 1),
    goodMinutes: round(good * perPoint, 1),
    badMinutes: round((evaluated - good) * perPoint, 1),
    latencyBreachMinutes: round(latencyBreach * perPoint, 1),
    errorBreachMinutes: round(errorBreach * perPoint, 1),
    errorBudgetUsedPercent: budget > 0 ? round((used / budget) * 100, 1) : used > 0 ? null : 0,
    met: attainment >= config.slaTargetPercent,
  };
}

function emptyCounts() {
  return {
    attainmentPercent: null,
    evaluatedMinutes: 0,
    goodMinutes: 0,
    badMinutes: 0,
    latencyBreachMinutes: 0,
    errorBreachMinutes: 0,
    errorBudgetUsedPercent: null,
    met: null,
  };
}
