import { z } from "zod";

/*
 * The report's view of model.json (the other state files have one schema each in optimizer/state/schemas.ts and
 * optimizer/state/decisionLog.ts; the metrics history is read by optimizer/metrics/historyFile.ts).
 */

/**
 * state/<stack>/model.json: the anomaly model written by `neuropilot train` (optimizer/detect/kmeansModel.ts). The
 * report's anomaly section reads its status fields: loss, converged, samples, and the training runs (one a day).
 */
export const modelFile = z.looseObject({
  loss: z.number().finite().nullable(),
  converged: z.boolean(),
  samples: z.number().int().min(0),
  daysLearning: z.number().finite().min(0).optional(),
  runs: z.number().int().min(0).optional(),
  lossHistory: z.array(z.number().finite()).optional(),
  history: z.array(z.looseObject({ loss: z.number().finite() })).optional(),
});
