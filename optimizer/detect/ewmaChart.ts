/*
 * EWMA control chart: a fast exponentially weighted mean (weight λ) compared with a slow baseline mean and
 * standard deviation; the statistic is the distance in units of the EWMA's own standard error σ·√(λ/(2−λ)).
 * The baseline learns from winsorised values (±4σ) so one outlier does not inflate σ.
 */
import type { StreamingDetector } from "./types";

export class EwmaChartDetector implements StreamingDetector {
  readonly name = "ewma" as const;
  private fast = 0;
  private mean = 0;
  private variance = 0;
  private seen = 0;

  constructor(
    private readonly lambda = 0.2,
    private readonly baselineAlpha = 0.01,
    private readonly warmup = 30,
  ) {}

  update(_timestamp: number, value: number): number {
    this.seen++;
    if (this.seen === 1) {
      this.fast = value;
      this.mean = value;
      return 0;
    }
    this.fast += this.lambda * (value - this.fast);
    const sigma = Math.sqrt(this.variance);
    const floor = 1e-9 * (1 + Math.abs(this.mean));
    const standardError = Math.max(sigma, floor) * Math.sqrt(this.lambda / (2 - this.lambda));
    const z = this.seen > this.warmup ? Math.abs(this.fast - this.mean) / standardError : 0;
    const alpha = Math.max(this.baselineAlpha, 1 / this.seen);
    const clipped =
      this.seen > this.warmup ? Math.min(Math.max(value, this.mean - 4 * sigma), this.mean + 4 * sigma) : value;
    const diff = clipped - this.mean;
    this.mean += alpha * diff;
    this.variance = (1 - alpha) * (this.variance + alpha * diff * diff);
    return z;
  }
}
