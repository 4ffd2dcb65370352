/**
 * A local stand-in for the `aws` resource provider, for tests: any `aws:*` resource is "created" as a record in a
 * JSON state file, with AWS-shaped ids, ARNs and auto-names, real-provider replacement rules, and an injectable
 * failure. Served over gRPC by main.ts through `@pulumi/pulumi/provider`; tests may call the methods directly.
 */
import type * as pulumiProvider from "@pulumi/pulumi/provider";
import { computeCreated, computeUpdated } from "./computed";
import { diffProperties, type PropertyDiff } from "./diff";
import { invokeFunction } from "./invokes";
import { parseUrn, resolvePhysicalName, type RandomHex } from "./names";
import { parseTypeToken, typeSpec } from "./resourceTypes";
import { StandinStateStore, type StandinRecord, type StandinStateFile } from "./stateStore";
import {
  deepEqual,
  knownString,
  redactBag,
  restoreSecrets,
  UNKNOWN_SENTINEL,
  type PropertyBag,
  type PropertyValue,
} from "./values";

export const STANDIN_PROVIDER_VERSION = "7.48.0";
export const DEFAULT_REGION = "us-east-1";

export interface StandinOptions {
  /** JSON file holding the stand-in's resources. */
  statePath: string;
  randomHex: RandomHex;
  /** Region until the engine configures one. */
  region?: string;
  /** Comma-separated type tokens or name substrings whose create/update must fail (NEUROPILOT_STANDIN_FAIL_ON). */
  failOn?: string;
  /** Version reported to the engine; 7.48.0 (the @pulumi/aws version) unless told otherwise. */
  version?: string;
}

export interface StandinCheckResult {
  inputs: PropertyBag;
  failures: pulumiProvider.CheckFailure[];
}

export interface StandinProvider extends pulumiProvider.Provider {
  readonly version: string;
  readonly schema: string;
  readonly statePath: string;
  /** Provider configuration from the engine's Configure call (`region` is the one that matters). */
  applyConfig(config: { region?: string }): void;
  region(): string;
  check(urn: string, olds: PropertyBag, news: PropertyBag): Promise<StandinCheckResult>;
  diff(id: string, urn: string, olds: PropertyBag, news: PropertyBag): Promise<PropertyDiff>;
  create(urn: string, inputs: PropertyBag): Promise<{ id: string; outs: PropertyBag }>;
  read(id: string, urn: string, props?: PropertyBag): Promise<{ id: string; props: PropertyBag; inputs?: PropertyBag }>;
  update(id: string, urn: string, olds: PropertyBag, news: PropertyBag): Promise<{ outs: PropertyBag }>;
  /** Planned state of a create during a preview: the inputs, computed properties unknown. No state change. */
  previewCreate(urn: string, inputs: PropertyBag): PropertyBag;
  /** Planned state of an update during a preview: what update would return. No state change, no fail hook. */
  previewUpdate(urn: string, olds: PropertyBag, news: PropertyBag): PropertyBag;
  delete(id: string, urn: string, props: PropertyBag): Promise<void>;
  invoke(token: string, inputs: PropertyBag): Promise<{ outputs: PropertyBag }>;
}

/** The failure the fail hook injects for `operation` on this resource, or undefined. */
export function injectedFailure(
  failOn: string | undefined,
  operation: string,
  urn: string,
  inputs: PropertyBag,
): string | undefined {
  if (failOn === undefined || failOn.trim() === "") return undefined;
  const { type, name } = parseUrn(urn);
  const physical = knownString(inputs[typeSpec(type).nameKey ?? "name"]);
  const hit = failOn
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .find((s) => s === type || name.includes(s) || (physical?.includes(s) ?? false));
  if (hit === undefined) return undefined;
  return `aws stand-in: injected failure (NEUROPILOT_STANDIN_FAIL_ON matched "${hit}") while trying to ${operation} ${type} "${name}"`;
}

/** The stored record for a resource: same type and id, preferring the same URN and then identical outputs. */
function findRecord(state: StandinStateFile, type: string, id: string, urn: string, outputs?: PropertyBag): number {
  const candidates = state.resources
    .map((r, index) => ({ r, index }))
    .filter(({ r }) => r.type === type && r.id === id);
  if (candidates.length <= 1) return candidates[0]?.index ?? -1;
  const sameUrn = candidates.filter(({ r }) => r.urn === urn);
  const pool = sameUrn.length > 0 ? sameUrn : candidates;
  if (outputs !== undefined) {
    const redacted = redactBag(outputs);
    const exact = pool.find(({ r }) => deepEqual(r.outputs, redacted));
    if (exact) return exact.index;
  }
  return pool[0].index;
}

