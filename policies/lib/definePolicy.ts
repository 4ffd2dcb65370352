import type {
  EnforcementLevel,
  PolicyConfigSchema,
  ResourceValidation,
  ResourceValidationPolicy,
  StackValidation,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyName, PolicySettings } from "../settings";
import { configSchemaOf, defaultLevelOf, settingsOf } from "./policyConfig";
import { violationMessage, type ViolationFacts } from "./violation";

/*
 * One declaration per policy: its kebab-case name (a key of POLICY_SETTINGS, which holds its config schema), the
 * description that says why, and its checks. The enforcement level and the engine-facing config schema follow from
 * the name and are computed when first asked for (the defaults of the stack being previewed), not at import.
 */

/** What a policy's checks get from definePolicy: its settings and violation messages that name its config keys. */
export interface PolicyKit<K extends PolicyName> {
  readonly name: K;
  /** The policy's bounds for this evaluation: the previewed stack's defaults overlaid with the given policy config. */
  settings(args: { getConfig(): object }): PolicySettings<K>;
  /**
   * A one-line violation message in the settings' environment; `key` follows the policy name in the policy config
   * key it names (`".minInstances"` → `asg-min-capacity.minInstances`; none → the policy name alone).
   */
  violation(s: PolicySettings<K>, facts: Omit<ViolationFacts, "environment" | "policyKey"> & { key?: string }): string;
}

interface Spec {
  /** Why the rule exists, in one or two sentences (shown by the engine with each violation and in docs/policies.md). */
  description: string;
}

export interface ResourcePolicySpec<K extends PolicyName> extends Spec {
  validateResource: (kit: PolicyKit<K>) => ResourceValidation | ResourceValidation[];
}

export interface StackPolicySpec<K extends PolicyName> extends Spec {
  validateStack: (kit: PolicyKit<K>) => StackValidation;
}

function kitOf<K extends PolicyName>(name: K): PolicyKit<K> {
  return {
    name,
    settings: (args) => settingsOf(name, args.getConfig()),
    violation: (s, { key, ...facts }) =>
      violationMessage({ ...facts, environment: s.environment, policyKey: `${name}${key ?? ""}` }),
  };
}

/** The parts every policy shares: name, description, and the lazily computed level and schema. */
function common<K extends PolicyName>(name: K, description: string) {
  let schema: PolicyConfigSchema | undefined;
  return {
    name,
    description,
    get enforcementLevel(): EnforcementLevel {
      return defaultLevelOf(name);
    },
    get configSchema(): PolicyConfigSchema {
      schema ??= configSchemaOf(name);
      return schema;
    },
  };
}

/** A resource policy (checks each resource) or a stack policy (checks the stack once), declared once. */
export function definePolicy<K extends PolicyName>(name: K, spec: ResourcePolicySpec<K>): ResourceValidationPolicy;
export function definePolicy<K extends PolicyName>(name: K, spec: StackPolicySpec<K>): StackValidationPolicy;
export function definePolicy<K extends PolicyName>(
  name: K,
  spec: ResourcePolicySpec<K> | StackPolicySpec<K>,
): ResourceValidationPolicy | StackValidationPolicy {
  const kit = kitOf(name);
  const policy = common(name, spec.description);
  if ("validateStack" in spec) return Object.assign(policy, { validateStack: spec.validateStack(kit) });
  return Object.assign(policy, { validateResource: spec.validateResource(kit) });
}
