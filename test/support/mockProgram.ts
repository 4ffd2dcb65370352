import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { parseStackConfig, type StackConfig } from "../../infra/config";
import { registerProgram, valueOf, type RegisteredResource } from "../../infra/inProcess";
import type { WebTierOutputs } from "../../infra/webTier";

export const PROJECT_ROOT = path.resolve(__dirname, "../..");
export { valueOf, type RegisteredResource };

/** The raw `config:` map of stacks/Pulumi.<stack>.yaml. */
export function readStackFile(stack: string): Record<string, unknown> {
  const file = path.join(PROJECT_ROOT, "stacks", `Pulumi.${stack}.yaml`);
  const doc = parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> };
  return doc.config ?? {};
}

/**
 * Runs the web tier for a stack under `pulumi.runtime.setMocks` and returns every registered resource.
 * `overrides` replace keys of the stack file (un-namespaced or `neuropilot:`-prefixed).
 */
export async function registerUnderMocks(
  stack: string,
  overrides: Record<string, unknown> = {},
): Promise<{ config: StackConfig; resources: RegisteredResource[]; outputs: WebTierOutputs }> {
  const config = parseStackConfig({ ...readStackFile(stack), ...overrides }, `stacks/Pulumi.${stack}.yaml`);
  const { resources, outputs } = await registerProgram(stack, config);
  return { config, resources, outputs };
}
