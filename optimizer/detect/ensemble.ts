/*
 * The streaming ensemble: runs the robust z-score, EWMA chart, seasonal baseline and k-means detectors on each
 * point, normalises each detector's deviation online (NoveltyNormaliser), and combines them into one magnitude
 * score in [0, 1] (the largest novelty ratio r, mapped to r / (1 + r)). The contextual novelty detector then
 * confirms or damps it: score = magnitude × (1 − w + w × context novelty), so a large deviation in a never-seen
 * context keeps its full score and one in a familiar context loses up to w of it. The alarm score is the score with
 * repeats suppressed (RepeatSuppressor). Severity and the detectors that fired come from the magnitude detectors.
 * One rule sits above the detectors: a point that leaves a value the stream held exactly for more than warmupPoints
 * points scores 1 (new by definition: after a flat run the novelty normalisers have nothing recent to compare with).
 */
import type { DetectionConfig } from "../../infra/config";
import type { TimeSeries } from "../core/types";
import { ContextNoveltyDetector } from "./contextNovelty";
import { EwmaChartDetector } from "./ewmaChart";
import { KMeansDetector, type FittedCentroids } from "./kmeansDetector";
import type { KMeansModel } from "./kmeansModel";
import { NoveltyNormaliser, ratioToScore } from "./novelty";
import { RepeatSuppressor } from "./repeatSuppressor";
import { RobustZScoreDetector } from "./robustZScore";
import { SeasonalDetector } from "./seasonalBaseline";
import { severityLevels, severityOf, type SeverityLevels } from "./severity";
import { DETECTOR_NAMES, type DetectorName, type PointVerdict, type StreamingDetector } from "./types";

export interface EnsembleOptions {
  /** Detectors to run (default: all). The seasonal baseline always runs when k-means does (it feeds a feature). */
  detectors?: readonly DetectorName[];
  /** A trained k-means model; without one, the k-means detector learns online from the stream. */
  model?: KMeansModel;
  /** false: never fit k-means online (with no model the k-means detector then stays silent). Default true. */
  learnOnline?: boolean;
  /** Overrides config.contextRangePoints (the NAB runner passes each file's probationary period). */
  contextRangePoints?: number;
}

export interface PointResult extends PointVerdict {
  /** Each running detector's deviation (robust sigmas) on this point. */
  deviations: Partial<Record<DetectorName, number>>;
  /** Novelty of the point's context (1 = never seen before), when the context detector runs and has its range. */
  contextNovelty?: number;
  /** The score, or 0 when a point of the last repeatSuppressionPoints points scored at least as high. */
  alarmScore: number;
}

export function fittedFromModel(model: KMeansModel): FittedCentroids {
  return { scaler: model.scaler, centroids: model.centroids, distanceScale: model.distanceScale };
}

export class StreamingEnsemble {
  private readonly running: { detector: StreamingDetector; novelty: NoveltyNormaliser; scored: boolean }[] = [];
  private readonly levels: SeverityLevels;
  private readonly context?: ContextNoveltyDetector;
  private readonly contextWeight: number;
  private readonly suppressor: RepeatSuppressor;
  private readonly flatAfter: number;
  /** The value the stream has held for the last flatRun points. */
  private flatValue = NaN;
  private flatRun = 0;

  constructor(config: DetectionConfig, options: EnsembleOptions = {}) {
    const wanted = new Set<DetectorName>(options.detectors ?? DETECTOR_NAMES);
    for (const name of wanted) {
      if (!DETECTOR_NAMES.includes(name))
        throw new Error(`unknown detector "${name}" (known: ${DETECTOR_NAMES.join(", ")})`);
    }
    const novelty = () =>
      new NoveltyNormaliser(config.noveltyHalfLifePoints, config.warmupPoints, config.noveltyMaxGrowth);
    const seasonal = new SeasonalDetector(config.seasonalMinBucketPoints, config.seasonalAlpha);
    const add = (detector: StreamingDetector, scored: boolean) =>
      this.running.push({ detector, novelty: novelty(), scored });
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
    if (wanted.has("context")) {
      this.context = new ContextNoveltyDetector({
        bins: config.contextBins,
        length: config.contextLength,
        scales: config.contextScales,
        rangePoints: options.contextRangePoints ?? config.contextRangePoints,
      });
    }
    this.contextWeight = config.contextWeight;
    this.suppressor = new RepeatSuppressor(config.repeatSuppressionPoints);
    this.levels = severityLevels(config.sensitivity);
    this.flatAfter = config.warmupPoints;
  }

  /** True when `value` leaves a value the stream held for more than flatAfter points. */
  private leavesFlat(value: number): boolean {
    if (this.flatRun < 0) return false;
    if (this.flatRun === 0 || value === this.flatValue) {
      this.flatValue = value;
      this.flatRun++;
      return false;
    }
    const long = this.flatRun > this.flatAfter;
    this.flatRun = -1;
    return long;
  }

  /** Scores one point. A missing value (NaN) scores 0 and leaves every detector unchanged. */
  update(timestamp: number, value: number): PointResult {
    const deviations: Partial<Record<DetectorName, number>> = {};
    if (!Number.isFinite(value)) return { score: 0, severity: "none", detectors: [], deviations, alarmScore: 0 };
    let best = 0;
    const fired: DetectorName[] = [];
    let scored = 0;
    const leavesFlat = this.leavesFlat(value);
    for (const r of this.running) {
      const z = r.detector.update(timestamp, value);
      if (!r.scored) continue;
      scored++;
      deviations[r.detector.name] = z;
      const ratio = r.novelty.update(z);
      if (ratio > best) best = ratio;
      if ((ratio >= 1 || leavesFlat) && z >= this.levels.fireDeviation) fired.push(r.detector.name);
    }
    let score = leavesFlat ? 1 : ratioToScore(best);
    let contextNovelty: number | undefined;
    if (this.context) {
      const novelty = this.context.update(value);
      if (this.context.ready) {
        contextNovelty = novelty;
        score = scored > 0 ? score * (1 - this.contextWeight + this.contextWeight * novelty) : novelty;
      }
    }
    const alarmScore = this.suppressor.update(score);
    return {
      score,
      severity: severityOf(score, fired.length, this.levels),
      detectors: fired,
      deviations,
      contextNovelty,
      alarmScore,
    };
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
