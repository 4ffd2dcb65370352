/*
 * Robust rolling z-score: |x − median| / (1.4826 · MAD) over the previous `windowPoints` values.
 * A long-run mean absolute deviation floors the scale so flat or quantised stretches (MAD = 0) do not turn every
 * small change into an infinite z. The MAD is refreshed every `madRefreshPoints` points (it moves slowly), which
 * keeps the cost per point near that of the sorted-window update.
 */
import { RollingWindow } from "./rollingWindow";
import type { StreamingDetector } from "./types";

const MAD_TO_SIGMA = 1.4826;

export class RobustZScoreDetector implements StreamingDetector {
  readonly name = "robustZ" as const;
  private readonly window: RollingWindow;
  private longAbsDev = 0;
  private seen = 0;
  private mad = 0;
  private sinceMad = Infinity;

  constructor(
    windowPoints: number,
    private readonly longAlpha = 0.002,
    private readonly madRefreshPoints = 8,
  ) {
    this.window = new RollingWindow(windowPoints);
  }

  update(_timestamp: number, value: number): number {
    let z = 0;
    if (this.window.length >= Math.min(this.window.size, 12)) {
      const med = this.window.median();
      const dev = Math.abs(value - med);
      if (++this.sinceMad >= this.madRefreshPoints) {
        this.mad = this.window.mad(med);
        this.sinceMad = 0;
      }
      const scale = Math.max(MAD_TO_SIGMA * this.mad, 0.5 * this.longAbsDev, 1e-9 * (1 + Math.abs(med)));
      z = dev / scale;
      this.seen++;
      const alpha = Math.max(this.longAlpha, 1 / this.seen);
      this.longAbsDev += alpha * (Math.min(dev, 3 * scale) - this.longAbsDev);
    }
    this.window.push(value);
    return z;
  }
}
