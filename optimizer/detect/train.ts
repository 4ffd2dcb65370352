/*
 * Incremental training of the k-means model (pure: no I/O, no clock, seeded).
 * Feature windows are computed by streaming the points through the seasonal baseline; the first run fits a robust
 * scaler and seeded k-means++ centroids, later runs keep the scaler, warm-start from the previous centroids and
 * blend: new centroid = previous + η · (this run's fit − previous), η = max(1 / run, MIN_BLEND), so the model is
 * a running average of the daily fits that still follows a lasting change within a few runs.
 * Loss (per run) = how much the model moved: the mean centroid shift in units of each feature's standard deviation
 * in this run's data (1 for a first run). converged = loss < CONVERGED_LOSS. The fit quality, WSS / TSS of the scaled features
 * (the share of feature variance the centroids leave unexplained), is reported separately as fitLoss.
 */
import type { DetectionConfig } from "../../infra/config";
import type { TimeSeries } from "../core/types";
import { FEATURE_COUNT, FeatureWindow } from "./features";
import {
  MODEL_FORMAT,
  MODEL_VERSION,
  distanceScaleOf,
  featureNames,
  fitCentroids,
  fitScaler,
  nearestDistance,
  scaleFeatures,
  type KMeansModel,
} from "./kmeansModel";
import { SeasonalDetector } from "./seasonalBaseline";

export const MIN_TRAINING_SAMPLES = 48;
export const CONVERGED_LOSS = 0.02;
/** Smallest weight of a run's fit in the blended centroids (the model remembers about 1 / MIN_BLEND runs). */
export const MIN_BLEND = 0.125;

export interface TrainOptions {
  config: DetectionConfig;
  /** Overrides config.seed. */
  seed?: number;
  /** Signal the model describes (stored in the model, checked when it is used). */
  signal?: string;
}

export type TrainResult =
  | {
      status: "trained";
      model: KMeansModel;
      /** Normalised change of the model in this run (1 for a first run); see CONVERGED_LOSS. */
      loss: number;
      /** Fit quality: unexplained share of the scaled feature variance (WSS / TSS), 0 … 1. */
      fitLoss: number;
      converged: boolean;
      samples: number;
      log: string[];
    }
  | {
      status: "insufficient-samples";
      /** The previous model, unchanged (undefined when there was none). */
      model: KMeansModel | undefined;
      loss: null;
      fitLoss: null;
      converged: false;
      samples: number;
      log: string[];
    };

/** Raw feature vectors of a series (missing values skipped). */
export function featureRows(points: TimeSeries, config: DetectionConfig): number[][] {
  const seasonal = new SeasonalDetector(config.seasonalMinBucketPoints, config.seasonalAlpha);
  const features = new FeatureWindow();
  const rows: number[][] = [];
  for (let i = 0; i < points.values.length; i++) {
    const v = points.values[i];
    if (!Number.isFinite(v)) continue;
    seasonal.update(points.timestamps[i], v);
    const row = new Array<number>(FEATURE_COUNT);
    features.update(v, seasonal.lastResidual, row);
    rows.push(row);
  }
  return rows;
}

