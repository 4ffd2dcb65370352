import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError, parseStackConfig } from "../../infra/config";
import { policyConfigFor } from "../../policies/config";
import { EXIT, type ExitCode } from "../cli/exitCodes";
import { MissingSecretError, StackLockedError, StackMissingError, PulumiTarget } from "../deploy/pulumiTarget";
import { reconcileBeforeCycle } from "../deploy/reconcile";
import { checkPoliciesInProcess } from "../deploy/inProcessPolicyCheck";
import { trainAndSave } from "../detect";
import { createLogger, type Logger } from "../log/logger";
import { loadHistory } from "../metrics/historyFile";
import { readNotifySettings } from "../notify/env";
import { ConsoleNotifier, SlackCycleNotifier } from "../notify/cycleNotifier";
import { runReport } from "../report/app/runReport";
import { parseBuiltinName, type TraceSpec } from "../sim/traces";
import { csvToRps } from "../sim/csvTrace";
import { defaultPeakRps } from "../sim/params";
import { PrometheusSource } from "./adapters/prometheusSource";
import { TwinDeploymentTarget, TwinMetricsSource, TwinWorld } from "./adapters/twinWorld";
import { cycleIdOf, runCycle, type CycleOutcome, type CycleResult } from "./cycle";
import { acquireRunnerLock, RunnerLockedError } from "./lock";
import type { Clock } from "./ports";
import { StateStore } from "./stateStore";

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
 * `neuropilot cycle` in production: Prometheus → the cycle → Pulumi Automation API (stack config, preview and up with
 * the policy pack) → Slack. Takes the runner lock; exits cleanly when another run holds it or the stack is locked.
 */
