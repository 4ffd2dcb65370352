import * as aws from "@pulumi/aws";
import { validateResourceOfType, type ReportViolation, type ResourceValidationArgs } from "@pulumi/policy";
import { stackKey } from "../infra/config";
import { estimateStackMonthlyCost, PRICE_TABLE } from "../infra/cost/model";
import { SizingError } from "../infra/cost/stackSizing";
import { label } from "../infra/resources";
import { definePolicy, type PolicyKit } from "./lib/definePolicy";
import { asStackResource } from "./lib/resources";

/*
 * Cost guardrails: the stack's monthly estimate (infra/cost/model.ts, prices from infra/cost/prices.json)
 * must fit its budget, instance types must come from the allowed families and sizes, max capacity is capped.
 */

const money = (x: number) => `$${x.toFixed(2)}`;

export const monthlyBudget = definePolicy("monthly-budget", {
  description:
    `The stack's estimated monthly cost (instances at expected and at max capacity × ${PRICE_TABLE.hours_per_month} h, load balancers, NAT ` +
    `gateways; on-demand ${PRICE_TABLE.region} prices of ${PRICE_TABLE.retrieved}) must not exceed its budget: ` +
    "a scaling change must never commit more spend than was approved.",
  validateStack: (p) => (args, report) => {
    const s = p.settings(args);
    const base = { key: ".monthlyBudgetUsd" };
    let estimate;
    try {
      estimate = estimateStackMonthlyCost(args.resources.map(asStackResource));
    } catch (e) {
      if (!(e instanceof SizingError) && !(e instanceof Error && e.message.startsWith("no price"))) throw e;
      report(
        p.violation(s, {
          ...base,
          resource: e instanceof SizingError ? e.resource : "stack",
          what: "monthly cost estimate",
          value: `not computable (${e.message})`,
          bound: `≤ ${money(s.monthlyBudgetUsd)} (the estimate must be computable)`,
          stackKey: stackKey("instanceType"),
        }),
      );
      return;
    }
    const value = s.basis === "max" ? estimate.maxMonthlyUsd : estimate.expectedMonthlyUsd;
    if (value <= s.monthlyBudgetUsd) return;
    const b = estimate.breakdown;
    const instances = s.basis === "max" ? b.instancesMax : b.instancesExpected;
    report(
      p.violation(s, {
        ...base,
        resource: "stack",
        what:
          `estimated monthly cost at ${s.basis === "max" ? "max" : "expected"} capacity (USD: instances ` +
          `${money(instances)} + load balancers ${money(b.loadBalancers)} + NAT ${money(b.natGateways)}; ` +
          `expected ${money(estimate.expectedMonthlyUsd)}, max ${money(estimate.maxMonthlyUsd)})`,
        value,
        bound: `≤ ${money(s.monthlyBudgetUsd)} per month`,
        stackKey: `${stackKey("monthlyBudgetUsd")} (or lower ${stackKey("maxSize")} / ${stackKey("instanceType")})`,
      }),
    );
  },
});

/** The family and size of an instance type (`m6i.large` → m6i, large). */
export function splitInstanceType(instanceType: string): { family: string; size: string } {
  const dot = instanceType.indexOf(".");
  return dot < 0
    ? { family: instanceType, size: "" }
    : { family: instanceType.slice(0, dot), size: instanceType.slice(dot + 1) };
}

function checkInstanceType(
  p: PolicyKit<"allowed-instance-types">,
  instanceType: string | undefined,
  args: ResourceValidationArgs,
  report: ReportViolation,
): void {
  if (instanceType === undefined) return;
  const s = p.settings(args);
  const { family, size } = splitInstanceType(instanceType);
  const priced = instanceType in PRICE_TABLE.ec2;
  const problems: { bound: string; key?: string }[] = [];
  if (!s.allowedFamilies.includes(family))
    problems.push({ bound: `family in [${s.allowedFamilies.join(", ")}]`, key: ".allowedFamilies" });
  if (!s.allowedSizes.includes(size))
    problems.push({ bound: `size in [${s.allowedSizes.join(", ")}]`, key: ".allowedSizes" });
  if (!priced) problems.push({ bound: "a type priced in infra/cost/prices.json (else the budget cannot be checked)" });
  for (const { bound, key } of problems)
    report(
      p.violation(s, {
        resource: label(args.type, args.name),
        what: "instanceType",
        value: instanceType,
        bound,
        stackKey: stackKey("instanceType"),
        key,
      }),
    );
}

export const allowedInstanceTypes = definePolicy("allowed-instance-types", {
  description:
    "Instances must use an allowed, priced family and size: unpriced types escape the budget check, oversized " +
    "ones multiply cost, and burstable types are kept out of prod where CPU credits distort CPU thresholds.",
  validateResource: (p) => [
    validateResourceOfType(aws.ec2.LaunchTemplate, (lt, args, report) =>
      checkInstanceType(p, lt.instanceType, args, report),
    ),
    validateResourceOfType(aws.ec2.Instance, (vm, args, report) => checkInstanceType(p, vm.instanceType, args, report)),
  ],
});

export const asgMaxCapacityCap = definePolicy("asg-max-capacity-cap", {
  description:
    "Auto Scaling group maxSize is capped: a runaway scale-out (bad metric, attack, feedback loop) may not buy " +
    "more instances than the environment is allowed to run.",
  validateResource: (p) =>
    validateResourceOfType(aws.autoscaling.Group, (asg, args, report) => {
      const s = p.settings(args);
      if (asg.maxSize > s.maxInstances)
        report(
          p.violation(s, {
            resource: label(args.type, args.name),
            what: "maxSize",
            value: asg.maxSize,
            bound: `≤ ${s.maxInstances} instances`,
            stackKey: stackKey("maxSize"),
            key: ".maxInstances",
          }),
        );
    }),
});

export const COST_POLICIES = [monthlyBudget, allowedInstanceTypes, asgMaxCapacityCap];
