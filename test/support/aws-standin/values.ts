/**
 * Property values as the Pulumi provider protocol hands them to a Node.js provider: plain JSON, except that
 * unknown values (previews) are a sentinel string and secrets are wrapped in a signature object.
 */

/** A JSON-shaped property value as decoded from the gRPC Struct. */
export type PropertyValue = null | boolean | number | string | PropertyValue[] | { [key: string]: PropertyValue };

/** A resource's property bag. */
export type PropertyBag = { [key: string]: PropertyValue };

/** Sentinel the engine uses for values not known yet (see @pulumi/pulumi runtime/rpc `unknownValue`). */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Signature key and value marking a secret (see @pulumi/pulumi runtime/rpc `specialSigKey`, `specialSecretSig`). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** What a secret's plaintext is replaced with in the stand-in's state file. */
export const REDACTED = "[secret redacted by aws stand-in]";

export function isObject(v: PropertyValue | undefined): v is { [key: string]: PropertyValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isUnknown(v: PropertyValue | undefined): boolean {
  return v === UNKNOWN_SENTINEL;
}

export function isSecret(v: PropertyValue | undefined): v is { [key: string]: PropertyValue } {
  return isObject(v) && v[SIG_KEY] === SECRET_SIG;
}

/** The plaintext behind a (possibly secret) value, recursively. */
export function reveal(v: PropertyValue): PropertyValue {
  if (isSecret(v)) return reveal(v.value ?? null);
  if (Array.isArray(v)) return v.map(reveal);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reveal(x)]));
  return v;
}

/** True if the value or anything inside it is unknown. */
export function containsUnknown(v: PropertyValue | undefined): boolean {
  if (v === undefined) return false;
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (isObject(v)) return Object.values(v).some(containsUnknown);
  return false;
}

/** A known, non-empty string (secrets revealed), or undefined. */
export function knownString(v: PropertyValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  const plain = reveal(v);
  return typeof plain === "string" && plain !== "" && plain !== UNKNOWN_SENTINEL ? plain : undefined;
}

/** Structural equality of two property values (object key order ignored). */
export function deepEqual(a: PropertyValue | undefined, b: PropertyValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Replaces every secret's plaintext by a marker, keeping the secret wrapper (for the on-disk state file). */
export function redactSecrets(v: PropertyValue): PropertyValue {
  if (isSecret(v)) return { [SIG_KEY]: SECRET_SIG, value: REDACTED };
  if (Array.isArray(v)) return v.map(redactSecrets);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactSecrets(x)]));
  return v;
}

export function redactBag(bag: PropertyBag): PropertyBag {
  return Object.fromEntries(Object.entries(bag).map(([k, v]) => [k, redactSecrets(v)]));
}

/** Puts back secrets redacted on disk, taking the plaintext from `source` (the engine's copy) where it has one. */
export function restoreSecrets(stored: PropertyValue, source: PropertyValue | undefined): PropertyValue {
  if (isSecret(stored) && stored.value === REDACTED) return isSecret(source) ? source : stored;
  if (Array.isArray(stored)) {
    return stored.map((x, i) => restoreSecrets(x, Array.isArray(source) ? source[i] : undefined));
  }
  if (isObject(stored)) {
    return Object.fromEntries(
      Object.entries(stored).map(([k, x]) => [k, restoreSecrets(x, isObject(source) ? source[k] : undefined)]),
    );
  }
  return stored;
}

/** Drops keys whose value is undefined so the bag is valid JSON and a valid protobuf Struct. */
export function compactBag(bag: { [key: string]: PropertyValue | undefined }): PropertyBag {
  const out: PropertyBag = {};
  for (const [k, v] of Object.entries(bag)) if (v !== undefined) out[k] = v;
  return out;
}
