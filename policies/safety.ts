import * as aws from "@pulumi/aws";
import { validateResourceOfType, type ReportViolation, type ResourceValidationArgs } from "@pulumi/policy";
import { stackKey } from "../infra/config";
import { label } from "../infra/resources";
import { definePolicy, type PolicyKit } from "./lib/definePolicy";

/*
 * Safety guardrails: instance metadata hardening, no public ports beyond HTTP(S), load-balancer health checks
 * on the group, and bounded scaling steps so one alarm cannot remove (or add) half the fleet.
 */

export const launchTemplateImdsv2 = definePolicy("launch-template-imdsv2", {
  description:
    "Launch templates and instances must require IMDSv2 (metadataOptions.httpTokens = required): IMDSv1 lets " +
    "an SSRF bug in the web app read the instance role's credentials.",
  validateResource: (p) =>
    [aws.ec2.LaunchTemplate, aws.ec2.Instance].map((cls) =>
      validateResourceOfType(cls as typeof aws.ec2.LaunchTemplate, (r, args, report) => {
        const tokens = (r.metadataOptions as { httpTokens?: string } | undefined)?.httpTokens;
        if (tokens === "required") return;
        report(
          p.violation(p.settings(args), {
            resource: label(args.type, args.name),
            what: "metadataOptions.httpTokens",
            value: tokens,
            bound: '"required"',
            source: "infra/components/webFleet.ts",
            key: " (enforcementLevel)",
          }),
        );
      }),
    ),
});

interface IngressRule {
  protocol?: string;
  fromPort?: number;
  toPort?: number;
  cidrBlocks?: string[];
  ipv6CidrBlocks?: string[];
}

const WORLD = ["0.0.0.0/0", "::/0"];

/** Ports of a rule open to the world that are not allowed (all ports for protocol -1/all). */
export function disallowedPublicPorts(rule: IngressRule, allowed: readonly number[]): string | undefined {
  const open = [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? [])].some((c) => WORLD.includes(c));
  if (!open) return undefined;
  const protocol = String(rule.protocol ?? "tcp").toLowerCase();
  if (protocol === "-1" || protocol === "all") return "all ports (protocol -1)";
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? from;
  for (let p = from; p <= to; p++)
    if (!allowed.includes(p)) return from === to ? `${protocol}/${from}` : `${protocol}/${from}-${to}`;
  return undefined;
}

function checkIngress(
  p: PolicyKit<"public-ingress-ports">,
  rules: readonly IngressRule[],
  args: ResourceValidationArgs,
  report: ReportViolation,
): void {
  const s = p.settings(args);
  for (const rule of rules) {
    const bad = disallowedPublicPorts(rule, s.allowedPublicPorts);
    if (bad === undefined) continue;
    report(
      p.violation(s, {
        resource: label(args.type, args.name),
        what: "ingress open to 0.0.0.0/0 or ::/0",
        value: bad,
        bound: `ports in [${s.allowedPublicPorts.join(", ")}]`,
        source: "infra/components/loadBalancer.ts or infra/components/webFleet.ts",
        key: ".allowedPublicPorts",
      }),
    );
  }
}

export const publicIngressPorts = definePolicy("public-ingress-ports", {
  description:
    "Only the allowed ports (HTTP/HTTPS) may be open to the internet: the web servers sit behind the load " +
    "balancer, and any other world-open port is an attack surface the SLA and the budget pay for.",
  validateResource: (p) => [
    validateResourceOfType(aws.ec2.SecurityGroup, (sg, args, report) =>
      checkIngress(p, (sg.ingress ?? []) as IngressRule[], args, report),
    ),
    validateResourceOfType(aws.ec2.SecurityGroupRule, (rule, args, report) => {
      if (rule.type === "ingress") checkIngress(p, [rule as IngressRule], args, report);
    }),
    validateResourceOfType(aws.vpc.SecurityGroupIngressRule, (rule, args, report) =>
      checkIngress(
        p,
        [
          {
            protocol: rule.ipProtocol,
            fromPort: rule.fromPort,
            toPort: rule.toPort,
            cidrBlocks: rule.cidrIpv4 ? [rule.cidrIpv4] : [],
            ipv6CidrBlocks: rule.cidrIpv6 ? [rule.cidrIpv6] : [],
          },
        ],
        args,
        report,
      ),
    ),
  ],
});

export const asgElbHealthCheck = definePolicy("asg-elb-health-check", {
  description:
    "A group behind a load balancer must use ELB health checks with a bounded grace period: with EC2 checks, " +
    "an instance whose web server died stays in service and keeps failing requests.",
  validateResource: (p) =>
    validateResourceOfType(aws.autoscaling.Group, (asg, args, report) => {
      const behindLb = (asg.targetGroupArns?.length ?? 0) > 0 || (asg.loadBalancers?.length ?? 0) > 0;
      if (!behindLb) return;
      const s = p.settings(args);
      const base = { resource: label(args.type, args.name), source: "infra/components/webFleet.ts" };
      if (asg.healthCheckType !== "ELB")
        report(
          p.violation(s, {
            ...base,
            what: "healthCheckType",
            value: asg.healthCheckType ?? "EC2",
            bound: '"ELB"',
            key: " (enforcementLevel)",
          }),
        );
      const grace = asg.healthCheckGracePeriod ?? 300;
      if (grace > s.maxGracePeriodSeconds)
        report(
          p.violation(s, {
            ...base,
            what: "healthCheckGracePeriod (s)",
            value: grace,
            bound: `≤ ${s.maxGracePeriodSeconds} s`,
            key: ".maxGracePeriodSeconds",
          }),
        );
    }),
});

export const scalingStepLimit = definePolicy("scaling-step-limit", {
  description:
    "One scaling step may add at most N and remove at most M instances: a large scale-in step on one noisy " +
    "alarm can drop the fleet below what the load needs before the next evaluation.",
  validateResource: (p) =>
    validateResourceOfType(aws.autoscaling.Policy, (policy, args, report) => {
      if ((policy.adjustmentType ?? "ChangeInCapacity") !== "ChangeInCapacity") return;
      const s = p.settings(args);
      const steps = [
        ...(policy.stepAdjustments ?? []).map((a) => a.scalingAdjustment),
        ...(policy.scalingAdjustment === undefined ? [] : [policy.scalingAdjustment]),
      ];
      for (const step of steps) {
        const out = step > 0;
        const limit = out ? s.maxScaleOutStep : s.maxScaleInStep;
        if (Math.abs(step) <= limit) continue;
        report(
          p.violation(s, {
            resource: label(args.type, args.name),
            what: out ? "scale-out step (instances added)" : "scale-in step (instances removed)",
            value: Math.abs(step),
            bound: `≤ ${limit}`,
            stackKey: stackKey(out ? "scaleOutStep" : "scaleInStep"),
            key: `.${out ? "maxScaleOutStep" : "maxScaleInStep"}`,
          }),
        );
      }
    }),
});

export const SAFETY_POLICIES = [launchTemplateImdsv2, publicIngressPorts, asgElbHealthCheck, scalingStepLimit];
