import type { Environment } from "../settings";

/** Everything a violation message must name so an operator can fix it without reading the policy code. */
export interface ViolationFacts {
  /** `<type> "<name>"` of the offending resource, or "stack" for stack-wide findings. */
  resource: string;
  /** What was measured, e.g. `minSize` or `estimated monthly cost at max capacity`. */
  what: string;
  /** The offending value as found (number, string, list). */
  value: unknown;
  /** The bound it breaks, e.g. `≥ 2 instances`. */
  bound: string;
  environment: Environment;
  /** Stack config key that sets the value (e.g. `neuropilot:minSize`), when the value comes from stack config. */
  stackKey?: string;
  /** File to edit when the value is not in stack config. */
  source?: string;
  /** Policy config key holding the bound, e.g. `asg-min-capacity.minInstances`. */
  policyKey: string;
}

function show(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "(not set)";
  return JSON.stringify(value);
}

/** One-line violation message: resource, value, bound, environment, the stack key and the policy config key. */
export function violationMessage(f: ViolationFacts): string {
  const change = f.stackKey
    ? `change ${f.stackKey} in stacks/Pulumi.<stack>.yaml`
    : `change ${f.source ?? "the program"}`;
  return (
    `${f.resource}: ${f.what} = ${show(f.value)} violates the ${f.environment} bound ${f.bound}. ` +
    `To fix, ${change}, or the bound in policy config ${f.policyKey}.`
  );
}
