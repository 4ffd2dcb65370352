import type { TwinParams } from "./params";
import { fleetPerformance } from "./queueing";

/*
 * Calibrates the twin's service model to a stack's own metrics history: CPU against load per instance gives the
 * idle CPU and the capacity of one instance (least squares), the p95 latency then picks the workers per instance
 * (the M/M/c shape that fits best). Pure.
 */

/** Per-minute metrics history (one value per minute, NaN = missing), as Prometheus or the twin gives it. */
export interface MetricsHistory {
  requestRate: readonly number[];
  cpu: readonly number[];
  inService: readonly number[];
  p95LatencyMs: readonly number[];
}

const WORKER_CANDIDATES = [1, 2, 4, 8, 16, 32, 64, 128, 256] as const;
/** Minutes above this CPU are left out of the fit (saturated: CPU no longer grows with load). */
const FIT_MAX_CPU_PERCENT = 95;

export interface Calibration {
  params: TwinParams;
  /** Minutes used, and what was fitted (for the decision's basis). */
  minutes: number;
  basis: string;
}

/** The service model fitted to `history`; `base` supplies everything else (and the model when the data is too flat). */
export function calibrateServiceModel(history: MetricsHistory, base: TwinParams): Calibration {
  const xs: number[] = [];
  const ys: number[] = [];
  const idx: number[] = [];
  for (let m = 0; m < history.cpu.length; m++) {
    const n = history.inService[m];
    const cpu = history.cpu[m];
    const rps = history.requestRate[m];
    if (!(n > 0) || !Number.isFinite(cpu) || !Number.isFinite(rps) || cpu >= FIT_MAX_CPU_PERCENT) continue;
    xs.push(rps / n);
    ys.push(cpu);
    idx.push(m);
  }
  if (xs.length < 60) return { params: base, minutes: xs.length, basis: "too little history: configured model" };
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let k = 0; k < xs.length; k++) {
    sxy += (xs[k] - mx) * (ys[k] - my);
    sxx += (xs[k] - mx) ** 2;
  }
  const flat = sxx <= 1e-9 * Math.max(1, mx * mx) * xs.length;
  const idle = flat ? base.idleCpuPercent : Math.min(50, Math.max(0, my - (sxy / sxx) * mx));
  const slope = flat ? (my - idle) / Math.max(mx, 1e-9) : sxy / sxx;
  if (!(slope > 0)) return { params: base, minutes: xs.length, basis: "CPU does not grow with load: configured model" };
  const capacityRps = (100 - idle) / slope;
  let best = { err: Infinity, params: base };
  for (const workers of WORKER_CANDIDATES) {
    const params: TwinParams = {
      ...base,
      idleCpuPercent: idle,
      workersPerInstance: workers,
      serviceTimeMs: (workers * 1000) / capacityRps,
    };
    let err = 0;
    let count = 0;
    for (let k = 0; k < idx.length; k += Math.max(1, Math.floor(idx.length / 2000))) {
      const m = idx[k];
      const p95 = history.p95LatencyMs[m];
      if (!(p95 > 0) || p95 >= base.overloadLatencyMs) continue;
      const pred = fleetPerformance(history.requestRate[m], history.inService[m], params).p95LatencyMs;
      err += Math.log(pred / p95) ** 2;
      count++;
    }
    if (count > 0 && err / count < best.err) best = { err: err / count, params };
  }
  const p = best.params;
  return {
    params: p,
    minutes: xs.length,
    basis: `fitted on ${xs.length} minutes: ${((1000 * p.workersPerInstance) / p.serviceTimeMs).toFixed(1)} requests/s per instance, idle CPU ${p.idleCpuPercent.toFixed(1)} %, ${p.workersPerInstance} workers`,
  };
}
