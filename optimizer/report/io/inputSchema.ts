import { z } from "zod";
import { SIGNALS } from "../../core/types";

/*
 * File formats of the state directory the report reads (written by the runner; see docs/reporting.md).
 * Timestamps: Unix ms numbers or ISO-8601 strings. Missing metric values: null.
 */

const time = z.union([z.number().finite(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);
const severity = z.enum(["none", "info", "warning", "critical"]);
const thresholds = z.object({ scaleOutCpuThreshold: z.number().finite(), scaleInCpuThreshold: z.number().finite() });

const series = z
  .object({ timestamps: z.array(time), values: z.array(z.number().finite().nullable()) })
  .refine((s) => s.timestamps.length === s.values.length, { error: "timestamps and values must have the same length" })
  .refine((s) => s.timestamps.every((t, i) => i === 0 || t > s.timestamps[i - 1]), { error: "timestamps must be strictly ascending" })
  .transform((s) => ({ timestamps: s.timestamps, values: s.values.map((v) => (v === null ? NaN : v)) }));

/** state/<stack>/metrics-history.json */
export const metricsHistoryFile = z.object({
  signals: z.object(Object.fromEntries(SIGNALS.map((s) => [s, series])) as Record<(typeof SIGNALS)[number], typeof series>),
});

const range = z.object({ start: time, end: time, severity, maxScore: z.number().finite(), detectors: z.array(z.string()) });

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
});

/** state/<stack>/model.json: the learner's status fields (other fields, such as weights, are ignored). */
export const modelFile = z.looseObject({
  loss: z.number().finite().nullable(),
  converged: z.boolean(),
  daysLearning: z.number().finite().min(0),
  samples: z.number().int().min(0),
  lossHistory: z.array(z.number().finite()).optional(),
});

/** "key.path: message; …" of a zod error. */
export function describeZodError(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join(".") : "(root)"}: ${i.message}`)
    .join("; ");
}
