import * as fs from "node:fs";
import * as path from "node:path";
import type { StackConfig } from "../infra/config";
import { readStackFile, stackFilePath } from "../infra/config/stackFile";

/** Project root (the directory holding Pulumi.yaml and stacks/). */
export const PROJECT_ROOT = path.resolve(__dirname, "..");

/** Names of the stacks with a stacks/Pulumi.<stack>.yaml file, sorted. */
export function stackNames(root: string = PROJECT_ROOT): string[] {
  return fs
    .readdirSync(path.join(root, "stacks"))
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/** The validated config of a stack, read from stacks/Pulumi.<stack>.yaml (errors name the file and key). */
export function readStackConfig(stack: string, root: string = PROJECT_ROOT): StackConfig {
  const file = stackFilePath(path.join(root, "stacks"), stack);
  return readStackFile(file, path.relative(root, file));
}
