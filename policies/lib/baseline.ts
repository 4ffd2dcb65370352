import { CONFIG_NAMESPACE, defaultStackConfig, parseStackConfig, type StackConfig } from "../../infra/config";
import { policyConfigFor, settingsFrom, type PackConfig } from "../config";

/**
 * The stack config the pack's defaults come from. When the engine starts the pack it passes the stack's config
 * in PULUMI_CONFIG (a JSON object of `namespace:key` → string); its `neuropilot:` keys are parsed with the one
 * typed config module, so even without a policy config file the defaults (bounds, budget, and enforcement:
 * prod → mandatory, dev → advisory) are those of the stack being previewed. Without it: the default stack config.
 * Pure: takes the environment as an argument. Throws ConfigError (naming key and value) on an invalid stack config.
 */
export function baselineStackConfig(env: Readonly<Record<string, string | undefined>>): StackConfig {
  const raw = env.PULUMI_CONFIG;
  if (raw === undefined || raw.trim() === "") return defaultStackConfig();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error("PULUMI_CONFIG (the stack config the engine passed to the policy pack) is not valid JSON");
  }
  if (parsed === null || typeof parsed !== "object") return defaultStackConfig();
  const own = Object.fromEntries(
    Object.entries(parsed as Record<string, unknown>).filter(([k]) => k.startsWith(`${CONFIG_NAMESPACE}:`)),
  );
  if (Object.keys(own).length === 0) return defaultStackConfig();
  return parseStackConfig(own, "the stack config passed to the policy pack (PULUMI_CONFIG)");
}

/** Policy config the pack uses when the engine supplies none, and the same without the enforcement levels. */
export interface Baseline {
  config: PackConfig;
  /** The configSchema defaults of every policy. */
  settings: ReturnType<typeof settingsFrom>;
}

/** The baseline of a given environment (pure). */
export function baselineFor(env: Readonly<Record<string, string | undefined>>): Baseline {
  const config = policyConfigFor(baselineStackConfig(env));
  return { config, settings: settingsFrom(config) };
}

let processBaseline: Baseline | undefined;

/**
 * The baseline of this process (the stack being previewed: PULUMI_CONFIG as the engine started the pack), computed
 * the first time a policy's default level, schema or settings are asked for, not when the module is imported.
 */
export function baseline(): Baseline {
  processBaseline ??= baselineFor(process.env);
  return processBaseline;
}
