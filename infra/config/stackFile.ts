import * as fs from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { parseStackConfig, type StackConfig } from "./index";
import { stackKey } from "./keys";

/*
 * The one home of stack-file reading: stacks/Pulumi.<stack>.yaml (a Pulumi stack settings file) → its `config:`
 * values → the typed, validated StackConfig. Infra, the policy pack, the optimizer and the report read it through
 * here; errors name the file (and the key, via parseStackConfig).
 */

const STACK_NAME = /^[A-Za-z0-9._-]+$/;

/** Whether `stack` is a plain stack name (letters, digits, . _ -), safe to put into a file name. */
export function isStackName(stack: string): boolean {
  return STACK_NAME.test(stack);
}

/** stacks/Pulumi.<stack>.yaml under `stacksDir`. */
export function stackFilePath(stacksDir: string, stack: string): string {
  return path.join(stacksDir, `Pulumi.${stack}.yaml`);
}

/**
 * The `config:` values of a stack file's text (`neuropilot:key` → value); YAML errors name the file. A file without
 * a `config:` mapping has no values, or is an error with `requireConfig`.
 */
export function stackFileValues(
  text: string,
  file: string,
  opts: { requireConfig?: boolean } = {},
): Record<string, unknown> {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
  const js: unknown = doc.toJS();
  const missing = () => {
    if (opts.requireConfig) throw new Error(`${file}: no "config:" mapping`);
    return {};
  };
  if (js === null || js === undefined) return missing();
  if (typeof js !== "object" || Array.isArray(js)) throw new Error(`${file}: not a mapping of settings`);
  const config = (js as { config?: unknown }).config;
  if (config === undefined || config === null) return missing();
  if (typeof config !== "object" || Array.isArray(config))
    throw new Error(`${file}: "config" must be a mapping of keys to values`);
  return config as Record<string, unknown>;
}

/** Reads a stack file's `config:` values; a missing file throws ENOENT as fs does. */
export function readStackFileValues(file: string): Record<string, unknown> {
  return stackFileValues(fs.readFileSync(file, "utf8"), file);
}

/** Reads and validates a stack file; `label` names it in errors (default: the path). */
export function readStackFile(file: string, label: string = file): StackConfig {
  return parseStackConfig(readStackFileValues(file), label);
}

/** The stack file's text with `neuropilot:<key>` set to each value, everything else (comments, order) kept. */
export function withStackValues(text: string, values: Readonly<Record<string, unknown>>): string {
  const doc = parseDocument(text);
  for (const [key, value] of Object.entries(values)) doc.setIn(["config", stackKey(key)], value);
  return doc.toString();
}
