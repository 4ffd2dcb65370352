import { errorFunction, wilcoxonRankSum } from "simple-statistics";

export interface MannWhitneyResult {
  u: number;
  z: number;
  /** Two-sided p-value from the normal approximation with continuity and tie corrections. */
  pValue: number;
}

/**
 * Two-sided Mann-Whitney U test of x against y (normal approximation; fine for n ≥ 8 per sample).
 * The rank sum comes from simple-statistics' wilcoxonRankSum (mid-ranks for ties). Returns null when a sample is
 * empty or every value is tied.
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult | null {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return null;
  const w = wilcoxonRankSum(x, y);
  const u = w - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const tieTerm = tieCorrection([...x, ...y]);
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return null;
  const diff = u - (n1 * n2) / 2;
  const corrected = Math.max(0, Math.abs(diff) - 0.5);
  const z = (Math.sign(diff) * corrected) / Math.sqrt(variance);
  // two-sided p = 2 (1 − Φ(|z|)) = 1 − erf(|z| / √2)
  const pValue = Math.min(1, Math.max(0, 1 - errorFunction(Math.abs(z) / Math.SQRT2)));
  return { u, z, pValue };
}

/** Σ (t³ − t) over groups of tied values. */
function tieCorrection(values: number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let s = 0;
  for (const t of counts.values()) s += t * t * t - t;
  return s;
}
