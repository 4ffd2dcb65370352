/*
 * The k-means model over feature windows: a robust scaler (median / MAD per feature), centroids fitted with
 * ml-kmeans (seeded, or warm-started from previous centroids), and the distance scale that normalises the
 * distance to the nearest centroid (the 95th percentile of the training distances).
 */
import { kmeans } from "ml-kmeans";
import { median, medianAbsoluteDeviation, quantile } from "simple-statistics";
import { FEATURE_COUNT, FEATURE_NAMES } from "./features";

export const MODEL_FORMAT = "neuropilot-kmeans";
export const MODEL_VERSION = 1;

export interface FeatureScaler {
  center: number[];
  scale: number[];
}

export interface KMeansModel {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  /** Signal the model was trained on. */
  signal: string;
  features: string[];
  scaler: FeatureScaler;
  centroids: number[][];
  /** Distance to the nearest centroid that maps to a deviation of 1 (95th percentile of training distances). */
  distanceScale: number;
  /** Training runs so far (1 for a fresh model; +1 for each warm-started run). */
  runs: number;
  /** Samples in the last run. */
  samples: number;
  /** Normalised change of the model in the last run: mean centroid shift / feature spread (1 for a first run). */
  loss: number;
  /** Fit quality of the last run: unexplained share of the scaled feature variance (absent in older files). */
  fitLoss?: number;
  converged: boolean;
  seed: number;
  /** One entry per training run, oldest first (the last 50 kept). */
  history: TrainingRun[];
}

export interface TrainingRun {
  run: number;
  samples: number;
  loss: number;
  fitLoss?: number;
  converged: boolean;
  log: string[];
}

export function fitScaler(rows: readonly number[][]): FeatureScaler {
  const center: number[] = [];
  const scale: number[] = [];
  for (let f = 0; f < FEATURE_COUNT; f++) {
    const column = rows.map((r) => r[f]);
    const c = median(column);
    let s = 1.4826 * medianAbsoluteDeviation(column);
    if (!(s > 0)) {
      const meanAbs = column.reduce((acc, v) => acc + Math.abs(v - c), 0) / column.length;
      s = meanAbs > 0 ? 1.25 * meanAbs : Math.max(1e-9, 1e-6 * Math.abs(c));
    }
    center.push(c);
    scale.push(s);
  }
  return { center, scale };
}

/** Standardised copy of a raw feature vector; each coordinate is clipped to ±clip. */
export function scaleFeatures(raw: ArrayLike<number>, scaler: FeatureScaler, out: number[], clip = 50): number[] {
  for (let f = 0; f < FEATURE_COUNT; f++) {
    const z = (raw[f] - scaler.center[f]) / scaler.scale[f];
    out[f] = z > clip ? clip : z < -clip ? -clip : z;
  }
  return out;
}

export function nearestDistance(point: ArrayLike<number>, centroids: readonly number[][]): number {
  let best = Infinity;
  for (const c of centroids) {
    let d = 0;
    for (let f = 0; f < FEATURE_COUNT; f++) {
      const diff = point[f] - c[f];
      d += diff * diff;
    }
    if (d < best) best = d;
  }
  return Math.sqrt(best);
}

export interface FitResult {
  centroids: number[][];
  distances: number[];
  /** Within-cluster sum of squares / total sum of squares of the standardised samples. */
  loss: number;
  iterations: number;
}

/** Fits k centroids to standardised rows; warm start from `initial` when it has k centroids of the right width. */
export function fitCentroids(
  scaled: number[][],
  k: number,
  seed: number,
  initial?: readonly number[][],
  maxIterations = 50,
): FitResult {
  const clusters = Math.min(k, uniqueRows(scaled));
  const warm = initial && initial.length === clusters && initial.every((c) => c.length === FEATURE_COUNT);
  const result = kmeans(scaled, clusters, {
    seed,
    maxIterations,
    initialization: warm ? initial.map((c) => [...c]) : "kmeans++",
  });
  const distances = scaled.map((p) => nearestDistance(p, result.centroids));
  const mean = new Array<number>(FEATURE_COUNT).fill(0);
  for (const p of scaled) for (let f = 0; f < FEATURE_COUNT; f++) mean[f] += p[f] / scaled.length;
  let total = 0;
  for (const p of scaled) for (let f = 0; f < FEATURE_COUNT; f++) total += (p[f] - mean[f]) ** 2;
  const within = distances.reduce((acc, d) => acc + d * d, 0);
  return {
    centroids: result.centroids,
    distances,
    loss: total > 0 ? within / total : 0,
    iterations: result.iterations,
  };
}

function uniqueRows(rows: readonly number[][]): number {
  const seen = new Set<string>();
  for (const r of rows) {
    seen.add(r.join(","));
    if (seen.size > 64) break;
  }
  return seen.size;
}

export function distanceScaleOf(distances: readonly number[]): number {
  const q = quantile([...distances], 0.95);
  return q > 1e-9 ? q : 1e-9;
}

export function featureNames(): string[] {
  return [...FEATURE_NAMES];
}
