/*
 * Context from the service: the series each signal is judged on, so that the optimizer's own scaling actions raise
 * no anomaly while a real change in load or in per-request cost still does. Pure.
 *
 * - cpu is the fleet *average*, so halving the fleet doubles it with no change in load. It is judged as the CPU
 *   demand cpu × inService (instance-percent): it follows the load and the cost per request, not the fleet size.
 * - p95 latency depends on the load per instance (queueing). It is judged as its residual against a load curve
 *   learnt online from this stream: the EW mean latency per (instances, load-per-instance bucket), falling back to
 *   the load-per-instance bucket over all fleet sizes, then to the nearest learnt bucket. A scale-in that moves the
 *   fleet along its own curve leaves the residual at its noise; a slow dependency (higher latency at the same load
 *   per instance) does not.
 * - errorRate below ERROR_RATE_FLOOR_PERCENT is judged as that floor: rates of a few in a million requests are
 *   noise, not an incident (a floor of relevance, not a fitted setting).
 * - inService is the optimizer's own action: it is context, not judged (judged: undefined).
 * - requestRate is the load itself and is judged as it is.
 */
import type { SignalName, SignalSet, TimeSeries } from "../core/types";

/** Error rates (in % of requests) below this are judged as this value. 0.01 % = one request in 10,000. */
export const ERROR_RATE_FLOOR_PERCENT = 0.01;
/** Load-per-instance buckets are this factor wide (log scale, so the curve is scale-free). */
const LOAD_BUCKET_FACTOR = 1.1;
/** Points a bucket needs before it is trusted; learning rate of a bucket's mean once it has them. */
const MIN_BUCKET_POINTS = 6;
const BUCKET_ALPHA = 0.05;
/** At most this many buckets per curve (memory bound); later new buckets use the fallbacks. */
const MAX_BUCKETS = 4096;

class CurveBuckets {
  private readonly mean = new Map<number, { n: number; mean: number }>();
  get(key: number): number | undefined {
    const b = this.mean.get(key);
    return b && b.n >= MIN_BUCKET_POINTS ? b.mean : undefined;
  }
  learn(key: number, value: number): void {
    let b = this.mean.get(key);
    if (!b) {
      if (this.mean.size >= MAX_BUCKETS) return;
      b = { n: 0, mean: 0 };
      this.mean.set(key, b);
    }
    b.n++;
    b.mean += Math.max(BUCKET_ALPHA, 1 / b.n) * (value - b.mean);
  }
  /** The trusted bucket nearest to `key` (ties: the lower one). */
  nearest(key: number): number | undefined {
    let best: number | undefined;
    let dist = Infinity;
    for (const [k, b] of this.mean) {
      if (b.n < MIN_BUCKET_POINTS) continue;
      const d = Math.abs(k - key);
      if (d < dist || (d === dist && best !== undefined && k < best)) {
        dist = d;
        best = b.mean;
      }
    }
    return best;
  }
}

/**
 * Streaming latency-versus-load-per-instance curve. `update` returns the residual of the latency against the curve
 * before learning from the point (0 until some bucket is trusted; NaN for a missing input).
 */
export class LoadCurve {
  private readonly byFleet = new CurveBuckets();
  private readonly byLoad = new CurveBuckets();
  update(latency: number, requestRate: number, inService: number): number {
    if (!Number.isFinite(latency) || !Number.isFinite(requestRate) || !(inService > 0)) return NaN;
    const perInstance = Math.max(requestRate, 0) / inService;
    const load = perInstance > 0 ? Math.floor(Math.log(perInstance) / Math.log(LOAD_BUCKET_FACTOR)) : -1e6;
    const fleetKey = Math.round(inService) * 1e7 + load;
    const expected = this.byFleet.get(fleetKey) ?? this.byLoad.get(load) ?? this.byLoad.nearest(load);
    this.byFleet.learn(fleetKey, latency);
    this.byLoad.learn(load, latency);
    return expected === undefined ? 0 : latency - expected;
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
