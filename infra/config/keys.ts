import { z } from "zod";
import prices from "../cost/prices.json";

/** Pulumi config namespace of every NeuroPilot key (`neuropilot:<key>` in stacks/Pulumi.<stack>.yaml). */
export const CONFIG_NAMESPACE = "neuropilot";

/** Instance types the project knows a price for; anything else is rejected before a resource is registered. */
export const KNOWN_INSTANCE_TYPES = Object.keys(prices.ec2) as readonly string[];

/** Numeric bounds of a key, used by validation messages, the policy pack defaults and the learner. */
export interface NumericBounds {
  readonly min: number;
  readonly max: number;
}

interface KeySpecBase {
  readonly description: string;
}
export interface NumberKeySpec extends KeySpecBase {
  readonly kind: "number";
  readonly default: number;
  readonly bounds: NumericBounds;
  readonly integer: boolean;
  readonly unit: string;
}
export interface StringKeySpec extends KeySpecBase {
  readonly kind: "string";
  readonly default: string;
  readonly allowed?: readonly string[];
  readonly pattern?: RegExp;
}
export interface BooleanKeySpec extends KeySpecBase {
  readonly kind: "boolean";
  readonly default: boolean;
}
export interface StringListKeySpec extends KeySpecBase {
  readonly kind: "string[]";
  readonly default: readonly string[];
  readonly minItems: number;
  readonly maxItems: number;
  readonly pattern: RegExp;
}
export type KeySpec = NumberKeySpec | StringKeySpec | BooleanKeySpec | StringListKeySpec;

const num = (
  description: string,
  def: number,
  min: number,
  max: number,
  unit: string,
  integer = true,
): NumberKeySpec => ({ kind: "number", description, default: def, bounds: { min, max }, integer, unit });

/**
 * Every tunable key of the web tier: its default, hard bounds and a one-line description.
 * The hard bounds are what the program accepts at all; the policy pack narrows them per environment.
 */
export const WEB_TIER_KEYS = {
  environment: {
    kind: "string",
    description: "Deployment environment; selects policy enforcement (prod = mandatory guardrails).",
    default: "dev",
    allowed: ["dev", "prod"],
  },
  region: {
    kind: "string",
    description: "AWS region of every resource.",
    default: "us-east-1",
    pattern: /^[a-z]{2}(-gov)?-[a-z]+-\d$/,
  },
  availabilityZones: {
    kind: "string[]",
    description: "Availability zones to spread subnets and instances over (no cloud look-up needed at preview).",
    default: ["us-east-1a", "us-east-1b"],
    minItems: 2,
    maxItems: 6,
    pattern: /^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/,
  },
  vpcCidr: {
    kind: "string",
    description: "IPv4 CIDR of the VPC (a /16 to /20); subnets are carved from it.",
    default: "10.40.0.0/16",
    pattern: /^(\d{1,3}\.){3}\d{1,3}\/(1[6-9]|20)$/,
  },
  instanceType: {
    kind: "string",
    description: "EC2 instance type of the web tier (must have a price in infra/cost/prices.json).",
    default: "t3.small",
    allowed: KNOWN_INSTANCE_TYPES,
  },
  minSize: num("Auto Scaling group minimum capacity.", 1, 0, 100, "instances"),
  maxSize: num("Auto Scaling group maximum capacity.", 4, 1, 100, "instances"),
  desiredCapacity: num("Auto Scaling group desired capacity at creation.", 1, 0, 100, "instances"),
  scalingMode: {
    kind: "string",
    description:
      "Scaling controller: step (CPU-high/low alarms with step policies) or target-tracking (a TargetTrackingScaling policy on average CPU); both keep the p95-latency alarm as a scale-out guard.",
    default: "step",
    allowed: ["step", "target-tracking"],
  },
  targetCpuPercent: num(
    "Average CPU % the target-tracking policy keeps the group at (used when scalingMode is target-tracking).",
    70,
    10,
    95,
    "%",
    false,
  ),
  scaleOutCpuThreshold: num("Average CPU % above which the CPU-high alarm adds instances.", 80, 1, 100, "%", false),
  scaleInCpuThreshold: num("Average CPU % below which the CPU-low alarm removes instances.", 30, 0, 99, "%", false),
  latencyThresholdMs: num(
    "Target-group p95 response time (ms) above which the latency alarm fires.",
    500,
    10,
    60_000,
    "ms",
  ),
  alarmPeriodSeconds: num("CloudWatch alarm period in seconds (10, 30 or a multiple of 60).", 60, 10, 86_400, "s"),
  evaluationPeriods: num("Number of periods an alarm evaluates.", 3, 1, 20, "periods"),
  datapointsToAlarm: num("Breaching datapoints among the evaluated periods needed to alarm.", 2, 1, 20, "periods"),
  scaleOutStep: num("Instances added by one scale-out step.", 1, 1, 20, "instances"),
  scaleInStep: num("Instances removed by one scale-in step.", 1, 1, 20, "instances"),
  cooldownSeconds: num("Auto Scaling group default cooldown between scaling activities.", 300, 0, 3_600, "s"),
  instanceWarmupSeconds: num("Seconds before a new instance counts toward the group's metrics.", 180, 0, 3_600, "s"),
  healthCheckPath: {
    kind: "string",
    description: "HTTP path the target group health check requests.",
    default: "/healthz",
    pattern: /^\/[A-Za-z0-9._~\-/]*$/,
  },
  slaTargetPercent: num(
    "Availability SLA: share of minutes meeting latency and error targets, in %.",
    99.95,
    90,
    100,
    "%",
    false,
  ),
  errorRateTargetPercent: num(
    "Largest 5xx share of requests a minute may have and still meet the SLA, in %.",
    1,
    0,
    100,
    "%",
    false,
  ),
  monthlyBudgetUsd: num(
    "Monthly budget of the stack in USD (checked by the cost policy).",
    200,
    1,
    1_000_000,
    "USD",
    false,
  ),
  useNatGateway: {
    kind: "boolean",
    description: "Route private subnets through one NAT gateway (adds its hourly cost).",
    default: true,
  },
  optimizerEnabled: {
    kind: "boolean",
    description: "Kill switch: when false the optimizer observes and reports but never changes config.",
    default: true,
  },
  maxThresholdStepPercent: num(
    "Largest change of a CPU threshold the optimizer may make in one cycle, in points.",
    5,
    0.5,
    20,
    "points",
    false,
  ),
  predictiveScaling: {
    kind: "string",
    description:
      "AWS predictive scaling policy on ASG CPU: off, forecast-only (forecasts, no action) or forecast-and-scale.",
    default: "off",
    allowed: ["off", "forecast-only", "forecast-and-scale"],
  },
  changeCooldownHours: num("Minimum hours between two threshold changes made by the optimizer.", 6, 0, 168, "h", false),
} as const satisfies Record<string, KeySpec>;

