import type { QualityIssue, SignalName, TimeSeries } from "../core/types";
import { counterToRate } from "./counterRate";
import { fillShortGaps } from "./gaps";
import { resampleToGrid, type Grid } from "./resample";
import { formatLabels, type RawSeries } from "./response";

/*
 * Data hygiene of one signal: whatever Prometheus returned → one series on the fixed grid, plus the issues
 * found. Pure. Rules, in order (docs/metrics.md lists them too):
 *  1. exactly one series expected: none → `no_data`, several → `multiple_series` (both blocking; the values
 *     are all missing, never one series picked at random);
 *  2. samples resampled onto the grid (resample.ts); NaN/±Inf → missing (`non_finite`, info);
 *     same timestamp, same value → one sample (`duplicate_timestamps`, info);
 *     same timestamp, different values → `conflicting_duplicates` (blocking);
 *  3. raw counters (SignalQuery.counter) → per-second rate, resets handled (`counter_reset`, info);
 *  4. interior gaps ≤ maxInterpolatedGapPoints interpolated (`interpolated`, info); longer gaps stay
 *     missing (`gap`, warning); missing fraction > maxMissingFraction → `too_much_missing` (blocking);
 *  5. newest sample older than staleAfterSeconds before the window end → `stale` (blocking);
 *  6. values outside the signal's physical range: within a small slack clamped (`clamped`, info), beyond it
 *     `out_of_range` (blocking).
 */

export interface HygieneOptions {
  maxInterpolatedGapPoints: number;
  maxMissingFraction: number;
  staleAfterSeconds: number;
}

export const DEFAULT_HYGIENE: HygieneOptions = {
  maxInterpolatedGapPoints: 5,
  maxMissingFraction: 0.1,
  staleAfterSeconds: 900,
};

/** Physical range of each signal and the slack clamped silently-but-reported (rounding of rate()). */
export const SIGNAL_RANGES: Record<SignalName, { min: number; max: number; slack: number }> = {
  cpu: { min: 0, max: 100, slack: 1 },
  p95LatencyMs: { min: 0, max: Infinity, slack: 1e-9 },
  requestRate: { min: 0, max: Infinity, slack: 1e-9 },
  errorRate: { min: 0, max: 100, slack: 0.5 },
  inService: { min: 0, max: Infinity, slack: 1e-9 },
};

export interface CleanResult {
  series: TimeSeries;
  issues: QualityIssue[];
}

export function cleanSignal(
  signal: SignalName,
  raw: readonly RawSeries[],
  grid: Grid,
  options: HygieneOptions = DEFAULT_HYGIENE,
  counter = false,
): CleanResult {
  const issues: QualityIssue[] = [];
  const add = (kind: string, message: string, blocking: boolean) => issues.push({ signal, kind, message, blocking });
  const empty = resampleToGrid({ timestamps: [], values: [] }, grid).series;

  if (raw.length === 0) {
    add("no_data", `${signal}: the query returned no series for the window`, true);
    return { series: empty, issues };
  }
  if (raw.length > 1) {
    const shown = raw
      .slice(0, 3)
      .map((r) => formatLabels(r.labels))
      .join(", ");
    add(
      "multiple_series",
      `${signal}: expected exactly one series, got ${raw.length} (${shown}${raw.length > 3 ? ", …" : ""}); aggregate them in the query (sum/avg/max)`,
      true,
    );
    return { series: empty, issues };
  }

  const { series, stats } = resampleToGrid(raw[0], grid);
  const n = series.values.length;
  if (stats.nonFinite > 0)
    add("non_finite", `${signal}: ${stats.nonFinite} NaN/±Inf sample(s) treated as missing`, false);
  if (stats.identicalDuplicates > 0)
    add("duplicate_timestamps", `${signal}: ${stats.identicalDuplicates} repeated sample(s) dropped`, false);
  if (stats.conflictingDuplicates > 0)
    add(
      "conflicting_duplicates",
      `${signal}: ${stats.conflictingDuplicates} timestamp(s) carry two different values; cannot tell which is right`,
      true,
    );
  if (stats.offGrid > 0)
    add(
      "resampled",
      `${signal}: ${stats.offGrid} sample(s) off the ${grid.stepMs / 1000}s grid moved to the nearest grid point`,
      false,
    );

  let values = series.values;
  if (counter) {
    const r = counterToRate(values, grid.stepMs / 1000);
    values = r.values;
    if (r.resets > 0) add("counter_reset", `${signal}: ${r.resets} counter reset(s); increase taken from zero`, false);
  }

  const gaps = fillShortGaps(values, options.maxInterpolatedGapPoints);
  values = gaps.values;
  if (gaps.interpolated > 0)
    add(
      "interpolated",
      `${signal}: ${gaps.interpolated} missing point(s) in gaps ≤ ${options.maxInterpolatedGapPoints} steps linearly interpolated`,
      false,
    );
  if (gaps.missing > 0) {
    const fraction = gaps.missing / n;
    const text = `${signal}: ${gaps.missing} of ${n} point(s) missing (${(fraction * 100).toFixed(1)}%), longest gap ${gaps.longestGap} step(s)`;
    if (fraction > options.maxMissingFraction)
      add(
        "too_much_missing",
        `${text}; more than the allowed ${(options.maxMissingFraction * 100).toFixed(1)}% (neuropilot:metrics.maxMissingFraction)`,
        true,
      );
    else add("gap", text, false);
  }

  const newest = stats.lastFiniteMs;
  if (newest === undefined) add("no_data", `${signal}: the series has no finite sample in the window`, true);
  else if (grid.endMs - newest > options.staleAfterSeconds * 1000)
    add(
      "stale",
      `${signal}: newest sample is ${Math.round((grid.endMs - newest) / 1000)} s older than the window end ${new Date(grid.endMs).toISOString()} (limit ${options.staleAfterSeconds} s)`,
      true,
    );

  const range = SIGNAL_RANGES[signal];
  let clamped = 0;
  let outside = 0;
  let worst = NaN;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || (v >= range.min && v <= range.max)) continue;
    if (v >= range.min - range.slack && v <= range.max + range.slack) {
      values[i] = Math.min(range.max, Math.max(range.min, v));
      clamped++;
    } else {
      outside++;
      if (Number.isNaN(worst)) worst = v;
    }
  }
  if (clamped > 0)
    add(
      "clamped",
      `${signal}: ${clamped} value(s) within ${range.slack} of [${range.min}, ${range.max}] clamped into it`,
      false,
    );
  if (outside > 0)
    add(
      "out_of_range",
      `${signal}: ${outside} value(s) outside [${range.min}, ${range.max}] (first: ${worst}); check the query's units`,
      true,
    );

  return { series: { timestamps: series.timestamps, values }, issues };
}
