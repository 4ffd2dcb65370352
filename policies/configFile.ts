import * as path from "node:path";

/** Directory of the checked-in policy pack config files (policies/config/<stack>.json). */
export const POLICY_CONFIG_DIR = path.join(__dirname, "config");

/**
 * Path of the checked-in policy pack config of a stack (`policyConfigFor` of its stack file, written by
 * `npx tsx scripts/gen-policy-config.ts`), for `--policy-pack-config <file>` or the Automation API's
 * `policyPackConfigs: [file]`.
 */
export function policyConfigPath(stack: string): string {
  return path.join(POLICY_CONFIG_DIR, `${stack}.json`);
}
