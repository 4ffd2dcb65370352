import { SIGNALS, type SignalName, type SignalSet } from "../core/types";

/*
 * The metrics history the learners read: every signal on one regular grid, the last N days. Pure merging
 * and trimming; the file adapter is historyFile.ts.
 */

export interface MetricsHistory {
  stepSeconds: number;
  /** All signals share these timestamps (ms, ascending, one step apart). */
  signals: SignalSet;
}

const DAY_MS = 86_400_000;

/**
 * Merges a fresh fetch into the history: the union of both grids, fresh finite values winning, a missing
 * fresh value never erasing a known one. Both must use the same step, and the fetch must lie on the
 * history's grid (fetchSignals aligns windows to the step, so it does).
 */
export function mergeHistory(old: MetricsHistory | undefined, fresh: SignalSet, stepSeconds: number): MetricsHistory {
  if (old && old.stepSeconds !== stepSeconds)
    throw new Error(
      `history uses a ${old.stepSeconds}s step but the new data uses ${stepSeconds}s; delete the history or keep neuropilot:metrics.stepSeconds`,
    );
  const stepMs = stepSeconds * 1000;
  let start = Infinity;
  let end = -Infinity;
  for (const set of old ? [old.signals, fresh] : [fresh])
    for (const s of SIGNALS) {
      const ts = set[s].timestamps;
      if (ts.length === 0) continue;
      start = Math.min(start, ts[0]);
      end = Math.max(end, ts[ts.length - 1]);
    }
  if (!Number.isFinite(start)) return { stepSeconds, signals: emptySet() };
  const n = Math.round((end - start) / stepMs) + 1;
  const timestamps = Array.from({ length: n }, (_, i) => start + i * stepMs);
  const signals = {} as SignalSet;
  for (const s of SIGNALS) {
    const values = new Array<number>(n).fill(NaN);
    if (old) place(old.signals[s], values, start, stepMs, s, "history", false);
    place(fresh[s], values, start, stepMs, s, "new data", true);
    signals[s] = { timestamps: timestamps.slice(), values };
  }
  return { stepSeconds, signals };
}

/** Keeps the points no older than `historyDays` before `nowMs`. */
export function trimHistory(h: MetricsHistory, nowMs: number, historyDays: number): MetricsHistory {
  const cutoff = nowMs - historyDays * DAY_MS;
  const signals = {} as SignalSet;
  for (const s of SIGNALS) {
    const { timestamps, values } = h.signals[s];
    let i = 0;
    while (i < timestamps.length && timestamps[i] < cutoff) i++;
    signals[s] = { timestamps: timestamps.slice(i), values: values.slice(i) };
  }
  return { stepSeconds: h.stepSeconds, signals };
}

export function emptySet(): SignalSet {
  const out = {} as SignalSet;
  for (const s of SIGNALS) out[s] = { timestamps: [], values: [] };
  return out;
}

function place(
  src: { timestamps: number[]; values: number[] },
  dst: number[],
  start: number,
  stepMs: number,
  signal: SignalName,
  what: string,
  onlyFinite: boolean,
): void {
  for (let i = 0; i < src.timestamps.length; i++) {
    const offset = (src.timestamps[i] - start) / stepMs;
    if (!Number.isInteger(offset))
      throw new Error(
        `${what} for ${signal} has timestamp ${new Date(src.timestamps[i]).toISOString()} off the ${stepMs / 1000}s grid`,
      );
    const v = src.values[i];
    if (onlyFinite && !Number.isFinite(v)) continue;
    dst[offset] = v;
  }
}
