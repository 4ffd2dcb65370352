/* Shapes shared by the detectors, the ensemble and the model. */
import type { Severity } from "../core/types";

export const DETECTOR_NAMES = ["robustZ", "ewma", "seasonal", "kmeans", "context"] as const;
export type DetectorName = (typeof DETECTOR_NAMES)[number];

/**
 * A streaming detector: sees one point at a time, keeps bounded memory, and returns how far the point lies from
 * what it expected, in units of the series' own typical deviation (0 = as expected; 0 during warm-up).
 */
export interface StreamingDetector {
  readonly name: DetectorName;
  update(timestamp: number, value: number): number;
}

/** The verdict on one point. */
export interface PointVerdict {
  /** Ensemble anomaly score in [0, 1]. */
  score: number;
  severity: Severity;
  /** Detectors whose own deviation crossed the firing level on this point. */
  detectors: DetectorName[];
}
