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

/**
 * The fields the engine gives a resource both in resource and in stack validation. `isType` and `asType` are
 * methods (called as `args.isType(cls)`, as validateResourceOfType does), so a view allocates no closures: the
 * arguments of a thousand-resource stack are built once per policy and resource, and that is the hot path.
 */
class ResourceView {
  readonly type: string;
  readonly props: Record<string, unknown>;
  readonly urn: string;
  readonly name: string;
  readonly opts = DEFAULT_OPTS;
  constructor(r: StackResource) {
    this.type = r.type;
    this.props = r.props;
    this.urn = r.urn;
    this.name = r.name;
  }
  isType(cls: unknown): boolean {
    return pulumiTypeOf(cls) === this.type;
  }
  asType(cls: unknown): Record<string, unknown> | undefined {
    return this.isType(cls) ? this.props : undefined;
  }
}

class ResourceArgsView extends ResourceView {
  readonly stackTags = EMPTY_TAGS;
  readonly notApplicable = notApplicable;
  constructor(
    r: StackResource,
    readonly getConfig: () => object,
  ) {
    super(r);
  }
}

class PolicyResourceView extends ResourceView {
  readonly dependencies: PolicyResource[] = [];
  readonly propertyDependencies: Record<string, PolicyResource[]>;
  constructor(r: StackResource) {
    super(r);
    this.propertyDependencies = (r.propertyDependencies ?? {}) as Record<string, PolicyResource[]>;
  }
}

/** Resource arguments as the engine builds them for one resource (props are given as-is). */
export function resourceArgs(r: StackResource, getConfig: () => object): ResourceValidationArgs {
  return new ResourceArgsView(r, getConfig) as unknown as ResourceValidationArgs;
}

/** A stack resource seen as the engine's PolicyResource (dependencies as given). */
export function policyResource(r: StackResource): PolicyResource {
  return new PolicyResourceView(r) as unknown as PolicyResource;
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
    const onlyTypes = validations.map(pulumiTypeOf);
    for (const r of resources) {
      // The arguments are built only for a resource some validation applies to (most are typed, as
      // validateResourceOfType makes them, and skip every resource of another type).
      let args: ResourceValidationArgs | undefined;
      for (let i = 0; i < validations.length; i++) {
        const only = onlyTypes[i];
        if (only !== undefined && only !== r.type) continue;
        args ??= resourceArgs(r, getConfig);
        try {
          await validations[i](args, report(r.urn));
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
