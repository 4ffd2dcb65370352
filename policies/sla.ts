import * as aws from "@pulumi/aws";
import { validateResourceOfType, type ResourceValidationPolicy, type StackValidationPolicy } from "@pulumi/policy";
import { stackKey } from "../infra/config";
import { configSchemaOf, defaultLevelOf, settingsOf } from "./lib/policyConfig";
import { asStackResource, dependenciesOf, label, ofType, tryRead, TYPES, type StackResource } from "./lib/resources";
import { violationMessage } from "./lib/violation";

/*
 * SLA guardrails: capacity, zone spread, scaling thresholds and alarms that keep the web tier inside its
 * availability and latency targets. Mandatory in prod, advisory in dev (policy config from policyConfigFor).
 */

const LB_SOURCE = "infra/components/loadBalancer.ts";
const ASG = TYPES.autoScalingGroup;

export const asgMinCapacity: ResourceValidationPolicy = {
  name: "asg-min-capacity",
  description:
    "Auto Scaling group minSize must be at least the environment's floor: below it, one instance failure or " +
    "replacement leaves no capacity serving and the availability SLA is broken.",
  enforcementLevel: defaultLevelOf("asg-min-capacity"),
  configSchema: configSchemaOf("asg-min-capacity"),
  validateResource: validateResourceOfType(aws.autoscaling.Group, (asg, args, report) => {
    const s = settingsOf("asg-min-capacity", args.getConfig());
    if (asg.minSize < s.minInstances)
      report(
        violationMessage({
          resource: label(args.type, args.name),
          what: "minSize",
          value: asg.minSize,
          bound: `≥ ${s.minInstances} instances`,
          environment: s.environment,
          stackKey: stackKey("minSize"),
          policyKey: "asg-min-capacity.minInstances",
        }),
      );
  }),
};

export const asgSubnetCount: ResourceValidationPolicy = {
  name: "asg-subnet-count",
  description:
    "Auto Scaling group must span at least N subnets (one per availability zone): a group in fewer zones goes " +
    "down with a single zone outage.",
  enforcementLevel: defaultLevelOf("asg-subnet-count"),
  configSchema: configSchemaOf("asg-subnet-count"),
  validateResource: validateResourceOfType(aws.autoscaling.Group, (asg, args, report) => {
    const s = settingsOf("asg-subnet-count", args.getConfig());
    const count = Math.max(asg.vpcZoneIdentifiers?.length ?? 0, asg.availabilityZones?.length ?? 0);
    if (count < s.minZones)
      report(
        violationMessage({
          resource: label(args.type, args.name),
          what: "number of subnets in vpcZoneIdentifiers",
          value: count,
          bound: `≥ ${s.minZones}`,
          environment: s.environment,
          stackKey: stackKey("availabilityZones"),
          policyKey: "asg-subnet-count.minZones",
        }),
      );
  }),
};

/** Distinct availability zones of the subnets an Auto Scaling group launches into (undefined: not resolvable). */
export function zonesOfGroup(asg: StackResource): string[] | undefined {
  const subnets = dependenciesOf(asg, "vpcZoneIdentifiers", TYPES.subnet);
  const direct = tryRead(() => asg.props.availabilityZones as string[] | undefined);
  if (subnets.length === 0 && !direct?.length) return undefined;
  const zones = new Set<string>(direct ?? []);
  for (const s of subnets) {
    const az = tryRead(() => s.props.availabilityZone as string | undefined);
    if (typeof az === "string") zones.add(az);
  }
  return [...zones].sort();
}

export const asgZoneSpread: StackValidationPolicy = {
  name: "asg-zone-spread",
  description:
    "The subnets of an Auto Scaling group must lie in at least N distinct availability zones: several subnets " +
    "in one zone look redundant but fail together.",
  enforcementLevel: defaultLevelOf("asg-zone-spread"),
  configSchema: configSchemaOf("asg-zone-spread"),
  validateStack: (args, report) => {
    const s = settingsOf("asg-zone-spread", args.getConfig());
    for (const asg of ofType(args.resources.map(asStackResource), ASG)) {
      const zones = zonesOfGroup(asg);
      if (zones === undefined || zones.length >= s.minZones) continue;
      report(
        violationMessage({
          resource: label(asg.type, asg.name),
          what: "distinct availability zones of its subnets",
          value: zones,
          bound: `≥ ${s.minZones} zones`,
          environment: s.environment,
          stackKey: stackKey("availabilityZones"),
          policyKey: "asg-zone-spread.minZones",
        }),
        asg.urn,
      );
    }
  },
};

/** The fields of a CloudWatch metric alarm the SLA guardrails read. */
interface AlarmProps {
  metricName?: string;
  namespace?: string;
  comparisonOperator?: string;
  threshold?: number;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  period?: number;
  alarmActions?: unknown[];
}

