import { variance } from "simple-statistics";

/**
 * The seed project's reward: 1 when the cycle met the SLA target, else 0, minus the variance of the costs seen
 * (normalised by the squared mean so it is unit-free). Kept as a reported estimate; the learner itself uses the
 * constrained rule (cheapest pair that keeps the SLA), which does not trade SLA misses for savings.
 */
export function seedReward(slaPercent: number, slaTargetPercent: number, costs: readonly number[]): number {
  const met = slaPercent >= slaTargetPercent ? 1 : 0;
  if (costs.length < 2) return met;
  const mean = costs.reduce((a, b) => a + b, 0) / costs.length;
  const normalisedVariance = variance([...costs]) / (mean * mean);
  return Number.isFinite(normalisedVariance) ? met - normalisedVariance : met;
}
