/*
 * Splitting a query_range window so no request asks for more points per series than Prometheus allows
 * (11,000: it answers 400 "exceeded maximum resolution" beyond that). Pure.
 */

/** A query window: Unix milliseconds, inclusive ends, step in seconds. */
export interface QueryRange {
  startMs: number;
  endMs: number;
  stepSeconds: number;
}

/** Prometheus's hard limit of points per series in one query_range answer. */
export const PROMETHEUS_MAX_POINTS = 11_000;

/**
 * Aligns a window to its step: start rounded down and end rounded down to multiples of the step (Unix
 * epoch based), so successive runs fetch the same grid and merge cleanly.
 * Example: alignRange({ startMs: 90_500, endMs: 200_000, stepSeconds: 60 }) → { startMs: 60_000, endMs: 180_000, … }
 */
export function alignRange(range: QueryRange): QueryRange {
  validateRange(range);
  const stepMs = range.stepSeconds * 1000;
  return {
    startMs: Math.floor(range.startMs / stepMs) * stepMs,
    endMs: Math.floor(range.endMs / stepMs) * stepMs,
    stepSeconds: range.stepSeconds,
  };
}

/**
 * Cuts [start, end] into consecutive, non-overlapping sub-windows of at most `maxPoints` grid points each
 * (points at start, start+step, … ≤ end). Sub-windows share the original grid.
 * Example: splitRange({ startMs: 0, endMs: 9_000, stepSeconds: 1 }, 4) → [0–3000], [4000–7000], [8000–9000]
 */
export function splitRange(range: QueryRange, maxPoints: number = PROMETHEUS_MAX_POINTS): QueryRange[] {
  validateRange(range);
  if (!Number.isInteger(maxPoints) || maxPoints < 1)
    throw new Error(`maxPoints must be a positive integer, got ${maxPoints}`);
  const stepMs = range.stepSeconds * 1000;
  const chunkSpanMs = (maxPoints - 1) * stepMs;
  const out: QueryRange[] = [];
  for (let start = range.startMs; start <= range.endMs; start += chunkSpanMs + stepMs) {
    out.push({ startMs: start, endMs: Math.min(start + chunkSpanMs, range.endMs), stepSeconds: range.stepSeconds });
  }
  return out;
}

/** Number of grid points in a window: floor((end − start) / step) + 1. */
export function pointsIn(range: QueryRange): number {
  return Math.floor((range.endMs - range.startMs) / (range.stepSeconds * 1000)) + 1;
}

function validateRange(r: QueryRange): void {
  if (!Number.isFinite(r.startMs) || !Number.isFinite(r.endMs))
    throw new Error(`query range bounds must be finite, got ${r.startMs}–${r.endMs}`);
  if (r.endMs < r.startMs)
    throw new Error(
      `query range end (${new Date(r.endMs).toISOString()}) is before its start (${new Date(r.startMs).toISOString()})`,
    );
  if (!Number.isFinite(r.stepSeconds) || r.stepSeconds <= 0)
    throw new Error(`query step must be > 0 seconds, got ${r.stepSeconds}`);
}
