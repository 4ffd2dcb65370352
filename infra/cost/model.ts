import type { StackResource } from "../resources";
import prices from "./prices.json";
import { stackSizingOf, type StackSizing } from "./stackSizing";

/**
 * The one cost model of NeuroPilot: used by the cost policy, the learner's reward, the digital twin and the
 * daily report's projection. Prices: infra/cost/prices.json (on-demand, us-east-1, with sources and date).
 */

export const PRICE_TABLE = prices;
export const HOURS_PER_MONTH: number = prices.hours_per_month;

/** Hourly on-demand price of an instance type; throws naming the type when no price is known. */
export function instanceHourlyUsd(instanceType: string): number {
  const p = (prices.ec2 as Record<string, number>)[instanceType];
  if (p === undefined)
    throw new Error(
      `no price for instance type "${instanceType}" in infra/cost/prices.json (known: ${Object.keys(prices.ec2).join(", ")})`,
    );
  return p;
}

/** Cost in USD of a number of instance-minutes of one type. */
export function instanceMinutesUsd(instanceType: string, instanceMinutes: number): number {
  return (instanceHourlyUsd(instanceType) * instanceMinutes) / 60;
}

/** Hourly cost of what does not scale with load: the load balancer and, when used, one NAT gateway. */
export function fixedHourlyUsd(useNatGateway: boolean): number {
  return prices.elb.application_load_balancer_hour + (useNatGateway ? prices.nat_gateway.hour : 0);
}

export interface CostInputs {
  instanceType: string;
  /** Average instances expected to run (e.g. desired capacity, or a measured mean). */
  expectedInstances: number;
  /** Maximum capacity of the Auto Scaling group. */
  maxInstances: number;
  loadBalancers: number;
  natGateways: number;
  hoursPerMonth?: number;
}

export interface CostEstimate {
  /** Monthly USD with `expectedInstances` running all month. */
  expectedMonthlyUsd: number;
  /** Monthly USD with the group at max capacity all month (the worst case the budget must allow for). */
  maxMonthlyUsd: number;
  breakdown: { instancesExpected: number; instancesMax: number; loadBalancers: number; natGateways: number };
  hoursPerMonth: number;
}

/** Monthly cost estimate of a stack from its sizing (hourly charges only; LCU and data charges excluded). */
export function estimateMonthlyCost(inp: CostInputs): CostEstimate {
  const hours = inp.hoursPerMonth ?? HOURS_PER_MONTH;
  const perInstance = instanceHourlyUsd(inp.instanceType) * hours;
  const lb = inp.loadBalancers * prices.elb.application_load_balancer_hour * hours;
  const nat = inp.natGateways * prices.nat_gateway.hour * hours;
  const instancesExpected = perInstance * inp.expectedInstances;
  const instancesMax = perInstance * inp.maxInstances;
  return {
    expectedMonthlyUsd: round2(instancesExpected + lb + nat),
    maxMonthlyUsd: round2(instancesMax + lb + nat),
    breakdown: {
      instancesExpected: round2(instancesExpected),
      instancesMax: round2(instancesMax),
      loadBalancers: round2(lb),
      natGateways: round2(nat),
    },
    hoursPerMonth: hours,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Monthly cost of a stack made of several fleets (each with its own instance type) plus its fixed resources. */
export interface StackCostEstimate extends CostEstimate {
  /** Per fleet, monthly USD at expected and at max capacity. */
  fleets: { resource: string; instanceType: string; expectedMonthlyUsd: number; maxMonthlyUsd: number }[];
}

/**
 * Monthly cost estimate of a stack's sizing (see stackSizingOf): every fleet at its expected and at its max
 * capacity, load balancers and NAT gateways, hourly charges only. Throws naming the type when a price is missing.
 */
export function estimateSizingMonthlyCost(
  sizing: StackSizing,
  hoursPerMonth: number = HOURS_PER_MONTH,
): StackCostEstimate {
  const loadBalancers = sizing.loadBalancers * prices.elb.application_load_balancer_hour * hoursPerMonth;
  const natGateways = sizing.natGateways * prices.nat_gateway.hour * hoursPerMonth;
  const fleets = sizing.fleets.map((f) => {
    const perInstance = instanceHourlyUsd(f.instanceType) * hoursPerMonth;
    return {
      resource: f.resource,
      instanceType: f.instanceType,
      expectedMonthlyUsd: perInstance * f.expectedInstances,
      maxMonthlyUsd: perInstance * f.maxInstances,
    };
  });
  const instancesExpected = fleets.reduce((a, f) => a + f.expectedMonthlyUsd, 0);
  const instancesMax = fleets.reduce((a, f) => a + f.maxMonthlyUsd, 0);
  const fixedUsd = loadBalancers + natGateways;
  return {
    expectedMonthlyUsd: round2(instancesExpected + fixedUsd),
    maxMonthlyUsd: round2(instancesMax + fixedUsd),
    breakdown: {
      instancesExpected: round2(instancesExpected),
      instancesMax: round2(instancesMax),
      loadBalancers: round2(loadBalancers),
      natGateways: round2(natGateways),
    },
    hoursPerMonth,
    fleets: fleets.map((f) => ({
      ...f,
      expectedMonthlyUsd: round2(f.expectedMonthlyUsd),
      maxMonthlyUsd: round2(f.maxMonthlyUsd),
    })),
  };
}

/**
 * Monthly cost estimate of a stack from its resources: what the `monthly-budget` policy checks, and what the
 * optimizer and the daily report use for a registered program. Throws SizingError when the stack cannot be sized.
 */
export function estimateStackMonthlyCost(
  resources: readonly StackResource[],
  hoursPerMonth?: number,
): StackCostEstimate {
  return estimateSizingMonthlyCost(stackSizingOf(resources), hoursPerMonth);
}
