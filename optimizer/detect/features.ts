/*
 * Feature windows for the k-means model, computed one point at a time:
 * level (the value), slope (EW mean of first differences), residual against the seasonal baseline, and
 * volatility (EW root-mean-square of first differences). Raw units; the model's scaler normalises them.
 */
export const FEATURE_NAMES = ["level", "slope", "residual", "volatility"] as const;
export const FEATURE_COUNT = FEATURE_NAMES.length;

export class FeatureWindow {
  private prev = NaN;
  private slope = 0;
  private meanSquareDiff = 0;
  private seen = 0;

  constructor(private readonly alpha = 0.1) {}

  /** Updates with one value and its seasonal residual; writes the feature vector into `out`. */
  update(value: number, seasonalResidual: number, out: number[]): void {
    this.seen++;
    const diff = Number.isNaN(this.prev) ? 0 : value - this.prev;
    this.prev = value;
    const a = Math.max(this.alpha, 1 / this.seen);
    this.slope += a * (diff - this.slope);
    this.meanSquareDiff += a * (diff * diff - this.meanSquareDiff);
    out[0] = value;
    out[1] = this.slope;
    out[2] = seasonalResidual;
    out[3] = Math.sqrt(this.meanSquareDiff);
  }
}
