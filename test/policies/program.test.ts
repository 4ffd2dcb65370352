import { describe, expect, it } from "vitest";
import { ALL_POLICIES } from "../../policies/all";
import { policyConfigFor } from "../../policies/config";
import { estimateStackMonthlyCost } from "../../infra/cost/model";
import { blocking, evaluatePolicies } from "../../policies/evaluate";
import { stackResourcesFromRegistered } from "../../policies/lib/registered";
import { TYPES } from "../../infra/resources";
import { zonesOfGroup } from "../../policies/sla";
import { registerUnderMocks } from "../support/mockProgram";

/** The resources infra/webTier.ts registers for a stack (under pulumi.runtime.setMocks), as the pack sees them. */
async function programStack(stack: string, overrides: Record<string, unknown> = {}) {
  const { config, resources } = await registerUnderMocks(stack, overrides);
  return { config, resources: stackResourcesFromRegistered(resources, "neuropilot", stack) };
}

describe("the pack over the resources the real program registers", () => {
  it.each(["dev", "prod"])("%s passes every policy with its policy config", async (stack) => {
    const { config, resources } = await programStack(stack);
    expect(resources.length).toBeGreaterThan(25);
    // the harness recovered the dependencies the stack policies rely on
    const asg = resources.find((r) => r.type === TYPES.autoScalingGroup);
    expect(asg && zonesOfGroup(asg)).toEqual(config.availabilityZones);
    const findings = await evaluatePolicies(ALL_POLICIES, resources, policyConfigFor(config));
    expect(findings).toEqual([]);
  });

  it("prod: a too-small hysteresis and an over-budget max size are mandatory violations", async () => {
    const { config, resources } = await programStack("prod", {
      scaleInCpuThreshold: 60,
      maxSize: 20,
      monthlyBudgetUsd: 1000,
    });
    const findings = blocking(await evaluatePolicies(ALL_POLICIES, resources, policyConfigFor(config)));
    expect(findings.map((f) => f.policyName).sort()).toEqual(["monthly-budget", "scaling-hysteresis"]);
    const hysteresis = findings.find((f) => f.policyName === "scaling-hysteresis");
    expect(hysteresis?.message).toContain("np-prod-cpu-low");
    expect(hysteresis?.message).toContain("neuropilot:scaleInCpuThreshold");
  });

  it("dev: the same violations are advisory only", async () => {
    const { config, resources } = await programStack("dev", { scaleInCpuThreshold: 70, monthlyBudgetUsd: 50 });
    const findings = await evaluatePolicies(ALL_POLICIES, resources, policyConfigFor(config));
    expect(findings.map((f) => f.policyName).sort()).toEqual(["monthly-budget", "scaling-hysteresis"]);
    expect(blocking(findings)).toEqual([]);
  });

  it("estimates the program's monthly cost with the one cost model", async () => {
    const prod = estimateStackMonthlyCost((await programStack("prod")).resources);
    // m6i.large 0.096 $/h × 730 h × (3 expected | 10 max) + ALB 0.0225 × 730 + NAT 0.045 × 730
    expect([prod.expectedMonthlyUsd, prod.maxMonthlyUsd]).toEqual([259.52, 750.08]);
    const dev = estimateStackMonthlyCost((await programStack("dev")).resources);
    // t3.small 0.0208 $/h × 730 h × (1 | 4) + ALB, no NAT in dev
    expect([dev.expectedMonthlyUsd, dev.maxMonthlyUsd]).toEqual([31.61, 77.16]);
  });
});
