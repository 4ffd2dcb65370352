/**
 * Ids and computed outputs of stand-in resources: AWS-shaped ids (vpc-…, sg-…), ARNs in the configured region and
 * a fixed account, ALB DNS names, launch template versions. Pure: randomness comes from the injected RandomHex.
 */
import type { RandomHex } from "./names";
import { kebab, parseTypeToken, typeSpec } from "./resourceTypes";
import { compactBag, isObject, knownString, type PropertyBag, type PropertyValue } from "./values";

export const STANDIN_ACCOUNT_ID = "123456789012";

export interface ComputeContext {
  region: string;
  randomHex: RandomHex;
}

export interface Created {
  id: string;
  outs: PropertyBag;
}

const EC2_ID_PREFIX: Readonly<Record<string, string>> = {
  Vpc: "vpc",
  Subnet: "subnet",
  SecurityGroup: "sg",
  InternetGateway: "igw",
  RouteTable: "rtb",
  RouteTableAssociation: "rtbassoc",
  Eip: "eipalloc",
  NatGateway: "nat",
  LaunchTemplate: "lt",
  Instance: "i",
  NetworkInterface: "eni",
  VpcEndpoint: "vpce",
  KeyPair: "key",
};

const EC2_ARN_KIND: Readonly<Record<string, string>> = {
  Eip: "elastic-ip",
  NatGateway: "natgateway",
};

function digits(randomHex: RandomHex, count: number): string {
  return [...randomHex(count)].map((c) => String(parseInt(c, 16) % 10)).join("");
}

