import { z } from "zod";
import { SIGNALS } from "../../core/types";

/*
 * File formats of the state directory the report reads (written by the runner; see docs/reporting.md).
 * Timestamps: Unix ms numbers or ISO-8601 strings. Missing metric values: null.
 */

const time = z.union([z.number().finite(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);
const severity = z.enum(["none", "info", "warning", "critical"]);
const thresholds = z.object({ scaleOutCpuThreshold: z.number().finite(), scaleInCpuThreshold: z.number().finite() });

/* state/<stack>/metrics-history.json is read by optimizer/metrics/historyFile.ts (parseHistory), its one reader. */

const range = z.object({
  start: time,
  end: time,
  severity,
  maxScore: z.number().finite(),
  detectors: z.array(z.string()),
});

/** state/<stack>/anomalies.json */
export const anomaliesFile = z.object({
  signals: z.array(
    z.object({
      signal: z.enum(SIGNALS),
      ranges: z.array(range).default([]),
      points: z
        .object({
          timestamps: z.array(time),
          scores: z.array(z.number().finite()),
          severities: z.array(severity),
          detectors: z.array(z.array(z.string())).optional(),
        })
        .refine((p) => p.scores.length === p.timestamps.length && p.severities.length === p.timestamps.length, {
          error: "points.timestamps, scores and severities must have the same length",
        })
        .optional(),
    }),
  ),
});

/** One line of state/<stack>/decisions.jsonl (other fields are allowed and ignored). */
export const decisionLine = z.looseObject({
  timestamp: time,
  action: z.enum(["changed", "held", "refused", "rolled-back"]),
  from: thresholds,
  to: thresholds,
  reason: z.string(),
  /** The learner's record of the cycle (runner/cycle.ts); the report counts its decision actions. */
  learner: z
    .looseObject({ decision: z.looseObject({ cycle: z.number().int(), action: z.string() }) })
    .nullable()
    .optional(),
});

/**
 * state/<stack>/learner.json: the threshold learner's state (optimizer/learn/types.ts LearnerState, in the runner's
 * envelope of kind "learner-state"). The report reads its progress fields; the rest is ignored.
 */
export const learnerFile = z.looseObject({
  cycle: z.number().int().min(0),
  pairs: z.record(z.string(), z.unknown()),
  unsafe: z.array(thresholds),
  lastSafe: thresholds.nullable(),
  converged: z.boolean(),
  minutesSeen: z.number().finite().min(0),
  badMinutes: z.number().finite().min(0),
  convergedAtCycle: z.number().int().min(0).nullable(),
});

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

/** "key.path: message; …" of a zod error. */
export function describeZodError(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join(".") : "(root)"}: ${i.message}`)
    .join("; ");
}
