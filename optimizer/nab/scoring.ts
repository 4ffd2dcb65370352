/*
 * NAB scoring, written from the published method (see ../shared/nab/SCORING.md and docs/anomaly-detection.md).
 * Pure functions: label windows → per-row values → one threshold per profile swept over the whole corpus.
 */

/** Weights of one NAB application profile. */
export interface NabProfile {
  tp: number;
  fp: number;
  fn: number;
}

export const NAB_PROFILES = {
  standard: { tp: 1.0, fp: 0.11, fn: 1.0 },
  reward_low_FP_rate: { tp: 1.0, fp: 0.22, fn: 1.0 },
  reward_low_FN_rate: { tp: 1.0, fp: 0.11, fn: 2.0 },
} as const satisfies Record<string, NabProfile>;
export type NabProfileName = keyof typeof NAB_PROFILES;
export const NAB_PROFILE_NAMES = Object.keys(NAB_PROFILES) as NabProfileName[];

/** S(y) = −1 for y > 3, else 2σ(−5y) − 1. */
export function scaledSigmoid(y: number): number {
  if (y > 3) return -1;
  return 2 / (1 + Math.exp(5 * y)) - 1;
}

/** Rows of a file of n rows that are never scored: min(floor(0.15 n), 750). */
export function probationaryPeriod(n: number): number {
  return Math.min(Math.floor(0.15 * n), 750);
}

/** A label window as row indices, both ends inclusive. */
export interface RowWindow {
  start: number;
  end: number;
}

/**
 * Converts label windows given as timestamps (ms) to row indices: the first and last rows whose timestamp
 * lies inside [start, end]. Throws when a window matches no row (it names the window).
 */
export function windowsToRows(timestamps: readonly number[], windows: readonly [number, number][]): RowWindow[] {
  return windows.map(([from, to]) => {
    let start = -1;
    let end = -1;
    for (let i = 0; i < timestamps.length; i++) {
      const t = timestamps[i];
      if (t >= from && t <= to) {
        if (start < 0) start = i;
        end = i;
      }
    }
    if (start < 0) {
      throw new Error(
        `label window [${new Date(from).toISOString()}, ${new Date(to).toISOString()}] matches no row of the file`,
      );
    }
    return { start, end };
  });
}

/**
 * Unweighted value of flagging each scored row of one file.
 * kind 1 = inside window `window` (value = S(y)/S(−1), multiply by A_TP);
 * kind 0 = outside every window (value = S(y) after a window or −1 before any, multiply by A_FP).
 */
export interface FileRowValues {
  /** Index of the first scored row (the probationary period). */
  firstScored: number;
  inWindow: Int32Array;
  value: Float64Array;
  windowCount: number;
}

export function fileRowValues(n: number, windows: readonly RowWindow[]): FileRowValues {
  const sorted = [...windows].sort((a, b) => a.start - b.start);
  const inWindow = new Int32Array(n).fill(-1);
  const value = new Float64Array(n);
  const sMinus1 = scaledSigmoid(-1);
  let w = 0;
  let prev: RowWindow | undefined;
  for (let i = 0; i < n; i++) {
    while (w < sorted.length && sorted[w].end < i) prev = sorted[w++];
    const cur = w < sorted.length && sorted[w].start <= i ? sorted[w] : undefined;
    if (cur) {
      const width = cur.end - cur.start + 1;
      inWindow[i] = w;
      value[i] = scaledSigmoid(-(cur.end - i + 1) / width) / sMinus1;
    } else if (prev) {
      const width = prev.end - prev.start + 1;
      value[i] = width > 1 ? scaledSigmoid(Math.abs(i - prev.end) / (width - 1)) : -1;
    } else {
      value[i] = -1;
    }
  }
  return { firstScored: probationaryPeriod(n), inWindow, value, windowCount: sorted.length };
}

/** One file to score: its anomaly scores (one per row) and its row values. */
export interface ScoredFile {
  scores: ArrayLike<number>;
  rows: FileRowValues;
}

