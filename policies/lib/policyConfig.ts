import type { EnforcementLevel, PolicyConfigSchema } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { z } from "zod";
import { baseline } from "./baseline";
import { POLICY_SETTINGS, type PolicyName, type PolicySettings } from "../settings";

/** Default enforcement level of a policy: that of the stack's environment (prod → mandatory, dev → advisory). */
export function defaultLevelOf(name: PolicyName): EnforcementLevel {
  return baseline().config[name].enforcementLevel;
}

/**
 * The engine-facing config schema of a policy: JSON schema of its bounds (from the zod settings), each with the
 * default of the stack being previewed (see baseline.ts), so `pulumi preview --policy-pack policies` without a config file works.
 */
export function configSchemaOf(name: PolicyName): PolicyConfigSchema {
  const json = z.toJSONSchema(POLICY_SETTINGS[name], { io: "input" }) as {
    properties?: Record<string, PolicyConfigJSONSchema>;
  };
  const defaults = baseline().settings[name] as Record<string, unknown>;
  const properties: Record<string, PolicyConfigJSONSchema> = {};
  for (const [key, schema] of Object.entries(json.properties ?? {})) {
    properties[key] = { ...schema, default: defaults[key] as PolicyConfigJSONSchema["default"] };
  }
  return { properties };
}

/**
 * A policy's bounds for this evaluation: its defaults overlaid with the given policy config, validated.
 * Throws naming the policy config key when a value is out of range (the engine validates too; direct callers
 * such as tests and the optimizer's pre-check do not go through the engine).
 */
export function settingsOf<K extends PolicyName>(name: K, given: object): PolicySettings<K> {
  const r = POLICY_SETTINGS[name].safeParse({ ...baseline().settings[name], ...given });
  if (!r.success)
    throw new Error(
      `invalid policy config: ${r.error.issues.map((i) => `${name}.${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return r.data as PolicySettings<K>;
}
