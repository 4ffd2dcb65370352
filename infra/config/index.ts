import { z } from "zod";
import {
  CONFIG_NAMESPACE,
  WEB_TIER_KEYS,
  keySchema,
  stackKey,
  type KeySpec,
  type NumberKeySpec,
  type WebTierKey,
} from "./keys";
import { scheduleIssues, type CapacitySchedule } from "./schedule";
import {
  SECTIONS,
  type DetectionConfig,
  type ForecastConfig,
  type LearningConfig,
  type MetricsConfig,
} from "./sections";

export * from "./changes";
export * from "./keys";
export * from "./schedule";
export * from "./sections";

type SpecValue<S> = S extends { kind: "number" }
  ? number
  : S extends { kind: "boolean" }
    ? boolean
    : S extends { kind: "string[]" }
      ? string[]
      : string;

/** Validated web-tier settings: one field per key of WEB_TIER_KEYS. */
export type WebTierConfig = { -readonly [K in WebTierKey]: SpecValue<(typeof WEB_TIER_KEYS)[K]> } & {
  environment: "dev" | "prod";
  predictiveScaling: "off" | "forecast-only" | "forecast-and-scale";
  scalingMode: ScalingMode;
};

/** The scaling controllers a stack can run (`neuropilot:scalingMode`). */
export type ScalingMode = "step" | "target-tracking";

/** The whole validated stack configuration. */
export interface StackConfig extends WebTierConfig {
  metrics: MetricsConfig;
  detection: DetectionConfig;
  learning: LearningConfig;
  forecast: ForecastConfig;
  capacitySchedule: CapacitySchedule;
}

/** One problem found in a stack's configuration. */
export interface ConfigIssue {
  /** Full stack key, e.g. `neuropilot:scaleInCpuThreshold`. */
  key: string;
  /** The offending value as given (secrets are never parsed here). */
  value: unknown;
  message: string;
}

/** Invalid stack configuration; the message lists every problem with key, value and allowed range. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(
      `invalid configuration in ${source}:\n` +
        issues.map((i) => `  - ${i.key} = ${JSON.stringify(i.value)}: ${i.message}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

const WEB_TIER_NAMES = Object.keys(WEB_TIER_KEYS) as WebTierKey[];
const SECTION_NAMES = Object.keys(SECTIONS) as (keyof typeof SECTIONS)[];

/** Strips the `neuropilot:` namespace; keys of other namespaces (aws:region, …) are ignored. */
function ownKeys(raw: Readonly<Record<string, unknown>>): Map<string, unknown> {
  const own = new Map<string, unknown>();
  for (const [k, v] of Object.entries(raw)) {
    if (k.startsWith(`${CONFIG_NAMESPACE}:`)) own.set(k.slice(CONFIG_NAMESPACE.length + 1), v);
    else if (!k.includes(":")) own.set(k, v);
  }
  return own;
}

