import { dependenciesOf, label, ofType, tryRead, TYPES, type StackResource } from "../resources";

/** One fleet of identical instances: an Auto Scaling group, or a standalone instance (expected = max = 1). */
export interface FleetSizing {
  /** `<type> "<name>"` of the resource the fleet comes from. */
  resource: string;
  instanceType: string;
  expectedInstances: number;
  maxInstances: number;
}

/** What the cost model needs to know about a stack. */
export interface StackSizing {
  fleets: FleetSizing[];
  loadBalancers: number;
  natGateways: number;
}

/** A stack whose cost cannot be estimated; names the resource and what is missing. */
export class SizingError extends Error {
  constructor(
    readonly resource: string,
    detail: string,
  ) {
    super(`${resource}: ${detail}`);
    this.name = "SizingError";
  }
}

function instanceTypeOf(r: StackResource | undefined): string | undefined {
  if (!r) return undefined;
  const t = tryRead(() => r.props.instanceType);
  return typeof t === "string" ? t : undefined;
}

/** The launch template of a group: its `launchTemplate` dependency, else the stack's only launch template. */
function launchTemplateOf(asg: StackResource, templates: readonly StackResource[]): StackResource | undefined {
  const dep = dependenciesOf(asg, "launchTemplate", TYPES.launchTemplate)[0];
  if (dep) return dep;
  return templates.length === 1 ? templates[0] : undefined;
}

function count(asg: StackResource, field: string): number | undefined {
  const v = tryRead(() => asg.props[field]);
  return typeof v === "number" ? v : undefined;
}

/**
 * The sizing of a stack from its resources (as a stack policy receives them, or as the program registers them):
 * each Auto Scaling group with the instance type of its launch template, expected = desired capacity (else
 * minSize), max = maxSize; standalone instances; application load balancers; NAT gateways.
 * Throws SizingError when a group's instance type or capacity cannot be determined.
 */
export function stackSizingOf(resources: readonly StackResource[]): StackSizing {
  const templates = ofType(resources, TYPES.launchTemplate);
  const fleets: FleetSizing[] = [];
  for (const asg of ofType(resources, TYPES.autoScalingGroup)) {
    const name = label(asg.type, asg.name);
    const instanceType = instanceTypeOf(launchTemplateOf(asg, templates));
    if (instanceType === undefined)
      throw new SizingError(name, "no instance type: the group's launch template (or its instanceType) was not found");
    const max = count(asg, "maxSize");
    if (max === undefined) throw new SizingError(name, "maxSize is not known");
    const expected = count(asg, "desiredCapacity") ?? count(asg, "minSize") ?? max;
    fleets.push({ resource: name, instanceType, expectedInstances: expected, maxInstances: max });
  }
  for (const vm of ofType(resources, TYPES.instance)) {
    const instanceType = instanceTypeOf(vm);
    const name = label(vm.type, vm.name);
    if (instanceType === undefined) throw new SizingError(name, "instanceType is not known");
    fleets.push({ resource: name, instanceType, expectedInstances: 1, maxInstances: 1 });
  }
  return {
    fleets,
    loadBalancers: ofType(resources, TYPES.loadBalancer, TYPES.albLoadBalancer).length,
    natGateways: ofType(resources, TYPES.natGateway).length,
  };
}
