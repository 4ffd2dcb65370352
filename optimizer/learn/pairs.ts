import type { Thresholds } from "../core/types";
import { LEARNER_RULES } from "./rules";

/* Threshold pairs as the learner handles them: construction, keys, equality and the unsafe set. */

const EPS = LEARNER_RULES.epsilon;

/** A pair rounded to 0.001 (tidy keys). */
export const pair = (out: number, inn: number): Thresholds => ({
  scaleOutCpuThreshold: Math.round(out * 1000) / 1000,
  scaleInCpuThreshold: Math.round(inn * 1000) / 1000,
});

export function pairKey(t: Thresholds): string {
  return `${t.scaleOutCpuThreshold}/${t.scaleInCpuThreshold}`;
}

export function samePair(a: Thresholds, b: Thresholds): boolean {
  return (
    Math.abs(a.scaleOutCpuThreshold - b.scaleOutCpuThreshold) < EPS &&
    Math.abs(a.scaleInCpuThreshold - b.scaleInCpuThreshold) < EPS
  );
}

/** True when a pair is at or above (in both thresholds) a pair that missed the SLA. */
export function isUnsafe(t: Thresholds, unsafe: readonly Thresholds[]): boolean {
  return unsafe.some(
    (u) =>
      t.scaleOutCpuThreshold >= u.scaleOutCpuThreshold - EPS && t.scaleInCpuThreshold >= u.scaleInCpuThreshold - EPS,
  );
}

/** The unsafe set with `t` added (pairs it covers dropped; unchanged when `t` is already covered). */
export function addUnsafe(unsafe: readonly Thresholds[], t: Thresholds): Thresholds[] {
  return isUnsafe(t, unsafe) ? [...unsafe] : [...unsafe.filter((u) => !isUnsafe(u, [t])), t];
}
