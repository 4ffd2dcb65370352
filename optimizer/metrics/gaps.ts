/*
 * Gap handling on a regular grid. Pure.
 * Rule: an interior run of missing points (finite neighbours on both sides) no longer than `maxGapPoints` is
 * filled by linear interpolation between its neighbours; longer runs and runs at either end stay missing.
 */

export interface GapReport {
  values: number[];
  /** Points filled by interpolation. */
  interpolated: number;
  /** Points still missing. */
  missing: number;
  /** Longest run still missing (points). */
  longestGap: number;
}

/** Example: fillShortGaps([1, NaN, 3, NaN, NaN, NaN, 7], 1) → values [1, 2, 3, NaN, NaN, NaN, 7], longestGap 3. */
export function fillShortGaps(values: readonly number[], maxGapPoints: number): GapReport {
  const out = values.slice();
  let interpolated = 0;
  let missing = 0;
  let longestGap = 0;
  let i = 0;
  while (i < out.length) {
    if (Number.isFinite(out[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < out.length && !Number.isFinite(out[j])) j++;
    const len = j - i;
    const interior = i > 0 && j < out.length;
    if (interior && len <= maxGapPoints) {
      const a = out[i - 1];
      const b = out[j];
      for (let k = i; k < j; k++) out[k] = a + ((b - a) * (k - i + 1)) / (len + 1);
      interpolated += len;
    } else {
      for (let k = i; k < j; k++) out[k] = NaN;
      missing += len;
      longestGap = Math.max(longestGap, len);
    }
    i = j;
  }
  return { values: out, interpolated, missing, longestGap };
}
