/*
 * The resources of a stack as plain data: what the cost model (infra/cost/) and the guardrails (policies/) read, and
 * what the optimizer builds from a registered program. No Pulumi SDK import: pure data and helpers.
 */

/** Pulumi type tokens of the AWS resources the guardrails and the cost model look at (checked against @pulumi/aws by a test). */
export const TYPES = {
  autoScalingGroup: "aws:autoscaling/group:Group",
  scalingPolicy: "aws:autoscaling/policy:Policy",
  metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  instance: "aws:ec2/instance:Instance",
  subnet: "aws:ec2/subnet:Subnet",
  natGateway: "aws:ec2/natGateway:NatGateway",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  securityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  albLoadBalancer: "aws:alb/loadBalancer:LoadBalancer",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  albTargetGroup: "aws:alb/targetGroup:TargetGroup",
} as const;

/**
 * The part of a stack resource the guardrails and the cost model read: what the engine gives a stack policy
 * (`PolicyResource`), reduced to plain data so the optimizer can build it from a resource list too.
 */
export interface StackResource {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
  /** Resources each input property depends on (e.g. `vpcZoneIdentifiers` → the subnets). */
  propertyDependencies?: Readonly<Record<string, readonly StackResource[]>>;
}

export function ofType(resources: readonly StackResource[], ...types: string[]): StackResource[] {
  return resources.filter((r) => types.includes(r.type));
}

/** The resources a property of `r` depends on, restricted to the given types. */
export function dependenciesOf(r: StackResource, property: string, ...types: string[]): StackResource[] {
  const deps = r.propertyDependencies?.[property] ?? [];
  return deps.filter((d) => types.length === 0 || types.includes(d.type));
}

/**
 * Reads a property that may be unknown during preview (the engine's proxy throws on access to an unknown value).
 * Returns undefined instead, for fallbacks that must not abort the whole policy.
 */
export function tryRead<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Short, human label of a resource for violation messages: `<type> "<name>"`. */
export function label(type: string, name: string): string {
  return `${type} "${name}"`;
}
