import * as path from "node:path";
import { writeJsonAtomic } from "../optimizer/core/atomicFile";
import type { StackConfig } from "../infra/config";
import { policyConfigFor } from "./config";

/** Directory of the checked-in policy pack config files (policies/config/<stack>.json). */
export const POLICY_CONFIG_DIR = path.join(__dirname, "config");

/** Path of the checked-in policy pack config of a stack. */
export function policyConfigPath(stack: string): string {
  return path.join(POLICY_CONFIG_DIR, `${stack}.json`);
}

/**
 * Writes the policy pack config of a stack (policyConfigFor) atomically to `file` and returns the path, for
 * `--policy-pack-config <file>` or the Automation API's `policyPackConfigs: [file]`.
 */
export function writePolicyPackConfig(stack: StackConfig, file: string): string {
  writeJsonAtomic(file, policyConfigFor(stack));
  return file;
}
