/*
 * Online normalisation of one detector's deviations: each new deviation is divided by the largest deviation the
 * detector has produced recently (a running maximum that decays with a half-life in points). A ratio above 1 means
 * "larger than anything seen lately": the first point of a new regime scores high, repeats of a known pattern
 * (periodic spikes, a shift already reported) score lower, and no absolute scale is assumed.
 * After the warm-up, one point can raise the running maximum by at most a factor `maxGrowth`: a single huge outlier
 * then does not blind the detector to the next, smaller anomaly for a whole half-life, while a lasting new regime
 * still lifts the maximum within a few points (geometrically).
 */
export class NoveltyNormaliser {
  private recentMax = 0;
  private observed = 0;
  private readonly decay: number;

  constructor(
    halfLifePoints: number,
    private readonly warmupPoints: number,
    private readonly maxGrowth = Infinity,
  ) {
    if (!(maxGrowth > 1)) throw new Error(`novelty max growth must be > 1, got ${maxGrowth}`);
    this.decay = Math.pow(2, -1 / halfLifePoints);
  }

  /** Ratio of `deviation` to the recent maximum (0 during warm-up or for a zero deviation). */
  update(deviation: number): number {
    if (!(deviation > 0)) {
      this.recentMax *= this.decay;
      return 0;
    }
    this.observed++;
    const warm = this.observed > this.warmupPoints;
    const reference = Math.max(this.recentMax, 1e-12);
    const ratio = warm ? deviation / reference : 0;
    const learnt = warm ? Math.min(deviation, this.maxGrowth * reference) : deviation;
    this.recentMax = Math.max(this.recentMax * this.decay, learnt);
    return ratio;
  }
}

/** Maps a novelty ratio r ≥ 0 to a score in [0, 1): r / (1 + r), so r = 1 (equal to the recent maximum) is 0.5. */
export function ratioToScore(ratio: number): number {
  return ratio > 0 ? ratio / (1 + ratio) : 0;
}
