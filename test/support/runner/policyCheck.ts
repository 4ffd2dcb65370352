import type { StackConfig } from "../../../infra/config";
import { registerProgram } from "../../../infra/inProcess";
import type { PolicyViolation } from "../../../optimizer/runner/ports";
import type { PolicyCheck } from "../../../optimizer/runner/adapters/twinWorld";
import { ALL_POLICIES } from "../../../policies/all";
import { policyConfigFor, type PackConfig } from "../../../policies/config";
import { evaluatePolicies } from "../../../policies/evaluate";
import { stackResourcesFromRegistered } from "../../../policies/lib/registered";

/**
 * The real policy pack over the real program's resources (as checkPoliciesInProcess), with a policy pack config
 * that a platform team made stricter than the stack's own (e.g. a larger scaling-hysteresis gap): the learner,
 * which follows the stack config, can then propose a move the pack refuses.
 */
export function stricterPolicyCheck(stack: string, tighten: (c: PackConfig) => PackConfig): PolicyCheck {
  return async (config: StackConfig): Promise<PolicyViolation[]> => {
    const { resources } = await registerProgram(stack, config);
    const findings = await evaluatePolicies(
      ALL_POLICIES,
      stackResourcesFromRegistered(resources, "neuropilot", stack),
      tighten(policyConfigFor(config)),
    );
    return findings.map((f) => ({
      policyName: f.policyName,
      enforcementLevel: f.enforcementLevel === "mandatory" ? "mandatory" : "advisory",
      message: f.message,
      resourceUrn: f.urn,
    }));
  };
}