const isCpuAlarm = (a: AlarmProps) => a.metricName === "CPUUtilization";
const isHigh = (a: AlarmProps) => (a.comparisonOperator ?? "").startsWith("GreaterThan");
const isLow = (a: AlarmProps) => (a.comparisonOperator ?? "").startsWith("LessThan");

export const scaleOutCpuBand: ResourceValidationPolicy = {
  name: "scale-out-cpu-band",
  description:
    "The scale-out CPU threshold must stay inside the allowed band: too high and the tier saturates before it " +
    "grows (latency SLA), too low and it over-provisions (cost).",
  enforcementLevel: defaultLevelOf("scale-out-cpu-band"),
  configSchema: configSchemaOf("scale-out-cpu-band"),
  validateResource: validateResourceOfType(aws.cloudwatch.MetricAlarm, (alarm, args, report) => {
    const a = alarm as AlarmProps;
    if (!isCpuAlarm(a) || !isHigh(a) || a.threshold === undefined) return;
    const s = settingsOf("scale-out-cpu-band", args.getConfig());
    if (a.threshold < s.minPercent || a.threshold > s.maxPercent)
      report(
        violationMessage({
          resource: label(args.type, args.name),
          what: "scale-out CPU threshold (%)",
          value: a.threshold,
          bound: `within [${s.minPercent}, ${s.maxPercent}]`,
          environment: s.environment,
          stackKey: stackKey("scaleOutCpuThreshold"),
          policyKey: "scale-out-cpu-band.minPercent / scale-out-cpu-band.maxPercent",
        }),
      );
  }),
};

/** Key pairing a CPU alarm with its Auto Scaling group: the group's URN, else the dimension value, else "*". */
function groupKeyOf(alarm: StackResource): string {
  const asg = dependenciesOf(alarm, "dimensions", ASG)[0];
  if (asg) return asg.urn;
  const dim = tryRead(() => (alarm.props.dimensions as Record<string, string> | undefined)?.AutoScalingGroupName);
  return typeof dim === "string" ? dim : "*";
}

export const scalingHysteresis: StackValidationPolicy = {
  name: "scaling-hysteresis",
  description:
    "The scale-in CPU threshold must sit at least G points below the scale-out threshold of the same group: " +
    "with a smaller gap, removing one instance pushes CPU over the scale-out line and the group flaps.",
  enforcementLevel: defaultLevelOf("scaling-hysteresis"),
  configSchema: configSchemaOf("scaling-hysteresis"),
  validateStack: (args, report) => {
    const s = settingsOf("scaling-hysteresis", args.getConfig());
    const groups = new Map<string, { high: StackResource[]; low: StackResource[] }>();
    for (const r of ofType(args.resources.map(asStackResource), TYPES.metricAlarm)) {
      const a = r.props as AlarmProps;
      if (!isCpuAlarm(a) || a.threshold === undefined) continue;
      const key = groupKeyOf(r);
      const g = groups.get(key) ?? { high: [], low: [] };
      if (isHigh(a)) g.high.push(r);
      else if (isLow(a)) g.low.push(r);
      groups.set(key, g);
    }
    for (const { high, low } of groups.values())
      for (const h of high)
        for (const l of low) {
          const out = (h.props as AlarmProps).threshold as number;
          const inn = (l.props as AlarmProps).threshold as number;
          if (out - inn >= s.minGapPoints) continue;
          report(
            violationMessage({
              resource: label(l.type, l.name),
              what: `scale-in CPU threshold (%) against scale-out ${out}% of "${h.name}" (gap ${out - inn} points)`,
              value: inn,
              bound: `≤ ${out - s.minGapPoints} (gap ≥ ${s.minGapPoints} points)`,
              environment: s.environment,
              stackKey: `${stackKey("scaleInCpuThreshold")} (or ${stackKey("scaleOutCpuThreshold")})`,
              policyKey: "scaling-hysteresis.minGapPoints",
            }),
            l.urn,
          );
        }
  },
};

