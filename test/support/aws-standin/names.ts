import type { TypeSpec } from "./resourceTypes";
import { knownString, type PropertyBag, type PropertyValue } from "./values";

/** Returns `chars` lowercase hex digits; injected so tests can make ids and names reproducible. */
export type RandomHex = (chars: number) => string;

/** Type and logical name of a resource URN (`urn:pulumi:<stack>::<project>::<parent$type>::<name>`). */
export function parseUrn(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  if (!urn.startsWith("urn:pulumi:") || parts.length < 4) {
    throw new Error(`aws stand-in: malformed resource URN "${urn}"`);
  }
  const qualifiedType = parts[2];
  return { type: qualifiedType.slice(qualifiedType.lastIndexOf("$") + 1), name: parts.slice(3).join("::") };
}

/** Pulumi auto-name: `<logical name>-<7 hex>`, the logical part shortened to fit the type's length limit. */
export function autoName(logicalName: string, maxLength: number, randomHex: RandomHex): string {
  const suffix = randomHex(7);
  return `${logicalName.slice(0, Math.max(1, maxLength - suffix.length - 1))}-${suffix}`;
}

/**
 * The physical name to use for a resource being checked: the explicit name, a name from `namePrefix`, the name
 * already given on an earlier deployment (old inputs), or a fresh auto-name. Undefined if the type has no name or
 * the name is not known yet (preview with an unknown input).
 */
export function resolvePhysicalName(
  spec: TypeSpec,
  logicalName: string,
  olds: PropertyBag,
  news: PropertyBag,
  randomHex: RandomHex,
): PropertyValue | undefined {
  if (spec.nameKey === undefined) return undefined;
  const maxLength = spec.nameMaxLength ?? 255;
  const given = news[spec.nameKey];
  if (given !== undefined && given !== null) return given;
  const prefix = news.namePrefix;
  if (prefix !== undefined && prefix !== null) {
    const known = knownString(prefix);
    if (known === undefined) return undefined;
    const previous = knownString(olds[spec.nameKey]);
    if (previous?.startsWith(known) && olds.namePrefix === prefix) return previous;
    return `${known}${randomHex(Math.max(1, Math.min(26, maxLength - known.length)))}`;
  }
  const previous = knownString(olds[spec.nameKey]);
  if (previous !== undefined && olds.namePrefix === undefined) return previous;
  return autoName(logicalName, maxLength, randomHex);
}
