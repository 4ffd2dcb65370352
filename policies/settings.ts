import { z } from "zod";
import { boundsOf, learningSection, WEB_TIER_KEYS, type WebTierKey } from "../infra/config";

/*
 * The configurable bounds of every guardrail: one zod object per policy, keyed by policy name. The JSON schema the
 * engine validates policy config against (each policy's configSchema) is generated from these, and the values are
 * produced per stack by policyConfigFor (policies/config.ts). Ranges come from the one typed config module.
 */

const environment = z
  .enum(["dev", "prod"])
  .describe("Environment the bounds are set for (dev or prod); named in every violation message.");

/** A whole number inside the hard bounds of a stack key (a policy bound can never ask for an impossible value). */
function withinKey(key: WebTierKey, description: string, min?: number): z.ZodNumber {
  const b = boundsOf(key);
  return z
    .number()
    .int()
    .min(min ?? b.min)
    .max(b.max)
    .describe(description);
}

const percent = (description: string) => z.number().min(0).max(100).describe(description);
const zones = (description: string) =>
  z.number().int().min(1).max(WEB_TIER_KEYS.availabilityZones.maxItems).describe(description);
const hysteresisBounds = learningSection.shape.minHysteresis.unwrap();

export const POLICY_SETTINGS = {
  // ── SLA ──────────────────────────────────────────────────────────────────────────────────────────────────────
  "asg-min-capacity": z.object({
    environment,
    minInstances: withinKey("minSize", "Smallest allowed Auto Scaling group minSize (instances)."),
  }),
  "asg-subnet-count": z.object({
    environment,
    minZones: zones("Fewest subnets (one per zone) the Auto Scaling group must span."),
  }),
  "asg-zone-spread": z.object({
    environment,
    minZones: zones("Fewest distinct availability zones among the Auto Scaling group's subnets."),
  }),
  "scale-out-cpu-band": z.object({
    environment,
    minPercent: percent("Lowest allowed scale-out CPU threshold (%)."),
    maxPercent: percent("Highest allowed scale-out CPU threshold (%)."),
  }),
  "scaling-hysteresis": z.object({
    environment,
    minGapPoints: z
      .number()
      .min(hysteresisBounds.minValue ?? 1)
      .max(hysteresisBounds.maxValue ?? 80)
      .describe("Smallest gap (CPU points) between the scale-out and scale-in thresholds."),
  }),
  "alarm-evaluation-window": z.object({
    environment,
    minEvaluationPeriods: withinKey("evaluationPeriods", "Fewest periods an alarm may evaluate."),
    maxEvaluationPeriods: withinKey("evaluationPeriods", "Most periods an alarm may evaluate."),
    minDatapointsToAlarm: withinKey("datapointsToAlarm", "Fewest breaching datapoints an alarm may need."),
    maxWindowSeconds: z
      .number()
      .int()
      .min(10)
      .max(86_400)
      .describe("Longest evaluation window (period × evaluation periods, seconds): the slowest allowed reaction."),
  }),
  "target-group-health-check": z.object({
    environment,
    minIntervalSeconds: z.number().int().min(5).max(300).describe("Shortest allowed health check interval (s)."),
    maxIntervalSeconds: z.number().int().min(5).max(300).describe("Longest allowed health check interval (s)."),
    maxHealthyThreshold: z
      .number()
      .int()
      .min(2)
      .max(10)
      .describe("Most consecutive successes before a target is healthy."),
    maxUnhealthyThreshold: z
      .number()
      .int()
      .min(2)
      .max(10)
      .describe("Most consecutive failures before a target is unhealthy."),
    maxDetectionSeconds: z
      .number()
      .int()
      .min(10)
      .max(3_000)
      .describe("Longest time to take a failed target out (interval × unhealthy threshold, s)."),
  }),
  "latency-alarm-present": z.object({
    environment,
    maxThresholdMs: withinKey("latencyThresholdMs", "Highest allowed threshold of the TargetResponseTime alarm (ms)."),
  }),
  "asg-capacity-headroom": z.object({
    environment,
    minHeadroomInstances: withinKey("maxSize", "Fewest instances maxSize must exceed the desired capacity by.", 0),
    minHeadroomPercent: z
      .number()
      .min(0)
      .max(1_000)
      .describe("Smallest headroom of maxSize over the desired capacity, in % of desired."),
  }),
  "target-tracking-cpu-band": z.object({
    environment,
    minPercent: percent("Lowest allowed target-tracking CPU target (%)."),
    maxPercent: percent("Highest allowed target-tracking CPU target (%)."),
  }),
  "target-tracking-latency-guard": z.object({ environment }),
  // ── cost ─────────────────────────────────────────────────────────────────────────────────────────────────────
  "monthly-budget": z.object({
    environment,
    monthlyBudgetUsd: z
      .number()
      .min(boundsOf("monthlyBudgetUsd").min)
      .max(boundsOf("monthlyBudgetUsd").max)
      .describe("Monthly budget of the stack in USD (from neuropilot:monthlyBudgetUsd)."),
    basis: z
      .enum(["max", "expected"])
      .describe("Which estimate must fit the budget: max (group at max capacity all month) or expected (desired)."),
  }),
  "allowed-instance-types": z.object({
    environment,
    allowedFamilies: z.array(z.string().min(1)).min(1).describe("Allowed instance families (e.g. m6i)."),
    allowedSizes: z.array(z.string().min(1)).min(1).describe("Allowed instance sizes (e.g. large)."),
  }),
  "asg-max-capacity-cap": z.object({
    environment,
    maxInstances: withinKey("maxSize", "Largest allowed Auto Scaling group maxSize (instances)."),
  }),
  // ── proactive capacity ───────────────────────────────────────────────────────────────────────────────────────
  "capacity-schedule-bounds": z.object({
    environment,
    maxScheduledInstances: withinKey("maxSize", "Largest minimum a scheduled action may set (instances)."),
    maxActionsPerDay: z.number().int().min(1).max(48).describe("Most scheduled actions that may fire on one day."),
  }),
  // ── safety ───────────────────────────────────────────────────────────────────────────────────────────────────
  "launch-template-imdsv2": z.object({ environment }),
  "public-ingress-ports": z.object({
    environment,
    allowedPublicPorts: z
      .array(z.number().int().min(0).max(65_535))
      .describe("TCP ports that may be open to 0.0.0.0/0 or ::/0."),
  }),
  "asg-elb-health-check": z.object({
    environment,
    maxGracePeriodSeconds: z
      .number()
      .int()
      .min(0)
      .max(7_200)
      .describe("Longest health check grace period of an Auto Scaling group behind a load balancer (s)."),
  }),
  "scaling-step-limit": z.object({
    environment,
    maxScaleOutStep: withinKey("scaleOutStep", "Most instances one scale-out step may add."),
    maxScaleInStep: withinKey("scaleInStep", "Most instances one scale-in step may remove."),
  }),
} as const;

