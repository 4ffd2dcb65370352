import type { StackConfig } from "../../infra/config";
import { fixedHourlyUsd, instanceMinutesUsd } from "../../infra/cost/model";
import type { SignalSet, Thresholds, TimeSeries } from "../core/types";
import type { Observation } from "../learn/types";
import { computeSla } from "../report/sla";

/** The part of a series inside [startMs, endMs), finite values only. */
function finiteIn(s: TimeSeries, startMs: number, endMs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.timestamps.length; i++) {
    const t = s.timestamps[i];
    if (t >= startMs && t < endMs && Number.isFinite(s.values[i])) out.push(s.values[i]);
  }
  return out;
}

/** Highest average over `width` consecutive points (the learner's 5-minute peak CPU). */
export function peakRollingMean(values: readonly number[], width: number): number {
  if (values.length === 0) return 0;
  const w = Math.min(width, values.length);
  let sum = 0;
  for (let i = 0; i < w; i++) sum += values[i];
  let best = sum / w;
  for (let i = w; i < values.length; i++) {
    sum += values[i] - values[i - w];
    best = Math.max(best, sum / w);
  }
  return best;
}

/**
 * What one cycle measured, in the learner's terms: SLA attainment (the report's definition), cost from instance
 * minutes in service with the one cost model, load, the 5-minute peak CPU. Pure.
 */
export function observeCycle(args: {
  signals: SignalSet;
  config: StackConfig;
  thresholds: Thresholds;
  startMs: number;
  endMs: number;
  stepSeconds: number;
  excluded: boolean;
}): Observation {
  const { signals, config, startMs, endMs, stepSeconds } = args;
  const stepMinutes = stepSeconds / 60;
  const minutes = (endMs - startMs) / 60_000;
  const sla = computeSla(signals, config, startMs, endMs, stepSeconds * 1000);
  const inService = finiteIn(signals.inService, startMs, endMs);
  const instanceMinutes = inService.reduce((a, v) => a + v * stepMinutes, 0);
  const costUsd =
    instanceMinutesUsd(config.instanceType, instanceMinutes) + (fixedHourlyUsd(config.useNatGateway) * minutes) / 60;
  const rps = finiteIn(signals.requestRate, startMs, endMs);
  const cpu = finiteIn(signals.cpu, startMs, endMs);
  const p95 = finiteIn(signals.p95LatencyMs, startMs, endMs);
  const fiveMinutes = Math.max(1, Math.round(5 / stepMinutes));
  return {
    thresholds: args.thresholds,
    slaPercent: sla.attainmentPercent ?? 100,
    costUsd: Math.round(costUsd * 1e6) / 1e6,
    minutes,
    load: {
      meanRps: rps.length ? rps.reduce((a, v) => a + v, 0) / rps.length : 0,
      peakRps: rps.length ? Math.max(...rps) : 0,
    },
    peakCpuPercent: peakRollingMean(cpu, fiveMinutes),
    peakP95LatencyMs: peakRollingMean(p95, fiveMinutes),
    excluded: args.excluded || sla.attainmentPercent === null,
  };
}
