import type { StackConfig } from "../../infra/config";
import { registerProgram } from "../../infra/inProcess";
import { ALL_POLICIES } from "../../policies/all";
import { policyConfigFor } from "../../policies/config";
import { evaluatePolicies } from "../../policies/evaluate";
import { stackResourcesFromRegistered } from "../../policies/lib/registered";
import type { PolicyViolation } from "../runner/ports";

/**
 * The policy pack over the resources the real program registers for a candidate config, in this process (no engine):
 * the embedded runner's preview. Same policies, same per-stack policy config as `pulumi preview --policy-pack`.
 */
export async function checkPoliciesInProcess(stack: string, config: StackConfig): Promise<PolicyViolation[]> {
  const { resources } = await registerProgram(stack, config);
  const findings = await evaluatePolicies(
    ALL_POLICIES,
    stackResourcesFromRegistered(resources, "neuropilot", stack),
    policyConfigFor(config),
  );
  return findings.map((f) => ({
    policyName: f.policyName,
    enforcementLevel: f.enforcementLevel === "mandatory" ? "mandatory" : "advisory",
    message: f.message,
    resourceUrn: f.urn,
  }));
}
