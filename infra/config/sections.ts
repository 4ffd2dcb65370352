import { z } from "zod";
import { capacityScheduleSection } from "./schedule";

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
    /** Retries after a 5xx, 429 or network error (exponential backoff); 4xx and timeouts are not retried. */
    retries: z.number().int().min(0).max(10).default(3),
    /** First backoff delay; doubles on each retry (a Retry-After header wins when longer). */
    retryBaseDelayMs: z.number().int().min(0).max(60_000).default(500),
    /** Points per series per request; Prometheus refuses more than 11,000, longer ranges are split. */
    maxPointsPerRequest: z.number().int().min(2).max(11_000).default(11_000),
    /**
     * PromQL of each signal (one series each). `$stack` is replaced by the stack name and `$name` by
     * `queryVariables.name`, as a quoted-string-safe value. Defaults assume node_exporter and the CloudWatch
     * exporter, each scrape job labelling its series with `stack="<stack name>"`.
     */
    queries: z
      .object({
        cpu: z.string().min(1).default('100 * (1 - avg(rate(node_cpu_seconds_total{mode="idle",stack="$stack"}[5m])))'),
        p95LatencyMs: z
          .string()
          .min(1)
          .default('1000 * max(aws_applicationelb_target_response_time_p95{stack="$stack"})'),
        requestRate: z.string().min(1).default('sum(aws_applicationelb_request_count_sum{stack="$stack"}) / 60'),
        errorRate: z
          .string()
          .min(1)
          .default(
            '100 * (sum(aws_applicationelb_httpcode_target_5_xx_count_sum{stack="$stack"}) or vector(0))' +
              ' / clamp_min(sum(aws_applicationelb_request_count_sum{stack="$stack"}), 1)',
          ),
        inService: z.string().min(1).default('sum(aws_autoscaling_group_in_service_instances_average{stack="$stack"})'),
      })
      .strict()
      .prefault({}),
    /** Signals whose query returns a raw counter: converted to a per-second rate, counter resets handled. */
    counterSignals: z.array(z.enum(["cpu", "p95LatencyMs", "requestRate", "errorRate", "inService"])).default([]),
    /** Extra `$name` placeholders for the queries (e.g. `{ "asg": "web-asg-1a2b" }`). */
    queryVariables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
    /** Interior gaps up to this many steps are linearly interpolated; longer gaps stay missing. */
    maxInterpolatedGapPoints: z.number().int().min(0).max(60).default(5),
    /** A signal with more missing points than this fraction of its window is a blocking data-quality issue. */
    maxMissingFraction: z.number().min(0).max(1).default(0.1),
    /**
     * A signal whose newest sample is older than this (before the window end) is stale: blocking. 900 s
     * tolerates the CloudWatch exporter's samples arriving ~10 minutes late (its delay_seconds); raise it
     * if the exporter lags more.
     */
    staleAfterSeconds: z.number().int().min(60).max(86_400).default(900),
  })
  .strict();

