import { readFileSync, readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { defaultStackConfig, parseStackConfig, type StackConfig } from "../../infra/config";
import { isStackName, stackFilePath, stackFileValues } from "../../infra/config/stackFile";
import { csvToRps } from "./csvTrace";
import { defaultPeakRps } from "./params";
import { parseBuiltinName, type TraceSpec } from "./traces";

/*
 * File adapters of the simulator: the stack config (stacks/Pulumi.<stack>.yaml) and CSV traces.
 * Everything else in optimizer/sim is pure.
 */

/** Repository root (this file is optimizer/sim/loadInputs.ts). */
export const REPO_ROOT = resolve(__dirname, "..", "..");

/** The typed config of a stack, or the defaults when no stack is named. Errors name the file and key. */
export function loadStackConfig(stack: string | undefined, root = REPO_ROOT): StackConfig {
  if (stack === undefined) return defaultStackConfig();
  if (!isStackName(stack)) throw new Error(`--stack: "${stack}" is not a stack name`);
  const path = stackFilePath(join(root, "stacks"), stack);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new Error(`--stack ${stack}: cannot read ${path}`);
  }
  return parseStackConfig(stackFileValues(text, path, { requireConfig: true }), path);
}

/** `builtin:NAME` or a path to a NAB-format CSV file. */
export function loadTrace(arg: string, seed: number, peakRps: number | undefined, config: StackConfig): TraceSpec {
  const peak = peakRps ?? defaultPeakRps(config);
  if (!(peak > 0)) throw new Error(`--peak-rps must be > 0, got ${peak}`);
  if (arg.startsWith("builtin:"))
    return { kind: "builtin", name: parseBuiltinName(arg.slice("builtin:".length)), seed, peakRps: peak };
  let text: string;
  try {
    text = readFileSync(arg, "utf8");
  } catch {
    throw new Error(`--trace: cannot read file "${arg}" (use builtin:NAME or a timestamp,value CSV)`);
  }
  return { kind: "series", name: basename(arg), rps: csvToRps(text, arg, peak) };
}

/** Every `*.csv` file of a directory, sorted by name. */
export function csvFilesIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new Error(`--traces: cannot read directory "${dir}"`);
  }
  const csv = names.filter((n) => n.toLowerCase().endsWith(".csv")).sort();
  if (csv.length === 0) throw new Error(`--traces: no .csv file in "${dir}"`);
  return csv.map((n) => join(dir, n));
}
