/*
 * Raw counter → per-second rate on a regular grid. Pure.
 * Rule (Prometheus's): a decrease means the counter restarted from zero, so the increase over that step is
 * the new value itself. The first point, and points next to a missing one, have no rate (NaN).
 */

/** Example: counterToRate([0, 60, 120, 30], 60) → { values: [NaN, 1, 1, 0.5], resets: 1 } */
export function counterToRate(values: readonly number[], stepSeconds: number): { values: number[]; resets: number } {
  const out = new Array<number>(values.length).fill(NaN);
  let resets = 0;
  for (let i = 1; i < values.length; i++) {
    const prev = values[i - 1];
    const cur = values[i];
    if (!Number.isFinite(prev) || !Number.isFinite(cur)) continue;
    let increase = cur - prev;
    if (increase < 0) {
      resets++;
      increase = cur;
    }
    out[i] = increase / stepSeconds;
  }
  return { values: out, resets };
}
