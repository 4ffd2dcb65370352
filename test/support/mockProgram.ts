import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { parseStackConfig, type StackConfig } from "../../infra/config";
import { createWebTier } from "../../infra/webTier";

export const PROJECT_ROOT = path.resolve(__dirname, "../..");

/** A resource the program registered under Pulumi's mocks. */
export interface RegisteredResource {
  type: string;
  name: string;
  custom: boolean;
  inputs: Record<string, unknown>;
  state: Record<string, unknown>;
  id: string;
}

/** The raw `config:` map of stacks/Pulumi.<stack>.yaml. */
export function readStackFile(stack: string): Record<string, unknown> {
  const file = path.join(PROJECT_ROOT, "stacks", `Pulumi.${stack}.yaml`);
  const doc = parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> };
  return doc.config ?? {};
}

let counter = 0;
function fakeId(type: string): string {
  counter += 1;
  const short = type.split(":").pop()?.toLowerCase() ?? "res";
  return `${short}-${counter.toString(16).padStart(8, "0")}`;
}

/** Outputs AWS computes that the program reads (names, ARNs, DNS names, ARN suffixes). */
function computedState(type: string, name: string, id: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const state: Record<string, unknown> = { ...inputs };
  const physical = typeof inputs.name === "string" ? inputs.name : `${name}-${id.slice(-7)}`;
  state.name = physical;
  state.arn = `arn:aws:mock:us-east-1:123456789012:${type.split(":").pop()}/${physical}`;
  if (type === "aws:lb/loadBalancer:LoadBalancer") {
    state.arnSuffix = `app/${physical}/${id}`;
    state.dnsName = `${physical}.us-east-1.elb.amazonaws.com`;
  }
  if (type === "aws:lb/targetGroup:TargetGroup") state.arnSuffix = `targetgroup/${physical}/${id}`;
  return state;
}

/**
 * Runs the web tier for a stack under `pulumi.runtime.setMocks` and returns every registered resource.
 * `overrides` replace keys of the stack file (un-namespaced or `neuropilot:`-prefixed).
 */
export async function registerUnderMocks(
  stack: string,
  overrides: Record<string, unknown> = {},
): Promise<{ config: StackConfig; resources: RegisteredResource[]; outputs: ReturnType<typeof createWebTier> }> {
  const resources: RegisteredResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const id = fakeId(args.type);
        const state = computedState(args.type, args.name, id, args.inputs as Record<string, unknown>);
        resources.push({ type: args.type, name: args.name, custom: args.custom ?? true, inputs: args.inputs, state, id });
        return { id, state };
      },
      call(args) {
        return args.inputs;
      },
    },
    "neuropilot",
    stack,
    true,
  );
  const config = parseStackConfig({ ...readStackFile(stack), ...overrides }, `stacks/Pulumi.${stack}.yaml`);
  const outputs = createWebTier(`np-${stack}`, config);
  await Promise.all([valueOf(outputs.asgName), valueOf(outputs.albDnsName), valueOf(outputs.alarmNames)]);
  await settle(() => resources.length);
  return { config, resources, outputs };
}

/** The resolved value of an Output (for tests). */
export function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

async function settle(count: () => number): Promise<void> {
  let last = -1;
  for (let stable = 0; stable < 5; ) {
    await new Promise((r) => setTimeout(r, 10));
    const now = count();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
}