export type WebTierKey = keyof typeof WEB_TIER_KEYS;

/** The full stack-config key of a NeuroPilot key, e.g. `neuropilot:scaleOutCpuThreshold`. */
export function stackKey(key: string): string {
  return `${CONFIG_NAMESPACE}:${key}`;
}

/** The zod schema of one key, with its bounds and allowed values, producing messages that name the range. */
export function keySchema(spec: KeySpec): z.ZodType {
  switch (spec.kind) {
    case "number": {
      const { min, max } = spec.bounds;
      let s = z.coerce.number({ error: `must be a number in [${min}, ${max}] ${spec.unit}` });
      s = s.min(min, { error: `must be ≥ ${min} (allowed range ${min}–${max} ${spec.unit})` });
      s = s.max(max, { error: `must be ≤ ${max} (allowed range ${min}–${max} ${spec.unit})` });
      if (spec.integer) s = s.int({ error: `must be a whole number in [${min}, ${max}] ${spec.unit}` });
      return s;
    }
    case "string": {
      let s = z.string({ error: "must be a string" });
      if (spec.pattern) s = s.regex(spec.pattern, { error: `must match ${String(spec.pattern)}` });
      if (spec.allowed) {
        const allowed = spec.allowed;
        return s.refine((v) => allowed.includes(v), { error: `must be one of: ${allowed.join(", ")}` });
      }
      return s;
    }
    case "boolean":
      return z.preprocess(
        (v) => (v === "true" ? true : v === "false" ? false : v),
        z.boolean({ error: "must be true or false" }),
      );
    case "string[]":
      return z.preprocess(
        (v) => (typeof v === "string" && v.trim().startsWith("[") ? JSON.parse(v) : v),
        z
          .array(z.string().regex(spec.pattern, { error: `must match ${String(spec.pattern)}` }), {
            error: "must be a list of strings",
          })
          .min(spec.minItems, {
            error: `must list at least ${spec.minItems} entries (allowed ${spec.minItems}–${spec.maxItems})`,
          })
          .max(spec.maxItems, {
            error: `must list at most ${spec.maxItems} entries (allowed ${spec.minItems}–${spec.maxItems})`,
          })
          .refine((a) => new Set(a).size === a.length, { error: "must not repeat an entry" }),
      );
  }
}
