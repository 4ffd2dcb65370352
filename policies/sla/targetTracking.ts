import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { stackKey } from "../../infra/config";
import { dependenciesOf, label, ofType, TYPES, type StackResource } from "../../infra/resources";
import { definePolicy } from "../lib/definePolicy";
import { asStackResource } from "../lib/resources";

/* SLA guardrails of the target-tracking mode (neuropilot:scalingMode target-tracking): the target's band and the latency guard. */

interface ScalingPolicyProps {
  policyType?: string;
  autoscalingGroupName?: unknown;
  targetTrackingConfiguration?: {
    targetValue?: number;
    predefinedMetricSpecification?: { predefinedMetricType?: string };
  };
  stepAdjustments?: { scalingAdjustment?: number }[];
}

const isTargetTracking = (p: ScalingPolicyProps) => p.policyType === "TargetTrackingScaling";
const addsCapacity = (p: ScalingPolicyProps) =>
  p.policyType === "StepScaling" && (p.stepAdjustments ?? []).some((s) => (s.scalingAdjustment ?? 0) > 0);

export const targetTrackingCpuBand = definePolicy("target-tracking-cpu-band", {
  description:
    "The CPU target of a target-tracking policy must stay inside the allowed band: too high and the tier " +
    "saturates before it grows (latency SLA), too low and it over-provisions (cost).",
  validateResource: (p) =>
    validateResourceOfType(aws.autoscaling.Policy, (policy, args, report) => {
      const a = policy as ScalingPolicyProps;
      if (!isTargetTracking(a)) return;
      const s = p.settings(args);
      const target = a.targetTrackingConfiguration?.targetValue;
      if (target === undefined || target < s.minPercent || target > s.maxPercent)
        report(
          p.violation(s, {
            resource: label(args.type, args.name),
            what: "target-tracking CPU target (%)",
            value: target ?? "missing",
            bound: `within [${s.minPercent}, ${s.maxPercent}]`,
            stackKey: stackKey("targetCpuPercent"),
            key: `.minPercent / ${p.name}.maxPercent`,
          }),
        );
    }),
});

/** Auto Scaling group a scaling policy or alarm depends on (its URN), else "*". */
function groupOf(r: StackResource, property: string): string {
  return dependenciesOf(r, property, TYPES.autoScalingGroup)[0]?.urn ?? "*";
}

export const targetTrackingLatencyGuard = definePolicy("target-tracking-latency-guard", {
  description:
    "A group scaled by target tracking on CPU must keep a TargetResponseTime alarm that invokes a scale-out step " +
    "policy of the same group: CPU alone misses slow responses, the SLA signal must still add capacity.",
  validateStack: (p) => (args, report) => {
    const s = p.settings(args);
    const resources = args.resources.map(asStackResource);
    const policies = ofType(resources, TYPES.scalingPolicy);
    const guarded = new Set<string>();
    for (const alarm of ofType(resources, TYPES.metricAlarm)) {
      if ((alarm.props as { metricName?: string }).metricName !== "TargetResponseTime") continue;
      for (const action of dependenciesOf(alarm, "alarmActions", TYPES.scalingPolicy))
        if (addsCapacity(action.props as ScalingPolicyProps)) guarded.add(groupOf(action, "autoscalingGroupName"));
    }
    for (const tt of policies.filter((r) => isTargetTracking(r.props as ScalingPolicyProps))) {
      const group = groupOf(tt, "autoscalingGroupName");
      if (guarded.has(group) || guarded.has("*")) continue;
      report(
        p.violation(s, {
          resource: label(tt.type, tt.name),
          what: "TargetResponseTime alarms invoking a scale-out step policy of the group",
          value: 0,
          bound: "≥ 1 (the latency guard)",
          stackKey: stackKey("scalingMode"),
          source: "infra/components/scaling.ts",
        }),
        tt.urn,
      );
    }
  },
});
