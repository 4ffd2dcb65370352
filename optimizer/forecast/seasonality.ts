import type { HourlySeries } from "./hourly";

/*
 * Strength of the daily cycle of an hourly series: the autocorrelation at lag 24 h of the finite pairs.
 * ≈ 1 for a clean daily rhythm, ≈ 0 for noise or level shifts without a rhythm. Pure.
 * Example: a sine with a 24-hour period gives ≈ 1; white noise gives ≈ 0.
 */
export function dailyCycleStrength(s: HourlySeries, lag = 24): number {
  const v = s.values;
  const finite = v.filter(Number.isFinite);
  if (finite.length < 2 * lag) return 0;
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  let num = 0;
  let den = 0;
  for (const x of finite) den += (x - mean) ** 2;
  for (let i = lag; i < v.length; i++)
    if (Number.isFinite(v[i]) && Number.isFinite(v[i - lag])) num += (v[i] - mean) * (v[i - lag] - mean);
  return den > 0 ? (num / den) * (finite.length / (finite.length - lag)) : 0;
}
