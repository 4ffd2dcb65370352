import * as fs from "node:fs";
import * as path from "node:path";
import { InvalidArgumentError } from "commander";
import { loadStackConfig } from "../report/io/loadStackConfig";
import { BUILTIN_TRACES } from "../sim/traces";
import { usageError } from "./errors";

/*
 * Argument checks shared by the commands, run before a command deletes or writes anything. Parsers throw
 * commander's InvalidArgumentError (commander names the flag; exit 2); the others throw a usage CommandError.
 */

/** An integer ≥ min (`--days`, `--seed`). */
export const intArg =
  (min: number) =>
  (v: string): number => {
    const n = Number(v);
    if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
    return n;
  };

/** A finite number > 0 (`--peak-rps`). */
export function positiveArg(v: string): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a number > 0");
  return n;
}

/** The stack file stacks/Pulumi.<stack>.yaml exists and is valid, and the trace is a built-in name or a file. */
export function validateStackAndTrace(projectRoot: string, stack: string, trace: string): void {
  try {
    loadStackConfig(path.join(projectRoot, "stacks"), stack);
  } catch (err) {
    throw usageError(`--stack ${stack}: ${(err as Error).message.split("\n").join("; ")}`);
  }
  if (trace.startsWith("builtin:")) {
    const name = trace.slice("builtin:".length);
    if (!(BUILTIN_TRACES as readonly string[]).includes(name))
      throw usageError(`--trace ${trace}: unknown built-in trace (one of ${BUILTIN_TRACES.join(", ")})`);
  } else if (!fs.existsSync(path.resolve(projectRoot, trace)))
    throw usageError(`--trace ${trace}: no such file ${path.resolve(projectRoot, trace)}`);
}
