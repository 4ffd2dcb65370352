/*
 * Seasonal baseline learned online: an exponentially weighted mean and mean absolute deviation per
 * hour-of-week bucket (day-of-week × hour-of-day, UTC), falling back to the hour-of-day bucket until the
 * hour-of-week bucket has seen `minBucketPoints` values. The detector's deviation is the residual against that
 * profile in units of the bucket's own typical deviation.
 */
import type { StreamingDetector } from "./types";

const HOUR_MS = 3_600_000;
const WEEK_HOURS = 168;

class Buckets {
  readonly count: Uint32Array;
  readonly mean: Float64Array;
  readonly absDev: Float64Array;
  constructor(size: number) {
    this.count = new Uint32Array(size);
    this.mean = new Float64Array(size);
    this.absDev = new Float64Array(size);
  }
  learn(b: number, value: number, alpha: number): void {
    const n = ++this.count[b];
    const a = Math.max(alpha, 1 / n);
    if (n === 1) {
      this.mean[b] = value;
      return;
    }
    const dev = Math.abs(value - this.mean[b]);
    this.absDev[b] += Math.max(alpha, 1 / (n - 1)) * (dev - this.absDev[b]);
    this.mean[b] += a * (value - this.mean[b]);
  }
}

/** Expected value and typical deviation for a timestamp, or undefined while the profile is still empty there. */
export interface SeasonalExpectation {
  expected: number;
  deviation: number;
}

export class SeasonalBaseline {
  private readonly week = new Buckets(WEEK_HOURS);
  private readonly day = new Buckets(24);
  private globalAbsDev = 0;
  private seen = 0;

  constructor(
    private readonly minBucketPoints = 6,
    private readonly alpha = 0.05,
  ) {}

  expect(timestamp: number): SeasonalExpectation | undefined {
    const hourOfWeek = hourOfWeekUtc(timestamp);
    const hourOfDay = hourOfWeek % 24;
    const floor = Math.max(0.25 * this.globalAbsDev, 1e-9);
    if (this.week.count[hourOfWeek] >= this.minBucketPoints) {
      return { expected: this.week.mean[hourOfWeek], deviation: Math.max(this.week.absDev[hourOfWeek], floor) };
    }
    if (this.day.count[hourOfDay] >= this.minBucketPoints) {
      return { expected: this.day.mean[hourOfDay], deviation: Math.max(this.day.absDev[hourOfDay], floor) };
    }
    return undefined;
  }

  learn(timestamp: number, value: number, residual: number | undefined): void {
    const hourOfWeek = hourOfWeekUtc(timestamp);
    this.week.learn(hourOfWeek, value, this.alpha);
    this.day.learn(hourOfWeek % 24, value, this.alpha);
    if (residual !== undefined) {
      this.seen++;
      this.globalAbsDev += Math.max(0.002, 1 / this.seen) * (Math.abs(residual) - this.globalAbsDev);
    }
  }
}

/** Hour of the week, 0 = Monday 00:00 UTC … 167 = Sunday 23:00 UTC. */
export function hourOfWeekUtc(timestamp: number): number {
  const hours = Math.floor(timestamp / HOUR_MS);
  // 1970-01-01 was a Thursday: shift so Monday is day 0
  return (((hours + 72) % WEEK_HOURS) + WEEK_HOURS) % WEEK_HOURS;
}

export class SeasonalDetector implements StreamingDetector {
  readonly name = "seasonal" as const;
  /** Residual of the last point against the profile (0 while the profile is empty), for the feature windows. */
  lastResidual = 0;
  lastDeviation = 0;
  private readonly baseline: SeasonalBaseline;

  constructor(minBucketPoints = 6, alpha = 0.05) {
    this.baseline = new SeasonalBaseline(minBucketPoints, alpha);
  }

  update(timestamp: number, value: number): number {
    const e = this.baseline.expect(timestamp);
    const residual = e ? value - e.expected : undefined;
    this.lastResidual = residual ?? 0;
    this.lastDeviation = e ? e.deviation : 0;
    this.baseline.learn(timestamp, value, residual);
    return e ? Math.abs(value - e.expected) / (1.25 * e.deviation) : 0;
  }
}
