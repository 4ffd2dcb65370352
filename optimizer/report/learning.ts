import { roundOrNull } from "./series";
import type { LearningStatus, LearningSummary } from "./types";

/** Learning status as reported, plus the relative loss change over the recorded history. */
export function summariseLearning(l: LearningStatus | null): LearningSummary {
  if (!l)
    return {
      available: false,
      loss: null,
      converged: null,
      daysLearning: null,
      samples: null,
      lossChangePercent: null,
    };
  const hist = (l.lossHistory ?? []).filter((x) => Number.isFinite(x));
  const first = hist.length > 0 ? hist[0] : null;
  const last = l.loss ?? (hist.length > 0 ? hist[hist.length - 1] : null);
  const change =
    first !== null && last !== null && first !== 0 && hist.length >= 2
      ? ((last - first) / Math.abs(first)) * 100
      : null;
  return {
    available: true,
    loss: roundOrNull(l.loss, 5),
    converged: l.converged,
    daysLearning: roundOrNull(l.daysLearning, 1),
    samples: l.samples,
    lossChangePercent: roundOrNull(change, 1),
  };
}
