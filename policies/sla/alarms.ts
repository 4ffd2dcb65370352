import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { stackKey } from "../../infra/config";
import { dependenciesOf, label, ofType, tryRead, TYPES, type StackResource } from "../../infra/resources";
import { definePolicy } from "../lib/definePolicy";
import { asStackResource } from "../lib/resources";

/* SLA guardrails on the scaling alarms: CPU band, hysteresis, evaluation window, and a latency alarm. */

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

export const scaleOutCpuBand = definePolicy("scale-out-cpu-band", {
  description:
    "The scale-out CPU threshold must stay inside the allowed band: too high and the tier saturates before it " +
    "grows (latency SLA), too low and it over-provisions (cost).",
  validateResource: (p) =>
    validateResourceOfType(aws.cloudwatch.MetricAlarm, (alarm, args, report) => {
      const a = alarm as AlarmProps;
      if (!isCpuAlarm(a) || !isHigh(a) || a.threshold === undefined) return;
      const s = p.settings(args);
      if (a.threshold < s.minPercent || a.threshold > s.maxPercent)
        report(
          p.violation(s, {
            resource: label(args.type, args.name),
            what: "scale-out CPU threshold (%)",
            value: a.threshold,
            bound: `within [${s.minPercent}, ${s.maxPercent}]`,
            stackKey: stackKey("scaleOutCpuThreshold"),
            key: `.minPercent / ${p.name}.maxPercent`,
          }),
        );
    }),
});

/** Key pairing a CPU alarm with its Auto Scaling group: the group's URN, else the dimension value, else "*". */
function groupKeyOf(alarm: StackResource): string {
  const asg = dependenciesOf(alarm, "dimensions", TYPES.autoScalingGroup)[0];
  if (asg) return asg.urn;
  const dim = tryRead(() => (alarm.props.dimensions as Record<string, string> | undefined)?.AutoScalingGroupName);
  return typeof dim === "string" ? dim : "*";
}

/** The CPU alarms of a stack by group: scale-out (high) and scale-in (low) alarms. */
function cpuAlarmsByGroup(resources: readonly StackResource[]) {
  const groups = new Map<string, { high: StackResource[]; low: StackResource[] }>();
  for (const r of ofType(resources, TYPES.metricAlarm)) {
    const a = r.props as AlarmProps;
    if (!isCpuAlarm(a) || a.threshold === undefined) continue;
    const key = groupKeyOf(r);
    const g = groups.get(key) ?? { high: [], low: [] };
    if (isHigh(a)) g.high.push(r);
    else if (isLow(a)) g.low.push(r);
    groups.set(key, g);
  }
  return groups;
}

export const scalingHysteresis = definePolicy("scaling-hysteresis", {
  description:
    "The scale-in CPU threshold must sit at least G points below the scale-out threshold of the same group: " +
    "with a smaller gap, removing one instance pushes CPU over the scale-out line and the group flaps.",
  validateStack: (p) => (args, report) => {
    const s = p.settings(args);
    for (const { high, low } of cpuAlarmsByGroup(args.resources.map(asStackResource)).values())
      for (const h of high)
        for (const l of low) {
          const out = (h.props as AlarmProps).threshold as number;
          const inn = (l.props as AlarmProps).threshold as number;
          if (out - inn >= s.minGapPoints) continue;
          report(
            p.violation(s, {
              resource: label(l.type, l.name),
              what: `scale-in CPU threshold (%) against scale-out ${out}% of "${h.name}" (gap ${out - inn} points)`,
              value: inn,
              bound: `≤ ${out - s.minGapPoints} (gap ≥ ${s.minGapPoints} points)`,
              stackKey: `${stackKey("scaleInCpuThreshold")} (or ${stackKey("scaleOutCpuThreshold")})`,
              key: ".minGapPoints",
            }),
            l.urn,
          );
        }
  },
});

export const alarmEvaluationWindow = definePolicy("alarm-evaluation-window", {
  description:
    "Alarm evaluation periods and datapoints must stay within bounds: one noisy datapoint must not scale the " +
    "group, and a long window reacts too late to keep latency inside the SLA.",
  validateResource: (p) =>
    validateResourceOfType(aws.cloudwatch.MetricAlarm, (alarm, args, report) => {
      const s = p.settings(args);
      const a = alarm as AlarmProps;
      const resource = label(args.type, args.name);
      const periods = a.evaluationPeriods ?? 0;
      if (periods < s.minEvaluationPeriods || periods > s.maxEvaluationPeriods)
        report(
          p.violation(s, {
            resource,
            what: "evaluationPeriods",
            value: periods,
            bound: `within [${s.minEvaluationPeriods}, ${s.maxEvaluationPeriods}]`,
            stackKey: stackKey("evaluationPeriods"),
            key: ".minEvaluationPeriods / .maxEvaluationPeriods",
          }),
        );
      const datapoints = a.datapointsToAlarm ?? periods;
      if (datapoints < s.minDatapointsToAlarm || datapoints > periods)
        report(
          p.violation(s, {
            resource,
            what: "datapointsToAlarm",
            value: datapoints,
            bound: `within [${s.minDatapointsToAlarm}, evaluationPeriods = ${periods}]`,
            stackKey: stackKey("datapointsToAlarm"),
            key: ".minDatapointsToAlarm",
          }),
        );
      if (a.period !== undefined && a.period * periods > s.maxWindowSeconds)
        report(
          p.violation(s, {
            resource,
            what: "evaluation window period × evaluationPeriods (s)",
            value: a.period * periods,
            bound: `≤ ${s.maxWindowSeconds} s`,
            stackKey: `${stackKey("alarmPeriodSeconds")} / ${stackKey("evaluationPeriods")}`,
            key: ".maxWindowSeconds",
          }),
        );
    }),
});

export const latencyAlarmPresent = definePolicy("latency-alarm-present", {
  description:
    "A stack with a load balancer needs a TargetResponseTime alarm with an action and a threshold within the " +
    "bound: CPU alarms alone miss slow responses caused by anything but CPU.",
  validateStack: (p) => (args, report) => {
    const s = p.settings(args);
    const resources = args.resources.map(asStackResource);
    if (ofType(resources, TYPES.loadBalancer, TYPES.albLoadBalancer).length === 0) return;
    const alarms = ofType(resources, TYPES.metricAlarm).filter(
      (r) => (r.props as AlarmProps).metricName === "TargetResponseTime",
    );
    const base = { stackKey: stackKey("latencyThresholdMs"), key: ".maxThresholdMs" };
    if (alarms.length === 0) {
      report(
        p.violation(s, {
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
          p.violation(s, {
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
          p.violation(s, {
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
});
