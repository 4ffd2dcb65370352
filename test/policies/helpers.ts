import type { Policy, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { evaluatePolicies, type Finding, type PackConfigInput } from "../../policies/evaluate";
import { TYPES, type StackResource } from "../../infra/resources";

/** A stack resource for tests; URN in the engine's format. */
export function res(
  type: string,
  name: string,
  props: Record<string, unknown>,
  propertyDependencies: Record<string, StackResource[]> = {},
): StackResource {
  return { type, name, urn: `urn:pulumi:test::neuropilot::${type}::${name}`, props, propertyDependencies };
}

/** Runs one policy over the resources with the engine's argument shapes and returns what it reported. */
export function run(
  policy: ResourceValidationPolicy | StackValidationPolicy,
  resources: StackResource[],
  config: PackConfigInput[string] | undefined = undefined,
): Promise<Finding[]> {
  return evaluatePolicies([policy], resources, config === undefined ? {} : { [(policy as Policy).name]: config });
}

export const subnet = (name: string, az: string) => res(TYPES.subnet, name, { availabilityZone: az, vpcId: "vpc-1" });

export const launchTemplate = (instanceType = "t3.small", extra: Record<string, unknown> = {}) =>
  res(TYPES.launchTemplate, "web-lt", { instanceType, metadataOptions: { httpTokens: "required" }, ...extra });

/** An Auto Scaling group like the program's: 2 subnets in 2 zones, behind a target group, ELB health checks. */
export function asg(
  props: Record<string, unknown> = {},
  subnets = [subnet("a", "us-east-1a"), subnet("b", "us-east-1b")],
  lt = launchTemplate(),
) {
  return res(
    TYPES.autoScalingGroup,
    "web-asg",
    {
      minSize: 1,
      maxSize: 4,
      desiredCapacity: 1,
      vpcZoneIdentifiers: subnets.map((s) => `${s.name}-id`),
      targetGroupArns: ["arn:tg"],
      healthCheckType: "ELB",
      healthCheckGracePeriod: 120,
      name: "web-asg-123",
      ...props,
    },
    { vpcZoneIdentifiers: subnets, launchTemplate: [lt] },
  );
}

export function cpuAlarm(
  name: string,
  op: "GreaterThanThreshold" | "LessThanThreshold",
  threshold: number,
  group?: StackResource,
  extra: Record<string, unknown> = {},
) {
  return res(
    TYPES.metricAlarm,
    name,
    {
      namespace: "AWS/EC2",
      metricName: "CPUUtilization",
      comparisonOperator: op,
      threshold,
      period: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      dimensions: { AutoScalingGroupName: group ? String(group.props.name) : "web-asg-123" },
      alarmActions: ["arn:policy"],
      ...extra,
    },
    group ? { dimensions: [group] } : {},
  );
}

export function latencyAlarm(thresholdSeconds: number, extra: Record<string, unknown> = {}) {
  return res(TYPES.metricAlarm, "p95-latency", {
    namespace: "AWS/ApplicationELB",
    metricName: "TargetResponseTime",
    extendedStatistic: "p95",
    comparisonOperator: "GreaterThanThreshold",
    threshold: thresholdSeconds,
    period: 60,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    alarmActions: ["arn:policy", "arn:topic"],
    ...extra,
  });
}

export const alb = () => res(TYPES.loadBalancer, "alb", { loadBalancerType: "application", internal: false });

/** Asserts a violation message names everything an operator needs. */
export function expectNames(message: string, ...parts: string[]): void {
  for (const p of parts) if (!message.includes(p)) throw new Error(`message lacks "${p}": ${message}`);
}
