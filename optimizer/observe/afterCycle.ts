import * as fs from "node:fs";
import * as path from "node:path";
import { EXIT } from "../cli/exitCodes";
import { observeRun } from "./index";
import type { Fetch } from "./publish";

/**
 * The `neuropilot cycle` hook: publishes the run's telemetry (docs/observability.md) and returns the exit code to
 * use (a failed destination turns a successful run into EXIT.deliveryFailed, like a failed notification) with
 * one warning line per failed destination. Dry runs and runs on a stack without a stack file publish nothing:
 * they wrote nothing either.
 */
export async function afterCycle(a: {
  stack: string;
  stateDir: string;
  projectRoot: string;
  dryRun: boolean;
  startedAtMs: number;
  exitCode: number;
  outcome: string | null;
  cycleId: string | null;
  error?: string;
  env: Readonly<Record<string, string | undefined>>;
  now?: () => number;
  fetchImpl?: Fetch;
}): Promise<{ exitCode: number; warnings: string[] }> {
  if (a.dryRun || !fs.existsSync(path.join(a.projectRoot, "stacks", `Pulumi.${a.stack}.yaml`)))
    return { exitCode: a.exitCode, warnings: [] };
  let results;
  try {
    results = await observeRun({
      run: {
        stack: a.stack,
        exitCode: a.exitCode,
        outcome: a.outcome,
        cycleId: a.cycleId,
        startedAtMs: a.startedAtMs,
        finishedAtMs: (a.now ?? Date.now)(),
        ...(a.error ? { error: a.error } : {}),
      },
      stateDir: a.stateDir,
      projectRoot: a.projectRoot,
      env: a.env,
      fetchImpl: a.fetchImpl,
    });
  } catch (err) {
    results = [{ channel: "state", ok: false, error: (err as Error).message }];
  }
  const warnings = results.filter((r) => !r.ok).map((r) => `observability: ${r.channel}: ${r.error}`);
  return { exitCode: warnings.length > 0 && a.exitCode === EXIT.ok ? EXIT.deliveryFailed : a.exitCode, warnings };
}