function parseSectionValue(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

/**
 * Validates raw stack config (keys with or without the `neuropilot:` prefix; values as strings, as
 * `pulumi.Config` gives them, or as YAML/JSON values) and returns typed settings with defaults applied.
 * Throws ConfigError naming every bad key, its value and the allowed range; unknown keys are errors too.
 */
export function parseStackConfig(raw: Readonly<Record<string, unknown>>, source = "stack config"): StackConfig {
  const own = ownKeys(raw);
  const issues: ConfigIssue[] = [];
  const out: Record<string, unknown> = {};

  for (const [k, v] of own) {
    if (!(k in WEB_TIER_KEYS) && !(k in SECTIONS)) {
      issues.push({ key: stackKey(k), value: v, message: "unknown key (see docs/configuration.md for the keys)" });
    }
  }
  for (const name of WEB_TIER_NAMES) {
    const spec: KeySpec = WEB_TIER_KEYS[name];
    const given = own.get(name);
    if (given === undefined) {
      out[name] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
      continue;
    }
    const r = keySchema(spec).safeParse(given);
    if (r.success) out[name] = r.data;
    else issues.push({ key: stackKey(name), value: given, message: r.error.issues.map((i) => i.message).join("; ") });
  }
  for (const name of SECTION_NAMES) {
    const given = own.get(name);
    let value: unknown;
    try {
      value = given === undefined ? {} : parseSectionValue(given);
    } catch {
      issues.push({ key: stackKey(name), value: given, message: "must be a YAML/JSON object" });
      continue;
    }
    const r = (SECTIONS[name] as z.ZodType).safeParse(value);
    if (r.success) out[name] = r.data;
    else
      for (const i of r.error.issues)
        issues.push({
          key: [stackKey(name), ...i.path.map(String)].join("."),
          value: pick(value, i.path),
          message: i.message,
        });
  }
  if (issues.length === 0) issues.push(...crossFieldIssues(out as unknown as StackConfig));
  if (issues.length > 0) throw new ConfigError(source, issues);
  return out as unknown as StackConfig;
}

function pick(value: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = value;
  for (const p of path)
    cur = cur !== null && typeof cur === "object" ? (cur as Record<PropertyKey, unknown>)[p] : undefined;
  return cur;
}

/** Rules that relate several keys; each names the key to change. */
export function crossFieldIssues(c: StackConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (key: string, value: unknown, message: string) => issues.push({ key: stackKey(key), value, message });
  if (c.scaleInCpuThreshold >= c.scaleOutCpuThreshold)
    add(
      "scaleInCpuThreshold",
      c.scaleInCpuThreshold,
      `must be below neuropilot:scaleOutCpuThreshold (${c.scaleOutCpuThreshold}); allowed range 0–${c.scaleOutCpuThreshold - 1}`,
    );
  if (c.minSize > c.maxSize)
    add("minSize", c.minSize, `must be ≤ neuropilot:maxSize (${c.maxSize}); allowed range 0–${c.maxSize}`);
  if (c.desiredCapacity < c.minSize || c.desiredCapacity > c.maxSize)
    add("desiredCapacity", c.desiredCapacity, `must lie within [minSize, maxSize] = [${c.minSize}, ${c.maxSize}]`);
  if (c.datapointsToAlarm > c.evaluationPeriods)
    add(
      "datapointsToAlarm",
      c.datapointsToAlarm,
      `must be ≤ neuropilot:evaluationPeriods (${c.evaluationPeriods}); allowed range 1–${c.evaluationPeriods}`,
    );
  if (![10, 30].includes(c.alarmPeriodSeconds) && c.alarmPeriodSeconds % 60 !== 0)
    add("alarmPeriodSeconds", c.alarmPeriodSeconds, "must be 10, 30 or a multiple of 60 (CloudWatch periods)");
  if (c.alarmPeriodSeconds * c.evaluationPeriods > 86_400)
    add(
      "evaluationPeriods",
      c.evaluationPeriods,
      "alarmPeriodSeconds × evaluationPeriods must not exceed 86400 s (one day)",
    );
  const region = c.region;
  const foreign = c.availabilityZones.filter((z) => !z.startsWith(region));
  if (foreign.length > 0)
    add(
      "availabilityZones",
      c.availabilityZones,
      `zones ${foreign.join(", ")} are not in neuropilot:region (${region})`,
    );
  for (const message of scheduleIssues(c.capacitySchedule, {
    minSize: c.minSize,
    maxSize: c.maxSize,
    maxActionsPerDay: c.forecast.maxActionsPerDay,
  }))
    add("capacitySchedule", c.capacitySchedule.ranges, message);
  const [outLo, outHi] = c.learning.scaleOutBand;
  const [inLo, inHi] = c.learning.scaleInBand;
  if (outLo > outHi) add("learning.scaleOutBand", c.learning.scaleOutBand, "lower bound must not exceed upper bound");
  if (inLo > inHi) add("learning.scaleInBand", c.learning.scaleInBand, "lower bound must not exceed upper bound");
  const [tLo, tHi] = c.learning.targetCpuBand;
  if (tLo > tHi) add("learning.targetCpuBand", c.learning.targetCpuBand, "lower bound must not exceed upper bound");
  return issues;
}

/** Numeric hard bounds of a key (for the policy pack defaults and the learner). */
export function boundsOf(key: WebTierKey): NumberKeySpec["bounds"] {
  const spec: KeySpec = WEB_TIER_KEYS[key];
  if (spec.kind !== "number") throw new Error(`${stackKey(key)} is not numeric`);
  return spec.bounds;
}

/** Defaults of every key: what an empty stack file means. */
export function defaultStackConfig(): StackConfig {
  return parseStackConfig({}, "defaults");
}

/** The scaling thresholds a config sets (the one "thresholds from config" helper). */
export function thresholdsOf(
  c: Pick<StackConfig, "scaleOutCpuThreshold" | "scaleInCpuThreshold">,
): Pick<StackConfig, "scaleOutCpuThreshold" | "scaleInCpuThreshold"> {
  return { scaleOutCpuThreshold: c.scaleOutCpuThreshold, scaleInCpuThreshold: c.scaleInCpuThreshold };
}
