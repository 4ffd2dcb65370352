import type { CycleOutcome, Observation, PairStats } from "./types";

/* One cycle's observation checked and folded into a pair's statistics. */

/** Rejects an observation the learner cannot reason about, naming the field (`what` names the learner). */
export function checkOutcome(what: string, setting: [string, number][], obs: CycleOutcome): void {
  const fields: [string, number][] = [
    ...setting,
    ["slaPercent", obs.slaPercent],
    ["costUsd", obs.costUsd],
    ["minutes", obs.minutes],
    ["load.meanRps", obs.load.meanRps],
  ];
  for (const [name, v] of fields)
    if (!Number.isFinite(v) || v < 0)
      throw new Error(`${what} observation: ${name} must be a finite number ≥ 0, got ${v}`);
}

/** Rejects observations the step learner cannot reason about, naming the field. */
export function checkObservation(obs: Observation): void {
  const t = obs.thresholds;
  const setting: [string, number][] = [
    ["thresholds.scaleOutCpuThreshold", t.scaleOutCpuThreshold],
    ["thresholds.scaleInCpuThreshold", t.scaleInCpuThreshold],
  ];
  checkOutcome("learner", setting, obs);
}

/** Minutes of the cycle that missed the latency/error targets. */
export function badMinutesOf(obs: Pick<Observation, "slaPercent" | "minutes">): number {
  return Math.round(((100 - Math.min(100, obs.slaPercent)) / 100) * obs.minutes);
}

/** Adds one cycle to a pair's statistics; `countMiss` false records a missed cycle that is not held against the pair. */
export function updatedStats(
  prev: PairStats | undefined,
  obs: Observation,
  slaMet: boolean,
  badMinutes: number,
  countMiss: boolean,
): PairStats {
  const requestsK = (obs.load.meanRps * 60 * obs.minutes) / 1000;
  const s: PairStats = prev
    ? { ...prev, thresholds: { ...prev.thresholds } }
    : {
        thresholds: { ...obs.thresholds },
        cycles: 0,
        misses: 0,
        safeStreak: 0,
        costUsdSum: 0,
        costPerKRequestSum: 0,
        maxPeakCpuPercent: 0,
        maxPeakP95LatencyMs: 0,
      };
  s.cycles += 1;
  s.misses += slaMet || !countMiss ? 0 : 1;
  s.minutes = (s.minutes ?? 0) + obs.minutes;
  s.badMinutes = (s.badMinutes ?? 0) + (countMiss ? badMinutes : 0);
  s.safeStreak = slaMet ? s.safeStreak + 1 : 0;
  s.costUsdSum += obs.costUsd;
  const perK = requestsK > 0 ? obs.costUsd / requestsK : 0;
  s.costPerKRequestSum += Number.isFinite(perK) ? perK : 0;
  if (Number.isFinite(obs.peakCpuPercent)) s.maxPeakCpuPercent = Math.max(s.maxPeakCpuPercent, obs.peakCpuPercent);
  if (Number.isFinite(obs.peakP95LatencyMs))
    s.maxPeakP95LatencyMs = Math.max(s.maxPeakP95LatencyMs, obs.peakP95LatencyMs);
  if (Number.isFinite(obs.load.peakRps)) s.maxPeakRps = Math.max(s.maxPeakRps ?? 0, obs.load.peakRps);
  return s;
}