export function trainModel(prev: KMeansModel | undefined, points: TimeSeries, options: TrainOptions): TrainResult {
  const { config } = options;
  const seed = options.seed ?? config.seed;
  const signal = options.signal ?? prev?.signal ?? "value";
  if (points.timestamps.length !== points.values.length) {
    throw new Error(`training data has ${points.timestamps.length} timestamps but ${points.values.length} values`);
  }
  if (prev && prev.signal !== signal) {
    throw new Error(`previous model was trained on signal "${prev.signal}", not "${signal}"; use another --model path`);
  }
  const rows = featureRows(points, config);
  const log = [`samples: ${rows.length} finite points of ${points.values.length} (signal ${signal})`];
  if (rows.length < MIN_TRAINING_SAMPLES) {
    log.push(`insufficient samples: ${rows.length} < ${MIN_TRAINING_SAMPLES}; previous model kept`);
    return {
      status: "insufficient-samples",
      model: prev,
      loss: null,
      fitLoss: null,
      converged: false,
      samples: rows.length,
      log,
    };
  }
  const scaler = prev ? prev.scaler : fitScaler(rows);
  log.push(prev ? `scaler: kept from run ${prev.runs}` : "scaler: fitted (median / 1.4826·MAD per feature)");
  const scaled = rows.map((r) => scaleFeatures(r, scaler, new Array<number>(FEATURE_COUNT)));
  const initial = prev?.centroids.length === config.kmeansClusters ? prev.centroids : undefined;
  log.push(initial ? `init: warm start from ${initial.length} previous centroids` : `init: k-means++ (seed ${seed})`);
  const fit = fitCentroids(scaled, config.kmeansClusters, seed, initial, 100);
  const runs = (prev?.runs ?? 0) + 1;
  const blend = initial && fit.centroids.length === initial.length ? Math.max(1 / runs, MIN_BLEND) : 1;
  const centroids = blend < 1 && initial ? blendCentroids(initial, fit.centroids, blend) : fit.centroids;
  const shift = initial && blend < 1 ? centroidShift(initial, centroids) : undefined;
  const spread = featureSpread(scaled);
  const loss = initial && blend < 1 ? relativeShift(initial, centroids, spread.sd) : 1;
  const converged = loss < CONVERGED_LOSS;
  const distances = scaled.map((p) => nearestDistance(p, centroids));
  const fitLoss = fitLossOf(distances, spread.total);
  log.push(`k-means: ${fit.centroids.length} centroids, ${fit.iterations} iterations`);
  if (shift !== undefined) {
    log.push(
      `blend: ${blend.toFixed(3)} of this run's fit; centroid shift ${shift.toFixed(4)} (mean distance, scaled units)`,
    );
  }
  log.push(`loss: ${loss.toFixed(4)} (mean centroid shift in feature standard deviations); converged: ${converged}`);
  log.push(`fit loss: ${fitLoss.toFixed(4)} (unexplained share of scaled feature variance)`);
  const history = [...(prev?.history ?? []), { run: runs, samples: rows.length, loss, fitLoss, converged, log }].slice(
    -50,
  );
  const model: KMeansModel = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    signal,
    features: featureNames(),
    scaler,
    centroids,
    distanceScale: distanceScaleOf(distances),
    runs,
    samples: rows.length,
    loss,
    fitLoss,
    converged,
    seed,
    history,
  };
  return { status: "trained", model, loss, fitLoss, converged, samples: rows.length, log };
}

function blendCentroids(before: readonly number[][], fitted: readonly number[][], eta: number): number[][] {
  return before.map((c, i) => c.map((v, f) => v + eta * (fitted[i][f] - v)));
}

/** Per-feature standard deviation of the rows and their total sum of squares about the mean. */
function featureSpread(rows: readonly number[][]): { sd: number[]; total: number } {
  const mean = new Array<number>(FEATURE_COUNT).fill(0);
  for (const p of rows) for (let f = 0; f < FEATURE_COUNT; f++) mean[f] += p[f] / rows.length;
  const ss = new Array<number>(FEATURE_COUNT).fill(0);
  for (const p of rows) for (let f = 0; f < FEATURE_COUNT; f++) ss[f] += (p[f] - mean[f]) ** 2;
  return { sd: ss.map((x) => Math.sqrt(x / rows.length)), total: ss.reduce((a, b) => a + b, 0) };
}

/**
 * The per-run loss: for each centroid, the root-mean-square over features of its move divided by that feature's
 * standard deviation in this run's data, averaged over centroids. A feature that does not vary (sd ≈ 0) counts
 * with sd = 1 (a robust sigma of the scaler).
 */
function relativeShift(before: readonly number[][], after: readonly number[][], sd: readonly number[]): number {
  let total = 0;
  for (let c = 0; c < before.length; c++) {
    let sq = 0;
    for (let f = 0; f < FEATURE_COUNT; f++) sq += ((after[c][f] - before[c][f]) / (sd[f] > 1e-6 ? sd[f] : 1)) ** 2;
    total += Math.sqrt(sq / FEATURE_COUNT);
  }
  return total / before.length;
}

function fitLossOf(distances: readonly number[], total: number): number {
  const within = distances.reduce((acc, d) => acc + d * d, 0);
  return total > 0 ? Math.min(1, within / total) : 0;
}

function centroidShift(before: readonly number[][], after: readonly number[][]): number {
  let total = 0;
  for (let c = 0; c < before.length; c++) {
    let d = 0;
    for (let f = 0; f < FEATURE_COUNT; f++) d += (before[c][f] - after[c][f]) ** 2;
    total += Math.sqrt(d);
  }
  return total / before.length;
}
