import { z } from "zod";

/*
 * Structured sections of the stack config, each one object-valued key (`neuropilot:metrics`, …).
 * Every field has a default so a stack file only lists what it changes.
 * Owners: metrics → optimizer/metrics, detection → optimizer/detect, learning → optimizer/learn.
 */

/** Prometheus source and the PromQL of each signal the optimizer reads. */
export const metricsSection = z
  .object({
    /** Base URL of the Prometheus HTTP API, or of Grafana's data-source proxy to it. */
    prometheusUrl: z.url().default("http://127.0.0.1:9090"),
    /** Name of the environment variable holding a bearer token (never the token itself). */
    bearerTokenEnv: z.string().default("NEUROPILOT_PROMETHEUS_TOKEN"),
    /** Names of the environment variables holding basic-auth credentials. */
    basicAuthUserEnv: z.string().default("NEUROPILOT_PROMETHEUS_USER"),
    basicAuthPasswordEnv: z.string().default("NEUROPILOT_PROMETHEUS_PASSWORD"),
    stepSeconds: z.number().int().min(1).max(3600).default(60),
    timeoutMs: z.number().int().min(100).max(300_000).default(10_000),
    historyDays: z.number().int().min(1).max(90).default(14),
  })
  .strict();

/** Anomaly detection sensitivity and windows. */
export const detectionSection = z
  .object({
    /** 0 (quiet) … 1 (sensitive): scales every detector's threshold. */
    sensitivity: z.number().min(0).max(1).default(0.5),
    /** Points in the rolling windows of the robust z-score and volatility features. */
    windowPoints: z.number().int().min(8).max(10_000).default(60),
    seed: z.number().int().default(42),
  })
  .strict();

/** Threshold learning: cycle length and the band the learner may explore. */
export const learningSection = z
  .object({
    cycleHours: z.number().min(1).max(168).default(6),
    scaleOutBand: z.tuple([z.number().min(1).max(100), z.number().min(1).max(100)]).default([50, 90]),
    scaleInBand: z.tuple([z.number().min(0).max(99), z.number().min(0).max(99)]).default([10, 60]),
    /** Smallest gap (points) kept between scale-out and scale-in thresholds. */
    minHysteresis: z.number().min(1).max(80).default(15),
    seed: z.number().int().default(7),
  })
  .strict();

export const SECTIONS = {
  metrics: metricsSection,
  detection: detectionSection,
  learning: learningSection,
} as const;

export type MetricsConfig = z.output<typeof metricsSection>;
export type DetectionConfig = z.output<typeof detectionSection>;
export type LearningConfig = z.output<typeof learningSection>;
