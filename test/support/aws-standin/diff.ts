import { typeSpec } from "./resourceTypes";
import { deepEqual, reveal, type PropertyBag, type PropertyValue } from "./values";

export interface PropertyDiff {
  /** True when any input differs (an unknown new value counts as a change). */
  changes: boolean;
  /** Top-level properties that differ, sorted. */
  diffs: string[];
  /** The subset of `diffs` that forces a replacement for this type. */
  replaces: string[];
}

function same(a: PropertyValue | undefined, b: PropertyValue | undefined): boolean {
  if (a === undefined || a === null || b === undefined || b === null) {
    return (a === undefined || a === null) && (b === undefined || b === null);
  }
  return deepEqual(reveal(a), reveal(b));
}

/**
 * Compares a resource's current state (old outputs, which hold the old inputs plus computed properties) with its
 * new checked inputs. Computed properties the new inputs do not set are not changes. Secretness alone is not a change.
 */
export function diffProperties(type: string, oldOutputs: PropertyBag, news: PropertyBag): PropertyDiff {
  const spec = typeSpec(type);
  const keys = new Set<string>(Object.keys(news));
  for (const key of Object.keys(oldOutputs)) {
    if (!spec.computedKeys.includes(key)) keys.add(key);
  }
  const diffs = [...keys].filter((key) => !same(oldOutputs[key], news[key])).sort();
  const replaces = diffs.filter((key) => spec.replaceKeys.includes(key));
  return { changes: diffs.length > 0, diffs, replaces };
}
