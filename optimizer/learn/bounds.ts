import { boundsOf, type StackConfig } from "../../infra/config";
import type { Thresholds } from "../core/types";

/*
 * The policy bounds every proposal must respect: the learning bands (`learning.scaleOutBand`/`scaleInBand`)
 * intersected with each key's hard bounds, the minimum hysteresis between the two thresholds, and the largest
 * move per cycle (`maxThresholdStepPercent`).
 */

export interface PolicyBounds {
  scaleOut: { min: number; max: number };
  scaleIn: { min: number; max: number };
  minHysteresis: number;
  maxStep: number;
}

/** Bounds of a stack; throws naming the keys when the bands leave no pair that keeps the hysteresis. */
export function policyBoundsOf(config: StackConfig): PolicyBounds {
  const outKey = boundsOf("scaleOutCpuThreshold");
  const inKey = boundsOf("scaleInCpuThreshold");
  const [outLo, outHi] = config.learning.scaleOutBand;
  const [inLo, inHi] = config.learning.scaleInBand;
  const b: PolicyBounds = {
    scaleOut: { min: Math.max(outLo, outKey.min), max: Math.min(outHi, outKey.max) },
    scaleIn: { min: Math.max(inLo, inKey.min), max: Math.min(inHi, inKey.max) },
    minHysteresis: config.learning.minHysteresis,
    maxStep: config.maxThresholdStepPercent,
  };
  if (b.scaleOut.max - b.scaleIn.min < b.minHysteresis)
    throw new Error(
      `neuropilot:learning: scaleOutBand ${JSON.stringify(config.learning.scaleOutBand)} and scaleInBand ` +
        `${JSON.stringify(config.learning.scaleInBand)} leave no pair ${b.minHysteresis} points apart (learning.minHysteresis)`,
    );
  return b;
}

const EPS = 1e-9;

/** True when a pair lies in the bands and keeps the hysteresis. */
export function withinBounds(t: Thresholds, b: PolicyBounds): boolean {
  return (
    t.scaleOutCpuThreshold >= b.scaleOut.min - EPS &&
    t.scaleOutCpuThreshold <= b.scaleOut.max + EPS &&
    t.scaleInCpuThreshold >= b.scaleIn.min - EPS &&
    t.scaleInCpuThreshold <= b.scaleIn.max + EPS &&
    t.scaleOutCpuThreshold - t.scaleInCpuThreshold >= b.minHysteresis - EPS
  );
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round = (x: number) => Math.round(x * 1000) / 1000;

/** Nearest pair within the bounds (scale-in lowered, or scale-out raised, to keep the hysteresis). */
export function projectToBounds(t: Thresholds, b: PolicyBounds): Thresholds {
  let out = clamp(t.scaleOutCpuThreshold, b.scaleOut.min, b.scaleOut.max);
  let inn = clamp(t.scaleInCpuThreshold, b.scaleIn.min, b.scaleIn.max);
  if (out - inn < b.minHysteresis) {
    inn = Math.max(b.scaleIn.min, out - b.minHysteresis);
    if (out - inn < b.minHysteresis) out = Math.min(b.scaleOut.max, inn + b.minHysteresis);
  }
  return { scaleOutCpuThreshold: round(out), scaleInCpuThreshold: round(inn) };
}

/**
 * Moves from `from` (within the bounds) toward `to` by at most `maxStep` points per threshold and stays within
 * the bounds. When `from` is outside the bounds, returns its projection (bounds win over the step limit).
 */
export function boundedMove(from: Thresholds, to: Thresholds, b: PolicyBounds): Thresholds {
  if (!withinBounds(from, b)) return projectToBounds(from, b);
  const target = projectToBounds(to, b);
  const step = (a: number, z: number) => a + clamp(z - a, -b.maxStep, b.maxStep);
  let out = step(from.scaleOutCpuThreshold, target.scaleOutCpuThreshold);
  let inn = step(from.scaleInCpuThreshold, target.scaleInCpuThreshold);
  if (out - inn < b.minHysteresis) {
    // Lowering scale-in keeps the step limit (from kept the hysteresis) unless it hits the band; then raise scale-out.
    inn = Math.max(b.scaleIn.min, out - b.minHysteresis);
    if (out - inn < b.minHysteresis) out = inn + b.minHysteresis;
  }
  // Round to 0.001 for tidy keys, unless rounding would break a bound or the step limit.
  const tidy = { scaleOutCpuThreshold: round(out), scaleInCpuThreshold: round(inn) };
  const tidyStep =
    Math.abs(tidy.scaleOutCpuThreshold - from.scaleOutCpuThreshold) <= b.maxStep &&
    Math.abs(tidy.scaleInCpuThreshold - from.scaleInCpuThreshold) <= b.maxStep;
  return tidyStep && withinBounds(tidy, b) ? tidy : { scaleOutCpuThreshold: out, scaleInCpuThreshold: inn };
}

/** Every pair of the search grid (spacing `gridStep`, anchored at the band minima) that lies within the bounds. */
export function thresholdGrid(b: PolicyBounds, gridStep: number): Thresholds[] {
  const pairs: Thresholds[] = [];
  for (let out = b.scaleOut.min; out <= b.scaleOut.max + EPS; out += gridStep)
    for (let inn = b.scaleIn.min; inn <= b.scaleIn.max + EPS; inn += gridStep) {
      const t = { scaleOutCpuThreshold: round(out), scaleInCpuThreshold: round(inn) };
      if (withinBounds(t, b)) pairs.push(t);
    }
  return pairs;
}
