/*
 * Context from the service: the series each signal is judged on, so that the optimizer's own scaling actions raise
 * no anomaly while a real change in load or in per-request cost still does. Pure.
 *
 * - cpu is the fleet *average*, so halving the fleet doubles it with no change in load. It is judged as the CPU
 *   demand cpu × inService (instance-percent): it follows the load and the cost per request, not the fleet size.
 * - p95 latency depends on the load per instance and the fleet size (queueing). It is judged against a load curve
 *   learnt online from this stream, one per fleet size: the EW mean latency per load-per-instance bucket (the
 *   nearest learnt bucket inside the range learnt so far; outside it, no verdict). What is judged is the excess
 *   over that expectation beyond a relevance band: max(0, ln(latency / expected) − ln(LATENCY_RELEVANCE)). A
 *   scale-in moves the fleet along (or close to) its curve and stays inside the band; a slow dependency (much
 *   higher latency at the same load per instance) does not.
 * - errorRate below ERROR_RATE_FLOOR_PERCENT is judged as that floor: rates of a few in a million requests are
 *   noise, not an incident (a floor of relevance, not a fitted setting).
 * - inService is the optimizer's own action: it is context, not judged (judged: undefined).
 * - requestRate is the load itself and is judged as it is.
 */
import type { SignalName, SignalSet, TimeSeries } from "../core/types";

/** Error rates (in % of requests) below this are judged as this value. 0.01 % = one request in 10,000. */
export const ERROR_RATE_FLOOR_PERCENT = 0.01;
/** Latency up to this factor above the load curve's expectation is not judged an incident (M/M/c: halving a
 * fleet at the same load per instance raises p95 by well under this at moderate utilisation). */
export const LATENCY_RELEVANCE = 1.5;
/** Load-per-instance buckets are this factor wide (log scale, so the curve is scale-free). */
const LOAD_BUCKET_FACTOR = 1.1;
/** Points a bucket needs before it is trusted; learning rate of a bucket's mean once it has them. */
const MIN_BUCKET_POINTS = 6;
const BUCKET_ALPHA = 0.05;
/** Memory bound: at most this many buckets per fleet size and fleet sizes per stream (later ones: not judged). */
const MAX_BUCKETS = 1024;
const MAX_FLEET_SIZES = 256;

/** One fleet size's curve: EW mean latency per load-per-instance bucket. */
class CurveBuckets {
  private readonly buckets = new Map<number, { n: number; mean: number }>();
  private lo = Infinity;
  private hi = -Infinity;
  learn(key: number, value: number): void {
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= MAX_BUCKETS) return;
      b = { n: 0, mean: 0 };
      this.buckets.set(key, b);
    }
    b.n++;
    b.mean += Math.max(BUCKET_ALPHA, 1 / b.n) * (value - b.mean);
    if (b.n === MIN_BUCKET_POINTS) {
      this.lo = Math.min(this.lo, key);
      this.hi = Math.max(this.hi, key);
    }
  }
  /** The bucket's mean when trusted; inside the trusted range, the nearest trusted bucket's; else undefined. */
  expected(key: number): number | undefined {
    if (key < this.lo || key > this.hi) return undefined;
    const own = this.buckets.get(key);
    if (own && own.n >= MIN_BUCKET_POINTS) return own.mean;
    let best: number | undefined;
    let dist = Infinity;
    for (const [k, b] of this.buckets) {
      const d = Math.abs(k - key);
      if (b.n >= MIN_BUCKET_POINTS && d < dist) {
        dist = d;
        best = b.mean;
      }
    }
    return best;
  }
}

/**
 * Streaming latency-versus-load-per-instance curve, one per fleet size. `update` returns the latency's relative
 * excess over the curve beyond the relevance band, before learning from the point: 0 while the load per instance
 * lies outside the range this fleet size has been seen at (no basis for a verdict; the load itself is judged on
 * requestRate and CPU demand), NaN for a missing input.
 */
export class LoadCurve {
  private readonly fleets = new Map<number, CurveBuckets>();
  update(latency: number, requestRate: number, inService: number): number {
    if (!Number.isFinite(latency) || !Number.isFinite(requestRate) || !(inService > 0)) return NaN;
    const perInstance = Math.max(requestRate, 0) / inService;
    const load = perInstance > 0 ? Math.floor(Math.log(perInstance) / Math.log(LOAD_BUCKET_FACTOR)) : -1e6;
    const size = Math.round(inService);
    let curve = this.fleets.get(size);
    if (!curve && this.fleets.size < MAX_FLEET_SIZES) {
      curve = new CurveBuckets();
      this.fleets.set(size, curve);
    }
    const expected = curve?.expected(load);
    curve?.learn(load, latency);
    if (expected === undefined || !(expected > 0) || !(latency > 0)) return 0;
    return Math.max(0, Math.log(latency / expected) - Math.log(LATENCY_RELEVANCE));
  }
}

/** How each signal is judged (see the header); undefined: not judged. */
export type JudgedSignals = Record<SignalName, TimeSeries | undefined>;

export function judgedSignals(signals: SignalSet): JudgedSignals {
  for (const name of ["cpu", "p95LatencyMs", "requestRate", "errorRate"] as const) {
    if (signals[name].values.length !== signals.inService.values.length) {
      throw new Error(
        `signal ${name} has ${signals[name].values.length} points but inService has ${signals.inService.values.length}`,
      );
    }
  }
  const n = signals.inService.values;
  const map = (s: TimeSeries, f: (v: number, i: number) => number): TimeSeries => ({
    timestamps: s.timestamps,
    values: s.values.map(f),
  });
  const curve = new LoadCurve();
  const rps = signals.requestRate.values;
  return {
    cpu: judgedCpu(signals),
    p95LatencyMs: map(signals.p95LatencyMs, (v, i) => curve.update(v, rps[i], n[i])),
    requestRate: signals.requestRate,
    errorRate: map(signals.errorRate, (v) => (Number.isFinite(v) ? Math.max(v, ERROR_RATE_FLOOR_PERCENT) : v)),
    inService: undefined,
  };
}

/** The CPU series the anomaly model is trained on: the CPU demand (cpu × inService), as the detector judges it. */
export function judgedCpu(signals: Pick<SignalSet, "cpu" | "inService">): TimeSeries {
  const n = signals.inService.values;
  if (signals.cpu.values.length !== n.length) {
    throw new Error(`signal cpu has ${signals.cpu.values.length} points but inService has ${n.length}`);
  }
  return { timestamps: signals.cpu.timestamps, values: signals.cpu.values.map((v, i) => (n[i] > 0 ? v * n[i] : NaN)) };
}