export const alarmEvaluationWindow: ResourceValidationPolicy = {
  name: "alarm-evaluation-window",
  description:
    "Alarm evaluation periods and datapoints must stay within bounds: one noisy datapoint must not scale the " +
    "group, and a long window reacts too late to keep latency inside the SLA.",
  enforcementLevel: defaultLevelOf("alarm-evaluation-window"),
  configSchema: configSchemaOf("alarm-evaluation-window"),
  validateResource: validateResourceOfType(aws.cloudwatch.MetricAlarm, (alarm, args, report) => {
    const s = settingsOf("alarm-evaluation-window", args.getConfig());
    const a = alarm as AlarmProps;
    const base = { resource: label(args.type, args.name), environment: s.environment };
    const periods = a.evaluationPeriods ?? 0;
    if (periods < s.minEvaluationPeriods || periods > s.maxEvaluationPeriods)
      report(
        violationMessage({
          ...base,
          what: "evaluationPeriods",
          value: periods,
          bound: `within [${s.minEvaluationPeriods}, ${s.maxEvaluationPeriods}]`,
          stackKey: stackKey("evaluationPeriods"),
          policyKey: "alarm-evaluation-window.minEvaluationPeriods / .maxEvaluationPeriods",
        }),
      );
    const datapoints = a.datapointsToAlarm ?? periods;
    if (datapoints < s.minDatapointsToAlarm || datapoints > periods)
      report(
        violationMessage({
          ...base,
          what: "datapointsToAlarm",
          value: datapoints,
          bound: `within [${s.minDatapointsToAlarm}, evaluationPeriods = ${periods}]`,
          stackKey: stackKey("datapointsToAlarm"),
          policyKey: "alarm-evaluation-window.minDatapointsToAlarm",
        }),
      );
    if (a.period !== undefined && a.period * periods > s.maxWindowSeconds)
      report(
        violationMessage({
          ...base,
          what: "evaluation window period × evaluationPeriods (s)",
          value: a.period * periods,
          bound: `≤ ${s.maxWindowSeconds} s`,
          stackKey: `${stackKey("alarmPeriodSeconds")} / ${stackKey("evaluationPeriods")}`,
          policyKey: "alarm-evaluation-window.maxWindowSeconds",
        }),
      );
  }),
};

interface HealthCheckProps {
  enabled?: boolean;
  path?: string;
  protocol?: string;
  interval?: number;
  timeout?: number;
  healthyThreshold?: number;
  unhealthyThreshold?: number;
}

/** AWS defaults of an HTTP target group health check (used when a field is not set). */
const HEALTH_CHECK_DEFAULTS = { interval: 30, timeout: 5, healthyThreshold: 5, unhealthyThreshold: 2 };

function checkTargetGroup(
  props: { healthCheck?: HealthCheckProps; protocol?: string; targetType?: string },
  resource: string,
  given: object,
  report: (message: string) => void,
): void {
  if (props.targetType === "lambda") return;
  const s = settingsOf("target-group-health-check", given);
  const v = (what: string, value: unknown, bound: string, policyKey: string, key?: string) =>
    report(
      violationMessage({
        resource,
        what,
        value,
        bound,
        environment: s.environment,
        stackKey: key,
        source: LB_SOURCE,
        policyKey: `target-group-health-check.${policyKey}`,
      }),
    );
  const hc = props.healthCheck;
  if (!hc || hc.enabled === false) {
    v("healthCheck.enabled", hc?.enabled, "true (a health check must be configured and enabled)", "enforcementLevel");
    return;
  }
  const protocol = hc.protocol ?? props.protocol ?? "HTTP";
  if ((protocol === "HTTP" || protocol === "HTTPS") && !(typeof hc.path === "string" && hc.path.startsWith("/")))
    v(
      "healthCheck.path",
      hc.path,
      "an absolute path such as /healthz",
      "enforcementLevel",
      stackKey("healthCheckPath"),
    );
  const interval = hc.interval ?? HEALTH_CHECK_DEFAULTS.interval;
  const timeout = hc.timeout ?? HEALTH_CHECK_DEFAULTS.timeout;
  const healthy = hc.healthyThreshold ?? HEALTH_CHECK_DEFAULTS.healthyThreshold;
  const unhealthy = hc.unhealthyThreshold ?? HEALTH_CHECK_DEFAULTS.unhealthyThreshold;
  if (interval < s.minIntervalSeconds || interval > s.maxIntervalSeconds)
    v(
      "healthCheck.interval (s)",
      interval,
      `within [${s.minIntervalSeconds}, ${s.maxIntervalSeconds}]`,
      "minIntervalSeconds / .maxIntervalSeconds",
    );
  if (timeout >= interval) v("healthCheck.timeout (s)", timeout, `< interval (${interval} s)`, "minIntervalSeconds");
  if (healthy > s.maxHealthyThreshold)
    v("healthCheck.healthyThreshold", healthy, `≤ ${s.maxHealthyThreshold}`, "maxHealthyThreshold");
  if (unhealthy > s.maxUnhealthyThreshold)
    v("healthCheck.unhealthyThreshold", unhealthy, `≤ ${s.maxUnhealthyThreshold}`, "maxUnhealthyThreshold");
  if (interval * unhealthy > s.maxDetectionSeconds)
    v(
      "failure detection time interval × unhealthyThreshold (s)",
      interval * unhealthy,
      `≤ ${s.maxDetectionSeconds} s`,
      "maxDetectionSeconds",
    );
}

