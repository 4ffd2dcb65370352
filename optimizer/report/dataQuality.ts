import { SIGNALS, type SignalSet } from "../core/types";
import { round } from "./series";
import type { SignalQuality } from "./types";
import { MINUTE_MS } from "./window";

/**
 * Coverage of each signal over the report day: expected points = day length / step; present = finite values inside
 * the day; longest gap = the longest stretch without a finite value (including before the first / after the last).
 */
export function assessDataQuality(
  signals: SignalSet | null,
  dayStart: number,
  dayEnd: number,
  stepMs: number | null,
): SignalQuality[] {
  const step = stepMs ?? MINUTE_MS;
  const expected = Math.round((dayEnd - dayStart) / step);
  return SIGNALS.map((signal) => {
    const times: number[] = [];
    if (signals) {
      const s = signals[signal];
      for (let i = 0; i < s.timestamps.length; i++) {
        const t = s.timestamps[i];
        if (t >= dayStart && t < dayEnd && Number.isFinite(s.values[i])) times.push(t);
      }
    }
    let longestGap = 0;
    let prev = dayStart - step;
    for (const t of times) {
      longestGap = Math.max(longestGap, t - prev - step);
      prev = t;
    }
    longestGap = Math.max(longestGap, dayEnd - prev - step);
    return {
      signal,
      expectedPoints: expected,
      presentPoints: times.length,
      coveragePercent: round(Math.min(100, (times.length / expected) * 100), 2),
      longestGapMinutes: round(Math.max(0, longestGap) / MINUTE_MS, 1),
    };
  });
}
