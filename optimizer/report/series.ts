import { quantileSorted } from "simple-statistics";
import type { TimeSeries } from "../core/types";
import { MINUTE_MS } from "./window";

/** A point of a series: time and a finite value. */
export interface Point {
  t: number;
  v: number;
}

/** Step of a series in ms: the median gap between timestamps (null when fewer than 2 points). */
export function inferStepMs(ts: readonly number[]): number | null {
  if (ts.length < 2) return null;
  const gaps: number[] = [];
  for (let i = 1; i < ts.length; i++) gaps.push(ts[i] - ts[i - 1]);
  gaps.sort((a, b) => a - b);
  const g = gaps[Math.floor(gaps.length / 2)];
  return g > 0 ? g : null;
}

/** Finite points with start ≤ t < end. */
export function pointsIn(s: TimeSeries, start: number, end: number): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < s.timestamps.length; i++) {
    const t = s.timestamps[i];
    const v = s.values[i];
    if (t >= start && t < end && Number.isFinite(v)) out.push({ t, v });
  }
  return out;
}

/** Number of timestamps with start ≤ t < end, finite value or not. */
export function slotsIn(s: TimeSeries, start: number, end: number): number {
  let n = 0;
  for (const t of s.timestamps) if (t >= start && t < end) n++;
  return n;
}

export function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** p-quantile (0..1) of values, null when empty. */
export function quantile(xs: readonly number[], p: number): number | null {
  if (xs.length === 0) return null;
  return quantileSorted(
    [...xs].sort((a, b) => a - b),
    p,
  );
}

export function maxOf(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  return m;
}

/** Means per whole hour bucket (UTC), keyed by absolute hour (ms / 3,600,000), in time order. */
export function hourlyMeans(points: readonly Point[]): Map<number, number> {
  const buckets = new Map<number, { s: number; n: number }>();
  for (const p of points) {
    const h = Math.floor(p.t / 3_600_000);
    const b = buckets.get(h) ?? { s: 0, n: 0 };
    b.s += p.v;
    b.n += 1;
    buckets.set(h, b);
  }
  return new Map([...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([h, b]) => [h, b.s / b.n]));
}

/** Rounds to `digits` decimals; null stays null. */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

export function roundOrNull(x: number | null, digits = 2): number | null {
  return x === null || !Number.isFinite(x) ? null : round(x, digits);
}

/** Minutes one point stands for. */
export function minutesPerPoint(stepMs: number | null): number {
  return (stepMs ?? MINUTE_MS) / MINUTE_MS;
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
