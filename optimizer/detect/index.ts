/* Public surface of the anomaly detection engine. */
export { detectAnomalies, type AnomalySummary, type DetectionResult, type FlaggedRange } from "./detectAnomalies";
export { judgedCpu, judgedSignals, ERROR_RATE_FLOOR_PERCENT } from "./serviceContext";
export { StreamingEnsemble, scoreSeries, type EnsembleOptions, type PointResult } from "./ensemble";
export type { KMeansModel } from "./kmeansModel";
export { loadModel, saveModel, trainAndSave, parseModel } from "./modelStore";
export { CONVERGED_LOSS, MIN_TRAINING_SAMPLES, trainModel, type TrainOptions, type TrainResult } from "./train";
export { DETECTOR_NAMES, type DetectorName, type PointVerdict } from "./types";
