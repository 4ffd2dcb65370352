/*
 * Incremental training of the k-means model (pure: no I/O, no clock, seeded).
 * Feature windows are computed by streaming the points through the seasonal baseline; the first run fits a robust
 * scaler and seeded k-means++ centroids, later runs keep the scaler and warm-start from the previous centroids.
 * Loss = within-cluster sum of squares / total sum of squares of the scaled features (the share of the feature
 * variance the centroids leave unexplained, 0 … 1); converged when loss < CONVERGED_LOSS.
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
  scaleFeatures,
  type KMeansModel,
} from "./kmeansModel";
import { SeasonalDetector } from "./seasonalBaseline";

export const MIN_TRAINING_SAMPLES = 48;
export const CONVERGED_LOSS = 0.02;

export interface TrainOptions {
  config: DetectionConfig;
  /** Overrides config.seed. */
  seed?: number;
  /** Signal the model describes (stored in the model, checked when it is used). */
  signal?: string;
}

export type TrainResult =
  | { status: "trained"; model: KMeansModel; loss: number; converged: boolean; samples: number; log: string[] }
  | {
      status: "insufficient-samples";
      /** The previous model, unchanged (undefined when there was none). */
      model: KMeansModel | undefined;
      loss: null;
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
    return { status: "insufficient-samples", model: prev, loss: null, converged: false, samples: rows.length, log };
  }
  const scaler = prev ? prev.scaler : fitScaler(rows);
  log.push(prev ? `scaler: kept from run ${prev.runs}` : "scaler: fitted (median / 1.4826·MAD per feature)");
  const scaled = rows.map((r) => scaleFeatures(r, scaler, new Array<number>(FEATURE_COUNT)));
  const initial = prev?.centroids.length === config.kmeansClusters ? prev.centroids : undefined;
  log.push(initial ? `init: warm start from ${initial.length} previous centroids` : `init: k-means++ (seed ${seed})`);
  const fit = fitCentroids(scaled, config.kmeansClusters, seed, initial, 100);
  const shift = initial ? centroidShift(initial, fit.centroids) : undefined;
  const converged = fit.loss < CONVERGED_LOSS;
  log.push(`k-means: ${fit.centroids.length} centroids, ${fit.iterations} iterations`);
  if (shift !== undefined) log.push(`centroid shift since last run: ${shift.toFixed(4)} (mean distance, scaled units)`);
  log.push(`loss: ${fit.loss.toFixed(4)} (unexplained share of scaled feature variance); converged: ${converged}`);
  const runs = (prev?.runs ?? 0) + 1;
  const history = [...(prev?.history ?? []), { run: runs, samples: rows.length, loss: fit.loss, converged, log }].slice(-50);
  const model: KMeansModel = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    signal,
    features: featureNames(),
    scaler,
    centroids: fit.centroids,
    distanceScale: distanceScaleOf(fit.distances),
    runs,
    samples: rows.length,
    loss: fit.loss,
    converged,
    seed,
    history,
  };
  return { status: "trained", model, loss: fit.loss, converged, samples: rows.length, log };
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
