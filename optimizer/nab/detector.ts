/*
 * The NeuroPilot ensemble as a NAB detector: a fresh streaming ensemble per file, k-means learnt online. Like every
 * NAB detector it is told the file's probationary period (min(0.15·rows, 750), never scored), and uses it as the
 * range-learning period of the contextual detector. It reports the alarm score (repeats suppressed).
 */
import type { DetectionConfig } from "../../infra/config";
import { StreamingEnsemble } from "../detect/ensemble";
import type { DetectorName } from "../detect/types";
import type { NabDetector } from "./evaluate";
import { probationaryPeriod } from "./scoring";

export const NAB_DETECTOR_NAME = "neuropilot";

export function ensembleNabDetector(config: DetectionConfig, detectors?: readonly DetectorName[]): NabDetector {
  return (file) => {
    const contextRangePoints = Math.max(2, probationaryPeriod(file.values.length));
    const ensemble = new StreamingEnsemble(config, { detectors, contextRangePoints });
    const out = new Float64Array(file.values.length);
    for (let i = 0; i < out.length; i++) out[i] = ensemble.update(file.timestamps[i], file.values[i]).alarmScore;
    return out;
  };
}
