import type { TimeSeries } from "../core/types";

/*
 * Putting raw samples onto a fixed grid (start, start+step, …, end). Pure.
 * Rule: each sample goes to the nearest grid point (|Δt| ≤ step/2, ties to the earlier point); when several
 * samples land on one point, the one nearest to it wins (ties: the earlier sample). NaN/±Inf samples count as
 * missing. Two samples with the same timestamp and the same value are one; with different values they are a
 * conflict the caller must not paper over.
 */

export interface Grid {
  startMs: number;
  endMs: number;
  stepMs: number;
}

export interface ResampleStats {
  /** NaN / ±Inf samples dropped. */
  nonFinite: number;
  /** Samples repeating an earlier (timestamp, value): dropped. */
  identicalDuplicates: number;
  /** Timestamps carrying two different values. */
  conflictingDuplicates: number;
  /** Samples not exactly on a grid point (moved to the nearest one or dropped for a nearer sample). */
  offGrid: number;
  /** Samples outside the window (beyond half a step from its ends): dropped. */
  outsideWindow: number;
  /** Newest finite sample inside the window, or undefined. */
  lastFiniteMs: number | undefined;
}

export function gridLength(g: Grid): number {
  return Math.floor((g.endMs - g.startMs) / g.stepMs) + 1;
}

export function gridTimestamps(g: Grid): number[] {
  const n = gridLength(g);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = g.startMs + i * g.stepMs;
  return out;
}

/**
 * Samples → values on the grid (NaN where nothing landed) plus what was dropped or moved.
 * Example: grid 0..120 000 step 60 000, samples (0, 1), (61 000, 2) → values [1, 2, NaN], offGrid 1.
 */
export function resampleToGrid(samples: TimeSeries, grid: Grid): { series: TimeSeries; stats: ResampleStats } {
  if (samples.timestamps.length !== samples.values.length)
    throw new Error(`series has ${samples.timestamps.length} timestamps but ${samples.values.length} values`);
  const n = gridLength(grid);
  const values = new Array<number>(n).fill(NaN);
  const distance = new Array<number>(n).fill(Infinity);
  const stats: ResampleStats = {
    nonFinite: 0,
    identicalDuplicates: 0,
    conflictingDuplicates: 0,
    offGrid: 0,
    outsideWindow: 0,
    lastFiniteMs: undefined,
  };
  const order = sortedOrder(samples.timestamps);
  let prevT = NaN;
  let prevV = NaN;
  for (const i of order) {
    const t = samples.timestamps[i];
    const v = samples.values[i];
    if (t === prevT) {
      if (v === prevV || (Number.isNaN(v) && Number.isNaN(prevV))) {
        stats.identicalDuplicates++;
        continue;
      }
      stats.conflictingDuplicates++;
    }
    prevT = t;
    prevV = v;
    if (!Number.isFinite(v)) {
      stats.nonFinite++;
      continue;
    }
    const k = Math.round((t - grid.startMs) / grid.stepMs - 1e-9);
    if (k < 0 || k >= n) {
      stats.outsideWindow++;
      continue;
    }
    const d = Math.abs(t - (grid.startMs + k * grid.stepMs));
    if (d !== 0) stats.offGrid++;
    if (d < distance[k]) {
      distance[k] = d;
      values[k] = v;
    }
    if (stats.lastFiniteMs === undefined || t > stats.lastFiniteMs) stats.lastFiniteMs = t;
  }
  return { series: { timestamps: gridTimestamps(grid), values }, stats };
}

function sortedOrder(ts: readonly number[]): number[] {
  const idx = ts.map((_, i) => i);
  for (let i = 1; i < ts.length; i++) if (ts[i] < ts[i - 1]) return idx.sort((a, b) => ts[a] - ts[b] || a - b);
  return idx;
}
