import type {
  EnforcementLevel,
  Policies,
  PolicyResource,
  ResourceValidation,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";
import type { StackResource } from "../infra/resources";

/*
 * In-process evaluation of policies over a list of resources, with the engine's semantics: enforcement level from
 * policy config, else the policy's, else advisory; "disabled" skips; "remediate" reports as mandatory; getConfig
 * returns the policy's config without enforcementLevel; notApplicable ends that policy for that resource.
 * Used by the tests (resources the real program registers under mocks), the benchmark, and anyone who wants to
 * check a candidate stack before handing it to the engine. Not a replacement for `pulumi preview --policy-pack`.
 */

/** One reported violation. */
export interface Finding {
  policyName: string;
  enforcementLevel: EnforcementLevel;
  message: string;
  /** URN of the resource: the validated one, or the one a stack policy named. */
  urn?: string;
}

/** Per-policy config as in a policy pack config file: a level, or an object with an optional level and bounds. */
export type PackConfigInput = Readonly<
  Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>
>;

class NotApplicable extends Error {}

const EMPTY_TAGS: ReadonlyMap<string, string> = new Map();
const DEFAULT_OPTS = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

function pulumiTypeOf(cls: unknown): string | undefined {
  const t = (cls as { __pulumiType?: unknown } | undefined)?.__pulumiType;
  return typeof t === "string" ? t : undefined;
}

function isType(type: string) {
  return (cls: unknown) => pulumiTypeOf(cls) === type;
}

function notApplicable(reason?: string): never {
  throw new NotApplicable(reason);
}

function levelOf(
  policy: { name: string; enforcementLevel?: EnforcementLevel },
  config: PackConfigInput,
): EnforcementLevel {
  const c = config[policy.name];
  const given = typeof c === "string" ? c : c?.enforcementLevel;
  const level = given ?? policy.enforcementLevel ?? "advisory";
  return level === "remediate" ? "mandatory" : level;
}

function configOf(name: string, config: PackConfigInput): object {
  const c = config[name];
  if (c === undefined || typeof c === "string") return {};
  const { enforcementLevel: _level, ...rest } = c;
  return rest;
}

/** The fields the engine gives a resource both in resource and in stack validation. */
function resourceView(r: StackResource) {
  return {
    type: r.type,
    props: r.props,
    urn: r.urn,
    name: r.name,
    opts: DEFAULT_OPTS,
    isType: isType(r.type),
    asType: (cls: unknown) => (isType(r.type)(cls) ? r.props : undefined),
  };
}

/** Resource arguments as the engine builds them for one resource (props are given as-is). */
export function resourceArgs(r: StackResource, getConfig: () => object): ResourceValidationArgs {
  const v = resourceView(r);
  return {
    ...v,
    asType: v.asType as ResourceValidationArgs["asType"],
    stackTags: EMPTY_TAGS,
    getConfig: getConfig as ResourceValidationArgs["getConfig"],
    notApplicable,
  };
}

/** A stack resource seen as the engine's PolicyResource (dependencies as given). */
export function policyResource(r: StackResource): PolicyResource {
  const v = resourceView(r);
  return {
    ...v,
    asType: v.asType as PolicyResource["asType"],
    dependencies: [],
    propertyDependencies: (r.propertyDependencies ?? {}) as Record<string, PolicyResource[]>,
  };
}

/** Stack arguments as the engine builds them. */
export function stackArgs(resources: readonly StackResource[], getConfig: () => object): StackValidationArgs {
  return {
    resources: resources.map(policyResource),
    stackTags: EMPTY_TAGS,
    getConfig: getConfig as StackValidationArgs["getConfig"],
    notApplicable,
  };
}

/** Runs every policy over the resources (resource policies per resource, stack policies once) and collects findings. */
export async function evaluatePolicies(
  policies: Policies,
  resources: readonly StackResource[],
  config: PackConfigInput = {},
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const stack = stackArgs(resources, () => ({}));
  for (const p of policies) {
    const enforcementLevel = levelOf(p, config);
    if (enforcementLevel === "disabled") continue;
    const given = configOf(p.name, config);
    const getConfig = () => given;
    const report = (urn?: string) => (message: string, named?: string) =>
      findings.push({ policyName: p.name, enforcementLevel, message, urn: named ?? urn });
    if ("validateStack" in p) {
      try {
        await p.validateStack({ ...stack, getConfig: getConfig as StackValidationArgs["getConfig"] }, report());
      } catch (e) {
        if (!(e instanceof NotApplicable)) throw e;
      }
      continue;
    }
    if (!p.validateResource) continue;
    const validations: ResourceValidation[] = Array.isArray(p.validateResource)
      ? p.validateResource
      : [p.validateResource];
    for (const r of resources) {
      const args = resourceArgs(r, getConfig);
      for (const v of validations) {
        const only = pulumiTypeOf(v);
        if (only !== undefined && only !== r.type) continue;
        try {
          await v(args, report(r.urn));
        } catch (e) {
          if (!(e instanceof NotApplicable)) throw e;
        }
      }
    }
  }
  return findings;
}

/** The findings that block a preview or update (mandatory). */
export function blocking(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.enforcementLevel === "mandatory");
}
