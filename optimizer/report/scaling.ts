import type { StackConfig } from "../../infra/config";
import type { SignalSet } from "../core/types";
import { maxOf, mean, minutesPerPoint, pointsIn, quantile, round, roundOrNull } from "./series";
import type { ScalingSummary } from "./types";
import { iso } from "./window";

/**
 * Capacity use and scaling actions of the day, from the in-service and CPU series: every change of the number of
 * instances in service is one scaling action (up = scale-out, down = scale-in).
 */
export function summariseScaling(
  signals: SignalSet | null,
  config: StackConfig,
  thresholds: { scaleOutCpuThreshold: number; scaleInCpuThreshold: number },
  dayStart: number,
  dayEnd: number,
  stepMs: number | null,
): ScalingSummary {
  const perPoint = minutesPerPoint(stepMs);
  const inService = signals ? pointsIn(signals.inService, dayStart, dayEnd) : [];
  const cpu = signals ? pointsIn(signals.cpu, dayStart, dayEnd).map((p) => p.v) : [];
  const events: ScalingSummary["events"] = [];
  let out = 0;
  let inn = 0;
  for (let i = 1; i < inService.length; i++) {
    const a = Math.round(inService[i - 1].v);
    const b = Math.round(inService[i].v);
    if (a === b) continue;
    if (b > a) out++;
    else inn++;
    events.push({ time: iso(inService[i].t), from: a, to: b });
  }
  const counts = inService.map((p) => Math.round(p.v));
  return {
    minSize: config.minSize,
    maxSize: config.maxSize,
    meanInService: roundOrNull(mean(inService.map((p) => p.v)), 2),
    peakInService: maxOf(counts),
    minutesAtMax: round(counts.filter((c) => c >= config.maxSize).length * perPoint, 1),
    minutesAtMin: round(counts.filter((c) => c <= config.minSize).length * perPoint, 1),
    scaleOutEvents: out,
    scaleInEvents: inn,
    cpuMean: roundOrNull(mean(cpu), 1),
    cpuP95: roundOrNull(quantile(cpu, 0.95), 1),
    cpuMax: roundOrNull(maxOf(cpu), 1),
    minutesAboveScaleOut: round(cpu.filter((v) => v > thresholds.scaleOutCpuThreshold).length * perPoint, 1),
    minutesBelowScaleIn: round(cpu.filter((v) => v < thresholds.scaleInCpuThreshold).length * perPoint, 1),
    events,
  };
}
