import * as fs from "node:fs";
import { parseStackConfig, type StackConfig } from "../../../infra/config";
import { isStackName, stackFilePath, stackFileValues } from "../../../infra/config/stackFile";

/** Reads and validates stacks/Pulumi.<stack>.yaml; throws naming the file when it is missing or invalid. */
export function loadStackConfig(stacksDir: string, stack: string): StackConfig {
  if (!isStackName(stack)) throw new Error(`--stack "${stack}" must be a stack name (letters, digits, . _ -)`);
  const file = stackFilePath(stacksDir, stack);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT")
      throw new Error(`no stack config ${file}: unknown stack "${stack}"`);
    throw err;
  }
  return parseStackConfig(stackFileValues(text, file), file);
}
