import { describe, expect, it } from "vitest";
import { ALL_POLICIES } from "../../policies/all";
import { policyConfigFor } from "../../policies/config";
import { blocking, evaluatePolicies } from "../../policies/evaluate";
import { stackResourcesFromRegistered } from "../../policies/lib/registered";
import { TYPES } from "../../infra/resources";
import { registerUnderMocks } from "../support/mockProgram";

/** The target-tracking guardrails over the resources the real program registers in target-tracking mode. */
async function programStack(stack: string, overrides: Record<string, unknown> = {}) {
  const { config, resources } = await registerUnderMocks(stack, { scalingMode: "target-tracking", ...overrides });
  return { config, resources: stackResourcesFromRegistered(resources, "neuropilot", stack) };
}

describe("target-tracking guardrails", () => {
  it.each(["dev", "prod"])("%s in target-tracking mode passes every policy", async (stack) => {
    const { config, resources } = await programStack(stack);
    expect(
      resources.some((r) => r.type === TYPES.scalingPolicy && r.props.policyType === "TargetTrackingScaling"),
    ).toBe(true);
    expect(await evaluatePolicies(ALL_POLICIES, resources, policyConfigFor(config))).toEqual([]);
  });

  it("prod: a target outside the band is a mandatory violation naming neuropilot:targetCpuPercent", async () => {
    const { config, resources } = await programStack("prod", { targetCpuPercent: 93 });
    const findings = blocking(await evaluatePolicies(ALL_POLICIES, resources, policyConfigFor(config)));
    expect(findings.map((f) => f.policyName)).toEqual(["target-tracking-cpu-band"]);
    expect(findings[0].message).toContain("neuropilot:targetCpuPercent");
    expect(findings[0].message).toContain("within [40, 90]");
  });

  it("prod: without the latency guard (the alarm no longer invokes the scale-out policy) it is a violation", async () => {
    const { config, resources } = await programStack("prod");
    const unguarded = resources.map((r) =>
      r.type === TYPES.metricAlarm && r.props.metricName === "TargetResponseTime"
        ? { ...r, propertyDependencies: { ...r.propertyDependencies, alarmActions: [] } }
        : r,
    );
    const findings = blocking(await evaluatePolicies(ALL_POLICIES, unguarded, policyConfigFor(config)));
    expect(findings.map((f) => f.policyName)).toEqual(["target-tracking-latency-guard"]);
    expect(findings[0].message).toContain("neuropilot:scalingMode");
  });

  it("the worst-case cost (group at maxSize) is checked against the budget in target-tracking mode too", async () => {
    const { config, resources } = await programStack("prod", { maxSize: 20, monthlyBudgetUsd: 1000 });
    const findings = blocking(await evaluatePolicies(ALL_POLICIES, resources, policyConfigFor(config)));
    expect(findings.map((f) => f.policyName)).toEqual(["monthly-budget"]);
  });

  it("dev: the same violations are advisory only", async () => {
    const { config, resources } = await programStack("dev", { targetCpuPercent: 93 });
    const findings = await evaluatePolicies(ALL_POLICIES, resources, policyConfigFor(config));
    expect(findings.map((f) => f.policyName)).toEqual(["target-tracking-cpu-band"]);
    expect(blocking(findings)).toEqual([]);
  });
});
