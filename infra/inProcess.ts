import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./config";
import { createWebTier, type WebTierOutputs } from "./webTier";

/*
 * Registers the real web-tier program in this process under `pulumi.runtime.setMocks`, without an engine or a
 * cloud: every resource with its inputs and a plausible state (ids, names, ARNs, ARN suffixes, DNS names). Used by
 * the unit tests, the policy tests and the embedded runner's preview (the policy pack over the candidate stack).
 */

/** A resource the program registered. */
export interface RegisteredResource {
  type: string;
  name: string;
  custom: boolean;
  inputs: Record<string, unknown>;
  state: Record<string, unknown>;
  id: string;
}

function fakeId(type: string, n: number): string {
  const short = type.split(":").pop()?.toLowerCase() ?? "res";
  return `${short}-${n.toString(16).padStart(8, "0")}`;
}

/** Outputs AWS computes that the program reads (names, ARNs, DNS names, ARN suffixes). */
function computedState(
  type: string,
  name: string,
  id: string,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
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

/** The resolved value of an Output. */
export function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

async function settle(count: () => number): Promise<void> {
  let last = -1;
  for (let stable = 0; stable < 5;) {
    await new Promise((r) => setTimeout(r, 10));
    const now = count();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
}

/** Registers the web tier for `stack` with validated config and returns every resource it registered. */
export async function registerProgram(
  stack: string,
  config: StackConfig,
): Promise<{ resources: RegisteredResource[]; outputs: WebTierOutputs }> {
  const resources: RegisteredResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const id = fakeId(args.type, resources.length + 1);
        const state = computedState(args.type, args.name, id, args.inputs as Record<string, unknown>);
        resources.push({
          type: args.type,
          name: args.name,
          custom: args.custom ?? true,
          inputs: args.inputs,
          state,
          id,
        });
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
  const outputs = createWebTier(`np-${stack}`, config);
  await Promise.all([valueOf(outputs.asgName), valueOf(outputs.albDnsName), valueOf(outputs.alarmNames)]);
  await settle(() => resources.length);
  return { resources, outputs };
}
