import { describe, expect, it } from "vitest";
import { allowedInstanceTypes, asgMaxCapacityCap, monthlyBudget, splitInstanceType } from "../../policies/cost";
import { estimateMonthlyCost, estimateStackMonthlyCost } from "../../infra/cost/model";
import { SizingError, stackSizingOf } from "../../infra/cost/stackSizing";
import { TYPES } from "../../infra/resources";
import { alb, asg, expectNames, launchTemplate, res, run } from "./helpers";

const prod = { environment: "prod", enforcementLevel: "mandatory" } as const;
const nat = () => res(TYPES.natGateway, "nat", { allocationId: "eip-1" });

describe("cost model from resources", () => {
  it("agrees with estimateMonthlyCost for a one-group stack", () => {
    const lt = launchTemplate("m6i.large");
    const stack = [asg({ minSize: 2, desiredCapacity: 3, maxSize: 10 }, undefined, lt), lt, alb(), nat()];
    const single = estimateMonthlyCost({
      instanceType: "m6i.large",
      expectedInstances: 3,
      maxInstances: 10,
      loadBalancers: 1,
      natGateways: 1,
    });
    const est = estimateStackMonthlyCost(stack);
    expect(est.expectedMonthlyUsd).toBe(single.expectedMonthlyUsd);
    expect(est.maxMonthlyUsd).toBe(single.maxMonthlyUsd);
    expect(est.breakdown).toEqual(single.breakdown);
    // 0.096 $/h × 730 h × 10 + 0.0225 × 730 + 0.045 × 730
    expect(est.maxMonthlyUsd).toBeCloseTo(700.8 + 16.425 + 32.85, 1);
  });
  it("uses minSize when no desired capacity is set, and counts standalone instances", () => {
    const lt = launchTemplate("t3.small");
    const vm = res(TYPES.instance, "bastion", { instanceType: "t3.micro" });
    const s = stackSizingOf([asg({ desiredCapacity: undefined, minSize: 2, maxSize: 5 }, undefined, lt), lt, vm]);
    expect(s.fleets.map((f) => [f.instanceType, f.expectedInstances, f.maxInstances])).toEqual([
      ["t3.small", 2, 5],
      ["t3.micro", 1, 1],
    ]);
  });
  it("names the group whose instance type cannot be found", () => {
    const group = { ...asg(), propertyDependencies: {} };
    expect(() => stackSizingOf([group])).toThrow(SizingError);
    expect(() => stackSizingOf([group])).toThrow(/"web-asg".*launch template/);
  });
});

describe("monthly-budget (stack)", () => {
  const lt = launchTemplate("m6i.large");
  const stack = () => [asg({ minSize: 2, desiredCapacity: 3, maxSize: 10 }, undefined, lt), lt, alb(), nat()];
  it("passes when the max-capacity estimate fits the budget", async () => {
    expect(await run(monthlyBudget, stack(), { monthlyBudgetUsd: 1200, basis: "max" })).toEqual([]);
  });
  it("fails when it does not, with the breakdown and both keys", async () => {
    const [f] = await run(monthlyBudget, stack(), { ...prod, monthlyBudgetUsd: 500, basis: "max" });
    expectNames(
      f.message,
      "= 750.08",
      "≤ $500.00",
      "instances $700.80",
      "NAT $32.85",
      "expected $259.52",
      "neuropilot:monthlyBudgetUsd",
      "monthly-budget.monthlyBudgetUsd",
    );
  });
  it("checks the expected estimate when basis is expected", async () => {
    expect(await run(monthlyBudget, stack(), { monthlyBudgetUsd: 500, basis: "expected" })).toEqual([]);
  });
  it("fails when the stack cannot be priced", async () => {
    const odd = launchTemplate("x9.mega");
    const [f] = await run(monthlyBudget, [asg({}, undefined, odd), odd], prod);
    expectNames(f.message, "not computable", "x9.mega", "neuropilot:instanceType");
  });
});

describe("allowed-instance-types", () => {
  const cfg = { allowedFamilies: ["m6i", "m5"], allowedSizes: ["large", "xlarge"] };
  it("splits instance types", () => {
    expect(splitInstanceType("m6i.large")).toEqual({ family: "m6i", size: "large" });
  });
  it("passes an allowed, priced type", async () => {
    expect(await run(allowedInstanceTypes, [launchTemplate("m6i.large")], cfg)).toEqual([]);
  });
  it("fails a burstable type in prod, naming family bound and keys", async () => {
    const fs = await run(
      allowedInstanceTypes,
      [launchTemplate("t3.small"), res(TYPES.instance, "vm", { instanceType: "m5.large" })],
      { ...prod, ...cfg },
    );
    expect(fs.map((f) => f.message.includes('"web-lt"'))).toEqual([true, true]);
    expectNames(
      fs[0].message,
      'instanceType = "t3.small"',
      "family in [m6i, m5]",
      "neuropilot:instanceType",
      "allowed-instance-types.allowedFamilies",
    );
    expectNames(fs[1].message, "size in [large, xlarge]", "allowed-instance-types.allowedSizes");
  });
  it("fails an unpriced type even when family and size are allowed", async () => {
    const [f] = await run(allowedInstanceTypes, [launchTemplate("m6i.xlarge")], cfg);
    expectNames(f.message, "m6i.xlarge", "prices.json");
  });
});

describe("asg-max-capacity-cap", () => {
  it("passes under the cap", async () => {
    expect(await run(asgMaxCapacityCap, [asg({ maxSize: 10 })], { maxInstances: 30 })).toEqual([]);
  });
  it("fails over the cap", async () => {
    const [f] = await run(asgMaxCapacityCap, [asg({ maxSize: 40 })], { ...prod, maxInstances: 30 });
    expectNames(f.message, "maxSize = 40", "≤ 30 instances", "neuropilot:maxSize", "asg-max-capacity-cap.maxInstances");
  });
});
