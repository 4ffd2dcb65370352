/*
 * A fixed-size window kept both in arrival order (ring buffer) and sorted, so the median and the median
 * absolute deviation of the last `size` values cost O(size) per point with no allocation.
 */
import { medianSorted, quickselect } from "simple-statistics";

export class RollingWindow {
  private readonly ring: Float64Array;
  private readonly sorted: number[] = [];
  private readonly scratch: number[];
  private head = 0;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 3) throw new Error(`rolling window size must be an integer ≥ 3, got ${size}`);
    this.ring = new Float64Array(size);
    this.scratch = new Array<number>(size).fill(0);
  }

  get length(): number {
    return this.sorted.length;
  }

  get full(): boolean {
    return this.sorted.length === this.size;
  }

  push(value: number): void {
    if (this.sorted.length === this.size) {
      const old = this.ring[this.head];
      this.sorted.splice(this.lowerBound(old), 1);
    }
    this.ring[this.head] = value;
    this.head = (this.head + 1) % this.size;
    this.sorted.splice(this.lowerBound(value), 0, value);
  }

  median(): number {
    return medianSorted(this.sorted);
  }

  /** Median absolute deviation around `center` (unscaled). */
  mad(center: number): number {
    const n = this.sorted.length;
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
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