export type PolicyName = keyof typeof POLICY_SETTINGS;
export type PolicySettings<K extends PolicyName> = z.output<(typeof POLICY_SETTINGS)[K]>;
export type Environment = z.output<typeof environment>;

export const POLICY_NAMES = Object.keys(POLICY_SETTINGS) as PolicyName[];

/** Stack config keys (without the `neuropilot:` namespace) that move each guarded value: the usual fix. */
export const POLICY_STACK_KEYS: { readonly [K in PolicyName]: readonly string[] } = {
  "asg-min-capacity": ["minSize"],
  "asg-subnet-count": ["availabilityZones"],
  "asg-zone-spread": ["availabilityZones"],
  "scale-out-cpu-band": ["scaleOutCpuThreshold", "learning.scaleOutBand"],
  "scaling-hysteresis": ["scaleInCpuThreshold", "scaleOutCpuThreshold", "learning.minHysteresis"],
  "alarm-evaluation-window": ["evaluationPeriods", "datapointsToAlarm", "alarmPeriodSeconds"],
  "target-group-health-check": ["healthCheckPath"],
  "latency-alarm-present": ["latencyThresholdMs"],
  "asg-capacity-headroom": ["maxSize", "desiredCapacity"],
  "target-tracking-cpu-band": ["targetCpuPercent", "learning.targetCpuBand"],
  "target-tracking-latency-guard": ["scalingMode"],
  "monthly-budget": ["monthlyBudgetUsd", "maxSize", "instanceType"],
  "allowed-instance-types": ["instanceType"],
  "asg-max-capacity-cap": ["maxSize"],
  "capacity-schedule-bounds": ["capacitySchedule", "forecast.maxActionsPerDay"],
  "launch-template-imdsv2": [],
  "public-ingress-ports": [],
  "asg-elb-health-check": [],
  "scaling-step-limit": ["scaleOutStep", "scaleInStep"],
};