export async function runCycleCommand(o: CycleCommandOptions): Promise<{ exitCode: ExitCode; result?: CycleResult }> {
  const log = o.log ?? createLogger({ file: o.logFile, pretty: o.pretty });
  const store = new StateStore(path.join(o.stateDir, o.stack));
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
    const stackFile = path.join(o.projectRoot, "stacks", `Pulumi.${o.stack}.yaml`);
    if (!fs.existsSync(stackFile)) throw new Error(`no stack file ${stackFile} (stack "${o.stack}")`);
    const probe = new PulumiTarget({ projectRoot: o.projectRoot, stack: o.stack, env: o.pulumiEnv });
    const config = parseStackConfig(await readYamlConfig(probe.stackFile()), probe.stackFile());
    const target = new PulumiTarget({
      projectRoot: o.projectRoot,
      stack: o.stack,
      env: o.pulumiEnv,
      backendUrl: o.env.PULUMI_BACKEND_URL ?? o.pulumiEnv?.PULUMI_BACKEND_URL,
      createStack: o.createStack,
      policyPackDir: path.join(o.projectRoot, "policies"),
      policyConfig: policyConfigFor(config),
    });
    const clock = o.clock ?? { now: () => new Date() };
    const startedAt = clock.now();
    let reads = 0;
    const cycleClock = { now: () => (reads++ === 0 ? startedAt : clock.now()) };
    const upMessage = `neuropilot cycle ${cycleIdOf(o.stack, startedAt)}`; // every up of this run names the cycle
    if (!fs.existsSync(store.file("pending-change.json"))) {
      const file = {
        scaleOutCpuThreshold: config.scaleOutCpuThreshold,
        scaleInCpuThreshold: config.scaleInCpuThreshold,
      };
      const d = await reconcileBeforeCycle(target, file, {
        dryRun: o.dryRun,
        message: upMessage,
        warn: (m) => log.warn({ step: "drift", stack: o.stack }, m),
        info: (m) => log.info({ step: "drift", stack: o.stack }, m),
      });
      if (d.failed) {
        log.error({ step: "drift", stack: o.stack }, d.failed);
        return { exitCode: EXIT.rolledBack };
      }
    }
    const notifier = new SlackCycleNotifier(readNotifySettings(o.env));
    const result = await runCycle(
      {
        stack: o.stack,
        store,
        metrics: new PrometheusSource(config.metrics, o.stack, o.env),
        target: adaptPulumi(target, upMessage),
        notifier,
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

async function readYamlConfig(file: string): Promise<Record<string, unknown>> {
  const { parse } = await import("yaml");
  const doc = parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
  return doc?.config ?? {};
}

/** The Pulumi target seen through the DeploymentTarget port (config read from the stack file). */
function adaptPulumi(t: PulumiTarget, upMessage: string) {
  return {
    name: t.name,
    readConfig: () => readYamlConfig(t.stackFile()),
    readThresholds: async () => {
      const c = parseStackConfig(await readYamlConfig(t.stackFile()), t.stackFile());
      return { scaleOutCpuThreshold: c.scaleOutCpuThreshold, scaleInCpuThreshold: c.scaleInCpuThreshold };
    },
    snapshot: () => t.snapshot(),
    restore: (s: { content: string }) => t.restore(s),
    writeThresholds: (th: { scaleOutCpuThreshold: number; scaleInCpuThreshold: number }) => t.writeThresholds(th),
    preview: () => t.preview(),
    up: async () => {
      const c = parseStackConfig(await readYamlConfig(t.stackFile()), t.stackFile());
      return t.up({ message: `${upMessage}: apply ${c.scaleOutCpuThreshold}%/${c.scaleInCpuThreshold}%` });
    },
  };
}

export interface DemoOptions {
  stack: string;
  days: number;
  trace: string;
  peakRps?: number;
  seed: number;
  dir: string;
  projectRoot: string;
  pretty?: boolean;
  /** Where human-readable progress lines go. */
  print: (line: string) => void;
  log?: Logger;
}

/** Monday 2026-11-02 00:00 UTC: the embedded run's simulated start (traces start on a Monday). */
export const DEMO_START_MS = Date.UTC(2026, 10, 2);

/**
 * The main job on embedded defaults: the same cycle, with the digital twin as metrics source and deployment target,
 * the policy pack checked in-process on every preview, state in files; `days` simulated days, then the daily report.
 */
export async function runDemo(
  o: DemoOptions,
): Promise<{ exitCode: ExitCode; outcomes: Record<string, number>; reportFiles: string[] }> {
  const stateRoot = path.join(o.dir, "state");
  const stacksDir = path.join(o.dir, "stacks");
  fs.rmSync(o.dir, { recursive: true, force: true });
  fs.mkdirSync(stacksDir, { recursive: true });
  const stackFile = path.join(stacksDir, `Pulumi.${o.stack}.yaml`);
  fs.copyFileSync(path.join(o.projectRoot, "stacks", `Pulumi.${o.stack}.yaml`), stackFile);
  const store = new StateStore(path.join(stateRoot, o.stack));
  const world = new TwinWorld(store, stackFile);
  const config = world.config();
  let simNow = DEMO_START_MS;
  const clock: Clock = { now: () => new Date(simNow) };
  const log =
    o.log ??
    createLogger({ file: path.join(o.dir, "cycle.log.jsonl"), pretty: o.pretty ?? false, destination: devNull() });
  world.init(
    traceSpec(o.trace, o.seed, o.peakRps ?? defaultPeakRps(config), o.projectRoot),
    DEMO_START_MS,
    clock.now(),
  );
  const deps = {
    stack: o.stack,
    store,
    metrics: new TwinMetricsSource(world, clock.now),
    target: new TwinDeploymentTarget(world, (c) => checkPoliciesInProcess(o.stack, c), clock.now),
    notifier: new ConsoleNotifier(() => undefined),
    clock,
    log,
  };
  const cycleMs = config.learning.cycleHours * 3_600_000;
  const cycles = Math.round((o.days * 86_400_000) / cycleMs);
  const outcomes: Record<string, number> = {};
  o.print(
    `NeuroPilot embedded run: stack ${o.stack}, trace ${o.trace}, ${o.days} simulated days, a cycle every ${config.learning.cycleHours} h (${cycles} cycles)`,
  );
  o.print(
    `metrics source and deployment target: the digital twin; state: ${path.relative(process.cwd(), stateRoot) || stateRoot}`,
  );
  for (let i = 1; i <= cycles; i++) {
    simNow = DEMO_START_MS + i * cycleMs;
    const r = await runCycle(deps);
    outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    const e = r.entry;
    const day = ((simNow - DEMO_START_MS) / 86_400_000).toFixed(2);
    if (e) {
      const obs = e.learner?.observation;
      const metrics = obs
        ? `SLA ${obs.slaPercent.toFixed(2)}% cost $${obs.costUsd.toFixed(2)} peak CPU ${obs.peakCpuPercent.toFixed(0)}%`
        : "";
      o.print(`day ${day.padStart(5)}  ${r.outcome.padEnd(11)} ${fmt(e.from)} → ${fmt(e.to)}  ${metrics}  ${e.reason}`);
    }
    // daily training at the first cycle after 03:00
    const hour = new Date(simNow).getUTCHours();
    if (hour >= 3 && hour < 3 + config.learning.cycleHours) {
      const history = await loadHistory(store.file("metrics-history.json"));
      if (history) {
        const t = trainAndSave(store.file("model.json"), history.signals.cpu, {
          config: config.detection,
          signal: "cpu",
        });
        o.print(
          `day ${day.padStart(5)}  train       anomaly model: ${t.status}${t.loss !== null ? `, loss ${t.loss.toFixed(4)}${t.converged ? " (converged)" : ""}` : ""}, ${t.samples} samples`,
        );
      }
    }
  }
  const reportDate = new Date(simNow - 86_400_000).toISOString().slice(0, 10);
  const report = await runReport(
    {
      stack: o.stack,
      date: reportDate,
      stateDir: stateRoot,
      outDir: path.join(o.dir, "reports"),
      stacksDir,
      notify: false,
    },
    {
      env: {},
      nowMs: () => simNow,
      log: { info: () => undefined, warn: () => undefined, error: (m) => o.print(`report error: ${m}`) },
    },
  );
  const files = report.files ? [report.files.json, report.files.markdown, report.files.svg] : [];
  o.print(
    `outcomes: ${Object.entries(outcomes)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  if (report.report)
    o.print(
      `daily report ${reportDate}: health ${report.report.health.score ?? "n/a"}/100; files: ${files.map((f) => path.relative(process.cwd(), f)).join(", ")}`,
    );
  return { exitCode: report.exitCode, outcomes, reportFiles: files };
}

function fmt(t: { scaleOutCpuThreshold: number; scaleInCpuThreshold: number }): string {
  return `${t.scaleOutCpuThreshold}/${t.scaleInCpuThreshold}`;
}

function devNull(): NodeJS.WritableStream {
  return fs.createWriteStream("/dev/null");
}

/** `builtin:NAME` or a NAB-format CSV file. */
export function traceSpec(trace: string, seed: number, peakRps: number, root: string): TraceSpec {
  if (trace.startsWith("builtin:"))
    return { kind: "builtin", name: parseBuiltinName(trace.slice("builtin:".length)), seed, peakRps };
  const file = path.resolve(root, trace);
  return { kind: "series", name: path.basename(file), rps: csvToRps(fs.readFileSync(file, "utf8"), file, peakRps) };
}
