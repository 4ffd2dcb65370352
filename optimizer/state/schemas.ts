import { z } from "zod";
import { SIGNALS } from "../core/types";
import type { LearnerState } from "../learn/types";

/*
 * One zod schema per state file (see ./layout for the names), used by the writer and by every reader. Timestamps:
 * Unix ms numbers (readers also accept ISO-8601 strings where hand-written files may use them). Missing values: null.
 * state/<stack>/metrics-history.json and model.json have their own format modules (metrics/historyFile.ts,
 * detect/modelStore.ts).
 */

export const time = z.union([z.number().finite(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);
const severity = z.enum(["none", "info", "warning", "critical"]);
export const thresholdsSchema = z.object({
  scaleOutCpuThreshold: z.number().finite(),
  scaleInCpuThreshold: z.number().finite(),
});
const nullableMs = z.number().finite().nullable();

/** runner.json: where the runner stands between cycles. */
export const runnerStateSchema = z.object({
  cycles: z.number().int().min(0),
  lastWindowEndMs: nullableMs,
  lastChangeAtMs: nullableMs,
  /** The thresholds in force as the optimizer last left them: a difference it did not make is a manual change. */
  lastApplied: thresholdsSchema.nullable().optional(),
});
export type RunnerState = z.output<typeof runnerStateSchema>;

/**
 * pending-change.json: the journal of a change between writing stack config and recording the decision: the keys
 * the optimizer wrote with their values before and after, the stack file as it was, and the runner's and learner's
 * state before the cycle (what recovery puts back).
 */
export const pendingChangeSchema = z.object({
  cycleId: z.string().min(1),
  from: thresholdsSchema,
  to: thresholdsSchema,
  snapshot: z.object({ description: z.string(), content: z.string() }),
  startedAtMs: z.number().finite(),
  keys: z.array(z.object({ key: z.string(), before: z.number().finite(), after: z.number().finite() })).optional(),
  stateBefore: z.object({ runner: z.unknown().nullable(), learner: z.unknown().nullable() }).optional(),
});
export type PendingChange = z.output<typeof pendingChangeSchema>;

const pairStats = z.object({
  thresholds: thresholdsSchema,
  cycles: z.number().int().min(0),
  misses: z.number().int().min(0),
  safeStreak: z.number().int().min(0),
  costUsdSum: z.number().finite(),
  costPerKRequestSum: z.number().finite(),
  maxPeakCpuPercent: z.number().finite(),
  maxPeakP95LatencyMs: z.number().finite(),
  maxPeakRps: z.number().finite().optional(),
  minutes: z.number().finite().optional(),
  badMinutes: z.number().finite().optional(),
});

/** learner.json: the threshold learner's state (optimizer/learn/types.ts LearnerState). */
export const learnerStateSchema = z.object({
  version: z.literal(1),
  cycle: z.number().int().min(0),
  pairs: z.record(z.string(), pairStats),
  unsafe: z.array(thresholdsSchema),
  lastSafe: thresholdsSchema.nullable(),
  converged: z.boolean(),
  minutesSeen: z.number().finite().min(0),
  badMinutes: z.number().finite().min(0),
  convergedAtCycle: z.number().int().nullable(),
  backedOffFrom: thresholdsSchema.nullable().optional(),
  retreatTo: thresholdsSchema.nullable().optional(),
  maxPeakRps: z.number().finite().optional(),
}) satisfies z.ZodType<LearnerState>;

/**
 * learner.json as the report reads it: the learner's progress fields from the one schema; the pair statistics are
 * counted, not read (other keys are kept).
 */
export const learnerProgressSchema = z.looseObject({
  ...learnerStateSchema.pick({
    cycle: true,
    unsafe: true,
    lastSafe: true,
    converged: true,
    minutesSeen: true,
    badMinutes: true,
    convergedAtCycle: true,
  }).shape,
  pairs: z.record(z.string(), z.unknown()),
});

const range = z.object({
  start: time,
  end: time,
  severity,
  maxScore: z.number().finite(),
  detectors: z.array(z.string()),
});

/** anomalies.json: flagged ranges of the last days per signal (points optional: what the report charts). */
export const anomaliesFileSchema = z.object({
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
/** anomalies.json as the runner writes it (numbers, no points). */
export interface AnomaliesFile {
  signals: {
    signal: (typeof SIGNALS)[number];
    ranges: { start: number; end: number; severity: string; maxScore: number; detectors: string[] }[];
  }[];
}

/** One hold on a setting: a veto (until lifted) or a manual revert (for neuropilot:learning.manualHoldDays). */
export const operatorHoldSchema = z.object({
  thresholds: thresholdsSchema,
  source: z.enum(["veto", "manual-change"]),
  atMs: z.number().finite(),
  untilMs: z.number().finite().nullable(),
  reason: z.string(),
});
export type OperatorHold = z.output<typeof operatorHoldSchema>;

/** overrides.json: the operator's holds on settings. */
export const overridesSchema = z.object({ holds: z.array(operatorHoldSchema) });
export type Overrides = z.output<typeof overridesSchema>;

/** Every enveloped document the cycle reads and writes through the StateStore port, with its schema. */
export const DOCUMENT_SCHEMAS = {
  runner: runnerStateSchema,
  learner: learnerStateSchema,
  pending: pendingChangeSchema,
  anomalies: anomaliesFileSchema,
  overrides: overridesSchema,
} as const;

export interface StateDocuments {
  runner: RunnerState;
  learner: LearnerState;
  pending: PendingChange;
  anomalies: AnomaliesFile;
  overrides: Overrides;
}

/** "key.path: message; …" of a zod error. */
export function describeZodError(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join(".") : "(root)"}: ${i.message}`)
    .join("; ");
}
