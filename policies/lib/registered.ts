import type { StackResource } from "../../infra/resources";

/** A resource as a program registered it (e.g. under `pulumi.runtime.setMocks`): inputs, resulting state, id. */
export interface RegisteredResource {
  type: string;
  name: string;
  id: string;
  state: Record<string, unknown>;
  custom?: boolean;
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value !== null && typeof value === "object") for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** Values other resources use to refer to a resource: its id, ARN, ARN suffix and physical name. */
function referenceValues(r: RegisteredResource): string[] {
  const refs = [r.id];
  for (const k of ["arn", "arnSuffix", "name"]) {
    const v = r.state[k];
    if (typeof v === "string" && v.length > 0) refs.push(v);
  }
  return refs;
}

/**
 * Stack resources (props = state) with the property dependencies the engine would record, recovered from the
 * values: a property depends on every custom resource whose id, ARN, ARN suffix or name appears in it. Exact for
 * programs whose references are all resource outputs (as under mocks, where every id and name is unique).
 */
export function stackResourcesFromRegistered(
  registered: readonly RegisteredResource[],
  project: string,
  stack: string,
): StackResource[] {
  const out: StackResource[] = registered.map((r) => ({
    type: r.type,
    name: r.name,
    urn: `urn:pulumi:${stack}::${project}::${r.type}::${r.name}`,
    props: r.state,
    propertyDependencies: {},
  }));
  const byRef = new Map<string, StackResource>();
  registered.forEach((r, i) => {
    if (r.custom === false) return;
    for (const ref of referenceValues(r)) byRef.set(ref, out[i]);
  });
  out.forEach((res) => {
    const deps: Record<string, StackResource[]> = {};
    for (const [key, value] of Object.entries(res.props)) {
      const found = new Set<StackResource>();
      for (const s of strings(value)) {
        const d = byRef.get(s);
        if (d && d !== res) found.add(d);
      }
      if (found.size > 0) deps[key] = [...found];
    }
    res.propertyDependencies = deps;
  });
  return out;
}
