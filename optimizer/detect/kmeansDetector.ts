/*
 * Streaming k-means detector: distance of the current feature window to the nearest centroid, divided by the
 * model's distance scale. With a trained model it only scores; without one it learns online from a bounded buffer
 * of recent feature vectors (first fit after `trainAfter` points, then a warm-started refit every `retrainEvery`).
 */
import { FEATURE_COUNT, FeatureWindow } from "./features";
import {
  distanceScaleOf,
  fitCentroids,
  fitScaler,
  nearestDistance,
  scaleFeatures,
  type FeatureScaler,
} from "./kmeansModel";
import type { SeasonalDetector } from "./seasonalBaseline";
import type { StreamingDetector } from "./types";

export interface KMeansDetectorOptions {
  clusters: number;
  seed: number;
  trainAfter: number;
  retrainEvery: number;
  bufferPoints: number;
  /** false: never fit online (score with the given model only, or not at all). */
  learnOnline: boolean;
}

export interface FittedCentroids {
  scaler: FeatureScaler;
  centroids: number[][];
  distanceScale: number;
}

export class KMeansDetector implements StreamingDetector {
  readonly name = "kmeans" as const;
  private readonly features = new FeatureWindow();
  private readonly raw: number[] = new Array<number>(FEATURE_COUNT).fill(0);
  private readonly scaled: number[] = new Array<number>(FEATURE_COUNT).fill(0);
  private readonly buffer: number[][] = [];
  private bufferHead = 0;
  private seen = 0;

  constructor(
    private readonly seasonal: SeasonalDetector,
    private readonly options: KMeansDetectorOptions,
    private fitted?: FittedCentroids,
  ) {}

  update(_timestamp: number, value: number): number {
    this.features.update(value, this.seasonal.lastResidual, this.raw);
    this.seen++;
    let z = 0;
    if (this.fitted) {
      scaleFeatures(this.raw, this.fitted.scaler, this.scaled);
      z = nearestDistance(this.scaled, this.fitted.centroids) / this.fitted.distanceScale;
    }
    if (this.options.learnOnline) {
      this.remember();
      const due = this.fitted
        ? this.seen >= this.options.trainAfter &&
          (this.seen - this.options.trainAfter) % this.options.retrainEvery === 0
        : this.seen === this.options.trainAfter;
      if (due) this.refit();
    }
    return z;
  }

  private remember(): void {
    if (this.buffer.length < this.options.bufferPoints) {
      this.buffer.push([...this.raw]);
    } else {
      const slot = this.buffer[this.bufferHead];
      for (let f = 0; f < FEATURE_COUNT; f++) slot[f] = this.raw[f];
      this.bufferHead = (this.bufferHead + 1) % this.options.bufferPoints;
    }
  }

  private refit(): void {
    const scaler = fitScaler(this.buffer);
    const rows = this.buffer.map((r) => scaleFeatures(r, scaler, new Array<number>(FEATURE_COUNT)));
    const fit = fitCentroids(rows, this.options.clusters, this.options.seed, this.fitted?.centroids, 20);
    this.fitted = { scaler, centroids: fit.centroids, distanceScale: distanceScaleOf(fit.distances) };
  }
}