export interface ProfileResult {
  /** Normalised score: null detector 0, perfect detector 100. */
  score: number;
  raw: number;
  threshold: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

/** All scored rows of a corpus, sorted by anomaly score descending (shared by every profile's sweep). */
export interface PooledRows {
  score: Float64Array;
  /** Corpus-wide window index, or −1 outside every window. */
  window: Int32Array;
  /** Unweighted value (see FileRowValues). */
  value: Float64Array;
  windowCount: number;
}

export function poolRows(files: readonly ScoredFile[]): PooledRows {
  const offsets: number[] = [];
  let windowCount = 0;
  let count = 0;
  files.forEach((f, fi) => {
    if (f.scores.length !== f.rows.value.length) {
      throw new Error(`file ${fi}: ${f.scores.length} anomaly scores for ${f.rows.value.length} rows`);
    }
    offsets.push(windowCount);
    windowCount += f.rows.windowCount;
    count += Math.max(0, f.scores.length - f.rows.firstScored);
  });
  const raw = new Float64Array(count);
  const rawWin = new Int32Array(count);
  const rawVal = new Float64Array(count);
  let k = 0;
  files.forEach((f, fi) => {
    for (let i = f.rows.firstScored; i < f.scores.length; i++) {
      const s = f.scores[i];
      if (!(s >= 0 && s <= 1)) throw new Error(`file ${fi} row ${i}: anomaly score ${s} is not in [0, 1]`);
      const w = f.rows.inWindow[i];
      raw[k] = s;
      rawWin[k] = w >= 0 ? offsets[fi] + w : -1;
      rawVal[k] = f.rows.value[i];
      k++;
    }
  });
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => raw[b] - raw[a] || a - b);
  const score = new Float64Array(count);
  const window = new Int32Array(count);
  const value = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    score[j] = raw[order[j]];
    window[j] = rawWin[order[j]];
    value[j] = rawVal[order[j]];
  }
  return { score, window, value, windowCount };
}

/**
 * Sweeps one threshold over all scored rows of the corpus and returns the best normalised score for a profile.
 * The threshold reported is the lowest score flagged (Infinity when flagging nothing is best). Rows scoring 0 are
 * never flagged, so the null detector (all 0) scores exactly 0.
 */
export function sweepProfile(pool: PooledRows, profile: NabProfile): ProfileResult {
  const { score, window, value, windowCount } = pool;
  const count = score.length;
  const best = new Float64Array(windowCount);
  const detected = new Uint8Array(windowCount);
  let current = -profile.fn * windowCount;
  let tp = 0;
  let fp = 0;
  let bestResult = { raw: current, threshold: Infinity, tp: 0, fp: 0 };
  for (let j = 0; j < count; j++) {
    if (score[j] <= 0) break; // a score of 0 never flags a row: the null detector scores exactly 0
    const w = window[j];
    if (w >= 0) {
      const v = value[j] * profile.tp;
      if (!detected[w]) {
        detected[w] = 1;
        best[w] = v;
        current += profile.fn + v;
        tp++;
      } else if (v > best[w]) {
        current += v - best[w];
        best[w] = v;
      }
    } else {
      current += value[j] * profile.fp;
      fp++;
    }
    const lastOfScore = j === count - 1 || score[j + 1] !== score[j];
    if (lastOfScore && current > bestResult.raw) bestResult = { raw: current, threshold: score[j], tp, fp };
  }
  const perfect = profile.tp * windowCount;
  const nul = -profile.fn * windowCount;
  return {
    score: windowCount === 0 ? 0 : (100 * (bestResult.raw - nul)) / (perfect - nul),
    raw: bestResult.raw,
    threshold: bestResult.threshold,
    truePositives: bestResult.tp,
    falsePositives: bestResult.fp,
    falseNegatives: windowCount - bestResult.tp,
  };
}

/** Scores every profile. */
export function scoreCorpus(files: readonly ScoredFile[]): Record<NabProfileName, ProfileResult> {
  const pool = poolRows(files);
  const out = {} as Record<NabProfileName, ProfileResult>;
  for (const name of NAB_PROFILE_NAMES) out[name] = sweepProfile(pool, NAB_PROFILES[name]);
  return out;
}

/**
 * Scores a profile at a given threshold (chosen elsewhere, e.g. on other categories): every row scoring ≥ threshold
 * (and > 0) is flagged. Infinity flags nothing.
 */
export function scoreAtThreshold(pool: PooledRows, profile: NabProfile, threshold: number): ProfileResult {
  const { score, window, value, windowCount } = pool;
  const best = new Float64Array(windowCount);
  const detected = new Uint8Array(windowCount);
  let raw = -profile.fn * windowCount;
  let tp = 0;
  let fp = 0;
  for (let j = 0; j < score.length && score[j] >= threshold && score[j] > 0; j++) {
    const w = window[j];
    if (w < 0) {
      raw += value[j] * profile.fp;
      fp++;
    } else if (!detected[w]) {
      detected[w] = 1;
      best[w] = value[j] * profile.tp;
      raw += profile.fn + best[w];
      tp++;
    } else if (value[j] * profile.tp > best[w]) {
      raw += value[j] * profile.tp - best[w];
      best[w] = value[j] * profile.tp;
    }
  }
  const perfect = profile.tp * windowCount;
  const nul = -profile.fn * windowCount;
  return {
    score: windowCount === 0 ? 0 : (100 * (raw - nul)) / (perfect - nul),
    raw,
    threshold,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: windowCount - tp,
  };
}