/** Anomaly detection sensitivity and windows (docs/anomaly-detection.md explains each one). */
export const detectionSection = z
  .object({
    /** 0 (quiet) … 1 (sensitive): lowers the score and deviation a point needs for each severity. */
    sensitivity: z.number().min(0).max(1).default(0.5),
    /** Points in the rolling window of the robust (median/MAD) z-score. */
    windowPoints: z.number().int().min(8).max(10_000).default(150),
    seed: z.number().int().default(42),
    /** Weight of the newest point in the EWMA control chart's fast mean (λ). */
    ewmaLambda: z.number().gt(0).max(1).default(0.2),
    /** Learning rate of the EWMA chart's baseline mean and variance. */
    ewmaBaselineAlpha: z.number().gt(0).max(1).default(0.01),
    /** Learning rate of each seasonal (hour-of-week / hour-of-day) bucket. */
    seasonalAlpha: z.number().gt(0).max(1).default(0.05),
    /** Values a seasonal bucket needs before it is trusted. */
    seasonalMinBucketPoints: z.number().int().min(1).max(1000).default(6),
    /** Centroids of the k-means model over feature windows. */
    kmeansClusters: z.number().int().min(2).max(64).default(8),
    /** Streaming without a trained model: first online fit after this many points, then every kmeansRetrainEvery. */
    kmeansTrainAfter: z.number().int().min(48).max(100_000).default(300),
    kmeansRetrainEvery: z.number().int().min(10).max(100_000).default(500),
    /** Most recent feature vectors kept for online fits (bounded memory). */
    kmeansBufferPoints: z.number().int().min(48).max(100_000).default(2000),
    /** Points each detector observes before its deviations count towards the novelty score. */
    warmupPoints: z.number().int().min(0).max(100_000).default(100),
    /** Half-life (points) of the memory of past deviations that a new deviation is compared with. */
    noveltyHalfLifePoints: z.number().int().min(10).max(1_000_000).default(2000),
    /** After the warm-up, one point raises a detector's remembered maximum deviation by at most this factor. */
    noveltyMaxGrowth: z.number().gt(1).max(1_000_000).default(1.3),
    /** Contextual novelty: equal-width bins over the range of the first contextRangePoints values (coarsest scale). */
    contextBins: z.number().int().min(2).max(1000).default(16),
    /** Contextual novelty: resolutions averaged (contextBins, 2×, 4×, …). */
    contextScales: z.number().int().min(1).max(4).default(2),
    /** Contextual novelty: a context is the sequence of this many consecutive bins. */
    contextLength: z.number().int().min(1).max(4).default(2),
    /** Contextual novelty: values that set the bin range (the detector is silent until then). */
    contextRangePoints: z.number().int().min(2).max(100_000).default(750),
    /** Share of the score a familiar context can take away: score = magnitude score × (1 − w + w × context novelty). */
    contextWeight: z.number().min(0).max(1).default(0.5),
    /** Alarm score: a point reports 0 unless its score beats every score of this many previous points (0 = off). */
    repeatSuppressionPoints: z.number().int().min(0).max(10_000).default(30),
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
    /** Spacing (points) of the threshold grid the learner and the oracle search; moves never exceed maxThresholdStepPercent. */
    gridStepPercent: z.number().min(0.5).max(20).default(5),
    /** Consecutive SLA-meeting cycles at a pair before it counts as safe (4 × 6 h = one full day of load). */
    confirmCycles: z.number().int().min(1).max(56).default(4),
    /** Safe cycles that suffice while a pair is two grid steps or more inside the no-flap limit and the CPU ceiling. */
    fastConfirmCycles: z.number().int().min(1).max(56).default(1),
    /** The learner raises scale-out only while the pair's highest observed 5-minute CPU plus the raise stays at or below this… */
    safeCpuCeilingPercent: z.number().min(50).max(100).default(92),
    /** …and the pair's highest 5-minute p95 latency is at most this share of latencyThresholdMs. */
    latencyHeadroomShare: z.number().min(0).max(1).default(0.7),
    /** No-flap rule: the CPU a fleet reaches right after a scale-in must stay this many points under safeCpuCeilingPercent. */
    flapMarginPercent: z.number().min(0).max(50).default(5),
    /** A pair that missed the SLA with this many bad minutes in one cycle (or missed in two cycles) is marked unsafe. */
    severeMissMinutes: z.number().int().min(1).max(1440).default(2),
    /** Days the optimizer does not propose a setting again after a person reverted it (0: no hold). */
    manualHoldDays: z.number().min(0).max(365).default(14),
    /** Band of `targetCpuPercent` the learner may explore in target-tracking mode (∩ the key's hard bounds). */
    targetCpuBand: z.tuple([z.number().min(1).max(100), z.number().min(1).max(100)]).default([40, 90]),
    /** CPU target (%) of the target-tracking baseline policy. */
    targetTrackingCpuPercent: z.number().min(10).max(95).default(50),
    /** Digital twin of the web tier: service model of one instance (the rest comes from the web-tier keys). */
    twin: z
      .object({
        /** Concurrent request workers per instance (servers of the M/M/c queue per instance). */
        workersPerInstance: z.number().int().min(1).max(256).default(4),
        /** Mean service time of one request (ms); capacity per instance = workers / service time. */
        serviceTimeMs: z.number().min(1).max(10_000).default(50),
        /** CPU % of an idle instance. */
        idleCpuPercent: z.number().min(0).max(50).default(2),
        /** p95 latency (ms) reported for a minute in which load exceeds capacity (requests time out). */
        overloadLatencyMs: z.number().min(100).max(600_000).default(10_000),
        /** Peak request rate of built-in traces, as a share of the fleet's capacity at maxSize. */
        defaultPeakUtilisation: z.number().min(0.05).max(1.5).default(0.6),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** Forecast methods (optimizer/forecast/methods.ts); the default is chosen by scripts/bench/forecast.ts. */
export const FORECAST_METHODS = ["seasonal-profile", "holt-winters", "seasonal-naive"] as const;

/** Load forecast and capacity schedule (docs/forecast.md). */
export const forecastSection = z
  .object({
    /** Write a capacity schedule from the forecast (the runner, at most once a day); false = reactive only. */
    enabled: z.boolean().default(false),
    method: z.enum(FORECAST_METHODS).default("seasonal-profile"),
    horizonHours: z.number().int().min(24).max(48).default(48),
    /** Days of history each forecast uses (AWS predictive scaling uses up to 14). */
    historyDays: z.number().int().min(1).max(14).default(14),
    /** Fewer days of usable history: no schedule ("history too short"), reactive only. */
    minHistoryDays: z.number().int().min(1).max(14).default(3),
    /** Quantile of the backtest errors that sets the forecast's upper bound. */
    upperQuantile: z.number().min(0.5).max(0.999).default(0.95),
    /** Backtest MAPE above this: the schedule is withdrawn (reactive only), and the report says why. */
    maxMapePercent: z.number().min(1).max(200).default(25),
    /** Share of backtest hours above the upper bound beyond which the schedule is withdrawn. */
    maxAboveUpperShare: z.number().min(0).max(1).default(0.15),
    /** Most scheduled actions on one day (the policy pack enforces its own limit too). */
    maxActionsPerDay: z.number().int().min(1).max(48).default(12),
  })
  .strict();

export const SECTIONS = {
  metrics: metricsSection,
  detection: detectionSection,
  learning: learningSection,
  forecast: forecastSection,
  capacitySchedule: capacityScheduleSection,
} as const;

export type MetricsConfig = z.output<typeof metricsSection>;
export type DetectionConfig = z.output<typeof detectionSection>;
export type LearningConfig = z.output<typeof learningSection>;
export type ForecastConfig = z.output<typeof forecastSection>;
