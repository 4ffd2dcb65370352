import type { Thresholds } from "../core/types";
import { roundOrNull } from "./series";
import type { AnomalyModelStatus, AnomalyModelSummary, LearningStatus, LearningSummary } from "./types";

/**
 * The threshold learner as reported: its state turned into days (cycles × cycleHours / 24), when it converged, the
 * pair in force at the end of the day, and its explorations and back-offs.
 */
export function summariseLearning(l: LearningStatus | null, cycleHours: number, inForce: Thresholds): LearningSummary {
  if (!l)
    return {
      available: false,
      converged: null,
      daysLearning: null,
      cycles: null,
      convergedSinceDay: null,
      convergedAtCycle: null,
      inForce,
      lastSafe: null,
      pairsTried: null,
      unsafePairs: null,
      explorations: null,
      backOffs: null,
      cumulativeSlaPercent: null,
    };
  const days = (cycles: number) => roundOrNull((cycles * cycleHours) / 24, 2);
  const convergedAtCycle = l.converged ? l.convergedAtCycle : null;
  return {
    available: true,
    converged: l.converged,
    daysLearning: days(l.cycles),
    cycles: l.cycles,
    convergedSinceDay: convergedAtCycle === null ? null : days(convergedAtCycle),
    convergedAtCycle,
    inForce,
    lastSafe: l.lastSafe,
    pairsTried: l.pairsTried,
    unsafePairs: l.unsafePairs,
    explorations: l.explorations,
    backOffs: l.backOffs,
    cumulativeSlaPercent:
      l.minutesSeen > 0 ? roundOrNull(((l.minutesSeen - l.badMinutes) / l.minutesSeen) * 100, 3) : null,
  };
}

/** The k-means anomaly model's training status, plus the relative loss change over its recorded history. */
export function summariseAnomalyModel(m: AnomalyModelStatus | null): AnomalyModelSummary | null {
  if (!m) return null;
  const hist = (m.lossHistory ?? []).filter((x) => Number.isFinite(x));
  const first = hist.length > 0 ? hist[0] : null;
  const last = m.loss ?? (hist.length > 0 ? hist[hist.length - 1] : null);
  const change =
    first !== null && last !== null && first !== 0 && hist.length >= 2
      ? ((last - first) / Math.abs(first)) * 100
      : null;
  return {
    loss: roundOrNull(m.loss, 5),
    converged: m.converged,
    runs: m.runs,
    samples: m.samples,
    lossChangePercent: roundOrNull(change, 1),
  };
}
