/*
 * Severity levels. A detector fires on a point when its deviation is both novel (ratio ≥ 1: at least the largest
 * recent deviation) and large (at least fireDeviation(sensitivity) robust sigmas). Severity then follows the
 * ensemble score and how many detectors agree; sensitivity (0 quiet … 1 sensitive) moves every level.
 */
import type { Severity } from "../core/types";

export interface SeverityLevels {
  /** Deviation (in the detector's own sigmas) a detector needs to fire. */
  fireDeviation: number;
  /** Ensemble score from which a fired point is a warning. */
  warningScore: number;
  /** Ensemble score from which a fired point with ≥ 2 detectors firing is critical. */
  criticalScore: number;
}

export function severityLevels(sensitivity: number): SeverityLevels {
  const quiet = 1 - sensitivity;
  return {
    fireDeviation: 3 + 3 * quiet,
    warningScore: 0.5 + 0.2 * quiet,
    criticalScore: 0.65 + 0.2 * quiet,
  };
}

export function severityOf(score: number, firedCount: number, levels: SeverityLevels): Severity {
  if (firedCount === 0) return "none";
  if (score >= levels.criticalScore && firedCount >= 2) return "critical";
  if (score >= levels.warningScore) return "warning";
  return "info";
}