function uuid(randomHex: RandomHex): string {
  const h = randomHex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function arn(service: string, region: string, resource: string): string {
  return `arn:aws:${service}:${region}:${STANDIN_ACCOUNT_ID}:${resource}`;
}

function tagsAll(inputs: PropertyBag): PropertyValue | undefined {
  return isObject(inputs.tags) ? inputs.tags : undefined;
}

function requireName(inputs: PropertyBag, type: string): string {
  const name = knownString(inputs.name);
  if (name === undefined) throw new Error(`aws stand-in: ${type} needs a known "name" at create (check assigns one)`);
  return name;
}

/** Computed properties of a new resource plus its id, given its checked inputs. */
export function computeCreated(type: string, inputs: PropertyBag, ctx: ComputeContext): Created {
  const { module, member, canonical } = parseTypeToken(type);
  const { region, randomHex } = ctx;
  const base = { ...inputs };
  switch (canonical) {
    case "aws:lb/loadBalancer:LoadBalancer": {
      const name = requireName(inputs, type);
      const kind =
        inputs.loadBalancerType === "network" ? "net" : inputs.loadBalancerType === "gateway" ? "gwy" : "app";
      const suffix = `${kind}/${name}/${randomHex(16)}`;
      const lbArn = arn("elasticloadbalancing", region, `loadbalancer/${suffix}`);
      const internal = inputs.internal === true ? "internal-" : "";
      const dnsName = `${internal}${name}-${digits(randomHex, 10)}.${region}.elb.amazonaws.com`;
      return {
        id: lbArn,
        outs: compactBag({
          ...base,
          arn: lbArn,
          arnSuffix: suffix,
          dnsName,
          zoneId: "Z35SXDOTRQ7X7K",
          tagsAll: tagsAll(inputs),
        }),
      };
    }
    case "aws:lb/targetGroup:TargetGroup": {
      const name = requireName(inputs, type);
      const suffix = `targetgroup/${name}/${randomHex(16)}`;
      const tgArn = arn("elasticloadbalancing", region, suffix);
      return {
        id: tgArn,
        outs: compactBag({ ...base, arn: tgArn, arnSuffix: suffix, loadBalancerArns: [], tagsAll: tagsAll(inputs) }),
      };
    }
    case "aws:lb/listener:Listener": {
      const lbArn = knownString(inputs.loadBalancerArn) ?? "";
      const lbPart = lbArn.includes(":loadbalancer/")
        ? lbArn.slice(lbArn.indexOf(":loadbalancer/") + 14)
        : `app/unknown/${randomHex(16)}`;
      const listenerArn = arn("elasticloadbalancing", region, `listener/${lbPart}/${randomHex(16)}`);
      return { id: listenerArn, outs: compactBag({ ...base, arn: listenerArn, tagsAll: tagsAll(inputs) }) };
    }
    case "aws:autoscaling/group:Group": {
      const name = requireName(inputs, type);
      const groupArn = arn("autoscaling", region, `autoScalingGroup:${uuid(randomHex)}:autoScalingGroupName/${name}`);
      return { id: name, outs: { ...base, arn: groupArn, predictedCapacity: 0 } };
    }
    case "aws:autoscaling/policy:Policy": {
      const name = requireName(inputs, type);
      const group = knownString(inputs.autoscalingGroupName) ?? "";
      const policyArn = arn(
        "autoscaling",
        region,
        `scalingPolicy:${uuid(randomHex)}:autoScalingGroupName/${group}:policyName/${name}`,
      );
      return { id: name, outs: { ...base, arn: policyArn } };
    }
    case "aws:cloudwatch/metricAlarm:MetricAlarm": {
      const name = requireName(inputs, type);
      return {
        id: name,
        outs: compactBag({ ...base, arn: arn("cloudwatch", region, `alarm:${name}`), tagsAll: tagsAll(inputs) }),
      };
    }
    case "aws:sns/topic:Topic": {
      const name = requireName(inputs, type);
      const topicArn = arn("sns", region, name);
      return {
        id: topicArn,
        outs: compactBag({
          ...base,
          arn: topicArn,
          owner: STANDIN_ACCOUNT_ID,
          beginningArchiveTime: "",
          tagsAll: tagsAll(inputs),
        }),
      };
    }
    default:
      break;
  }
  if (module === "ec2") return computeEc2(member, base, ctx);
  const spec = typeSpec(type);
  const name = spec.nameKey !== undefined ? knownString(inputs[spec.nameKey]) : undefined;
  const id = name ?? `${kebab(member)}-${randomHex(17)}`;
  return {
    id,
    outs: compactBag({ ...base, arn: arn(module, region, `${kebab(member)}/${id}`), tagsAll: tagsAll(inputs) }),
  };
}

function computeEc2(member: string, base: PropertyBag, ctx: ComputeContext): Created {
  const { region, randomHex } = ctx;
  const id = `${EC2_ID_PREFIX[member] ?? kebab(member)}-${randomHex(17)}`;
  const outs: { [key: string]: PropertyValue | undefined } = {
    ...base,
    arn: arn("ec2", region, `${EC2_ARN_KIND[member] ?? kebab(member)}/${id}`),
    ownerId: STANDIN_ACCOUNT_ID,
    tagsAll: tagsAll(base),
  };
  if (member === "LaunchTemplate") {
    outs.latestVersion = 1;
    outs.defaultVersion = 1;
  } else if (member === "Vpc") {
    outs.defaultSecurityGroupId = `sg-${randomHex(17)}`;
    outs.mainRouteTableId = `rtb-${randomHex(17)}`;
    outs.defaultRouteTableId = outs.mainRouteTableId;
  } else if (member === "Eip") {
    outs.allocationId = id;
    outs.publicIp = `198.51.100.${(parseInt(randomHex(2), 16) % 254) + 1}`;
    outs.publicDns = `ec2-${String(outs.publicIp).replace(/\./g, "-")}.compute-1.amazonaws.com`;
  } else if (member === "NatGateway") {
    outs.publicIp = `198.51.100.${(parseInt(randomHex(2), 16) % 254) + 1}`;
    outs.privateIp = `10.0.0.${(parseInt(randomHex(2), 16) % 250) + 4}`;
  }
  return { id, outs: compactBag(outs) };
}

/**
 * Outputs after an in-place update: the new inputs, the computed properties kept from before (ids and ARNs do not
 * change in place), `tagsAll` following `tags`, and a new launch template version.
 */
export function computeUpdated(type: string, news: PropertyBag, oldOuts: PropertyBag): PropertyBag {
  const spec = typeSpec(type);
  const outs: { [key: string]: PropertyValue | undefined } = { ...news };
  for (const key of spec.computedKeys) {
    if (news[key] === undefined && oldOuts[key] !== undefined) outs[key] = oldOuts[key];
  }
  if (spec.computedKeys.includes("tagsAll")) outs.tagsAll = tagsAll(news);
  if (parseTypeToken(type).canonical === "aws:ec2/launchTemplate:LaunchTemplate") {
    const previous = typeof oldOuts.latestVersion === "number" ? oldOuts.latestVersion : 1;
    outs.latestVersion = previous + 1;
    if (news.updateDefaultVersion === true) outs.defaultVersion = previous + 1;
  }
  return compactBag(outs);
}
