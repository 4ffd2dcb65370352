import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { parseStackConfig, type StackConfig } from "../../../infra/config";

/** Reads and validates stacks/Pulumi.<stack>.yaml; throws naming the file when it is missing or invalid. */
export function loadStackConfig(stacksDir: string, stack: string): StackConfig {
  if (!/^[A-Za-z0-9._-]+$/.test(stack))
    throw new Error(`--stack "${stack}" must be a stack name (letters, digits, . _ -)`);
  const file = path.join(stacksDir, `Pulumi.${stack}.yaml`);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT")
      throw new Error(`no stack config ${file}: unknown stack "${stack}"`);
    throw err;
  }
  let doc: { config?: Record<string, unknown> };
  try {
    doc = (parse(text) ?? {}) as { config?: Record<string, unknown> };
  } catch (err) {
    throw new Error(`${file}: not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  if (doc.config !== undefined && (typeof doc.config !== "object" || doc.config === null))
    throw new Error(`${file}: "config" must be a mapping of keys to values`);
  return parseStackConfig(doc.config ?? {}, file);
}