export function createStandinProvider(options: StandinOptions): StandinProvider {
  const store = new StandinStateStore(options.statePath);
  const version = options.version ?? STANDIN_PROVIDER_VERSION;
  let region = options.region ?? DEFAULT_REGION;

  const failIfAsked = (operation: string, urn: string, inputs: PropertyBag): void => {
    const message = injectedFailure(options.failOn, operation, urn, inputs);
    if (message !== undefined) throw new Error(message);
  };

  return {
    version,
    schema: JSON.stringify({ name: "aws", version }),
    statePath: options.statePath,

    applyConfig(config) {
      if (config.region !== undefined && config.region !== "") region = config.region;
    },

    region: () => region,

    async check(urn, olds, news) {
      const { type, name } = parseUrn(urn);
      parseTypeToken(type);
      const spec = typeSpec(type);
      const inputs: PropertyBag = { ...news };
      const failures: pulumiProvider.CheckFailure[] = [];
      if (spec.nameKey !== undefined) {
        const physical = resolvePhysicalName(spec, name, olds ?? {}, news, options.randomHex);
        if (physical !== undefined) inputs[spec.nameKey] = physical;
        const known = knownString(physical);
        if (known !== undefined && spec.nameMaxLength !== undefined && known.length > spec.nameMaxLength) {
          failures.push({
            property: spec.nameKey,
            reason: `"${known}" is longer than ${spec.nameMaxLength} characters`,
          });
        }
      }
      return { inputs, failures };
    },

    async diff(_id, urn, olds, news) {
      return diffProperties(parseUrn(urn).type, olds, news);
    },

    async create(urn, inputs) {
      const { type } = parseUrn(urn);
      failIfAsked("create", urn, inputs);
      const created = computeCreated(type, inputs, { region, randomHex: options.randomHex });
      const record: StandinRecord = {
        urn,
        type,
        id: created.id,
        inputs: redactBag(inputs),
        outputs: redactBag(created.outs),
      };
      await store.mutate((state) => {
        state.resources.push(record);
      });
      return created;
    },

    async read(id, urn, props) {
      const { type } = parseUrn(urn);
      const state = await store.read();
      const index = findRecord(state, type, id, urn, props);
      if (index < 0) return { id: "", props: {} };
      const record = state.resources[index];
      const outputs = restoreSecrets(record.outputs, props) as PropertyBag;
      return { id: record.id, props: outputs, inputs: restoreSecrets(record.inputs, props) as PropertyBag };
    },

    async update(id, urn, olds, news) {
      const { type } = parseUrn(urn);
      failIfAsked("update", urn, news);
      const outs = computeUpdated(type, news, olds);
      await store.mutate((state) => {
        const index = findRecord(state, type, id, urn, olds);
        if (index < 0) {
          throw new Error(
            `aws stand-in: cannot update ${type} ${id}: it is not in ${options.statePath} (deleted outside Pulumi?)`,
          );
        }
        state.resources[index] = { urn, type, id, inputs: redactBag(news), outputs: redactBag(outs) };
      });
      return { outs };
    },

    previewCreate(urn, inputs) {
      const { type } = parseUrn(urn);
      parseTypeToken(type);
      const planned: PropertyBag = { ...inputs };
      for (const key of typeSpec(type).computedKeys) {
        if (planned[key] === undefined) planned[key] = UNKNOWN_SENTINEL;
      }
      return planned;
    },

    previewUpdate(urn, olds, news) {
      return computeUpdated(parseUrn(urn).type, news, olds);
    },

    async delete(id, urn, props) {
      const { type } = parseUrn(urn);
      await store.mutate((state) => {
        const index = findRecord(state, type, id, urn, props);
        if (index >= 0) state.resources.splice(index, 1);
      });
    },

    async invoke(token, inputs) {
      return { outputs: invokeFunction(token, inputs, region) };
    },
  };
}

export type { PropertyBag, PropertyValue };
