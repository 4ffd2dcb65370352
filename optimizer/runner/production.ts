import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError } from "../../infra/config";
import { readStackFile } from "../../infra/config/stackFile";
import { policyConfigFor } from "../../policies/config";
import { EXIT, type ExitCode } from "../cli/exitCodes";
import { UsageError } from "../cli/usageError";
import { MissingSecretError, PulumiTarget, StackMissingError } from "../deploy/pulumiTarget";
import { reconcileBeforeCycle } from "../deploy/reconcile";
import { createLogger, type Logger } from "../log/logger";
import { readNotifySettings } from "../notify/env";
import { SlackCycleNotifier } from "../notify/cycleNotifier";
import type { CycleOutcome } from "../state/decisionLog";
import { FileStateStore } from "../state/fileStateStore";
import { STATE_FILES, stackStateDir } from "../state/layout";
import { PrometheusSource } from "./adapters/prometheusSource";
import { cycleIdOf, runCycle } from "./cycle";
import type { CycleResult } from "./cycleTypes";
import { acquireRunnerLock, RunnerLockedError } from "./lock";
import { StackLockedError } from "./portErrors";
import type { Clock } from "./ports";

/*
 * The production composition root (`neuropilot cycle`):
 *   metrics source     → Prometheus HTTP API (PrometheusSource)
 *   deployment target  → Pulumi Automation API on this project, policy pack on preview and up (PulumiTarget)
 *   notifier           → Slack webhook / Notion (SlackCycleNotifier)
 *   state store        → files under --state-dir (FileStateStore)
 *   clock              → the system clock
 */

/** Exit code of a cycle outcome (docs/guide.md lists them). */
export function exitCodeOf(outcome: CycleOutcome, deliveriesOk: boolean): ExitCode {
  if (outcome === "refused") return EXIT.refused;
  if (outcome === "rolled-back") return EXIT.rolledBack;
  return deliveriesOk ? EXIT.ok : EXIT.deliveryFailed;
}

export interface CycleCommandOptions {
  stack: string;
  projectRoot: string;
  stateDir: string;
  dryRun: boolean;
  logFile?: string;
  pretty?: boolean;
  env: Readonly<Record<string, string | undefined>>;
  clock?: Clock;
  /** Extra environment for the Pulumi CLI (tests: PULUMI_HOME, backend). */
  pulumiEnv?: Record<string, string>;
  afterConfigWritten?: () => Promise<void>;
  log?: Logger;
  /** Create the Pulumi stack when the backend lacks it (`--create-stack`); by default a missing stack is exit 2. */
  createStack?: boolean;
}

/**
 * `neuropilot cycle` in production: takes the runner lock, fills the ports, runs one cycle. Exits cleanly when
 * another run holds the lock or the stack is locked, and with the usage code on invalid stack config.
 */
export async function runCycleCommand(o: CycleCommandOptions): Promise<{ exitCode: ExitCode; result?: CycleResult }> {
  const log = o.log ?? createLogger({ file: o.logFile, pretty: o.pretty });
  const store = new FileStateStore(stackStateDir(o.stateDir, o.stack));
  // arguments first: nothing (not even the runner lock) is written for an unknown stack
  const stackFile = path.join(o.projectRoot, "stacks", `Pulumi.${o.stack}.yaml`);
  if (!fs.existsSync(stackFile)) throw new UsageError(`--stack ${o.stack}: no stack file ${stackFile}`);
  let release: (() => Promise<void>) | undefined;
  try {
    release = await acquireRunnerLock(store.dir);
  } catch (err) {
    if (err instanceof RunnerLockedError) {
      log.warn({ step: "lock" }, err.message);
      return { exitCode: EXIT.locked };
    }
    throw err;
  }
  try {
    const probe = new PulumiTarget({ projectRoot: o.projectRoot, stack: o.stack, env: o.pulumiEnv });
    const config = readConfigFile(probe.stackFile());
    // the cycle's id is fixed by the clock's first reading; every up of this run names it in its message
    const clock = o.clock ?? { now: () => new Date() };
    const startedAt = clock.now();
    let reads = 0;
    const cycleClock = { now: () => (reads++ === 0 ? startedAt : clock.now()) };
    const updateMessage = `neuropilot cycle ${cycleIdOf(o.stack, startedAt)}`;
    const target = new PulumiTarget({
      projectRoot: o.projectRoot,
      stack: o.stack,
      env: o.pulumiEnv,
      backendUrl: o.env.PULUMI_BACKEND_URL ?? o.pulumiEnv?.PULUMI_BACKEND_URL,
      createStack: o.createStack,
      updateMessage,
      policyPackDir: path.join(o.projectRoot, "policies"),
      policyConfig: policyConfigFor(config),
    });
    if (!fs.existsSync(path.join(store.dir, STATE_FILES.pending))) {
      const file = {
        scaleOutCpuThreshold: config.scaleOutCpuThreshold,
        scaleInCpuThreshold: config.scaleInCpuThreshold,
      };
      const d = await reconcileBeforeCycle(target, file, {
        dryRun: o.dryRun,
        message: updateMessage,
        warn: (m) => log.warn({ step: "drift", stack: o.stack }, m),
        info: (m) => log.info({ step: "drift", stack: o.stack }, m),
      });
      if (d.failed) {
        log.error({ step: "drift", stack: o.stack }, d.failed);
        return { exitCode: EXIT.rolledBack };
      }
    }
    const result = await runCycle(
      {
        stack: o.stack,
        store,
        metrics: new PrometheusSource(config.metrics, o.stack, o.env),
        target,
        notifier: new SlackCycleNotifier(readNotifySettings(o.env)),
        clock: cycleClock,
        log,
      },
      { dryRun: o.dryRun, afterConfigWritten: o.afterConfigWritten },
    );
    return {
      exitCode: exitCodeOf(
        result.outcome,
        result.deliveries.every((d) => d.ok),
      ),
      result,
    };
  } catch (err) {
    if (err instanceof StackLockedError) {
      log.warn({ step: "lock" }, err.message);
      return { exitCode: EXIT.locked };
    }
    if (err instanceof StackMissingError || err instanceof MissingSecretError) {
      // a backend without the stack, or a missing secret: bad input (exit 2), nothing was changed
      log.error({ step: "pulumi" }, err.message);
      return { exitCode: EXIT.usage };
    }
    if (err instanceof ConfigError) {
      // invalid stack config is a usage error (exit 2, as documented), not a crash
      log.error({ step: "config" }, err.message);
      return { exitCode: EXIT.usage };
    }
    throw err;
  } finally {
    await release?.();
  }
}

/** The stack config; a file that is not YAML is a config error naming the file (exit 2), like an invalid key. */
function readConfigFile(file: string): ReturnType<typeof readStackFile> {
  try {
    return readStackFile(file);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new UsageError((err as Error).message);
  }
}
