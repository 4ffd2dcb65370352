import { clamp, round } from "./series";
import type { HealthComponent, HealthComponentName, HealthSummary } from "./types";

/*
 * Health score 0–100 (documented in docs/reporting.md): a weighted mean of five component scores, each 0–100.
 *   sla       35 %  100 × clamp(1 − u/2, 0, 1), u = error budget used = (100 − attainment) / (100 − target)
 *                   (u = 0 → 100, exactly on target → 50, twice the budget → 0)
 *   anomalies 20 %  100 × clamp(1 − load/5, 0, 1), load = severity-weighted flagged minutes / day minutes, in %
 *   errors    15 %  100 × clamp(1 − mean 5xx % / errorRateTargetPercent, 0, 1)
 *   cost      15 %  100 when projection ≤ 80 % of budget, 0 at ≥ 120 %, linear in between
 *   learning  15 %  converged → 100; otherwise 30 + 40 × min(1, daysLearning / 7)
 * A component whose input is missing is left out and the remaining weights are rescaled to sum to 1; without the SLA
 * component there is no score (null, grade "unknown").
 */

export const HEALTH_WEIGHTS: Record<HealthComponentName, number> = {
  sla: 0.35,
  anomalies: 0.2,
  errors: 0.15,
  cost: 0.15,
  learning: 0.15,
};

export interface HealthInputs {
  slaAttainmentPercent: number | null;
  slaTargetPercent: number;
  /** Severity-weighted anomaly minutes / day minutes, in %. */
  anomalyLoadPercent: number | null;
  meanErrorRatePercent: number | null;
  errorRateTargetPercent: number;
  /** Month-end projection / budget, in %. */
  budgetUsedPercent: number | null;
  /** The threshold learner: converged or not, days learning, and the day it converged (when it has). */
  learning: { converged: boolean; daysLearning: number; convergedSinceDay?: number | null } | null;
}

export function slaComponent(attainment: number, target: number): number {
  const budget = 100 - target;
  const shortfall = Math.max(0, 100 - attainment);
  const used = budget > 0 ? shortfall / budget : shortfall > 0 ? Infinity : 0;
  return 100 * clamp(1 - used / 2, 0, 1);
}

export function anomalyComponent(loadPercent: number): number {
  return 100 * clamp(1 - loadPercent / 5, 0, 1);
}

export function errorComponent(meanErrorRate: number, target: number): number {
  if (target <= 0) return meanErrorRate > 0 ? 0 : 100;
  return 100 * clamp(1 - meanErrorRate / target, 0, 1);
}

export function costComponent(budgetUsedPercent: number): number {
  return 100 * clamp((120 - budgetUsedPercent) / 40, 0, 1);
}

export function learningComponent(converged: boolean, daysLearning: number): number {
  return converged ? 100 : 30 + 40 * clamp(daysLearning / 7, 0, 1);
}

/** The health score and its components; pure and total (any finite inputs with an SLA give a score in [0, 100]). */
export function computeHealth(h: HealthInputs): HealthSummary {
  const fmt = (x: number, d = 2) => String(round(x, d));
  const parts: HealthComponent[] = [
    h.slaAttainmentPercent === null
      ? missing("sla", "no minute with both latency and error rate")
      : part(
          "sla",
          slaComponent(h.slaAttainmentPercent, h.slaTargetPercent),
          `attainment ${fmt(h.slaAttainmentPercent, 3)} % vs target ${fmt(h.slaTargetPercent, 3)} %`,
        ),
    h.anomalyLoadPercent === null
      ? missing("anomalies", "no anomaly summaries")
      : part(
          "anomalies",
          anomalyComponent(h.anomalyLoadPercent),
          `weighted anomaly load ${fmt(h.anomalyLoadPercent)} % of the day`,
        ),
    h.meanErrorRatePercent === null
      ? missing("errors", "no error-rate data")
      : part(
          "errors",
          errorComponent(h.meanErrorRatePercent, h.errorRateTargetPercent),
          `mean 5xx ${fmt(h.meanErrorRatePercent, 3)} % vs target ${fmt(h.errorRateTargetPercent, 3)} %`,
        ),
    h.budgetUsedPercent === null
      ? missing("cost", "no cost projection")
      : part("cost", costComponent(h.budgetUsedPercent), `projection ${fmt(h.budgetUsedPercent, 1)} % of budget`),
    h.learning === null
      ? missing("learning", "no learning status")
      : part(
          "learning",
          learningComponent(h.learning.converged, h.learning.daysLearning),
          h.learning.converged && h.learning.convergedSinceDay != null
            ? `converged on day ${fmt(h.learning.convergedSinceDay, 2)} of ${fmt(h.learning.daysLearning, 2)}`
            : `${h.learning.converged ? "converged" : "not converged"} after ${fmt(h.learning.daysLearning, 1)} days`,
        ),
  ];
  const present = parts.filter((p) => p.score !== null);
  const weightSum = present.reduce((s, p) => s + p.weight, 0);
  const raw = weightSum > 0 ? present.reduce((s, p) => s + (p.score as number) * p.weight, 0) / weightSum : 0;
  if (h.slaAttainmentPercent === null) return { score: null, grade: "unknown", components: parts };
  const score = Math.round(clamp(raw, 0, 100));
  return { score, grade: gradeOf(score), components: parts };
}

function part(name: HealthComponentName, score: number, basis: string): HealthComponent {
  return { name, score: round(clamp(score, 0, 100), 1), weight: HEALTH_WEIGHTS[name], basis };
}

function missing(name: HealthComponentName, basis: string): HealthComponent {
  return { name, score: null, weight: HEALTH_WEIGHTS[name], basis };
}

export function gradeOf(score: number): Exclude<HealthSummary["grade"], "unknown"> {
  return score >= 90 ? "healthy" : score >= 70 ? "watch" : score >= 50 ? "degraded" : "critical";
}

/** "72/100 (watch)", or "n/a (unknown)" without a score. */
export function healthText(h: HealthSummary): string {
  return h.score === null ? `n/a (${h.grade}: no SLA data)` : `${h.score}/100 (${h.grade})`;
}
