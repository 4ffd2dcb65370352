/*
 * Adapter: the k-means model on disk as versioned JSON (no binary), validated on load and written atomically.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { writeJsonAtomic } from "../core/atomicFile";
import type { TimeSeries } from "../core/types";
import { FEATURE_COUNT } from "./features";
import { MODEL_FORMAT, MODEL_VERSION, type KMeansModel } from "./kmeansModel";
import { trainModel, type TrainOptions, type TrainResult } from "./train";

const vector = z.array(z.number()).length(FEATURE_COUNT);
const modelSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  signal: z.string().min(1),
  features: z.array(z.string()).length(FEATURE_COUNT),
  scaler: z.object({ center: vector, scale: z.array(z.number().positive()).length(FEATURE_COUNT) }),
  centroids: z.array(vector).min(1),
  distanceScale: z.number().positive(),
  runs: z.number().int().min(1),
  samples: z.number().int().min(0),
  loss: z.number().min(0),
  fitLoss: z.number().min(0).max(1).optional(),
  converged: z.boolean(),
  seed: z.number().int(),
  history: z.array(
    z.object({
      run: z.number().int(),
      samples: z.number().int(),
      loss: z.number(),
      fitLoss: z.number().optional(),
      converged: z.boolean(),
      log: z.array(z.string()),
    }),
  ),
});

/** Validates parsed JSON as a model; the error names the file and the offending field. */
export function parseModel(raw: unknown, source: string): KMeansModel {
  const r = modelSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`model ${source}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return r.data;
}

/** Loads a model; undefined when the file does not exist. */
export function loadModel(path: string): KMeansModel | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`model ${path}: cannot read: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`model ${path}: not JSON: ${(err as Error).message}`);
  }
  return parseModel(raw, path);
}

export function saveModel(path: string, model: KMeansModel): void {
  writeJsonAtomic(path, model);
}

/** Loads the previous model (if any), trains, and saves the new one atomically when training succeeded. */
export function trainAndSave(modelPath: string, points: TimeSeries, options: TrainOptions): TrainResult {
  const result = trainModel(loadModel(modelPath), points, options);
  if (result.status === "trained") saveModel(modelPath, result.model);
  return result;
}
