/*
 * The streaming ensemble: runs the robust z-score, EWMA chart, seasonal baseline and k-means detectors on each
 * point, normalises each detector's deviation online (NoveltyNormaliser), and combines them into one anomaly
 * score in [0, 1] (the largest novelty ratio r, mapped to r / (1 + r)), a severity and the detectors that fired.
 */
import type { DetectionConfig } from "../../infra/config";
import type { TimeSeries } from "../core/types";
import { EwmaChartDetector } from "./ewmaChart";
import { KMeansDetector, type FittedCentroids } from "./kmeansDetector";
import type { KMeansModel } from "./kmeansModel";
import { NoveltyNormaliser, ratioToScore } from "./novelty";
import { RobustZScoreDetector } from "./robustZScore";
import { SeasonalDetector } from "./seasonalBaseline";
import { severityLevels, severityOf, type SeverityLevels } from "./severity";
import { DETECTOR_NAMES, type DetectorName, type PointVerdict, type StreamingDetector } from "./types";

export interface EnsembleOptions {
  /** Detectors to run (default: all four). The seasonal baseline always runs when k-means does (it feeds a feature). */
  detectors?: readonly DetectorName[];
  /** A trained k-means model; without one, the k-means detector learns online from the stream. */
  model?: KMeansModel;
  /** false: never fit k-means online (with no model the k-means detector then stays silent). Default true. */
  learnOnline?: boolean;
}

export interface PointResult extends PointVerdict {
  /** Each running detector's deviation (robust sigmas) on this point. */
  deviations: Partial<Record<DetectorName, number>>;
}

export function fittedFromModel(model: KMeansModel): FittedCentroids {
  return { scaler: model.scaler, centroids: model.centroids, distanceScale: model.distanceScale };
}

export class StreamingEnsemble {
  private readonly running: { detector: StreamingDetector; novelty: NoveltyNormaliser; scored: boolean }[] = [];
  private readonly levels: SeverityLevels;

  constructor(config: DetectionConfig, options: EnsembleOptions = {}) {
    const wanted = new Set<DetectorName>(options.detectors ?? DETECTOR_NAMES);
    for (const name of wanted) {
      if (!DETECTOR_NAMES.includes(name)) throw new Error(`unknown detector "${name}" (known: ${DETECTOR_NAMES.join(", ")})`);
    }
    const novelty = () => new NoveltyNormaliser(config.noveltyHalfLifePoints, config.warmupPoints);
    const seasonal = new SeasonalDetector(config.seasonalMinBucketPoints, config.seasonalAlpha);
    const add = (detector: StreamingDetector, scored: boolean) => this.running.push({ detector, novelty: novelty(), scored });
    if (wanted.has("robustZ")) add(new RobustZScoreDetector(config.windowPoints), true);
    if (wanted.has("ewma")) add(new EwmaChartDetector(config.ewmaLambda, config.ewmaBaselineAlpha), true);
    if (wanted.has("seasonal") || wanted.has("kmeans")) add(seasonal, wanted.has("seasonal"));
    if (wanted.has("kmeans")) {
      const kmeans = new KMeansDetector(
        seasonal,
        {
          clusters: config.kmeansClusters,
          seed: config.seed,
          trainAfter: config.kmeansTrainAfter,
          retrainEvery: config.kmeansRetrainEvery,
          bufferPoints: config.kmeansBufferPoints,
          learnOnline: options.learnOnline ?? true,
        },
        options.model ? fittedFromModel(options.model) : undefined,
      );
      add(kmeans, true);
    }
    this.levels = severityLevels(config.sensitivity);
  }

  /** Scores one point. A missing value (NaN) scores 0 and leaves every detector unchanged. */
  update(timestamp: number, value: number): PointResult {
    const deviations: Partial<Record<DetectorName, number>> = {};
    if (!Number.isFinite(value)) return { score: 0, severity: "none", detectors: [], deviations };
    let best = 0;
    const fired: DetectorName[] = [];
    for (const r of this.running) {
      const z = r.detector.update(timestamp, value);
      if (!r.scored) continue;
      deviations[r.detector.name] = z;
      const ratio = r.novelty.update(z);
      if (ratio > best) best = ratio;
      if (ratio >= 1 && z >= this.levels.fireDeviation) fired.push(r.detector.name);
    }
    const score = ratioToScore(best);
    return { score, severity: severityOf(score, fired.length, this.levels), detectors: fired, deviations };
  }
}

/** Batch form: scores every point of a series with a fresh streaming ensemble. */
export function scoreSeries(series: TimeSeries, config: DetectionConfig, options: EnsembleOptions = {}): PointResult[] {
  if (series.timestamps.length !== series.values.length) {
    throw new Error(`series has ${series.timestamps.length} timestamps but ${series.values.length} values`);
  }
  const ensemble = new StreamingEnsemble(config, options);
  return series.values.map((v, i) => ensemble.update(series.timestamps[i], v));
}
