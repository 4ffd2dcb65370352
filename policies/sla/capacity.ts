import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { stackKey } from "../../infra/config";
import { dependenciesOf, label, ofType, tryRead, TYPES, type StackResource } from "../../infra/resources";
import { definePolicy } from "../lib/definePolicy";
import { asStackResource } from "../lib/resources";

/* SLA guardrails on capacity: a floor, zone spread (by subnet count and by distinct zones), headroom to scale out. */

export const asgMinCapacity = definePolicy("asg-min-capacity", {
  description:
    "Auto Scaling group minSize must be at least the environment's floor: below it, one instance failure or " +
    "replacement leaves no capacity serving and the availability SLA is broken.",
  validateResource: (p) =>
    validateResourceOfType(aws.autoscaling.Group, (asg, args, report) => {
      const s = p.settings(args);
      if (asg.minSize < s.minInstances)
        report(
          p.violation(s, {
            resource: label(args.type, args.name),
            what: "minSize",
            value: asg.minSize,
            bound: `≥ ${s.minInstances} instances`,
            stackKey: stackKey("minSize"),
            key: ".minInstances",
          }),
        );
    }),
});

export const asgSubnetCount = definePolicy("asg-subnet-count", {
  description:
    "Auto Scaling group must span at least N subnets (one per availability zone): a group in fewer zones goes " +
    "down with a single zone outage.",
  validateResource: (p) =>
    validateResourceOfType(aws.autoscaling.Group, (asg, args, report) => {
      const s = p.settings(args);
      const count = Math.max(asg.vpcZoneIdentifiers?.length ?? 0, asg.availabilityZones?.length ?? 0);
      if (count < s.minZones)
        report(
          p.violation(s, {
            resource: label(args.type, args.name),
            what: "number of subnets in vpcZoneIdentifiers",
            value: count,
            bound: `≥ ${s.minZones}`,
            stackKey: stackKey("availabilityZones"),
            key: ".minZones",
          }),
        );
    }),
});

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

export const asgZoneSpread = definePolicy("asg-zone-spread", {
  description:
    "The subnets of an Auto Scaling group must lie in at least N distinct availability zones: several subnets " +
    "in one zone look redundant but fail together.",
  validateStack: (p) => (args, report) => {
    const s = p.settings(args);
    for (const asg of ofType(args.resources.map(asStackResource), TYPES.autoScalingGroup)) {
      const zones = zonesOfGroup(asg);
      if (zones === undefined || zones.length >= s.minZones) continue;
      report(
        p.violation(s, {
          resource: label(asg.type, asg.name),
          what: "distinct availability zones of its subnets",
          value: zones,
          bound: `≥ ${s.minZones} zones`,
          stackKey: stackKey("availabilityZones"),
          key: ".minZones",
        }),
        asg.urn,
      );
    }
  },
});

export const asgCapacityHeadroom = definePolicy("asg-capacity-headroom", {
  description:
    "maxSize must leave headroom over the desired capacity: a group already at its ceiling cannot scale out " +
    "when load or latency rises, so the scaling alarms protect nothing.",
  validateResource: (p) =>
    validateResourceOfType(aws.autoscaling.Group, (asg, args, report) => {
      const s = p.settings(args);
      const desired = asg.desiredCapacity ?? asg.minSize;
      const need = Math.max(desired + s.minHeadroomInstances, Math.ceil(desired * (1 + s.minHeadroomPercent / 100)));
      if (asg.maxSize < need)
        report(
          p.violation(s, {
            resource: label(args.type, args.name),
            what: `maxSize (desired capacity ${desired})`,
            value: asg.maxSize,
            bound: `≥ ${need} (desired + ${s.minHeadroomInstances} instances and + ${s.minHeadroomPercent}%)`,
            stackKey: `${stackKey("maxSize")} (or ${stackKey("desiredCapacity")})`,
            key: ".minHeadroomInstances / .minHeadroomPercent",
          }),
        );
    }),
});
