/**
 * What the stand-in knows per AWS resource type: which property is the auto-named physical name, which input
 * changes force a replacement (as in the real provider), and which output properties the provider computes.
 * Types not listed here still work: no auto-naming, in-place updates only, a generic id and ARN.
 */

export interface TypeSpec {
  /** The physical-name input the real provider auto-names when it is absent. */
  nameKey?: string;
  /** Longest physical name AWS accepts for this type. */
  nameMaxLength?: number;
  /** Inputs whose change makes AWS (and so the stand-in) replace the resource. */
  replaceKeys: readonly string[];
  /** Output-only properties the stand-in fills; ignored by diff when absent from the new inputs. */
  computedKeys: readonly string[];
}

const EC2_COMPUTED = ["arn", "ownerId", "tagsAll"] as const;

const SPECS: Readonly<Record<string, TypeSpec>> = {
  "aws:ec2/vpc:Vpc": {
    replaceKeys: ["cidrBlock", "instanceTenancy", "ipv4IpamPoolId"],
    computedKeys: [...EC2_COMPUTED, "defaultSecurityGroupId", "mainRouteTableId", "defaultRouteTableId"],
  },
  "aws:ec2/subnet:Subnet": {
    replaceKeys: ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"],
    computedKeys: EC2_COMPUTED,
  },
  "aws:ec2/securityGroup:SecurityGroup": {
    nameKey: "name",
    nameMaxLength: 255,
    replaceKeys: ["vpcId", "description", "name", "namePrefix"],
    computedKeys: [...EC2_COMPUTED, "name"],
  },
  "aws:ec2/internetGateway:InternetGateway": { replaceKeys: [], computedKeys: EC2_COMPUTED },
  "aws:ec2/routeTable:RouteTable": { replaceKeys: ["vpcId"], computedKeys: EC2_COMPUTED },
  "aws:ec2/routeTableAssociation:RouteTableAssociation": {
    replaceKeys: ["subnetId", "gatewayId"],
    computedKeys: EC2_COMPUTED,
  },
  "aws:ec2/eip:Eip": {
    replaceKeys: ["domain", "vpc", "publicIpv4Pool"],
    computedKeys: [...EC2_COMPUTED, "allocationId", "publicIp", "publicDns"],
  },
  "aws:ec2/natGateway:NatGateway": {
    replaceKeys: ["allocationId", "subnetId", "connectivityType"],
    computedKeys: [...EC2_COMPUTED, "publicIp", "privateIp"],
  },
  "aws:ec2/launchTemplate:LaunchTemplate": {
    nameKey: "name",
    nameMaxLength: 128,
    replaceKeys: ["name", "namePrefix"],
    computedKeys: [...EC2_COMPUTED, "name", "latestVersion", "defaultVersion"],
  },
  "aws:ec2/instance:Instance": {
    replaceKeys: ["ami", "availabilityZone", "subnetId", "keyName", "tenancy"],
    computedKeys: [...EC2_COMPUTED, "privateIp", "publicIp", "instanceState"],
  },
  "aws:lb/loadBalancer:LoadBalancer": {
    nameKey: "name",
    nameMaxLength: 32,
    replaceKeys: ["name", "namePrefix", "internal", "loadBalancerType"],
    computedKeys: ["arn", "arnSuffix", "dnsName", "zoneId", "name", "vpcId", "tagsAll"],
  },
  "aws:lb/targetGroup:TargetGroup": {
    nameKey: "name",
    nameMaxLength: 32,
    replaceKeys: ["name", "namePrefix", "port", "protocol", "vpcId", "targetType", "protocolVersion"],
    computedKeys: ["arn", "arnSuffix", "name", "loadBalancerArns", "tagsAll"],
  },
  "aws:lb/listener:Listener": {
    replaceKeys: ["loadBalancerArn"],
    computedKeys: ["arn", "tagsAll"],
  },
  "aws:autoscaling/group:Group": {
    nameKey: "name",
    nameMaxLength: 255,
    replaceKeys: ["name", "namePrefix"],
    computedKeys: ["arn", "name", "predictedCapacity"],
  },
  "aws:autoscaling/policy:Policy": {
    nameKey: "name",
    nameMaxLength: 255,
    replaceKeys: ["name", "autoscalingGroupName"],
    computedKeys: ["arn", "name"],
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": {
    nameKey: "name",
    nameMaxLength: 255,
    replaceKeys: ["name"],
    computedKeys: ["arn", "name", "tagsAll"],
  },
  "aws:sns/topic:Topic": {
    nameKey: "name",
    nameMaxLength: 256,
    replaceKeys: ["name", "namePrefix", "fifoTopic"],
    computedKeys: ["arn", "name", "owner", "beginningArchiveTime", "tagsAll"],
  },
  "aws:iam/role:Role": {
    nameKey: "name",
    nameMaxLength: 64,
    replaceKeys: ["name", "namePrefix", "path"],
    computedKeys: ["arn", "name", "uniqueId", "tagsAll"],
  },
  "aws:sqs/queue:Queue": {
    nameKey: "name",
    nameMaxLength: 80,
    replaceKeys: ["name", "namePrefix", "fifoQueue"],
    computedKeys: ["arn", "name", "url", "tagsAll"],
  },
  "aws:cloudwatch/logGroup:LogGroup": {
    nameKey: "name",
    nameMaxLength: 512,
    replaceKeys: ["name", "namePrefix"],
    computedKeys: ["arn", "name", "tagsAll"],
  },
};

/** Old `aws:alb/*` tokens are aliases of `aws:lb/*` with the same behaviour. */
function canonicalType(type: string): string {
  return type.startsWith("aws:alb/") ? `aws:lb/${type.slice("aws:alb/".length)}` : type;
}

const GENERIC: TypeSpec = { replaceKeys: [], computedKeys: ["arn", "tagsAll"] };

export function typeSpec(type: string): TypeSpec {
  return SPECS[canonicalType(type)] ?? GENERIC;
}

/** `aws:lb/targetGroup:TargetGroup` → `{ module: "lb", member: "TargetGroup" }`. Throws on a non-AWS token. */
export function parseTypeToken(type: string): { module: string; member: string; canonical: string } {
  const match = /^aws:([A-Za-z0-9]+)(?:\/[A-Za-z0-9]+)?:([A-Za-z0-9]+)$/.exec(type);
  if (!match) throw new Error(`aws stand-in: "${type}" is not an aws:<module>/<name>:<Type> resource token`);
  return { module: match[1], member: match[2], canonical: canonicalType(type) };
}

/** `TargetGroup` → `target-group`. */
export function kebab(member: string): string {
  return member.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}
