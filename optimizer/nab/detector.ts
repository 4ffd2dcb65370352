/* The NeuroPilot ensemble as a NAB detector: a fresh streaming ensemble per file, k-means learnt online. */
import type { DetectionConfig } from "../../infra/config";
import { StreamingEnsemble } from "../detect/ensemble";
import type { DetectorName } from "../detect/types";
import type { NabDetector } from "./evaluate";

export const NAB_DETECTOR_NAME = "neuropilot";

export function ensembleNabDetector(config: DetectionConfig, detectors?: readonly DetectorName[]): NabDetector {
  return (file) => {
    const ensemble = new StreamingEnsemble(config, { detectors });
    const out = new Float64Array(file.values.length);
    for (let i = 0; i < out.length; i++) out[i] = ensemble.update(file.timestamps[i], file.values[i]).score;
    return out;
  };
}
