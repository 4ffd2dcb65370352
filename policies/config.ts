import type { EnforcementLevel } from "@pulumi/policy";
import { KNOWN_INSTANCE_TYPES, type StackConfig } from "../infra/config";
import { POLICY_NAMES, POLICY_SETTINGS, type Environment, type PolicyName, type PolicySettings } from "./settings";

/** One policy's entry in a policy pack config file: the engine's enforcement level plus the policy's bounds. */
export type PolicyConfigEntry<K extends PolicyName> = { enforcementLevel: EnforcementLevel } & PolicySettings<K>;

/** A whole policy pack config (`--policy-pack-config <file>` / Automation API `policyPackConfigs`). */
export type PackConfig = { [K in PolicyName]: PolicyConfigEntry<K> };

/** Families and sizes of every instance type that has a price in infra/cost/prices.json. */
function pricedFamilies(filter: (family: string) => boolean = () => true): { families: string[]; sizes: string[] } {
  const families = new Set<string>();
  const sizes = new Set<string>();
  for (const t of KNOWN_INSTANCE_TYPES) {
    const [family, size] = t.split(".");
    if (!filter(family)) continue;
    families.add(family);
    sizes.add(size);
  }
  return { families: [...families].sort(), sizes: [...sizes].sort() };
}

const isBurstable = (family: string) => /^t\d/.test(family);

/**
 * What differs between environments. Everything else comes from the stack's own config (learning band, minimum
 * hysteresis, budget). prod: mandatory guardrails, ≥ 2 instances over 3 zones, no burstable (t*) instances (CPU
 * credits make CPU thresholds meaningless), a tighter reaction window; dev: advisory, 1 instance over 2 zones.
 */
export const ENVIRONMENT_PROFILES = {
  dev: {
    enforcementLevel: "advisory",
    minInstances: 1,
    minZones: 2,
    minEvaluationPeriods: 1,
    maxEvaluationPeriods: 10,
    minDatapointsToAlarm: 1,
    maxWindowSeconds: 1_800,
    healthCheck: {
      minIntervalSeconds: 5,
      maxIntervalSeconds: 60,
      maxHealthyThreshold: 5,
      maxUnhealthyThreshold: 5,
      maxDetectionSeconds: 300,
    },
    maxLatencyThresholdMs: 2_000,
    minHeadroomInstances: 1,
    minHeadroomPercent: 50,
    maxInstances: 10,
    budgetBasis: "max",
    instanceTypes: pricedFamilies(),
    allowedPublicPorts: [80, 443],
    maxGracePeriodSeconds: 600,
    maxScaleOutStep: 5,
    maxScaleInStep: 2,
  },
  prod: {
    enforcementLevel: "mandatory",
    minInstances: 2,
    minZones: 3,
    minEvaluationPeriods: 2,
    maxEvaluationPeriods: 5,
    minDatapointsToAlarm: 2,
    maxWindowSeconds: 600,
    healthCheck: {
      minIntervalSeconds: 5,
      maxIntervalSeconds: 30,
      maxHealthyThreshold: 5,
      maxUnhealthyThreshold: 3,
      maxDetectionSeconds: 90,
    },
    maxLatencyThresholdMs: 1_000,
    minHeadroomInstances: 2,
    minHeadroomPercent: 100,
    maxInstances: 30,
    budgetBasis: "max",
    instanceTypes: pricedFamilies((f) => !isBurstable(f)),
    allowedPublicPorts: [80, 443],
    maxGracePeriodSeconds: 300,
    maxScaleOutStep: 5,
    maxScaleInStep: 1,
  },
} as const satisfies Record<Environment, unknown>;

/**
 * The policy pack config of one stack: prod → mandatory, dev → advisory; bounds per environment; CPU band and
 * minimum hysteresis from the stack's `neuropilot:learning`; budget from `neuropilot:monthlyBudgetUsd`.
 * Pure. Throws naming the policy and key if a produced bound falls outside the policy's config schema.
 */
export function policyConfigFor(stack: StackConfig): PackConfig {
  const env = stack.environment;
  const p = ENVIRONMENT_PROFILES[env];
  const [bandLo, bandHi] = stack.learning.scaleOutBand;
  const settings: { [K in PolicyName]: PolicySettings<K> } = {
    "asg-min-capacity": { environment: env, minInstances: p.minInstances },
    "asg-subnet-count": { environment: env, minZones: p.minZones },
    "asg-zone-spread": { environment: env, minZones: p.minZones },
    "scale-out-cpu-band": { environment: env, minPercent: bandLo, maxPercent: bandHi },
    "scaling-hysteresis": { environment: env, minGapPoints: stack.learning.minHysteresis },
    "alarm-evaluation-window": {
      environment: env,
      minEvaluationPeriods: p.minEvaluationPeriods,
      maxEvaluationPeriods: p.maxEvaluationPeriods,
      minDatapointsToAlarm: p.minDatapointsToAlarm,
      maxWindowSeconds: p.maxWindowSeconds,
    },
    "target-group-health-check": { environment: env, ...p.healthCheck },
    "latency-alarm-present": { environment: env, maxThresholdMs: p.maxLatencyThresholdMs },
    "asg-capacity-headroom": {
      environment: env,
      minHeadroomInstances: p.minHeadroomInstances,
      minHeadroomPercent: p.minHeadroomPercent,
    },
    "target-tracking-cpu-band": {
      environment: env,
      minPercent: stack.learning.targetCpuBand[0],
      maxPercent: stack.learning.targetCpuBand[1],
    },
    "target-tracking-latency-guard": { environment: env },
    "monthly-budget": { environment: env, monthlyBudgetUsd: stack.monthlyBudgetUsd, basis: p.budgetBasis },
    "allowed-instance-types": {
      environment: env,
      allowedFamilies: [...p.instanceTypes.families],
      allowedSizes: [...p.instanceTypes.sizes],
    },
    "asg-max-capacity-cap": { environment: env, maxInstances: p.maxInstances },
    "capacity-schedule-bounds": {
      environment: env,
      maxScheduledInstances: Math.min(p.maxInstances, stack.maxSize),
      maxActionsPerDay: stack.forecast.maxActionsPerDay,
    },
    "launch-template-imdsv2": { environment: env },
    "public-ingress-ports": { environment: env, allowedPublicPorts: [...p.allowedPublicPorts] },
    "asg-elb-health-check": { environment: env, maxGracePeriodSeconds: p.maxGracePeriodSeconds },
    "scaling-step-limit": { environment: env, maxScaleOutStep: p.maxScaleOutStep, maxScaleInStep: p.maxScaleInStep },
  };
  const out = {} as Record<PolicyName, unknown>;
  for (const name of POLICY_NAMES) {
    const r = POLICY_SETTINGS[name].safeParse(settings[name]);
    if (!r.success)
      throw new Error(
        `policy config for ${env}: ${r.error.issues.map((i) => `${name}.${i.path.join(".")}: ${i.message}`).join("; ")}`,
      );
    out[name] = { enforcementLevel: p.enforcementLevel, ...r.data };
  }
  return out as PackConfig;
}

/** The bounds of every policy in a pack config (the config without the enforcement levels). */
export function settingsFrom(config: PackConfig): { [K in PolicyName]: PolicySettings<K> } {
  const out = {} as Record<PolicyName, unknown>;
  for (const name of POLICY_NAMES) {
    const { enforcementLevel: _level, ...rest } = config[name];
    out[name] = rest;
  }
  return out as { [K in PolicyName]: PolicySettings<K> };
}
