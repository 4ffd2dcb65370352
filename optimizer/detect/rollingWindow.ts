/*
 * A fixed-size window kept both in arrival order (ring buffer) and sorted, so the median and the median
 * absolute deviation of the last `size` values cost O(size) per point with no allocation.
 */
import { quickselect } from "simple-statistics";

export class RollingWindow {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private readonly scratch: number[];
  private head = 0;
  private count = 0;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 3) throw new Error(`rolling window size must be an integer ≥ 3, got ${size}`);
    this.ring = new Float64Array(size);
    this.sorted = new Float64Array(size);
    this.scratch = new Array<number>(size).fill(0);
  }

  get length(): number {
    return this.count;
  }

  push(value: number): void {
    const s = this.sorted;
    if (this.count === this.size) {
      const at = this.lowerBound(this.ring[this.head]);
      s.copyWithin(at, at + 1, this.count);
      this.count--;
    }
    this.ring[this.head] = value;
    this.head = (this.head + 1) % this.size;
    const at = this.lowerBound(value);
    s.copyWithin(at + 1, at, this.count);
    s[at] = value;
    this.count++;
  }

  /** Median of the values in the window (NaN when empty). */
  median(): number {
    const n = this.count;
    if (n === 0) return NaN;
    const mid = n >> 1;
    return n % 2 === 1 ? this.sorted[mid] : (this.sorted[mid - 1] + this.sorted[mid]) / 2;
  }

  /** Median absolute deviation around `center` (unscaled), via simple-statistics' quickselect. */
  mad(center: number): number {
    const n = this.count;
    const dev = this.scratch;
    dev.length = n;
    for (let i = 0; i < n; i++) dev[i] = Math.abs(this.sorted[i] - center);
    const mid = n >> 1;
    quickselect(dev, mid);
    if (n % 2 === 1) return dev[mid];
    let lowerMax = -Infinity;
    for (let i = 0; i < mid; i++) if (dev[i] > lowerMax) lowerMax = dev[i];
    return (lowerMax + dev[mid]) / 2;
  }

  private lowerBound(value: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
