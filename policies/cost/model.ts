import prices from "./prices.json";

/**
 * The one cost model of NeuroPilot: used by the cost policy, the learner's reward, the digital twin and the
 * daily report's projection. Prices: policies/cost/prices.json (on-demand, us-east-1, with sources and date).
 */

export const PRICE_TABLE = prices;
export const HOURS_PER_MONTH: number = prices.hours_per_month;

/** Hourly on-demand price of an instance type; throws naming the type when no price is known. */
export function instanceHourlyUsd(instanceType: string): number {
  const p = (prices.ec2 as Record<string, number>)[instanceType];
  if (p === undefined)
    throw new Error(
      `no price for instance type "${instanceType}" in policies/cost/prices.json (known: ${Object.keys(prices.ec2).join(", ")})`,
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