export const targetGroupHealthCheck: ResourceValidationPolicy = {
  name: "target-group-health-check",
  description:
    "Every target group needs an enabled, sane health check (absolute path, timeout below interval, bounded " +
    "thresholds and detection time): without it the load balancer keeps sending traffic to dead instances.",
  enforcementLevel: defaultLevelOf("target-group-health-check"),
  configSchema: configSchemaOf("target-group-health-check"),
  validateResource: [
    validateResourceOfType(aws.lb.TargetGroup, (tg, args, report) =>
      checkTargetGroup(
        tg as Parameters<typeof checkTargetGroup>[0],
        label(args.type, args.name),
        args.getConfig(),
        report,
      ),
    ),
    validateResourceOfType(aws.alb.TargetGroup, (tg, args, report) =>
      checkTargetGroup(
        tg as Parameters<typeof checkTargetGroup>[0],
        label(args.type, args.name),
        args.getConfig(),
        report,
      ),
    ),
  ],
};

export const latencyAlarmPresent: StackValidationPolicy = {
  name: "latency-alarm-present",
  description:
    "A stack with a load balancer needs a TargetResponseTime alarm with an action and a threshold within the " +
    "bound: CPU alarms alone miss slow responses caused by anything but CPU.",
  enforcementLevel: defaultLevelOf("latency-alarm-present"),
  configSchema: configSchemaOf("latency-alarm-present"),
  validateStack: (args, report) => {
    const s = settingsOf("latency-alarm-present", args.getConfig());
    const resources = args.resources.map(asStackResource);
    if (ofType(resources, TYPES.loadBalancer, TYPES.albLoadBalancer).length === 0) return;
    const alarms = ofType(resources, TYPES.metricAlarm).filter(
      (r) => (r.props as AlarmProps).metricName === "TargetResponseTime",
    );
    const base = {
      environment: s.environment,
      stackKey: stackKey("latencyThresholdMs"),
      policyKey: "latency-alarm-present.maxThresholdMs",
    };
    if (alarms.length === 0) {
      report(
        violationMessage({
          ...base,
          resource: "stack",
          what: "TargetResponseTime alarms",
          value: 0,
          bound: "≥ 1 (AWS/ApplicationELB TargetResponseTime)",
        }),
      );
      return;
    }
    for (const r of alarms) {
      const a = r.props as AlarmProps;
      const ms = (a.threshold ?? Number.POSITIVE_INFINITY) * 1000;
      if (ms > s.maxThresholdMs)
        report(
          violationMessage({
            ...base,
            resource: label(r.type, r.name),
            what: "latency threshold (ms)",
            value: ms,
            bound: `≤ ${s.maxThresholdMs} ms`,
          }),
          r.urn,
        );
      if ((a.alarmActions?.length ?? 0) === 0)
        report(
          violationMessage({
            ...base,
            resource: label(r.type, r.name),
            what: "number of alarmActions",
            value: 0,
            bound: "≥ 1 (scale out or notify)",
            stackKey: undefined,
            source: "infra/components/scaling.ts",
          }),
          r.urn,
        );
    }
  },
};

export const asgCapacityHeadroom: ResourceValidationPolicy = {
  name: "asg-capacity-headroom",
  description:
    "maxSize must leave headroom over the desired capacity: a group already at its ceiling cannot scale out " +
    "when load or latency rises, so the scaling alarms protect nothing.",
  enforcementLevel: defaultLevelOf("asg-capacity-headroom"),
  configSchema: configSchemaOf("asg-capacity-headroom"),
  validateResource: validateResourceOfType(aws.autoscaling.Group, (asg, args, report) => {
    const s = settingsOf("asg-capacity-headroom", args.getConfig());
    const desired = asg.desiredCapacity ?? asg.minSize;
    const need = Math.max(desired + s.minHeadroomInstances, Math.ceil(desired * (1 + s.minHeadroomPercent / 100)));
    if (asg.maxSize < need)
      report(
        violationMessage({
          resource: label(args.type, args.name),
          what: `maxSize (desired capacity ${desired})`,
          value: asg.maxSize,
          bound: `≥ ${need} (desired + ${s.minHeadroomInstances} instances and + ${s.minHeadroomPercent}%)`,
          environment: s.environment,
          stackKey: `${stackKey("maxSize")} (or ${stackKey("desiredCapacity")})`,
          policyKey: "asg-capacity-headroom.minHeadroomInstances / .minHeadroomPercent",
        }),
      );
  }),
};

export const SLA_POLICIES = [
  asgMinCapacity,
  asgSubnetCount,
  asgZoneSpread,
  scaleOutCpuBand,
  scalingHysteresis,
  alarmEvaluationWindow,
  targetGroupHealthCheck,
  latencyAlarmPresent,
  asgCapacityHeadroom,
];
